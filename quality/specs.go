package quality

import (
	"fmt"
	"strconv"
)

// featureSpec says how one feature is compared: its weight in the score, the smallest difference
// worth noticing, whether it needs English, and how a difference is said in plain words.
type featureSpec struct {
	feature  int
	weight   float64
	floor    float64
	english  bool
	describe func(draft, approved float64) string
}

func (s featureSpec) appliesTo(english bool) bool { return english || !s.english }

var specs = []featureSpec{
	{featSentenceWords, 2, 3, true, func(d, a float64) string {
		return fmt.Sprintf("sentences %s your approved posts: %s vs %s words", lengthWords(d, a), num(d), num(a))
	}},
	{featParagraphSentences, 1, 1, false, func(d, a float64) string {
		return fmt.Sprintf("paragraphs %s your approved posts: %s vs %s sentences", lengthWords(d, a), num(d), num(a))
	}},
	{featFirstPerson, 1, 1.5, true, perHundred("first person (I, we)")},
	{featSecondPerson, 1, 1.5, true, perHundred("second person (you)")},
	{featQuestions, 1, 0.1, false, share("questions", "of sentences")},
	{featExclamations, 1, 0.08, false, share("exclamations", "of sentences")},
	{featHedges, 1, 0.6, true, perHundred("hedging (might, perhaps, could)")},
	{featGrade, 1.5, 1.5, true, func(d, a float64) string {
		return fmt.Sprintf("%s to read than your approved posts: grade %s vs %s", compare(d, a, "harder", "easier"), num(d), num(a))
	}},
	{featHashtags, 1, 1, false, count("hashtags")},
	{featEmoji, 1, 0.15, false, func(d, a float64) string {
		return fmt.Sprintf("%s emoji than your approved posts: %s vs %s per line", compare(d, a, "more", "fewer"), num(d), num(a))
	}},
	{featLinks, 0.5, 0.5, false, count("links")},
	{featLists, 1, 0.12, false, share("list lines", "of lines")},
	{featTells, 2, 0.5, false, count("machine-sounding phrases")},
}

func perHundred(what string) func(d, a float64) string {
	return func(d, a float64) string {
		return fmt.Sprintf("%s %s than your approved posts: %s vs %s per 100 words", compare(d, a, "more", "less"), what, num(d), num(a))
	}
}

func share(what, of string) func(d, a float64) string {
	return func(d, a float64) string {
		return fmt.Sprintf("%s %s than your approved posts: %s%% vs %s%% %s", compare(d, a, "more", "fewer"), what, num(100*d), num(100*a), of)
	}
}

func count(what string) func(d, a float64) string {
	return func(d, a float64) string {
		return fmt.Sprintf("%s %s than your approved posts: %s vs %s", compare(d, a, "more", "fewer"), what, num(d), num(a))
	}
}

func compare(d, a float64, more, less string) string {
	if d > a {
		return more
	}
	return less
}

// lengthWords says how much longer or shorter, in words people use: "twice as long as".
func lengthWords(d, a float64) string {
	switch {
	case a > 0 && d >= 2.6*a:
		return "three times as long as"
	case a > 0 && d >= 1.8*a:
		return "twice as long as"
	case d > a:
		return "longer than"
	case d > 0 && a >= 1.8*d:
		return "half as long as"
	}
	return "shorter than"
}

// num formats a measure for a person: whole numbers from 10 up, one decimal below.
func num(f float64) string {
	if f >= 9.95 || f == float64(int(f)) {
		return strconv.Itoa(int(f + 0.5))
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}
