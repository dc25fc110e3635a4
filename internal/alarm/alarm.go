// Package alarm raises and tracks security alarms (clause 8.1e): brute-force
// sign-in, a key used from a disallowed address, repeated signature
// failures, bursts of permission denials, a grant of the admin role. Other
// services raise them; admins see and acknowledge them.
package alarm

import (
	"context"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// Alarm is a security event worth a human's attention.
type Alarm struct {
	Kind     string         // e.g. "brute_force", "key_disallowed_ip", "signature_failures", "permission_denied_burst", "admin_granted"
	Severity string         // "low", "medium", "high"
	Subject  string         // what the alarm is about: a username, key id, IP; with Kind it deduplicates
	Message  string         // human-readable
	Details  map[string]any // extra facts
}

// Raiser raises alarms.
type Raiser interface {
	Raise(ctx context.Context, a Alarm) error
}

// Severities, lowest first.
const (
	SeverityLow    = "low"
	SeverityMedium = "medium"
	SeverityHigh   = "high"
)

// Statuses of a stored alarm.
const (
	StatusOpen         = "open"
	StatusAcknowledged = "acknowledged"
)

// PermManage is the permission that lists and acknowledges alarms. It
// equals auth.PermAlarmsManage; alarm cannot import auth (auth raises
// alarms).
const PermManage = "alarms.manage"

// DedupeWindow is how long after its last raise an open alarm absorbs new
// raises of the same kind and subject.
const DedupeWindow = time.Hour

// Record is an alarm as stored: what was raised, how often, and whether a
// person has seen to it.
type Record struct {
	ID string
	Alarm
	Count              int
	FirstAt, LastAt    time.Time
	Status             string
	AcknowledgedBy     string // actor id
	AcknowledgedByName string
	AcknowledgedAt     time.Time // zero while open
	Note               string
}

// Filter narrows a list of alarms. Empty fields do not filter.
type Filter struct {
	Status   string
	Kind     string
	Severity string
}

// ListKey is the position of an alarm in the list order (open first, then
// most recently raised first), for cursors.
type ListKey struct {
	Open   bool      `json:"o"`
	LastAt time.Time `json:"t"`
	ID     string    `json:"i"`
}

// Error codes of this package.
var (
	CodeNotFound            = cem.Define(cem.KindNotFound, "alarm_not_found", "No alarm has this id.")
	CodeAlreadyAcknowledged = cem.Define(cem.KindConflict, "alarm_already_acknowledged", "The alarm was already acknowledged.")
)

// Store persists alarms. Every method joins the transaction in ctx.
type Store interface {
	// LockSubject serialises raisers of one kind and subject until the
	// transaction in ctx ends; it must be called inside one.
	LockSubject(ctx context.Context, kind, subject string) error
	// FindOpen returns the open alarm of kind and subject last raised at
	// or after since (the newest if several), or nil.
	FindOpen(ctx context.Context, kind, subject string, since time.Time) (*Record, error)
	// Insert adds r.
	Insert(ctx context.Context, r *Record) error
	// UpdateRaise saves r's severity, message, details, count and last_at.
	UpdateRaise(ctx context.Context, r *Record) error
	// Get returns the alarm with this id; CodeNotFound if none.
	Get(ctx context.Context, id string) (*Record, error)
	// Acknowledge marks an open alarm acknowledged; CodeNotFound if there
	// is none with this id, CodeAlreadyAcknowledged if it is not open.
	Acknowledge(ctx context.Context, id, by, byName, note string, at time.Time) error
	// List returns up to limit alarms matching f after key (nil: from the
	// start), open first, then most recently raised first.
	List(ctx context.Context, f Filter, after *ListKey, limit int) ([]Record, error)
	// CountOpen returns how many alarms are open.
	CountOpen(ctx context.Context) (int, error)
}
