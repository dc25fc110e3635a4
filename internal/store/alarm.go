package store

import (
	"context"
	"database/sql"
	"errors"
	"hash/fnv"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// Alarms implements alarm.Store.
type Alarms struct{ db *sqldb.DB }

// NewAlarms returns the alarm store over db.
func NewAlarms(db *sqldb.DB) *Alarms { return &Alarms{db: db} }

var _ alarm.Store = (*Alarms)(nil)

// LockSubject implements alarm.Store. On PostgreSQL it takes a transaction
// advisory lock keyed by kind and subject, so two processes raising the same
// alarm at once cannot both insert it; SQLite needs none, as its one writer
// connection already runs one write transaction at a time.
func (s *Alarms) LockSubject(ctx context.Context, kind, subject string) error {
	if s.db.Dialect != sqldb.Postgres {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte("alarm\x00" + kind + "\x00" + subject))
	_, err := s.db.Exec(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(h.Sum64()))
	return wrap("lock alarm subject", err)
}

const alarmColumns = `id, kind, severity, subject, message, details, count, first_at, last_at, status,
	acknowledged_by, acknowledged_by_name, acknowledged_at, note`

// FindOpen implements alarm.Store.
func (s *Alarms) FindOpen(ctx context.Context, kind, subject string, since time.Time) (*alarm.Record, error) {
	rows, err := s.list(ctx, `SELECT `+alarmColumns+` FROM alarms WHERE kind = ? AND subject = ? AND status = 'open' AND last_at >= ?
		ORDER BY last_at DESC, id DESC LIMIT 1`, kind, subject, sqldb.Time{Time: since})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// Insert implements alarm.Store.
func (s *Alarms) Insert(ctx context.Context, r *alarm.Record) error {
	_, err := s.db.Exec(ctx, `INSERT INTO alarms (id, kind, severity, subject, message, details, count, first_at, last_at, status,
		acknowledged_by, acknowledged_by_name, acknowledged_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Kind, r.Severity, r.Subject, r.Message, sqldb.JSON(details(r.Details)), r.Count, sqldb.Time{Time: r.FirstAt}, sqldb.Time{Time: r.LastAt},
		r.Status, r.AcknowledgedBy, r.AcknowledgedByName, sqldb.Time{Time: r.AcknowledgedAt}, r.Note)
	return wrap("insert alarm", err)
}

// UpdateRaise implements alarm.Store.
func (s *Alarms) UpdateRaise(ctx context.Context, r *alarm.Record) error {
	res, err := s.db.Exec(ctx, `UPDATE alarms SET severity = ?, message = ?, details = ?, count = ?, last_at = ? WHERE id = ?`,
		r.Severity, r.Message, sqldb.JSON(details(r.Details)), r.Count, sqldb.Time{Time: r.LastAt}, r.ID)
	return affectedOne(res, err, "update alarm", notFoundAlarm)
}

// Get implements alarm.Store.
func (s *Alarms) Get(ctx context.Context, id string) (*alarm.Record, error) {
	rows, err := s.list(ctx, `SELECT `+alarmColumns+` FROM alarms WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, notFoundAlarm()
	}
	return &rows[0], nil
}

// Acknowledge implements alarm.Store.
func (s *Alarms) Acknowledge(ctx context.Context, id, by, byName, note string, at time.Time) error {
	res, err := s.db.Exec(ctx, `UPDATE alarms SET status = 'acknowledged', acknowledged_by = ?, acknowledged_by_name = ?, acknowledged_at = ?, note = ?
		WHERE id = ? AND status = 'open'`, by, byName, sqldb.Time{Time: at}, note, id)
	return affectedOne(res, err, "acknowledge alarm", func() error {
		var status string
		err := s.db.QueryRow(ctx, `SELECT status FROM alarms WHERE id = ?`, id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundAlarm()
		}
		if err != nil {
			return wrap("acknowledge alarm", err)
		}
		return cem.E(alarm.CodeAlreadyAcknowledged, "This alarm was already acknowledged.")
	})
}

// openRank sorts open alarms first: 0 for open, 1 otherwise.
const openRank = `(CASE WHEN status = 'open' THEN 0 ELSE 1 END)`

// List implements alarm.Store.
func (s *Alarms) List(ctx context.Context, f alarm.Filter, after *alarm.ListKey, limit int) ([]alarm.Record, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if f.Status != "" {
		add(`status = ?`, f.Status)
	}
	if f.Kind != "" {
		add(`kind = ?`, f.Kind)
	}
	if f.Severity != "" {
		add(`severity = ?`, f.Severity)
	}
	if after != nil {
		r := 1
		if after.Open {
			r = 0
		}
		t := sqldb.Time{Time: after.LastAt}
		add(`(`+openRank+` > ? OR (`+openRank+` = ? AND (last_at < ? OR (last_at = ? AND id < ?))))`, r, r, t, t, after.ID)
	}
	q := `SELECT ` + alarmColumns + ` FROM alarms`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY ` + openRank + `, last_at DESC, id DESC LIMIT ?`
	return s.list(ctx, q, append(args, limit)...)
}

// CountOpen implements alarm.Store.
func (s *Alarms) CountOpen(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM alarms WHERE status = 'open'`).Scan(&n)
	return n, wrap("count open alarms", err)
}

func (s *Alarms) list(ctx context.Context, q string, args ...any) ([]alarm.Record, error) {
	return queryAll(ctx, s.db, "read alarms", q, args, func(row scanner) (alarm.Record, error) {
		var r alarm.Record
		var first, last, acked sqldb.Time
		err := row.Scan(&r.ID, &r.Kind, &r.Severity, &r.Subject, &r.Message, sqldb.ScanJSON(&r.Details), &r.Count, &first, &last, &r.Status,
			&r.AcknowledgedBy, &r.AcknowledgedByName, &acked, &r.Note)
		r.FirstAt, r.LastAt, r.AcknowledgedAt = first.Time, last.Time, acked.Time
		if r.Details == nil {
			r.Details = map[string]any{}
		}
		return r, err
	})
}

func details(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func notFoundAlarm() error { return cem.E(alarm.CodeNotFound, "The alarm was not found.") }
