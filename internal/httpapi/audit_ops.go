package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// AuditEvent is one entry of the audit trail.
type AuditEvent struct {
	ID         string        `json:"id" doc:"Unique id of the entry."`
	Seq        int64         `json:"seq" doc:"Position in the hash chain: 1, 2, 3 … without gaps."`
	At         time.Time     `json:"at" doc:"When it was recorded (RFC 3339, UTC)."`
	ActorKind  string        `json:"actor_kind" doc:"Who acted: user, api_key, system, or anonymous (e.g. a failed sign-in)." enum:"user,api_key,system,anonymous"`
	ActorID    string        `json:"actor_id" doc:"Id of the user or API key; empty for system and anonymous actors."`
	ActorName  string        `json:"actor_name" doc:"Display name of the actor at the time (for a failed sign-in, the username tried)."`
	Roles      []string      `json:"roles" doc:"Roles the actor held at the time."`
	UnitIDs    []string      `json:"unit_ids" doc:"Organisation units the actor belonged to at the time."`
	IP         string        `json:"ip" doc:"Client address of the request."`
	UserAgent  string        `json:"user_agent" doc:"User-Agent header of the request."`
	RequestID  string        `json:"request_id" doc:"Id of the request, as in the X-Request-Id header and the server log."`
	Action     string        `json:"action" doc:"What happened, as dotted words." example:"user.create"`
	TargetType string        `json:"target_type" doc:"Kind of thing acted on, e.g. user, role, api_key, survey."`
	TargetID   string        `json:"target_id" doc:"Id of the thing acted on, if any."`
	Outcome    string        `json:"outcome" doc:"Whether it worked." enum:"success,failure,denied"`
	Detail     string        `json:"detail" doc:"Short human-readable note."`
	Changes    []AuditChange `json:"changes" doc:"Fields that changed, with old and new values; secret fields show [redacted]."`
	PrevHash   string        `json:"prev_hash" doc:"Hash of the previous entry (64 zeros for the first)."`
	Hash       string        `json:"hash" doc:"hex(SHA-256(prev_hash || canonical JSON of this entry's content)); see opencem audit verify."`
}

// AuditChange is one changed field in an audit entry.
type AuditChange struct {
	Key string `json:"key" doc:"Path of the field, with dots for nested fields, e.g. settings.smtp_host."`
	Old any    `json:"old" doc:"Value before the change (any JSON value); null when the field did not exist."`
	New any    `json:"new" doc:"Value after the change (any JSON value); null when the field was removed."`
}

// AuditFilterInput filters the audit trail (search and export share it).
type AuditFilterInput struct {
	ActorID    string `query:"actor_id" doc:"Only entries by this user or API key id."`
	Action     string `query:"action" doc:"Only this action; end it with * for a prefix, e.g. auth.*"`
	TargetType string `query:"target_type" doc:"Only entries about this kind of target."`
	TargetID   string `query:"target_id" doc:"Only entries about this target id."`
	Outcome    string `query:"outcome" enum:"success,failure,denied" doc:"Only entries with this outcome."`
	From       string `query:"from" doc:"Only entries recorded at or after this time (RFC 3339, or a date YYYY-MM-DD meaning its start in UTC)."`
	To         string `query:"to" doc:"Only entries recorded before this time (RFC 3339, or a date YYYY-MM-DD meaning its start in UTC)."`
	Q          string `query:"q" doc:"Case-insensitive text to find in the detail, target id or actor name."`
}

// AuditSearchInput filters and pages the audit trail.
type AuditSearchInput struct {
	AuditFilterInput
	Cursor string `query:"cursor" doc:"Cursor from the previous page's meta.next_cursor."`
	Limit  int    `query:"limit" doc:"Page size, 1–500 (default 50)."`
}

// AuditExportInput filters an export of the audit trail.
type AuditExportInput struct {
	AuditFilterInput
	Format string `query:"format" enum:"csv" doc:"File format; csv (the default) is the only one."`
}

func (in *AuditFilterInput) filter() (audit.Filter, error) {
	f := audit.Filter{ActorID: in.ActorID, Action: in.Action, TargetType: in.TargetType, TargetID: in.TargetID, Outcome: in.Outcome, Query: in.Q}
	var err error
	f.From, f.To, err = timeRange(in.From, in.To)
	return f, err
}

