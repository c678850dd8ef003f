package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTranscriptOverTheLimitIsRefused(t *testing.T) {
	t.Parallel()
	in := DraftInput{Brief: "Why the close takes 9 days", Transcript: strings.Repeat("a", MaxTranscriptLen+1)}
	_, err := ValidateDraftInput(in, nil)
	// worded "… 3001 characters; the limit here is 3000. Attach the whole transcript as a .txt, .md or .pdf file …"
	requireInputError(t, err, UserError{Field: "transcript", Problem: ProblemTooLong, Got: 3001, Limit: 3000})

	in.Transcript = strings.Repeat("a", MaxTranscriptLen)
	out, err := ValidateDraftInput(in, nil)
	require.NoError(t, err, "a transcript is a source: no link needed")
	require.Empty(t, out.SourceURL)
}

func TestAFileOrALinkIsNeededWithoutATranscript(t *testing.T) {
	t.Parallel()
	_, err := ValidateDraftInput(DraftInput{Brief: "Why the close takes 9 days"}, nil)
	var ue *UserError
	require.True(t, errors.As(err, &ue))
	require.Equal(t, "source_url", ue.Field)
	_, err = ValidateDraftInput(DraftInput{Brief: "b", FileID: "F0123ABC", FileName: "notes.md"}, nil)
	require.NoError(t, err)
	_, err = ValidateDraftInput(DraftInput{Brief: "b", FileID: "../../etc"}, nil)
	require.True(t, errors.As(err, &ue))
	require.Equal(t, "file", ue.Field)
	require.Equal(t, ProblemUnreadable, ue.Problem) // worded "I could not tell which file was attached. …"
}
