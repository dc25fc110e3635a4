package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// Responses implements response.Store.
type Responses struct{ db *sqldb.DB }

// NewResponses returns the response store over db.
func NewResponses(db *sqldb.DB) *Responses { return &Responses{db: db} }

var _ response.Store = (*Responses)(nil)

func responseNotFound() error {
	return cem.E(response.CodeResponseNotFound, "The response was not found.")
}

const responseColumns = `id, survey_id, version, COALESCE(unit_id, ''), status, validity, quality_score, quality_flags, duplicate, counted,
	answers, raw_answers, params, channel, current_page, ending, quotas, timing, consent, device_id, openid, invite_token, contact_id,
	ip, user_agent, resume_hash, started_at, updated_at, submitted_at, resume_expires, deleted_at`

// responseWriteColumns are the stored columns in responseArgs order (after id).
var responseWriteColumns = strings.Split(strings.ReplaceAll(strings.Replace(responseColumns, "COALESCE(unit_id, '')", "unit_id", 1), "\n", ""), ",")

func responseArgs(r *response.Response) []any {
	return []any{r.SurveyID, r.Version, nullable(r.UnitID), r.Status, r.Validity, r.QualityScore, sqldb.JSON(nonNil(r.QualityFlags)), r.Duplicate,
		r.Counted, string(orEmpty(r.Answers)), string(orEmpty(r.RawAnswers)), sqldb.JSON(nonNilMapS(r.Params)), r.Channel, r.CurrentPage, r.Ending,
		sqldb.JSON(nonNil(r.Quotas)), sqldb.JSON(nonNilMapI(r.Timing)), sqldb.JSON(r.Consent), r.DeviceID, r.OpenID, r.InviteToken, r.ContactID,
		r.IP, r.UserAgent, r.ResumeHash, sqldb.Time{Time: r.StartedAt}, sqldb.Time{Time: r.UpdatedAt}, sqldb.Time{Time: r.SubmittedAt},
		sqldb.Time{Time: r.ResumeUntil}, sqldb.Time{Time: r.DeletedAt}}
}

func scanResponse(row scanner) (*response.Response, error) {
	var r response.Response
	var answers, raw []byte
	var started, updated, submitted, resume, deleted sqldb.Time
	err := row.Scan(&r.ID, &r.SurveyID, &r.Version, &r.UnitID, &r.Status, &r.Validity, &r.QualityScore, sqldb.ScanJSON(&r.QualityFlags),
		&r.Duplicate, &r.Counted, &answers, &raw, sqldb.ScanJSON(&r.Params), &r.Channel, &r.CurrentPage, &r.Ending, sqldb.ScanJSON(&r.Quotas),
		sqldb.ScanJSON(&r.Timing), sqldb.ScanJSON(&r.Consent), &r.DeviceID, &r.OpenID, &r.InviteToken, &r.ContactID, &r.IP, &r.UserAgent,
		&r.ResumeHash, &started, &updated, &submitted, &resume, &deleted)
	r.Answers, r.RawAnswers = answers, raw
	r.StartedAt, r.UpdatedAt, r.SubmittedAt, r.ResumeUntil, r.DeletedAt = started.Time, updated.Time, submitted.Time, resume.Time, deleted.Time
	return &r, err
}

