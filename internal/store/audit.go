package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// Audit implements audit.Store.
type Audit struct{ db *sqldb.DB }

// NewAudit returns the audit trail store over db.
func NewAudit(db *sqldb.DB) *Audit { return &Audit{db: db} }

var _ audit.Store = (*Audit)(nil)

const auditHeadQuery = `SELECT seq, hash, anchor_seq, anchor_prev_hash FROM audit_head WHERE id = 1`

// Head implements audit.Store.
func (s *Audit) Head(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	err := s.db.QueryRow(ctx, auditHeadQuery).Scan(&h.Seq, &h.Hash, &h.AnchorSeq, &h.AnchorPrevHash)
	return h, wrap("audit head", err)
}

// LockHead implements audit.Store. On PostgreSQL the row lock serialises
// appends across processes; SQLite needs none, as its one writer connection
// already runs one write transaction at a time.
func (s *Audit) LockHead(ctx context.Context) (audit.Head, error) {
	q := auditHeadQuery
	if s.db.Dialect == sqldb.Postgres {
		q += " FOR UPDATE"
	}
	var h audit.Head
	err := s.db.QueryRowWrite(ctx, q).Scan(&h.Seq, &h.Hash, &h.AnchorSeq, &h.AnchorPrevHash)
	return h, wrap("lock audit head", err)
}

// SetHead implements audit.Store.
func (s *Audit) SetHead(ctx context.Context, h audit.Head) error {
	_, err := s.db.Exec(ctx, `UPDATE audit_head SET seq = ?, hash = ?, anchor_seq = ?, anchor_prev_hash = ? WHERE id = 1`,
		h.Seq, h.Hash, h.AnchorSeq, h.AnchorPrevHash)
	return wrap("set audit head", err)
}

// Insert implements audit.Store.
func (s *Audit) Insert(ctx context.Context, e *audit.Entry) error {
	changes := e.Changes
	if changes == nil {
		changes = []audit.Change{}
	}
	_, err := s.db.Exec(ctx, `INSERT INTO audit_events (id, seq, at, actor_kind, actor_id, actor_name, roles, unit_ids, ip, user_agent,
		request_id, action, target_type, target_id, outcome, detail, changes, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Seq, sqldb.Time{Time: e.At}, e.ActorKind, e.ActorID, e.ActorName, sqldb.JSON(nonNilStrings(e.Roles)), sqldb.JSON(nonNilStrings(e.UnitIDs)),
		e.IP, e.UserAgent, e.RequestID, e.Action, e.TargetType, e.TargetID, e.Outcome, e.Detail, sqldb.JSON(changes), e.PrevHash, e.Hash)
	return wrap("insert audit entry", err)
}

const auditColumns = `id, seq, at, actor_kind, actor_id, actor_name, roles, unit_ids, ip, user_agent,
	request_id, action, target_type, target_id, outcome, detail, changes, prev_hash, hash`

// Scan implements audit.Store.
func (s *Audit) Scan(ctx context.Context, after int64, limit int) ([]audit.Entry, error) {
	return s.entries(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
}

// BySeq implements audit.Store.
func (s *Audit) BySeq(ctx context.Context, seq int64) (*audit.Entry, error) {
	return s.one(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE seq = ?`, seq)
}

