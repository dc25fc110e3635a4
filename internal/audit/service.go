package audit

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// DefaultRetentionDays is how long entries are kept unless configured.
const DefaultRetentionDays = 365

// Limits on stored text, in runes.
const (
	maxDetail    = 2000
	maxUserAgent = 512
	maxShort     = 200
)

// DefaultBatchSize is how many rows Verify and Export read at a time.
const DefaultBatchSize = 500

// actionRE is the shape of an action: dotted lower-case words.
var actionRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$`)

// Service records, searches, verifies and prunes the audit trail.
type Service struct {
	store Store
	tx    cem.Transactor
	now   func() time.Time
	// RetentionDays is how long entries are kept (0: forever). Set it
	// before the service is used; the default is DefaultRetentionDays.
	RetentionDays int
	// BatchSize is how many rows Verify and Export hold in memory at a
	// time; the default is DefaultBatchSize.
	BatchSize int
}

var _ Recorder = (*Service)(nil)

// NewService returns the audit service over store; now may be nil for
// time.Now.
func NewService(store Store, tx cem.Transactor, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, tx: tx, now: now, RetentionDays: DefaultRetentionDays, BatchSize: DefaultBatchSize}
}

// Record appends e to the trail. Any code may call it; it checks no
// permission. The actor is e.Actor, else the one in ctx, else "system"; the
// request id comes from the actor or ctx. Record joins the transaction in
// ctx, so the entry commits or rolls back with the change it describes,
// and holds the chain lock until that transaction ends.
// Errors: validation_failed (no or malformed action, unknown outcome).
func (s *Service) Record(ctx context.Context, ev Event) error {
	e, err := s.entry(ctx, ev)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error { return s.appendTx(ctx, e) })
}

// entry builds the unsealed entry of ev.
func (s *Service) entry(ctx context.Context, ev Event) (*Entry, error) {
	var fields []cem.FieldError
	if !actionRE.MatchString(ev.Action) || len(ev.Action) > maxShort {
		fields = append(fields, cem.FieldError{Name: "action", Reason: "must be dotted lower-case words, e.g. user.create"})
	}
	if ev.Outcome == "" {
		ev.Outcome = OutcomeSuccess
	}
	if ev.Outcome != OutcomeSuccess && ev.Outcome != OutcomeFailure && ev.Outcome != OutcomeDenied {
		fields = append(fields, cem.FieldError{Name: "outcome", Reason: "must be success, failure or denied"})
	}
	if len(fields) > 0 {
		return nil, cem.Invalid("The audit event is malformed.", fields...)
	}
	changes, err := Diff(ev.Before, ev.After)
	if err != nil {
		return nil, cem.Internal(err)
	}
	e := &Entry{ID: cem.NewID(), ActorKind: "system", Action: ev.Action, TargetType: clean(ev.TargetType, maxShort),
		TargetID: clean(ev.TargetID, maxShort), Outcome: ev.Outcome, Detail: clean(ev.Detail, maxDetail), Changes: changes,
		Roles: []string{}, UnitIDs: []string{}}
	a := ev.Actor
	if a == nil {
		a = cem.ActorFrom(ctx)
	}
	if a != nil {
		e.ActorKind, e.ActorID, e.ActorName = clean(a.Kind, maxShort), clean(a.ID, maxShort), clean(a.Name, maxShort)
		if e.ActorKind == "" {
			e.ActorKind = "anonymous"
		}
		e.Roles = cleanAll(a.Roles, maxShort)
		units := a.Units
		if len(units) == 0 {
			units = a.Scope.UnitIDs
		}
		e.UnitIDs = cleanAll(units, maxShort)
		e.IP, e.UserAgent, e.RequestID = clean(a.IP, maxShort), clean(a.UserAgent, maxUserAgent), clean(a.RequestID, maxShort)
	}
	if e.RequestID == "" {
		e.RequestID = clean(cem.RequestIDFrom(ctx), maxShort)
	}
	return e, nil
}

// appendTx links e to the head and stores it; ctx must carry a transaction.
func (s *Service) appendTx(ctx context.Context, e *Entry) error {
	head, err := s.store.LockHead(ctx)
	if err != nil {
		return err
	}
	// The time is read under the lock, so At never goes backwards along
	// the chain (on one clock).
	e.Seq, e.PrevHash, e.At = head.Seq+1, head.Hash, entryTime(s.now())
	if e.Hash, err = Seal(e); err != nil {
		return cem.Internal(err)
	}
	if err := s.store.Insert(ctx, e); err != nil {
		return err
	}
	head.Seq, head.Hash = e.Seq, e.Hash
	return s.store.SetHead(ctx, head)
}

// canRead checks that the actor in ctx may read the trail.
func canRead(ctx context.Context) error {
	if !cem.ActorFrom(ctx).Can(PermRead) {
		return cem.E(cem.CodeForbidden, "You do not have permission to read the audit trail (%s).", PermRead)
	}
	return nil
}

type cursorKey struct {
	Seq int64 `json:"s"`
}

// CheckFilter validates f. Callers of Search and Export get the same
// errors from them; the HTTP layer calls it first to answer before
// streaming. Errors: validation_failed.
func CheckFilter(f Filter) error {
	var fields []cem.FieldError
	if f.Outcome != "" && f.Outcome != OutcomeSuccess && f.Outcome != OutcomeFailure && f.Outcome != OutcomeDenied {
		fields = append(fields, cem.FieldError{Name: "outcome", Reason: "must be success, failure or denied"})
	}
	if p, ok := f.ActionPrefix(); ok && strings.Contains(p, "*") || !ok && strings.Contains(f.Action, "*") {
		fields = append(fields, cem.FieldError{Name: "action", Reason: "only a trailing * is allowed"})
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		fields = append(fields, cem.FieldError{Name: "to", Reason: "must be after from"})
	}
	if len(f.Query) > maxShort {
		fields = append(fields, cem.FieldError{Name: "q", Reason: fmt.Sprintf("at most %d characters", maxShort)})
	}
	if len(fields) > 0 {
		return cem.Invalid("Some search filters are invalid.", fields...)
	}
	return nil
}

// Search returns one page of entries matching f, newest first. Callers need
// audit.read. The trail is a security record, not unit data: a reader sees
// every entry, whatever their data scope.
// Errors: forbidden, validation_failed, invalid_cursor.
func (s *Service) Search(ctx context.Context, f Filter, page cem.PageRequest) (cem.Page[Entry], error) {
	if err := canRead(ctx); err != nil {
		return cem.Page[Entry]{}, err
	}
	if err := CheckFilter(f); err != nil {
		return cem.Page[Entry]{}, err
	}
	page = page.Normalize()
	var before int64
	if page.Cursor != "" {
		var k cursorKey
		if err := cem.DecodeCursor(page.Cursor, &k); err != nil {
			return cem.Page[Entry]{}, err
		}
		if k.Seq <= 0 {
			return cem.Page[Entry]{}, cem.E(cem.CodeInvalidCursor, "The cursor is not valid; start again without a cursor.")
		}
		before = k.Seq
	}
	rows, err := s.store.Search(ctx, f, before, page.Limit+1)
	if err != nil {
		return cem.Page[Entry]{}, err
	}
	out := cem.Page[Entry]{Items: rows}
	if len(rows) > page.Limit {
		out.Items = rows[:page.Limit]
		out.NextCursor = cem.EncodeCursor(cursorKey{Seq: out.Items[page.Limit-1].Seq})
	}
	return out, nil
}

// Export prepares an export of the entries matching f and returns rows,
// which calls each for every one of them, newest first, reading in batches
// so memory stays bounded however long the trail. Callers need audit.read.
// Export records the export itself (action "audit.export", format and
// filters in the detail) and commits that entry before it returns, so no
// audit data leaves without a trace and a caller can still answer an error
// before it starts sending. rows stops at each's first error and returns
// it, or returns the database's.
// Errors: forbidden, validation_failed.
func (s *Service) Export(ctx context.Context, f Filter, format string) (rows func(each func(*Entry) error) error, err error) {
	if err := canRead(ctx); err != nil {
		return nil, err
	}
	if err := CheckFilter(f); err != nil {
		return nil, err
	}
	if err := s.Record(ctx, Event{Action: "audit.export", TargetType: "audit_trail", Outcome: OutcomeSuccess,
		Detail: "export as " + format + describeFilter(f)}); err != nil {
		return nil, err
	}
	return func(each func(*Entry) error) error {
		var before int64
		for {
			batch, err := s.store.Search(ctx, f, before, s.batch())
			if err != nil {
				return err
			}
			for i := range batch {
				if err := each(&batch[i]); err != nil {
					return err
				}
			}
			if len(batch) < s.batch() {
				return nil
			}
			before = batch[len(batch)-1].Seq
		}
	}, nil
}

func (s *Service) batch() int {
	if s.BatchSize <= 0 {
		return DefaultBatchSize
	}
	return s.BatchSize
}

// describeFilter renders the filters of an export for its audit entry.
func describeFilter(f Filter) string {
	var b strings.Builder
	add := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%q", k, v)
		}
	}
	add("actor_id", f.ActorID)
	add("action", f.Action)
	add("target_type", f.TargetType)
	add("target_id", f.TargetID)
	add("outcome", f.Outcome)
	if !f.From.IsZero() {
		add("from", f.From.UTC().Format(time.RFC3339))
	}
	if !f.To.IsZero() {
		add("to", f.To.UTC().Format(time.RFC3339))
	}
	add("q", f.Query)
	if b.Len() == 0 {
		return " (all entries)"
	}
	return " with" + b.String()
}

// Prune deletes the entries older than the retention, from the start of the
// chain, and moves the chain's anchor to the first entry kept, so Verify
// still passes and still detects tampering. The prune is itself recorded
// (action "audit.prune", the new anchor in its changes). With retention 0,
// or nothing old enough, it does nothing. The command line and the
// retention job call it; it checks no permission. It returns how many
// entries were deleted.
func (s *Service) Prune(ctx context.Context, now time.Time) (int64, error) {
	if s.RetentionDays <= 0 {
		return 0, nil
	}
	cutoff := now.UTC().AddDate(0, 0, -s.RetentionDays)
	var deleted int64
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		head, err := s.store.LockHead(ctx)
		if err != nil {
			return err
		}
		seq, prev, ok, err := s.store.FirstAtOrAfter(ctx, cutoff)
		if err != nil {
			return err
		}
		if !ok { // everything is old: the prune entry below starts the chain
			seq, prev = head.Seq+1, head.Hash
		}
		if seq <= head.AnchorSeq {
			return nil
		}
		if deleted, err = s.store.DeleteBefore(ctx, seq); err != nil {
			return err
		}
		old := head.AnchorSeq
		head.AnchorSeq, head.AnchorPrevHash = seq, prev
		if err := s.store.SetHead(ctx, head); err != nil {
			return err
		}
		e, err := s.entry(ctx, Event{Action: "audit.prune", TargetType: "audit_trail", Outcome: OutcomeSuccess,
			Detail: fmt.Sprintf("deleted %d entries recorded before %s (retention %d days); the chain now starts at seq %d",
				deleted, cutoff.Format(time.RFC3339), s.RetentionDays, seq),
			Before: pruneState{AnchorSeq: old}, After: pruneState{AnchorSeq: seq, Deleted: deleted}})
		if err != nil {
			return err
		}
		return s.appendTx(ctx, e)
	})
	if err != nil {
		return 0, fmt.Errorf("audit: prune: %w", err)
	}
	return deleted, nil
}

// pruneState is the before/after of a prune entry; Verify reads AnchorSeq
// back from the newest one.
type pruneState struct {
	AnchorSeq int64 `json:"anchor_seq"`
	Deleted   int64 `json:"deleted"`
}

// RunRetention prunes once at start and then every interval until ctx ends,
// logging failures. Running it in every server process is harmless: prunes
// serialise on the chain lock and a second one finds nothing to delete.
func (s *Service) RunRetention(ctx context.Context, every time.Duration, log *slog.Logger) {
	prune := func() {
		n, err := s.Prune(ctx, s.now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("audit retention failed", "err", err)
		case n > 0:
			log.Info("audit entries past retention deleted", "count", n, "retention_days", s.RetentionDays)
		}
	}
	prune()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			prune()
		}
	}
}