func (s *Responses) one(ctx context.Context, q string, args ...any) (*response.Response, error) {
	r, err := scanResponse(s.db.QueryRow(ctx, `SELECT `+responseColumns+` FROM responses WHERE `+q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, responseNotFound()
	}
	return r, wrap("get response", err)
}

// Response implements response.Store.
func (s *Responses) Response(ctx context.Context, id string) (*response.Response, error) {
	return s.one(ctx, `id = ?`, id)
}

// ResponseInScope implements response.Store.
func (s *Responses) ResponseInScope(ctx context.Context, scope cem.Scope, id string) (*response.Response, error) {
	cond, args := scopeClause("unit_id", scope)
	return s.one(ctx, `id = ? AND deleted_at IS NULL AND `+cond, append([]any{id}, args...)...)
}

// ResponseByResume implements response.Store.
func (s *Responses) ResponseByResume(ctx context.Context, hash string) (*response.Response, error) {
	return s.one(ctx, `resume_hash = ? AND resume_hash <> '' AND deleted_at IS NULL`, hash)
}

// InsertResponse implements response.Store.
func (s *Responses) InsertResponse(ctx context.Context, r *response.Response) error {
	_, err := s.db.Exec(ctx, `INSERT INTO responses (`+strings.Join(responseWriteColumns, ",")+`) VALUES (?, `+placeholders(len(responseWriteColumns)-1)+`)`,
		append([]any{r.ID}, responseArgs(r)...)...)
	if s.db.IsUniqueViolation(err) {
		return cem.E(response.CodeResponseExists, "The response exists already.")
	}
	return wrap("insert response", err)
}

// preparedNew is PrepareNew's encoding: responseArgs(r) and the fact rows
// with every driver.Valuer resolved (JSON and times encoded), so that
// nothing but the columns the group commit decides is encoded in the
// transaction.
type preparedNew struct {
	r     *response.Response
	args  []any
	facts []any // factColumns values per fact
}

// mutableColumns are the responseArgs positions of the columns the group
// commit may still change after PrepareNew, in mutableArgs order;
// InsertResponses reads them from the response.
var mutableColumns = func() (idx []int) {
	for _, name := range []string{"status", "quality_score", "quality_flags", "duplicate", "counted", "quotas"} {
		i := slices.IndexFunc(responseWriteColumns[1:], func(c string) bool { return strings.TrimSpace(c) == name })
		if i < 0 {
			panic("store: no response column " + name)
		}
		idx = append(idx, i)
	}
	return idx
}()

// mutableArgs are r's values of mutableColumns.
func mutableArgs(r *response.Response) [6]any {
	return [6]any{r.Status, r.QualityScore, sqldb.JSON(nonNil(r.QualityFlags)), r.Duplicate, r.Counted, sqldb.JSON(nonNil(r.Quotas))}
}

// PrepareNew implements response.Store.
func (s *Responses) PrepareNew(r *response.Response, facts []response.Fact) response.NewResponse {
	p := &preparedNew{r: r, args: resolve(responseArgs(r)), facts: factRows(facts)}
	return response.NewResponse{R: r, Facts: facts, Prepared: p}
}

// resolve replaces each driver.Valuer in args by its value (an encoding
// error is left for the statement to report).
func resolve(args []any) []any {
	for i, a := range args {
		if v, ok := a.(driver.Valuer); ok {
			if x, err := v.Value(); err == nil {
				args[i] = x
			}
		}
	}
	return args
}

// InsertResponses implements response.Store: up to 50 responses per
// statement, then their facts 100 rows per statement, in ctx's transaction
// or one of its own (the fact ids are read and used in one).
func (s *Responses) InsertResponses(ctx context.Context, rs []response.NewResponse) error {
	if !sqldb.InTransaction(ctx) {
		return s.db.InTx(ctx, func(ctx context.Context) error { return s.InsertResponses(ctx, rs) })
	}
	ps := make([]*preparedNew, len(rs))
	counts := make([]int, len(rs))
	for i, n := range rs {
		p, ok := n.Prepared.(*preparedNew)
		if !ok || p.r != n.R || len(p.facts) != factColumns*len(n.Facts) {
			p = s.PrepareNew(n.R, n.Facts).Prepared.(*preparedNew)
		}
		ps[i], counts[i] = p, len(n.Facts)
	}
	from, err := s.factRanges(ctx, counts)
	if err != nil {
		return err
	}
	buf := valueBufs.Get().(*[]driver.NamedValue)
	defer valueBufs.Put(buf)
	args := *buf
	for i := 0; i < len(ps); i += 50 {
		chunk := ps[i:min(i+50, len(ps))]
		args = args[:0]
		for k, p := range chunk {
			args = appendValues(args, p.r.ID)
			at := len(args)
			args = appendValues(args, p.args...)
			fresh := mutableArgs(p.r)
			for k, j := range mutableColumns {
				args[at+j].Value = fresh[k]
			}
			args = appendValues(args, from[i+k], int64(counts[i+k]))
		}
		_, err := s.db.ExecValues(ctx, responseInserts[len(chunk)], args)
		if s.db.IsUniqueViolation(err) {
			return cem.E(response.CodeResponseExists, "The response exists already.")
		}
		if err != nil {
			return wrap("insert responses", err)
		}
	}
	w := factWriter{s: s, args: args[:0]}
	defer func() { *buf = w.args[:0] }()
	for i, p := range ps {
		if err := w.addRows(ctx, p.facts, from[i]); err != nil {
			return err
		}
	}
	return w.flush(ctx)
}

// FactsOf is the SQL condition that selects, as rf, the answer facts of
// the response row named r (migration 0008), for joins and EXISTS tests.
func FactsOf(r string) string {
	return `rf.id >= ` + r + `.facts_from AND rf.id < ` + r + `.facts_from + ` + r + `.facts_n`
}

// factBlock is the most facts one response may have: on PostgreSQL each
// response's range starts a block of this many ids (migration 0008).
const factBlock = 1 << 20

// factRanges returns the first fact id of each of responses with counts[i]
// facts (0 for none). On SQLite the one writer hands out the ids after the
// last one, so that fact inserts append; on PostgreSQL each response with
// facts draws a block from a sequence, which concurrent writers share
// without waiting for each other.
func (s *Responses) factRanges(ctx context.Context, counts []int) ([]int64, error) {
	from := make([]int64, len(counts))
	need := 0
	for _, n := range counts {
		if n > factBlock {
			return nil, cem.E(cem.CodeValidationFailed, "A response has more answer values than can be stored.")
		}
		if n > 0 {
			need++
		}
	}
	if need == 0 {
		return from, nil
	}
	if s.db.Dialect != sqldb.Postgres {
		var last int64
		if err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM response_facts`).Scan(&last); err != nil {
			return nil, wrap("fact ids", err)
		}
		for i, n := range counts {
			if n > 0 {
				from[i], last = last+1, last+int64(n)
			}
		}
		return from, nil
	}
	rows, err := s.db.Query(ctx, `SELECT nextval('response_fact_blocks') FROM generate_series(1, ?)`, need)
	if err != nil {
		return nil, wrap("fact ids", err)
	}
	defer rows.Close()
	for i, n := range counts {
		if n == 0 {
			continue
		}
		if !rows.Next() {
			return nil, wrap("fact ids", errors.Join(rows.Err(), errors.New("too few ids")))
		}
		if err := rows.Scan(&from[i]); err != nil {
			return nil, wrap("fact ids", err)
		}
	}
	return from, wrap("fact ids", rows.Err())
}

// valueBufs are argument buffers of InsertResponses, which the group
// commit calls for every batch.
var valueBufs = sync.Pool{New: func() any { return new([]driver.NamedValue) }}

// appendValues appends vs to args as the next statement arguments.
func appendValues(args []driver.NamedValue, vs ...any) []driver.NamedValue {
	for _, v := range vs {
		args = append(args, driver.NamedValue{Ordinal: len(args) + 1, Value: v})
	}
	return args
}

// factWriter gathers fact rows into multi-row inserts of up to 100 rows.
// On PostgreSQL each row carries its id. On SQLite the id is left NULL,
// so that SQLite gives each row the id after the table's last one and
// appends it without looking up the id first (explicit ids cost a search
// of the table per row). That is exactly the id factRanges handed out, as
// the one writer inserts the facts in id order right after reading the
// last id; flush checks it by the last id SQLite gave.
type factWriter struct {
	s    *Responses
	args []driver.NamedValue
	n    int
	last int64 // the id of the last row queued
}

// factColumns is the number of values per fact row.
const factColumns = 5

// factRows are the values of the fact rows of facts, in order, with the id
// left for factWriter: a fact's code or its text (never both) is its value.
func factRows(facts []response.Fact) []any {
	rows := make([]any, 0, factColumns*len(facts))
	for _, f := range facts {
		var num any
		if f.Num != nil {
			num = *f.Num
		}
		value := f.Code
		if value == "" {
			value = f.Text
		}
		rows = append(rows, nil, f.QuestionID, f.Item, value, num)
	}
	return rows
}

// addRows queues fact rows made by factRows.
func (w *factWriter) addRows(ctx context.Context, rows []any, from int64) error {
	explicit := w.s.db.Dialect == sqldb.Postgres
	for len(rows) > 0 {
		k := min(100-w.n, len(rows)/factColumns)
		at := len(w.args)
		w.args = appendValues(w.args, rows[:k*factColumns]...)
		for j := 0; explicit && j < k; j++ {
			w.args[at+j*factColumns].Value = from + int64(j)
		}
		w.last, from = from+int64(k)-1, from+int64(k)
		rows = rows[k*factColumns:]
		if w.n += k; w.n == 100 {
			if err := w.flush(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *factWriter) flush(ctx context.Context) error {
	if w.n == 0 {
		return nil
	}
	res, err := w.s.db.ExecValues(ctx, factInserts[w.n], w.args)
	w.args, w.n = w.args[:0], 0
	if err == nil && w.s.db.Dialect != sqldb.Postgres {
		var last int64
		if last, err = res.LastInsertId(); err == nil && last != w.last {
			err = fmt.Errorf("facts were given ids up to %d, not %d", last, w.last)
		}
	}
	return wrap("insert facts", err)
}

// responseInserts are the multi-row response INSERT statements by row
// count: the written columns and then where the response's facts are.
var responseInserts = func() (q [51]string) {
	row := "(" + placeholders(len(responseWriteColumns)+2) + ")"
	for n := 1; n <= 50; n++ {
		q[n] = `INSERT INTO responses (` + strings.Join(responseWriteColumns, ",") + `, facts_from, facts_n) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	}
	return q
}()

// updateResponseSQL writes every column of a response by id.
var updateResponseSQL = func() string {
	var set []string
	for _, c := range responseWriteColumns[1:] {
		set = append(set, strings.TrimSpace(c)+" = ?")
	}
	return `UPDATE responses SET ` + strings.Join(set, ", ") + ` WHERE id = ?`
}()

// UpdateResponse implements response.Store.
func (s *Responses) UpdateResponse(ctx context.Context, r *response.Response) error {
	res, err := s.db.Exec(ctx, updateResponseSQL, append(responseArgs(r), r.ID)...)
	return affectedOne(res, err, "update response", responseNotFound)
}

// UpdatePartial implements response.Store.
func (s *Responses) UpdatePartial(ctx context.Context, r *response.Response) error {
	res, err := s.db.Exec(ctx, updateResponseSQL+` AND status = ?`, append(responseArgs(r), r.ID, response.StatusPartial)...)
	return affectedOne(res, err, "update partial response", func() error {
		return cem.E(response.CodeResponseExists, "The response was finished by another submit of the same id.")
	})
}

// ReplaceFacts implements response.Store.
func (s *Responses) ReplaceFacts(ctx context.Context, r *response.Response, facts []response.Fact) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `DELETE FROM response_facts WHERE id >= (SELECT facts_from FROM responses WHERE id = ?)
			AND id < (SELECT facts_from + facts_n FROM responses WHERE id = ?)`, r.ID, r.ID); err != nil {
			return wrap("clear facts", err)
		}
		return s.InsertFacts(ctx, r, facts)
	})
}

