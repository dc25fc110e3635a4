// Package audit is OpenCEM's tamper-evident audit trail (clause 8.1e).
//
// Every change and every security event is appended as an Entry. Entries form
// a hash chain: each carries the hash of the entry before it (PrevHash) and
// its own Hash, computed as
//
//	hex(SHA-256(PrevHash || canonical JSON of the entry's content))
//
// where the content is the object built by sealedContent (format version
// "v": 1): every stored field except PrevHash and Hash, with object keys
// sorted, no insignificant white space, times as fixed-width UTC with
// microseconds and numbers in a normal form. The first entry's PrevHash is
// Genesis. Appends are serialised across processes by locking the chain head
// (one row holding the last seq and hash), so seq has no gaps. Verify walks
// the chain and names the first entry that was edited, inserted or deleted
// out of band.
//
// A hash chain proves that rows were not changed one at a time; someone who
// can rewrite the whole database can also recompute every hash after the row
// they changed. Keep the head hash printed by `opencem audit verify`
// somewhere else (a ticket, a log shipped off the machine) to detect that.
package audit

import (
	"context"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// Event is one thing to record: a change or a security event.
type Event struct {
	Action     string     // e.g. "user.create", "auth.login", "auth.login_failed", "permission.denied"
	TargetType string     // e.g. "user", "api_key", "org_unit"
	TargetID   string     // id of the target, if any
	Before     any        // state before a change (JSON-able; secrets redacted)
	After      any        // state after a change
	Outcome    string     // "success", "failure" or "denied"
	Detail     string     // short human-readable note
	Actor      *cem.Actor // overrides the actor in ctx (e.g. a failed sign-in)
}

// Recorder records audit events. Services call it inside their own
// transaction, so a change and its audit row commit or roll back together.
// Call it last in the transaction: it holds the chain lock until commit.
// Record failed or denied attempts outside any transaction that rolls back,
// or their audit row rolls back too.
type Recorder interface {
	Record(ctx context.Context, e Event) error
}

// Outcomes of an event.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeDenied  = "denied"
)

// PermRead is the permission that searches and exports the trail. It equals
// auth.PermAuditRead; audit cannot import auth (auth records into audit).
const PermRead = "audit.read"

// Genesis is the PrevHash of the first entry ever appended.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Redacted replaces the value of every secret field in a diff.
const Redacted = "[redacted]"

// Entry is one row of the trail, as stored.
type Entry struct {
	ID         string
	Seq        int64 // 1, 2, 3 … without gaps
	At         time.Time
	ActorKind  string // "user", "api_key", "system" or "anonymous"
	ActorID    string
	ActorName  string
	Roles      []string
	UnitIDs    []string
	IP         string
	UserAgent  string
	RequestID  string
	Action     string
	TargetType string
	TargetID   string
	Outcome    string
	Detail     string
	Changes    []Change // what changed, secrets redacted
	PrevHash   string
	Hash       string
}

// Change is one changed field of a target: its path ("name",
// "settings.smtp_host") with the old and new JSON values; nil means absent.
type Change struct {
	Key string `json:"key"`
	Old any    `json:"old"`
	New any    `json:"new"`
}

// Head is the state of the chain: the last entry and, after pruning, where
// the retained part starts.
type Head struct {
	Seq  int64  // seq of the last entry; 0 when none was ever appended
	Hash string // hash of the last entry; Genesis when none
	// AnchorSeq is the seq the first retained entry must have (1 until a
	// prune), AnchorPrevHash the PrevHash it must carry.
	AnchorSeq      int64
	AnchorPrevHash string
}

// Filter narrows a search of the trail. Empty fields do not filter.
type Filter struct {
	ActorID    string
	Action     string // exact, or a prefix when it ends with "*" ("auth.*")
	TargetType string
	TargetID   string
	Outcome    string
	From, To   time.Time // From inclusive, To exclusive
	Query      string    // case-insensitive substring of detail, target id or actor name
}

// ActionPrefix returns the prefix of a prefix filter ("auth.*" → "auth.").
func (f Filter) ActionPrefix() (string, bool) {
	if n := len(f.Action); n > 0 && f.Action[n-1] == '*' {
		return f.Action[:n-1], true
	}
	return "", false
}

// Store persists the chain. Every method joins the transaction in ctx.
type Store interface {
	// Head reads the chain head without locking it.
	Head(ctx context.Context) (Head, error)
	// LockHead reads the head and locks it until the transaction in ctx
	// ends; it must be called inside one.
	LockHead(ctx context.Context) (Head, error)
	// SetHead writes every field of the head.
	SetHead(ctx context.Context, h Head) error
	// Insert adds one entry.
	Insert(ctx context.Context, e *Entry) error
	// Scan returns up to limit entries with seq > after, in seq order.
	Scan(ctx context.Context, after int64, limit int) ([]Entry, error)
	// BySeq returns the entry with this seq, or nil.
	BySeq(ctx context.Context, seq int64) (*Entry, error)
	// Search returns up to limit entries matching f with seq < before (0:
	// no bound), newest first.
	Search(ctx context.Context, f Filter, before int64, limit int) ([]Entry, error)
	// FirstAtOrAfter returns the lowest seq (and its PrevHash) of an entry
	// recorded at or after t; ok is false when there is none.
	FirstAtOrAfter(ctx context.Context, t time.Time) (seq int64, prevHash string, ok bool, err error)
	// DeleteBefore deletes the entries with seq < seq and returns how many.
	DeleteBefore(ctx context.Context, seq int64) (int64, error)
	// LatestByAction returns the newest entry with this action, or nil.
	LatestByAction(ctx context.Context, action string) (*Entry, error)
}
