package generate

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPinnedLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		texts []string
		human []bool
		want  []string
	}{
		{"only the model", []string{"a\nb", "a\nc"}, []bool{false, false}, nil},
		{"a person's new and changed lines", []string{"a\nb\nc", "a\nB!\nc\nd"}, []bool{false, true},
			[]string{"B!", "d"}},
		{"blank lines never pinned", []string{"a", "a\n\n  \nb"}, []bool{false, true}, []string{"b"}},
		{"kept through a model revision", []string{"a\nb", "a\nmine", "x\nmine\ny"}, []bool{false, true, false},
			[]string{"mine"}},
		{"dropped since is no longer pinned", []string{"a", "a\nmine", "a\nmine2"}, []bool{false, true, true},
			[]string{"mine2"}},
		{"lost in a model revision is not pinned", []string{"a", "a\nmine", "a"}, []bool{false, true, false}, nil},
		{"order of the latest version", []string{"a", "one\na\ntwo", "two\na\none"}, []bool{false, true, false},
			[]string{"two", "one"}},
		{"trimmed", []string{"a", "  mine  "}, []bool{false, true}, []string{"mine"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, pinnedLines(tt.texts, tt.human))
		})
	}
}

func TestRestorePinned(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, newText, prev string
		pinned              []string
		want                string
		restored            []string
	}{
		{"nothing dropped", "x\nmine\ny", "a\nmine", []string{"mine"}, "x\nmine\ny", nil},
		{"inside a longer line is not kept", "Don't Book a call.", "Book a call.", []string{"Book a call."},
			"Book a call.\nDon't Book a call.", []string{"Book a call."}},
		{"after its anchor", "intro\nmiddle\nend", "intro\nmine\nend", []string{"mine"},
			"intro\nmine\nmiddle\nend", []string{"mine"}},
		{"anchor gone: old index", "new1\nnew2\nnew3", "old\nmine\nend", []string{"mine"},
			"new1\nmine\nnew2\nnew3", []string{"mine"}},
		{"index past the end", "only", "a\nb\nc\nmine", []string{"mine"}, "only\nmine", []string{"mine"}},
		{"consecutive lines keep their order", "intro\nend", "intro\none\ntwo\nend", []string{"one", "two"},
			"intro\none\ntwo\nend", []string{"one", "two"}},
		{"a paragraph of its own", "Para one.\n\nPara three.", "Para one.\n\nMine.\n\nPara three.", []string{"Mine."},
			"Para one.\n\nMine.\n\nPara three.", []string{"Mine."}},
		{"anchor is the nearest non-blank line", "Para one.\nMore.\n\nEnd.", "Para one.\n\nMine.\n\nEnd.",
			[]string{"Mine."}, "Para one.\n\nMine.\n\nMore.\n\nEnd.", []string{"Mine."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, restored := restorePinned(tt.newText, tt.prev, tt.pinned)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.restored, restored)
		})
	}
}

func TestDedupeOutlineKeysKeepsThePersonsLine(t *testing.T) {
	t.Parallel()
	text := "Title: T\nHook: model hook\nHook: my hook\nPillar: P\nSections:\n- a\n- b\n- c\nCTA: C"
	got := dedupeOutlineKeys(text, []string{"Hook: my hook", "- a"})
	o, err := ParseOutlineText(got)
	require.NoError(t, err)
	require.Equal(t, "my hook", o.Hook)
}