// timeRange reads the from and to query parameters: RFC 3339 times, or
// dates meaning their start in UTC; empty means unbounded.
// Errors: invalid_query_parameter, naming each bad parameter.
func timeRange(from, to string) (time.Time, time.Time, error) {
	var out [2]time.Time
	var fields []cem.FieldError
	for i, p := range []struct{ name, raw string }{{"from", from}, {"to", to}} {
		if p.raw == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, p.raw)
		if err != nil {
			t, err = time.Parse(time.DateOnly, p.raw)
		}
		if err != nil {
			fields = append(fields, cem.FieldError{Name: p.name, Reason: "must be an RFC 3339 time such as 2026-03-01T08:00:00+08:00, or a date such as 2026-03-01"})
			continue
		}
		out[i] = t.UTC()
	}
	if len(fields) > 0 {
		return out[0], out[1], &cem.Error{Kind: cem.KindInvalid, Code: cem.CodeInvalidQueryParam, Message: "Some parameters are invalid.", Fields: fields}
	}
	return out[0], out[1], nil
}

func auditEventOut(e *audit.Entry) AuditEvent {
	changes := make([]AuditChange, 0, len(e.Changes))
	for _, c := range e.Changes {
		changes = append(changes, AuditChange{Key: c.Key, Old: c.Old, New: c.New})
	}
	return AuditEvent{ID: e.ID, Seq: e.Seq, At: e.At, ActorKind: e.ActorKind, ActorID: e.ActorID, ActorName: e.ActorName,
		Roles: nonNil(e.Roles), UnitIDs: nonNil(e.UnitIDs), IP: e.IP, UserAgent: e.UserAgent, RequestID: e.RequestID, Action: e.Action,
		TargetType: e.TargetType, TargetID: e.TargetID, Outcome: e.Outcome, Detail: e.Detail, Changes: changes, PrevHash: e.PrevHash, Hash: e.Hash}
}

func (a *API) auditOps() []Op {
	return []Op{
		Handle(Op{ID: "listAuditEvents", Method: http.MethodGet, Path: "/audit-events", Tag: "Audit", Permission: auth.PermAuditRead,
			Summary: "Search the audit trail",
			Description: "Entries matching every given filter, newest first. The trail records every change and security event " +
				"(sign-in, failed sign-in, sign-out, permission denied, export, key use, role grant …) with actor, roles, units, " +
				"address, user agent, request id, target and a before/after diff with secrets redacted.",
			Errors: []string{cem.CodeValidationFailed}},
			func(c *Call, in *AuditSearchInput) (List[AuditEvent], error) {
				f, err := in.filter()
				if err != nil {
					return List[AuditEvent]{}, err
				}
				page, err := a.svc.Audit.Search(c.Ctx, f, Page(in.Cursor, in.Limit))
				if err != nil {
					return List[AuditEvent]{}, err
				}
				out := make([]AuditEvent, 0, len(page.Items))
				for i := range page.Items {
					out = append(out, auditEventOut(&page.Items[i]))
				}
				return List[AuditEvent]{Items: out, NextCursor: page.NextCursor}, nil
			}),
		Handle(Op{ID: "exportAuditEvents", Method: http.MethodGet, Path: "/audit-events/export", Tag: "Audit", Permission: auth.PermAuditRead,
			Summary: "Export the audit trail as CSV",
			Description: "The entries matching the same filters as the search, newest first, as a CSV file streamed as it is read " +
				"(UTF-8 with a byte order mark, so spreadsheet programs show Chinese text correctly). Columns: " + strings.Join(auditCSVHeader, ", ") +
				"; roles and unit_ids are separated by semicolons, changes are JSON. Cells that a spreadsheet would run as a formula are " +
				"prefixed with an apostrophe. The export is itself recorded in the trail (action audit.export) before any entry is sent. " +
				"If the server fails part-way the connection is cut rather than the file ending early.",
			Produces: []string{"text/csv"},
			Errors:   []string{cem.CodeValidationFailed}},
			a.exportAuditEvents),
	}
}

var auditCSVHeader = []string{"seq", "id", "at", "actor_kind", "actor_id", "actor_name", "roles", "unit_ids", "ip", "user_agent",
	"request_id", "action", "target_type", "target_id", "outcome", "detail", "changes", "prev_hash", "hash"}

