package alarm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
)

// Limits on alarm text, in runes.
const (
	maxKind    = 64
	maxSubject = 200
	maxMessage = 1000
	maxNote    = 1000
)

// Service raises, lists and acknowledges alarms.
type Service struct {
	store   Store
	tx      cem.Transactor
	audit   audit.Recorder
	counter cem.Counter
	now     func() time.Time
}

var _ Raiser = (*Service)(nil)

// NewService returns the alarm service. audit records raises and
// acknowledgements; counter backs Watch; now may be nil for time.Now.
func NewService(store Store, tx cem.Transactor, rec audit.Recorder, counter cem.Counter, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, tx: tx, audit: rec, counter: counter, now: now}
}

// Raise records a as an alarm. Any code may call it (it checks no
// permission); the actor in ctx, if any, is the one whose action set it
// off. An open alarm of the same kind and subject raised within
// DedupeWindow counts up (count, last raise, latest message and details,
// the higher severity) instead of adding a row. Every raise is audited as
// "alarm.raise". An empty severity means medium. Raise joins the
// transaction in ctx: raise from outside one that may roll back (a failed
// sign-in), or the alarm rolls back too.
// Errors: validation_failed (no kind, subject or message; unknown severity).
func (s *Service) Raise(ctx context.Context, a Alarm) error {
	_, err := s.raise(ctx, a)
	return err
}