// LatestByAction implements audit.Store.
func (s *Audit) LatestByAction(ctx context.Context, action string) (*audit.Entry, error) {
	return s.one(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE action = ? ORDER BY seq DESC LIMIT 1`, action)
}

func (s *Audit) one(ctx context.Context, q string, args ...any) (*audit.Entry, error) {
	rows, err := s.entries(ctx, q, args...)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// Search implements audit.Store. The free-text query matches lower-cased
// text with LIKE, which both databases run the same way; LIKE's wildcards
// in the query are escaped.
func (s *Audit) Search(ctx context.Context, f audit.Filter, before int64, limit int) ([]audit.Entry, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if before > 0 {
		add(`seq < ?`, before)
	}
	if f.ActorID != "" {
		add(`actor_id = ?`, f.ActorID)
	}
	if p, ok := f.ActionPrefix(); ok {
		if p != "" {
			add(`substr(action, 1, ?) = ?`, len(p), p)
		}
	} else if f.Action != "" {
		add(`action = ?`, f.Action)
	}
	if f.TargetType != "" {
		add(`target_type = ?`, f.TargetType)
	}
	if f.TargetID != "" {
		add(`target_id = ?`, f.TargetID)
	}
	if f.Outcome != "" {
		add(`outcome = ?`, f.Outcome)
	}
	if !f.From.IsZero() {
		add(`at >= ?`, sqldb.Time{Time: f.From})
	}
	if !f.To.IsZero() {
		add(`at < ?`, sqldb.Time{Time: f.To})
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := "%" + likeEscaper.Replace(strings.ToLower(q)) + "%"
		add(`(LOWER(detail) LIKE ? ESCAPE '\' OR LOWER(target_id) LIKE ? ESCAPE '\' OR LOWER(actor_name) LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	q := `SELECT ` + auditColumns + ` FROM audit_events`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY seq DESC LIMIT ?`
	return s.entries(ctx, q, append(args, limit)...)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// FirstAtOrAfter implements audit.Store.
func (s *Audit) FirstAtOrAfter(ctx context.Context, t time.Time) (int64, string, bool, error) {
	var seq int64
	var prev string
	err := s.db.QueryRow(ctx, `SELECT seq, prev_hash FROM audit_events WHERE at >= ? ORDER BY seq LIMIT 1`, sqldb.Time{Time: t}).Scan(&seq, &prev)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, wrap("audit first after", err)
	}
	return seq, prev, true, nil
}

// DeleteBefore implements audit.Store.
func (s *Audit) DeleteBefore(ctx context.Context, seq int64) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM audit_events WHERE seq < ?`, seq)
	if err != nil {
		return 0, wrap("prune audit entries", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("prune audit entries", err)
}

func (s *Audit) entries(ctx context.Context, q string, args ...any) ([]audit.Entry, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, wrap("read audit entries", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at lenientTime
		var roles, units, changes []byte
		if err := rows.Scan(&e.ID, &e.Seq, &at, &e.ActorKind, &e.ActorID, &e.ActorName, &roles, &units,
			&e.IP, &e.UserAgent, &e.RequestID, &e.Action, &e.TargetType, &e.TargetID, &e.Outcome, &e.Detail, &changes, &e.PrevHash, &e.Hash); err != nil {
			return nil, wrap("read audit entry", err)
		}
		e.At = at.Time.Time
		e.Roles, e.UnitIDs = lenientStrings(roles), lenientStrings(units)
		// Changes are decoded here rather than with ScanJSON so that
		// numbers stay exact: the hash covers them.
		if e.Changes, err = audit.DecodeChanges(changes); err != nil {
			e.Changes = []audit.Change{{Key: "(unreadable)", New: string(changes)}}
		}
		out = append(out, e)
	}
	return out, wrap("read audit entries", rows.Err())
}

// A row edited out of band may hold values that no longer parse. Reading
// must not fail on them: Verify has to see the row to name it, and its
// hash will not match whatever the unreadable value is read as.

// lenientTime scans a time, reading an unparsable one as the zero time.
type lenientTime struct{ sqldb.Time }

func (t *lenientTime) Scan(src any) error {
	if err := t.Time.Scan(src); err != nil {
		t.Time = sqldb.Time{}
	}
	return nil
}

// lenientStrings decodes a JSON array of strings, or keeps unreadable text
// as one element.
func lenientStrings(b []byte) []string {
	var out []string
	if err := json.Unmarshal(b, &out); err != nil {
		return []string{"(unreadable) " + string(b)}
	}
	return nonNilStrings(out)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
