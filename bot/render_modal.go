package bot

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting"
	"github.com/mos-hq/mos/source"
)

// draftModal is the /draft form; the channel travels in private_metadata.
// draftModal is the /draft form; planned, when one of pillars, is chosen in the pillar menu.
func draftModal(channelID string, pillars []string, planned string) slack.ModalViewRequest {
	typeOpts := make([]*slack.OptionBlockObject, len(engine.SourceTypes))
	for i, t := range engine.SourceTypes {
		typeOpts[i] = option(t, t)
	}
	typeSelect := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a source type"), fieldSourceType, typeOpts...)
	typeSelect.InitialOption = typeOpts[len(typeOpts)-1]
	link := textInput(fieldSourceURL, "Source link", "https://…", false, 2000, "")
	link.Optional = true
	link.Hint = plain("Required unless you paste a transcript or attach a file below.")
	transcript := textInput(fieldTranscript, "Transcript or notes", "An interview, a call, your notes (optional)",
		true, engine.MaxTranscriptLen, "")
	transcript.Optional = true
	transcript.Hint = plain(fmt.Sprintf("Up to %s characters. Longer? Attach it as a file instead.",
		thousands(engine.MaxTranscriptLen)))
	file := slack.NewInputBlock(fieldFile, plain("File"), nil,
		slack.NewFileInputBlockElement(fieldFile).WithFileTypes(draftFileTypes...).WithMaxFiles(1))
	file.Optional = true
	file.Hint = plain(fmt.Sprintf("One .txt, .md or .pdf file (a PDF needs a text layer), up to %d MB.",
		source.DefaultMaxBytes>>20))
	blocks := []slack.Block{
		textInput(fieldBrief, "Brief", "What should the piece argue, for whom?", true, 3000, ""),
		link, transcript, file,
		slack.NewInputBlock(fieldSourceType, plain("Source type"), nil, typeSelect),
	}
	if len(pillars) > 0 {
		opts := make([]*slack.OptionBlockObject, len(pillars))
		for i, p := range pillars {
			opts[i] = option(p, p)
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Let the outline choose"), fieldPillar, opts...)
		for i, p := range pillars {
			if p == planned && planned != "" {
				sel.InitialOption = opts[i]
			}
		}
		in := slack.NewInputBlock(fieldPillar, plain("Pillar"), nil, sel)
		in.Optional = true
		blocks = append(blocks, in)
	}
	ex := textInput(fieldExcerpt, "Source excerpt", "A quote or figure from the source (optional)", true, 3000, "")
	ex.Optional = true
	blocks = append(blocks, ex)
	return modalView(callbackDraft, channelID, "New piece", "Write outline", blocks...)
}

// thousands writes n with a comma between thousands: 3,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// setupModal is the /mos setup form: client, platform, cap, approvers and report channel.
func setupModal(channelID string, clients []clientos.Client) slack.ModalViewRequest {
	opts := make([]*slack.OptionBlockObject, 0, len(clients))
	for i, c := range clients {
		if i == 100 {
			break
		}
		opts = append(opts, option(c.Slug, c.Name+" ("+c.Slug+")"))
	}
	clientSel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a client"), fieldClient, opts...)
	users := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("People who approve"), fieldApprovers)
	report := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Channel for the weekly report"), fieldReport)
	approvers := slack.NewInputBlock(fieldApprovers, plain("Approvers"), nil, users)
	approvers.Optional = true
	reportIn := slack.NewInputBlock(fieldReport, plain("Report channel"), nil, report)
	reportIn.Optional = true
	return modalView(callbackSetup, channelID, "Set up this channel", "Save",
		slack.NewInputBlock(fieldClient, plain("Client"), nil, clientSel),
		textInput(fieldPlatform, "Platform", "linkedin, blog, …", false, 40, ""),
		textInput(fieldCap, "Daily cap of new pieces", "3", false, 3, ""),
		approvers, reportIn,
	)
}

// modalView is a form of mos with a Cancel button: callbackID says which form it is, and metadata
// comes back with its submission.
func modalView(callbackID, metadata, title, submit string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: callbackID, PrivateMetadata: metadata,
		Title: plain(title), Submit: plain(submit), Close: plain("Cancel"), Blocks: slack.Blocks{BlockSet: blocks}}
}

// chunkInputs are the text inputs a long text is split across, labelled "part i of n".
func chunkInputs(ct chunkedText) []slack.Block {
	blocks := make([]slack.Block, 0, len(ct.Chunks))
	for i, c := range ct.Chunks {
		label := "Text"
		if len(ct.Chunks) > 1 {
			label = fmt.Sprintf("Text, part %d of %d", i+1, len(ct.Chunks))
		}
		in := textInput(chunkBlockID(i), label, "", true, chunkLimit, c)
		in.Optional = len(ct.Chunks) > 1
		blocks = append(blocks, in)
	}
	return blocks
}

