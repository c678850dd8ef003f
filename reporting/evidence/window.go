package evidence

import (
	"time"

	"github.com/mos-hq/mos/reporting/effect"
)

// Window is everything a report is computed from: the evidence window (Weeks weeks ending
// with the report's week), with the week's part marked.
type Window struct {
	Week
	Pieces  []Piece
	Reviews []Review
	Edits   []Edit
	Claims  []Claim // flags on the window's generated versions
	// Effects are what the OS edits of the last effect.Weeks weeks did to their measures.
	Effects []effect.Effect
}

// Week is the report's week, the window's last.
type Week struct {
	Start, End time.Time // [start, end) in the client's time zone
	From, To   time.Time // its Monday and Sunday as dates
	AsOf       time.Time // the date the report is made: a week not over by then is in progress
}

// FirstDay is the window's first date: the Monday Weeks-1 weeks before the week's.
func (w Week) FirstDay() time.Time { return w.To.AddDate(0, 0, 1-7*Weeks) }

// Piece is a published piece with its latest results.
type Piece struct {
	ID          int64
	Pillar      string
	HumanOnly   bool
	AgentMade   bool // logged by an AI agent (over MCP), made outside mos
	SourceType  string
	PublishedAt time.Time
	URL         string
	Brief       string
	ER          *float64
	InWeek      bool
}

// DecisionRejected is reviews.decision of a rejection, as the engine's lifecycle records it.
const DecisionRejected = "rejected"

// Review is one review of a client's piece.
type Review struct {
	PieceID      int64
	Decision     string
	FailureModes []string
	Comment      string
	Reviewer     string
	CreatedAt    time.Time
	Pillar       string
	Brief        string
	InWeek       bool
}

// Edit is a human version that replaced an AI one: the text an editor changed.
type Edit struct {
	PieceID   int64
	Phase     string
	Version   int
	AIText    string
	HumanText string
	CreatedAt time.Time
	InWeek    bool
}

// EmptyWeek says whether nothing was published, reviewed or edited in the week.
func (d Window) EmptyWeek() bool {
	for _, p := range d.Pieces {
		if p.InWeek {
			return false
		}
	}
	for _, r := range d.Reviews {
		if r.InWeek {
			return false
		}
	}
	for _, e := range d.Edits {
		if e.InWeek {
			return false
		}
	}
	return true
}

// Claim is one flagged claim of a version generated in the evidence window.
type Claim struct {
	PieceID int64
	Kind    string
	Claim   string
	Verdict string
}
