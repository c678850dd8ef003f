package source

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadFileRefusesUnsupportedTypes(t *testing.T) {
	t.Parallel()
	_, err := ReadFile(t.Context(), []byte("PK\x03\x04 word"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "notes.docx")
	var u *Unreadable
	require.True(t, errors.As(err, &u))
	require.Contains(t, u.Reason, "I read only web pages, plain text, Markdown and PDF")

	doc, err := ReadFile(t.Context(), []byte("# Call notes\n\n9 days."), "text/plain", "call.md")
	require.NoError(t, err)
	require.Equal(t, KindMarkdown, doc.Kind)
	require.Equal(t, "call.md", doc.Title)
}

func TestFilesOverTheLimitAreRefusedNotCut(t *testing.T) {
	t.Parallel()
	require.ErrorContains(t, CheckSize(6<<20, 5<<20), "it is 6.0 MB, over the 5.0 MB limit")
	require.NoError(t, CheckSize(5<<20, 5<<20))
	b := &LimitedBuffer{Max: 4}
	_, err := b.Write([]byte("1234"))
	require.NoError(t, err)
	_, err = b.Write([]byte("5"))
	require.ErrorContains(t, err, "larger than the")
	require.Equal(t, "1234", string(b.Bytes()))
}