func osEditModal(meta osEditMeta, ct chunkedText) (slack.ModalViewRequest, error) {
	meta.Joins = ct.Joins
	md, err := json.Marshal(meta)
	if err != nil || len(md) > 3000 {
		return slack.ModalViewRequest{}, personError{"this document is too long to edit in Slack; " +
			"edit it with `mos os export`, then `mos os import`."}
	}
	about := fmt.Sprintf("Editing *%s* (v%d). Saving makes a new version; history keeps every earlier one.", meta.Doc, meta.Base)
	if meta.Base == 0 {
		about = fmt.Sprintf("Writing *%s*, a new document. Saving makes its v1.", meta.Doc)
	}
	blocks := []slack.Block{slack.NewContextBlock("about", mrkdwn(about))}
	blocks = append(blocks, chunkInputs(ct)...)
	return modalView(callbackOSEdit, string(md), truncate("Edit "+meta.Doc, 24), "Save", blocks...), nil
}

// pieceEditModal is the form that edits the text of a piece's version.
func pieceEditModal(meta pieceMeta, version int, ct chunkedText) slack.ModalViewRequest {
	blocks := []slack.Block{slack.NewContextBlock("about", mrkdwn(fmt.Sprintf(
		"Editing the %s (v%d). Your text becomes the new version; lines you write are kept in later revisions.", meta.Phase, version)))}
	blocks = append(blocks, chunkInputs(ct)...)
	return modalView(callbackPieceEdit, meta.encode(), "Edit "+meta.Phase, "Save", blocks...)
}

// reviseModal asks what a revision should change.
func reviseModal(meta pieceMeta) slack.ModalViewRequest {
	return modalView(callbackRevise, meta.encode(), "Revise "+meta.Phase, "Revise",
		textInput(fieldInstruction, "What should change?", "e.g. Open with the 9-day figure; cut the third section", true, 2000, ""),
		slack.NewContextBlock("pinned", mrkdwn("Lines a person wrote stay exactly as they are; the Client OS still applies.")),
	)
}

func rejectModal(meta pieceMeta) slack.ModalViewRequest {
	opts := make([]*slack.OptionBlockObject, len(engine.FailureModes))
	for i, m := range engine.FailureModes {
		opts[i] = option(m, engine.FailureModeLabel(m))
	}
	boxes := slack.NewCheckboxGroupsBlockElement(fieldModes, opts...)
	comment := textInput(fieldComment, "Comment", "What was wrong? The weekly report learns from this.", true, 3000, "")
	comment.Optional = true
	return modalView(callbackReject, meta.encode(), "Reject "+meta.Phase, "Reject",
		slack.NewInputBlock(fieldModes, plain("What went wrong?"), nil, boxes), comment,
	)
}

// publishModal asks for the live post's link and its date; today (YYYY-MM-DD) is offered when known.
func publishModal(meta pieceMeta, today string) slack.ModalViewRequest {
	date := slack.NewDatePickerBlockElement(fieldDate)
	date.InitialDate = today
	return modalView(callbackPublish, meta.encode(), "Mark published", "Save",
		textInput(fieldURL, "Link to the live post", "https://www.linkedin.com/feed/update/urn:li:activity:…", false, 2000, ""),
		slack.NewInputBlock(fieldDate, plain("Published on"), nil, date),
	)
}

// metricLabels name the results form's number fields.
var metricLabels = map[string]string{"impressions": "Impressions", "reactions": "Reactions", "comments": "Comments",
	"reposts": "Reposts", "clicks": "Clicks", "follows": "Follows", "leads": "Leads"}

// resultsModal is the /mos results form for one of pieces (chosen, when given).
func resultsModal(channelID string, pieces []engine.Piece, chosen *engine.Piece) slack.ModalViewRequest {
	opts := make([]*slack.OptionBlockObject, len(pieces))
	for i, p := range pieces {
		opts[i] = option(strconv.FormatInt(p.ID, 10), fmt.Sprintf("#%d %s", p.ID, p.Brief))
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a published piece"), fieldPiece, opts...)
	if chosen != nil {
		for _, o := range opts {
			if o.Value == strconv.FormatInt(chosen.ID, 10) {
				sel.InitialOption = o
			}
		}
	}
	blocks := []slack.Block{slack.NewInputBlock(fieldPiece, plain("Piece"), nil, sel),
		slack.NewContextBlock("blanks", mrkdwn("Leave a number blank if you don't know it: blank means unknown, not zero."))}
	for _, f := range reporting.MetricFields {
		in := textInput(f, metricLabels[f], "", false, 12, "")
		in.Optional = true
		blocks = append(blocks, in)
	}
	return modalView(callbackResults, channelID, "Results", "Save", blocks...)
}