// InsertFacts implements response.Store: one multi-row insert per 100
// facts rather than a statement per fact, then the response's range, in
// ctx's transaction or one of its own (the ids are read and used in one).
func (s *Responses) InsertFacts(ctx context.Context, r *response.Response, facts []response.Fact) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		from, err := s.factRanges(ctx, []int{len(facts)})
		if err != nil {
			return err
		}
		w := factWriter{s: s}
		if err := w.addRows(ctx, factRows(facts), from[0]); err != nil {
			return err
		}
		if err := w.flush(ctx); err != nil {
			return err
		}
		res, err := s.db.Exec(ctx, `UPDATE responses SET facts_from = ?, facts_n = ? WHERE id = ?`, from[0], len(facts), r.ID)
		return affectedOne(res, err, "insert facts", responseNotFound)
	})
}

// factInserts are the fact INSERT statements by row count, built once so
// that the prepared-statement cache finds the same string every time.
var factInserts = func() (q [101]string) {
	for n := 1; n <= 100; n++ {
		q[n] = `INSERT INTO response_facts (id, question_id, item, value, num) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", n), ", ")
	}
	return q
}()

// ClaimKey implements response.Store: the primary key decides atomically,
// across processes, who owns a key.
func (s *Responses) ClaimKey(ctx context.Context, surveyID, kind, key, responseID string) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO response_keys (survey_id, kind, key, response_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		surveyID, kind, key, responseID)
	if err != nil {
		return false, wrap("claim key", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 1 {
		return n == 1, wrap("claim key", err)
	}
	// Claimed already: by this very response (a retry) counts as ours.
	var owner string
	err = s.db.QueryRow(ctx, `SELECT response_id FROM response_keys WHERE survey_id = ? AND kind = ? AND key = ?`, surveyID, kind, key).Scan(&owner)
	return owner == responseID, wrap("claim key", err)
}

// KeyOwner implements response.Store.
func (s *Responses) KeyOwner(ctx context.Context, surveyID, kind, key string) (*response.Response, error) {
	return s.one(ctx, `id = (SELECT response_id FROM response_keys WHERE survey_id = ? AND kind = ? AND key = ?)`, surveyID, kind, key)
}

// KeyOwners implements response.Store.
func (s *Responses) KeyOwners(ctx context.Context, surveyID, kind string, keys []string) (map[string]string, error) {
	out := map[string]string{}
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 100)]
		keys = keys[len(chunk):]
		args := []any{surveyID, kind}
		for _, k := range chunk {
			args = append(args, k)
		}
		rows, err := s.db.Query(ctx, `SELECT key, response_id FROM response_keys WHERE survey_id = ? AND kind = ? AND key IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, wrap("key owners", err)
		}
		for rows.Next() {
			var k, owner string
			if err := rows.Scan(&k, &owner); err != nil {
				rows.Close()
				return nil, wrap("key owners", err)
			}
			out[k] = owner
		}
		if err := rows.Close(); err != nil {
			return nil, wrap("key owners", err)
		}
	}
	return out, nil
}