func (s *Service) raise(ctx context.Context, a Alarm) (*Record, error) {
	if a.Severity == "" {
		a.Severity = SeverityMedium
	}
	a.Kind, a.Subject, a.Message = strings.TrimSpace(a.Kind), clip(a.Subject, maxSubject), clip(a.Message, maxMessage)
	var fields []cem.FieldError
	if a.Kind == "" || utf8.RuneCountInString(a.Kind) > maxKind {
		fields = append(fields, cem.FieldError{Name: "kind", Reason: fmt.Sprintf("required, at most %d characters", maxKind)})
	}
	if a.Subject == "" {
		fields = append(fields, cem.FieldError{Name: "subject", Reason: "required"})
	}
	if a.Message == "" {
		fields = append(fields, cem.FieldError{Name: "message", Reason: "required"})
	}
	if rank(a.Severity) < 0 {
		fields = append(fields, cem.FieldError{Name: "severity", Reason: "must be low, medium or high"})
	}
	if len(fields) > 0 {
		return nil, cem.Invalid("The alarm is malformed.", fields...)
	}
	a.Details = cleanDetails(a.Details)
	var rec *Record
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		now := s.now().UTC().Truncate(time.Microsecond)
		if err := s.store.LockSubject(ctx, a.Kind, a.Subject); err != nil {
			return err
		}
		open, err := s.store.FindOpen(ctx, a.Kind, a.Subject, now.Add(-DedupeWindow))
		if err != nil {
			return err
		}
		detail := ""
		if open != nil {
			rec = open
			if rank(a.Severity) > rank(rec.Severity) {
				rec.Severity = a.Severity
			}
			rec.Message, rec.Details, rec.LastAt = a.Message, a.Details, now
			rec.Count++
			if err := s.store.UpdateRaise(ctx, rec); err != nil {
				return err
			}
			detail = fmt.Sprintf("raised again (%d times): ", rec.Count)
		} else {
			rec = &Record{ID: cem.NewID(), Alarm: a, Count: 1, FirstAt: now, LastAt: now, Status: StatusOpen}
			if err := s.store.Insert(ctx, rec); err != nil {
				return err
			}
		}
		return s.record(ctx, audit.Event{Action: "alarm.raise", TargetType: "alarm", TargetID: rec.ID, Outcome: audit.OutcomeSuccess,
			Detail: fmt.Sprintf("%s%s %s alarm about %s: %s", detail, rec.Severity, rec.Kind, rec.Subject, rec.Message)})
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// Watch counts one occurrence of kind for subject and raises an alarm with
// msg and severity when the count reaches threshold within the current
// window of the given length (one raise per window: later occurrences in
// the same window only count). The count lives in the database (key
// "alarm:"+kind+":"+subject), so every server process adds to it. Any code
// may call it; call it outside a transaction that may roll back, or the
// count rolls back too.
// Errors: validation_failed (threshold < 1, window <= 0, or a malformed alarm).
func (s *Service) Watch(ctx context.Context, kind, subject string, threshold int, window time.Duration, msg string, severity string) error {
	if s.counter == nil {
		return cem.Internal(errors.New("alarm: Watch needs the service built with a counter"))
	}
	if threshold < 1 || window <= 0 {
		return cem.Invalid("The alarm watch is malformed.", cem.FieldError{Name: "threshold", Reason: "threshold must be at least 1 and the window positive"})
	}
	n, err := s.counter.Add(ctx, "alarm:"+kind+":"+subject, window, s.now())
	if err != nil {
		return err
	}
	if n != threshold {
		return nil
	}
	return s.Raise(ctx, Alarm{Kind: kind, Severity: severity, Subject: subject, Message: msg,
		Details: map[string]any{"count": n, "threshold": threshold, "window_seconds": int64(window / time.Second)}})
}

// canManage checks that the actor in ctx may see and acknowledge alarms.
func canManage(ctx context.Context) error {
	if !cem.ActorFrom(ctx).Can(PermManage) {
		return cem.E(cem.CodeForbidden, "You do not have permission to manage security alarms (%s).", PermManage)
	}
	return nil
}

// List returns one page of alarms matching f: open ones first, then the
// most recently raised first. Callers need alarms.manage.
// Errors: forbidden, validation_failed (unknown status or severity),
// invalid_cursor.
func (s *Service) List(ctx context.Context, f Filter, page cem.PageRequest) (cem.Page[Record], error) {
	if err := canManage(ctx); err != nil {
		return cem.Page[Record]{}, err
	}
	var fields []cem.FieldError
	if f.Status != "" && f.Status != StatusOpen && f.Status != StatusAcknowledged {
		fields = append(fields, cem.FieldError{Name: "status", Reason: "must be open or acknowledged"})
	}
	if f.Severity != "" && rank(f.Severity) < 0 {
		fields = append(fields, cem.FieldError{Name: "severity", Reason: "must be low, medium or high"})
	}
	if len(fields) > 0 {
		return cem.Page[Record]{}, cem.Invalid("Some filters are invalid.", fields...)
	}
	page = page.Normalize()
	var after *ListKey
	if page.Cursor != "" {
		after = new(ListKey)
		if err := cem.DecodeCursor(page.Cursor, after); err != nil {
			return cem.Page[Record]{}, err
		}
	}
	rows, err := s.store.List(ctx, f, after, page.Limit+1)
	if err != nil {
		return cem.Page[Record]{}, err
	}
	out := cem.Page[Record]{Items: rows}
	if len(rows) > page.Limit {
		out.Items = rows[:page.Limit]
		last := out.Items[page.Limit-1]
		out.NextCursor = cem.EncodeCursor(ListKey{Open: last.Status == StatusOpen, LastAt: last.LastAt, ID: last.ID})
	}
	return out, nil
}

// Get returns one alarm. Callers need alarms.manage.
// Errors: forbidden, alarm_not_found.
func (s *Service) Get(ctx context.Context, id string) (*Record, error) {
	if err := canManage(ctx); err != nil {
		return nil, err
	}
	return s.store.Get(ctx, id)
}

// Acknowledge marks an open alarm as seen to by the actor in ctx, with an
// optional note, and audits it as "alarm.acknowledge". Callers need
// alarms.manage.
// Errors: forbidden, validation_failed (note too long), alarm_not_found,
// alarm_already_acknowledged (also when two people acknowledge at once).
func (s *Service) Acknowledge(ctx context.Context, id, note string) (*Record, error) {
	if err := canManage(ctx); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxNote {
		return nil, cem.Invalid("The note is too long.", cem.FieldError{Name: "note", Reason: fmt.Sprintf("at most %d characters", maxNote)})
	}
	actor := cem.ActorFrom(ctx)
	var rec *Record
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		before, err := s.store.Get(ctx, id)
		if err != nil {
			return err
		}
		if before.Status != StatusOpen {
			return cem.E(CodeAlreadyAcknowledged, "This alarm was already acknowledged by %s.", before.AcknowledgedByName)
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if err := s.store.Acknowledge(ctx, id, actor.ID, actor.Name, note, now); err != nil {
			return err
		}
		if rec, err = s.store.Get(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, audit.Event{Action: "alarm.acknowledge", TargetType: "alarm", TargetID: id, Outcome: audit.OutcomeSuccess,
			Detail: fmt.Sprintf("%s %s alarm about %s", rec.Severity, rec.Kind, rec.Subject),
			Before: ackState{Status: before.Status}, After: ackState{Status: rec.Status, Note: rec.Note}})
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

type ackState struct {
	Status string `json:"status"`
	Note   string `json:"note,omitempty"`
}

// CountOpen returns how many alarms are open, for the app's notification
// badge. Callers need alarms.manage.
// Errors: forbidden.
func (s *Service) CountOpen(ctx context.Context) (int, error) {
	if err := canManage(ctx); err != nil {
		return 0, err
	}
	return s.store.CountOpen(ctx)
}

func (s *Service) record(ctx context.Context, e audit.Event) error {
	if s.audit == nil {
		return nil
	}
	return s.audit.Record(ctx, e)
}

// maxDetailsBytes bounds the details of one alarm.
const maxDetailsBytes = 16 << 10

// cleanDetails makes details storable in any database (plain JSON values,
// no NUL characters) and bounded.
func cleanDetails(d map[string]any) map[string]any {
	out := map[string]any{}
	if len(d) == 0 {
		return out
	}
	b, err := audit.Canonical(d)
	if err == nil && len(b) > maxDetailsBytes {
		return map[string]any{"omitted": fmt.Sprintf("details of %d bytes were too large to keep", len(b))}
	}
	if err != nil || json.Unmarshal(b, &out) != nil {
		return map[string]any{"omitted": "details could not be encoded as JSON"}
	}
	return out
}

// rank orders severities; -1 for an unknown one.
func rank(severity string) int {
	switch severity {
	case SeverityLow:
		return 0
	case SeverityMedium:
		return 1
	case SeverityHigh:
		return 2
	}
	return -1
}

// clip trims s, drops NUL and invalid UTF-8, and bounds it to max runes.
func clip(s string, max int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(strings.TrimSpace(s), "\uFFFD"), "\x00", "")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}