func (a *API) exportAuditEvents(c *Call, in *AuditExportInput) (Stream, error) {
	if in.Format != "" && in.Format != "csv" {
		return Stream{}, &cem.Error{Kind: cem.KindInvalid, Code: cem.CodeInvalidQueryParam, Message: "Some parameters are invalid.",
			Fields: []cem.FieldError{{Name: "format", Reason: "must be csv"}}}
	}
	f, err := in.filter()
	if err != nil {
		return Stream{}, err
	}
	name := "audit-events-" + time.Now().UTC().Format("20060102T150405Z") + ".csv"
	if c.R.Method == http.MethodHead { // headers only: nothing is read or exported
		return Stream{ContentType: "text/csv; charset=utf-8", Filename: name, Write: func(io.Writer) error { return nil }}, audit.CheckFilter(f)
	}
	rows, err := a.svc.Audit.Export(c.Ctx, f, "csv")
	if err != nil {
		return Stream{}, err
	}
	ctx := c.Ctx
	return Stream{ContentType: "text/csv; charset=utf-8", Filename: name, Write: func(w io.Writer) error {
		if err := writeAuditCSV(w, rows); err != nil {
			a.log.ErrorContext(ctx, "audit export failed part-way", "request_id", cem.RequestIDFrom(ctx), "err", err)
			// Cut the connection: a client must see a broken transfer,
			// never a shorter file that looks complete.
			panic(http.ErrAbortHandler)
		}
		return nil
	}}, nil
}