// InsertKeys implements response.Store: 100 keys per statement.
func (s *Responses) InsertKeys(ctx context.Context, keys []response.Key) error {
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 100)]
		keys = keys[len(chunk):]
		args := make([]any, 0, 4*len(chunk))
		for _, k := range chunk {
			args = append(args, k.SurveyID, k.Kind, k.Key, k.ResponseID)
		}
		if _, err := s.db.Exec(ctx, keyInserts[len(chunk)], args...); err != nil {
			return wrap("insert keys", err)
		}
	}
	return nil
}

var keyInserts = func() (q [101]string) {
	for n := 1; n <= 100; n++ {
		q[n] = `INSERT INTO response_keys (survey_id, kind, key, response_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ")
	}
	return q
}()

// AddQuota implements response.Store: one conditional upsert, so that
// concurrent submits in any number of processes never pass the limit (the
// row is locked and the condition re-checked on the latest count).
func (s *Responses) AddQuota(ctx context.Context, surveyID, quotaID string, limit int) (bool, error) {
	return s.AddQuotaN(ctx, surveyID, quotaID, 1, limit)
}

// AddQuotaN implements response.Store, as AddQuota.
func (s *Responses) AddQuotaN(ctx context.Context, surveyID, quotaID string, n, limit int) (bool, error) {
	if n <= 0 || n > limit {
		return false, nil
	}
	res, err := s.db.Exec(ctx, `INSERT INTO quota_counts (survey_id, quota_id, n) VALUES (?, ?, ?)
		ON CONFLICT (survey_id, quota_id) DO UPDATE SET n = quota_counts.n + excluded.n WHERE quota_counts.n + excluded.n <= ?`,
		surveyID, quotaID, n, limit)
	if err != nil {
		return false, wrap("count quota", err)
	}
	affected, err := res.RowsAffected()
	return affected == 1, wrap("count quota", err)
}

// ReleaseQuota implements response.Store.
func (s *Responses) ReleaseQuota(ctx context.Context, surveyID, quotaID string) error {
	_, err := s.db.Exec(ctx, `UPDATE quota_counts SET n = n - 1 WHERE survey_id = ? AND quota_id = ? AND n > 0`, surveyID, quotaID)
	return wrap("release quota", err)
}

// QuotaCounts implements response.Store.
func (s *Responses) QuotaCounts(ctx context.Context, surveyID string) (map[string]int, error) {
	type kv struct {
		k string
		n int
	}
	rows, err := queryAll(ctx, s.db, "quota counts", `SELECT quota_id, n FROM quota_counts WHERE survey_id = ?`, []any{surveyID},
		func(r scanner) (kv, error) {
			var x kv
			return x, r.Scan(&x.k, &x.n)
		})
	out := map[string]int{}
	for _, x := range rows {
		out[x.k] = x.n
	}
	return out, err
}

// AddRefusal implements response.Store.
func (s *Responses) AddRefusal(ctx context.Context, surveyID string, day time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO consent_refusals (survey_id, day, n) VALUES (?, ?, 1)
		ON CONFLICT (survey_id, day) DO UPDATE SET n = consent_refusals.n + 1`, surveyID, day.UTC().Format("2006-01-02"))
	return wrap("count refusal", err)
}

