package clientos

import (
	"strings"
)

// parseBrand reads brand.md: forbidden phrases, substitutions, CTAs and AI tells in front matter; voice, ICP,
// services and sample posts as ## sections of the body.
func parseBrand(r *report, content string) Brand {
	var b Brand
	fm, body := parseFrontMatter(r, content, "forbidden", "substitutions", "ctas", "ai_tells")
	forbidden, forbiddenErr := stringList(fm.get("forbidden"))
	if forbiddenErr != nil {
		r.errorf("forbidden %v", forbiddenErr)
	}
	b.Forbidden = forbidden
	var err error
	if b.Substitutions, err = pairs(fm.get("substitutions")); err != nil {
		r.errorf("substitutions %v", err)
	}
	if b.CTAs, err = stringList(fm.get("ctas")); err != nil {
		r.errorf("ctas %v", err)
	}
	parseAITells(r, fm, &b)
	intro, secs := splitSections(normalizeNewlines(body), "## ")
	b.Intro = stripTitle(intro)
	for _, s := range secs {
		b.addSection(s)
	}
	lintBrand(r, b, forbiddenErr == nil && !fm.broken)
	return b
}

func (b *Brand) addSection(s Section) {
	t := strings.ToLower(s.Title)
	switch {
	case strings.HasPrefix(t, "voice"):
		b.Voice = joinParts(b.Voice, s.Body)
	case strings.HasPrefix(t, "icp") || strings.HasPrefix(t, "ideal customer"):
		b.ICP = joinParts(b.ICP, s.Body)
	case strings.HasPrefix(t, "services"):
		b.Services = joinParts(b.Services, s.Body)
	case strings.HasPrefix(t, "sample"):
		_, samples := splitSections(s.Body, "### ")
		for _, sm := range samples {
			b.Samples = append(b.Samples, Sample(sm))
		}
	default:
		b.Other = append(b.Other, s)
	}
}

func joinParts(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "\n\n" + b
}

// lintBrand checks what every brand needs; frontOK is false when the front matter (or its forbidden
// list) was malformed and has been reported already.
func lintBrand(r *report, b Brand, frontOK bool) {
	if frontOK && len(b.Forbidden) == 0 {
		r.errorf("the forbidden list is empty; list at least one phrase the brand never uses, as forbidden: [\"...\"] in the front matter")
	}
	for _, f := range b.Forbidden {
		if f == "" {
			r.errorf("the forbidden list has an empty phrase; remove it")
		}
	}
	for _, s := range b.Substitutions {
		if s.Avoid == "" || s.Prefer == "" {
			r.errorf("substitutions need a phrase on both sides (avoid: prefer)")
		}
	}
	if frontOK && len(b.CTAs) == 0 {
		r.warnf("lists no calls to action; add ctas: [\"...\"] so pieces end with an approved ask")
	}
	if b.Voice == "" {
		r.errorf("has no \"## Voice\" section; add one describing how the brand sounds")
	}
	if b.ICP == "" {
		r.errorf("has no \"## ICP\" section; add one describing the ideal customer (role, company size, pains)")
	}
	if b.Services == "" {
		r.warnf("has no \"## Services\" section; add one so pieces describe what the client sells accurately")
	}
	if len(b.Samples) == 0 {
		r.errorf("has no sample post; add at least one approved post under \"## Sample posts\" as \"### Title\" followed by the post")
	}
	for _, s := range b.Samples {
		if s.Body == "" {
			r.warnf("sample post %q is empty; paste the approved post under its ### heading", s.Title)
		}
		for _, f := range b.Forbidden {
			if f != "" && strings.Contains(strings.ToLower(s.Body), strings.ToLower(f)) {
				r.warnf("sample post %q uses the forbidden phrase %q; an approved sample must follow the rules it teaches", s.Title, f)
			}
		}
	}
}