// writeAuditCSV writes the CSV file; encoding/csv buffers a few KiB and
// flushes as it goes, so rows leave as they are read.
func writeAuditCSV(w io.Writer, rows func(func(*audit.Entry) error) error) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(auditCSVHeader); err != nil {
		return err
	}
	err := rows(func(e *audit.Entry) error {
		changes, err := json.Marshal(e.Changes)
		if err != nil {
			return err
		}
		rec := []string{strconv.FormatInt(e.Seq, 10), e.ID, e.At.UTC().Format(time.RFC3339Nano), e.ActorKind, e.ActorID, e.ActorName,
			strings.Join(e.Roles, ";"), strings.Join(e.UnitIDs, ";"), e.IP, e.UserAgent, e.RequestID, e.Action, e.TargetType, e.TargetID,
			e.Outcome, e.Detail, string(changes), e.PrevHash, e.Hash}
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe defuses spreadsheet formulas (CSV injection): text that a
// spreadsheet would evaluate gets a leading apostrophe. Actor names and
// details can come from anyone, e.g. the username of a failed sign-in.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Alarm is a security alarm as the API shows it.
type Alarm struct {
	ID                 string         `json:"id" doc:"Unique id of the alarm."`
	Kind               string         `json:"kind" doc:"What kind of event raised it, e.g. brute_force, key_disallowed_ip, signature_failures, permission_denied_burst, admin_granted." example:"brute_force"`
	Severity           string         `json:"severity" doc:"How urgent it is; the highest of its raises." enum:"low,medium,high"`
	Subject            string         `json:"subject" doc:"What it is about, e.g. user:li.lei, ip:192.0.2.1, key:ID."`
	Message            string         `json:"message" doc:"Human-readable description of the latest raise."`
	Details            map[string]any `json:"details" doc:"Extra facts of the latest raise."`
	Count              int            `json:"count" doc:"How many times it was raised; raises of an open alarm of the same kind and subject within an hour of the last one count up here."`
	FirstAt            time.Time      `json:"first_at" doc:"First raise (RFC 3339, UTC)."`
	LastAt             time.Time      `json:"last_at" doc:"Latest raise (RFC 3339, UTC)."`
	Status             string         `json:"status" doc:"open until someone acknowledges it." enum:"open,acknowledged"`
	AcknowledgedBy     string         `json:"acknowledged_by" doc:"Id of the user who acknowledged it; empty while open."`
	AcknowledgedByName string         `json:"acknowledged_by_name" doc:"Name of the user who acknowledged it; empty while open."`
	AcknowledgedAt     *time.Time     `json:"acknowledged_at" doc:"When it was acknowledged; null while open."`
	Note               string         `json:"note" doc:"Note left when acknowledging."`
}

func alarmOut(r *alarm.Record) Alarm {
	out := Alarm{ID: r.ID, Kind: r.Kind, Severity: r.Severity, Subject: r.Subject, Message: r.Message, Details: r.Details, Count: r.Count,
		FirstAt: r.FirstAt, LastAt: r.LastAt, Status: r.Status, AcknowledgedBy: r.AcknowledgedBy, AcknowledgedByName: r.AcknowledgedByName, Note: r.Note}
	if out.Details == nil {
		out.Details = map[string]any{}
	}
	if !r.AcknowledgedAt.IsZero() {
		t := r.AcknowledgedAt
		out.AcknowledgedAt = &t
	}
	return out
}

// ListAlarmsInput filters the alarm list.
type ListAlarmsInput struct {
	Status   string `query:"status" enum:"open,acknowledged" doc:"Only open or only acknowledged alarms."`
	Kind     string `query:"kind" doc:"Only alarms of this kind."`
	Severity string `query:"severity" enum:"low,medium,high" doc:"Only alarms of this severity."`
	Cursor   string `query:"cursor" doc:"Cursor from the previous page's meta.next_cursor."`
	Limit    int    `query:"limit" doc:"Page size, 1–500 (default 50)."`
}

// AlarmIDPath names one alarm.
type AlarmIDPath struct {
	ID string `path:"id" doc:"Alarm id."`
}

// AcknowledgeAlarmInput is the body of acknowledgeAlarm.
type AcknowledgeAlarmInput struct {
	ID   string `path:"id" doc:"Alarm id."`
	Note string `json:"note,omitempty" doc:"What was found or done, up to 1000 characters."`
}

// AlarmSummary feeds the app's notification badge.
type AlarmSummary struct {
	Open int `json:"open" doc:"Number of open alarms."`
}

func (a *API) alarmOps() []Op {
	return []Op{
		Handle(Op{ID: "listAlarms", Method: http.MethodGet, Path: "/alarms", Tag: "Alarms", Permission: auth.PermAlarmsManage,
			Summary:     "List security alarms",
			Description: "Open alarms first, then the most recently raised first.",
			Errors:      []string{cem.CodeValidationFailed}},
			func(c *Call, in *ListAlarmsInput) (List[Alarm], error) {
				page, err := a.svc.Alarms.List(c.Ctx, alarm.Filter{Status: in.Status, Kind: in.Kind, Severity: in.Severity}, Page(in.Cursor, in.Limit))
				if err != nil {
					return List[Alarm]{}, err
				}
				out := make([]Alarm, 0, len(page.Items))
				for i := range page.Items {
					out = append(out, alarmOut(&page.Items[i]))
				}
				return List[Alarm]{Items: out, NextCursor: page.NextCursor}, nil
			}),
		Handle(Op{ID: "getAlarmSummary", Method: http.MethodGet, Path: "/alarms/summary", Tag: "Alarms", Permission: auth.PermAlarmsManage,
			Summary: "Count open alarms", Description: "For the notification badge of the admin app."},
			func(c *Call, _ *NoBody) (AlarmSummary, error) {
				n, err := a.svc.Alarms.CountOpen(c.Ctx)
				return AlarmSummary{Open: n}, err
			}),
		Handle(Op{ID: "getAlarm", Method: http.MethodGet, Path: "/alarms/{id}", Tag: "Alarms", Permission: auth.PermAlarmsManage,
			Summary: "Get a security alarm", Errors: []string{alarm.CodeNotFound}},
			func(c *Call, in *AlarmIDPath) (Alarm, error) {
				r, err := a.svc.Alarms.Get(c.Ctx, in.ID)
				if err != nil {
					return Alarm{}, err
				}
				return alarmOut(r), nil
			}),
		Handle(Op{ID: "acknowledgeAlarm", Method: http.MethodPost, Path: "/alarms/{id}/acknowledge", Tag: "Alarms", Permission: auth.PermAlarmsManage,
			Summary:     "Acknowledge a security alarm",
			Description: "Marks an open alarm as seen to, with an optional note; recorded in the audit trail. A later raise of the same kind and subject opens a new alarm.",
			Errors:      []string{alarm.CodeNotFound, alarm.CodeAlreadyAcknowledged}},
			func(c *Call, in *AcknowledgeAlarmInput) (Alarm, error) {
				r, err := a.svc.Alarms.Acknowledge(c.Ctx, in.ID, in.Note)
				if err != nil {
					return Alarm{}, err
				}
				return alarmOut(r), nil
			}),
	}
}