// Refusals implements response.Store.
func (s *Responses) Refusals(ctx context.Context, surveyID string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM consent_refusals WHERE survey_id = ?`, surveyID).Scan(&n)
	return n, wrap("refusals", err)
}

// CountResponses implements response.Store: counts by status, plus
// "counted" and "flagged".
func (s *Responses) CountResponses(ctx context.Context, surveyID string) (map[string]int, error) {
	out := map[string]int{}
	var counted, flagged int
	type kv struct {
		k string
		n int
	}
	rows, err := queryAll(ctx, s.db, "count responses", `SELECT status, COUNT(*) FROM responses WHERE survey_id = ? AND deleted_at IS NULL GROUP BY status`,
		[]any{surveyID}, func(r scanner) (kv, error) {
			var x kv
			return x, r.Scan(&x.k, &x.n)
		})
	if err != nil {
		return nil, err
	}
	for _, x := range rows {
		out[x.k] = x.n
	}
	err = s.db.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM responses WHERE survey_id = ? AND deleted_at IS NULL AND counted = ?),
		(SELECT COUNT(*) FROM responses WHERE survey_id = ? AND deleted_at IS NULL AND status <> 'partial' AND counted = ?)`,
		surveyID, true, surveyID, false).Scan(&counted, &flagged)
	out["counted"], out["not_counted"] = counted, flagged
	return out, wrap("count responses", err)
}

func orEmpty(b []byte) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

func nonNilMapS(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilMapI(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

func responseWhere(f response.Filter) ([]string, []any) {
	cond, args := scopeClause("unit_id", f.Scope)
	where := []string{"deleted_at IS NULL", cond}
	add := func(c string, a ...any) { where, args = append(where, c), append(args, a...) }
	if f.SurveyID != "" {
		add("survey_id = ?", f.SurveyID)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	switch f.Quality {
	case "valid":
		add("counted = ?", true)
	case "flagged":
		add("counted = ? AND status <> 'partial' AND validity <> 'invalid'", false)
	case "invalid":
		add("validity = 'invalid'")
	}
	if f.Channel != "" {
		add("channel = ?", f.Channel)
	}
	if !f.From.IsZero() {
		add("updated_at >= ?", sqldb.Time{Time: f.From})
	}
	if !f.To.IsZero() {
		add("updated_at < ?", sqldb.Time{Time: f.To})
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// Option codes and texts share the value column, so one pattern
		// finds a text containing q and a code equal to it.
		add(`EXISTS (SELECT 1 FROM response_facts rf WHERE `+FactsOf("responses")+` AND LOWER(rf.value) LIKE ? ESCAPE '\')`,
			"%"+escapeLike(strings.ToLower(q))+"%")
	}
	return where, args
}

// Responses implements response.Store: newest change first, keyset paging.
func (s *Responses) Responses(ctx context.Context, f response.Filter, p cem.PageRequest) (cem.Page[*response.Response], error) {
	where, args := responseWhere(f)
	where, args, err := newestAfter(p.Cursor, where, args)
	if err != nil {
		return cem.Page[*response.Response]{}, err
	}
	args = append(args, p.Limit+1)
	items, err := queryAll(ctx, s.db, "list responses", `SELECT `+responseColumns+` FROM responses WHERE `+strings.Join(where, " AND ")+
		` ORDER BY updated_at DESC, id DESC LIMIT ?`, args, scanResponse)
	if err != nil {
		return cem.Page[*response.Response]{}, err
	}
	return newestPage(items, p.Limit, func(r *response.Response) (time.Time, string) { return r.UpdatedAt, r.ID }), nil
}

// EachResponse implements response.Store: batches of 500 in (started_at,
// id) order, so memory stays flat however many responses there are.
func (s *Responses) EachResponse(ctx context.Context, f response.Filter, fn func(*response.Response) error) error {
	where, args := responseWhere(f)
	var afterAt sqldb.Time
	afterID := ""
	for {
		w, a := append([]string(nil), where...), append([]any(nil), args...)
		if afterID != "" {
			w = append(w, "(started_at > ? OR (started_at = ? AND id > ?))")
			a = append(a, afterAt, afterAt, afterID)
		}
		a = append(a, 500)
		batch, err := queryAll(ctx, s.db, "export responses", `SELECT `+responseColumns+` FROM responses WHERE `+strings.Join(w, " AND ")+
			` ORDER BY started_at, id LIMIT ?`, a, scanResponse)
		if err != nil {
			return err
		}
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(batch) < 500 {
			return nil
		}
		last := batch[len(batch)-1]
		afterAt, afterID = sqldb.Time{Time: last.StartedAt}, last.ID
	}
}
