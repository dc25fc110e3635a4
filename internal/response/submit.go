package response

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/logic"
)

// SurveySource is what the submit path needs from the survey store.
type SurveySource interface {
	// PublicSurveyByCode returns the survey behind a public code without
	// its draft, as of this process's last committed change to it (and at
	// most a second behind other processes'); the result is shared and
	// must not be modified.
	PublicSurveyByCode(ctx context.Context, code string) (*survey.Survey, error)
	// Survey returns a survey by id within scope.
	Survey(ctx context.Context, scope cem.Scope, id string) (*survey.Survey, error)
	Version(ctx context.Context, surveyID string, version int) (*survey.Version, error)
}

// Service runs the submit path and the researcher's view of responses.
type Service struct {
	store   Store
	surveys SurveySource
	tx      Transactor
	batch   *batcher // group commit of submits (batch.go)
	counter cem.Counter
	audit   audit.Recorder
	now     func() time.Time
	defs    sync.Map // "surveyID/version" → *survey.Definition; versions never change
	seen    seenIDs  // response ids this process has stored (submit)
	// IPRate is how many submits one address may make per minute.
	IPRate int
}

// NewService returns the response service; now may be nil for time.Now.
func NewService(store Store, surveys SurveySource, tx Transactor, counter cem.Counter, rec audit.Recorder, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, surveys: surveys, tx: tx, batch: &batcher{tx: tx, store: store}, counter: counter, audit: rec, now: now, IPRate: 300}
}

// Submission is what the respondent page sends: a page save (Final false)
// or the final submit. The client makes ID, so a retry finds the first try.
type Submission struct {
	ID          string
	SurveyCode  string
	Version     int // 0: the latest published version
	Answers     map[string]json.RawMessage
	Params      map[string]string
	CurrentPage string
	Final       bool
	Timing      map[string]int
	DeviceID    string
	OpenID      string
	InviteToken string
	ContactID   string
	Consent     *Consent
	Honeypot    string
	Token       string
	StartedAt   time.Time
	IP          string
	UserAgent   string
}

// Outcome is what the respondent page learns about its submission.
type Outcome struct {
	ID          string
	Status      string
	Version     int
	Ending      string
	Message     survey.Text // quota-full message
	Redirect    string      // quota-full redirect
	ResumeToken string      // set when a partial response is first saved
	ResumeUntil time.Time
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// Submit stores a page save or the final submit. Anyone may call it (the
// public respondent page); it is rate limited per address. A retried submit
// with the same id returns the first outcome and never makes a duplicate.
// The final submit is re-validated by the survey engine and acknowledged
// only after it is committed. Errors: validation_failed (malformed input),
// answers_invalid (fields name the questions), consent_required,
// survey_not_open, survey_closed, response_id_taken, rate_limited.
func (s *Service) Submit(ctx context.Context, in Submission) (*Outcome, error) {
	now := s.now().UTC()
	if !idRE.MatchString(in.ID) {
		return nil, cem.Invalid("The response id must be 16–64 letters, digits, _ or -.", cem.FieldError{Name: "id", Reason: "malformed"})
	}
	if s.counter != nil {
		n, err := s.counter.Add(ctx, "submit_ip:"+in.IP, time.Minute, now)
		if err != nil {
			return nil, err
		}
		if n > s.IPRate {
			e := cem.E(cem.CodeRateLimited, "Too many submissions from your address; try again in a minute.")
			e.RetryAfter = cem.WindowStart(now, time.Minute).Add(time.Minute).Sub(now)
			return nil, e
		}
	}
	out, err := s.submit(ctx, in, now, false)
	if errors.Is(err, errStoredPartial) {
		out, err = s.submit(ctx, in, now, true)
	}
	if errors.Is(err, errStoredPartial) {
		// Read as absent, then found partial twice: another submit of the
		// same id keeps winning; the client's retry will settle it.
		return nil, cem.E(CodeResponseExists, "Another submit of this response is in progress; try again.")
	}
	return out, err
}

// errStoredPartial: a final submit taken as new found a partial response
// of its id (or must know whether one exists before it stores anything
// else); it runs again with the stored one read.
var errStoredPartial = errors.New("response: a partial response of this id exists")

// submit is Submit after the rate limit. A final submit of an id this
// process has not stored is taken as new without a read (the common case:
// a one-page survey, or every page on one visit): if the id exists after
// all (a retry, a page saved by another process or before a restart), its
// insert fails and the batch answers with the stored outcome, or, for a
// partial, errStoredPartial sends it round again with lookup set.
func (s *Service) submit(ctx context.Context, in Submission, now time.Time, lookup bool) (*Outcome, error) {
	sv, def, version, err := s.open(ctx, in.SurveyCode, in.Version)
	if err != nil {
		return nil, err
	}
	if sv.Settings.Privacy.PersonalInfo() && (in.Consent == nil || !in.Consent.Given) {
		return nil, cem.E(CodeConsentRequired, "Please read and accept the privacy notice to take part.")
	}
	var prev *Response
	read := lookup || s.lookedUp(in)
	if read {
		if prev, err = s.store.Response(ctx, in.ID); err != nil && cem.CodeOf(err) != CodeResponseNotFound {
			return nil, err
		}
	}
	if prev != nil {
		if prev.SurveyID != sv.ID {
			return nil, cem.E(CodeResponseIDTaken, "This response id is used by another survey.")
		}
		if prev.Status != StatusPartial {
			return s.outcomeOf(sv, prev), nil // idempotent retry of a final submit
		}
		version = prev.Version
		if def, err = s.definition(ctx, sv.ID, version); err != nil {
			return nil, err
		}
	}
	in.Answers = nonNilAnswers(in.Answers)
	// The stored response needs the answers, values and errors, not the
	// display texts.
	res := survey.Evaluate(def, survey.Input{Answers: in.Answers, Params: in.Params, Now: now, Seed: in.ID, CurrentPage: pageFor(in), OmitTexts: true})
	r := s.draftResponse(sv, version, prev, in, res, now)
	if !in.Final {
		// The token goes to the first save that can hand it over: a
		// refused final submit before it stored the response without one.
		return s.savePartial(ctx, sv, r, prev == nil, r.ResumeHash == "", now)
	}
	if !res.Complete {
		if !read {
			// Not read (see above): a stored response of this id must be
			// found before these answers are kept (or refused) in its place.
			return nil, errStoredPartial
		}
		// Keep what was sent (nothing is lost) and say what is wrong.
		if _, err := s.savePartial(ctx, sv, r, prev == nil, false, now); err != nil {
			return nil, err
		}
		return nil, answersInvalid(res)
	}
	return s.finalise(ctx, sv, def, r, res, in, prev == nil, now)
}

// lookedUp reports whether submit reads the stored response of in.ID
// before anything else: for page saves, and for ids this process stored.
func (s *Service) lookedUp(in Submission) bool { return !in.Final || s.seen.has(in.ID) }

// open finds the published survey by code and the version to answer.
func (s *Service) open(ctx context.Context, code string, version int) (*survey.Survey, *survey.Definition, int, error) {
	sv, err := s.surveys.PublicSurveyByCode(ctx, code)
	if cem.CodeOf(err) == survey.CodeSurveyNotFound || (err == nil && sv.PublishedVersion == 0) {
		return nil, nil, 0, cem.E(CodeSurveyNotOpen, "This survey is not available.")
	}
	if err != nil {
		return nil, nil, 0, err
	}
	if sv.Status == survey.StatusClosed {
		return nil, nil, 0, cem.E(CodeSurveyClosed, "This survey is closed. Thank you for your interest.")
	}
	if version <= 0 || version > sv.PublishedVersion {
		version = sv.PublishedVersion
	}
	def, err := s.definition(ctx, sv.ID, version)
	return sv, def, version, err
}

// published is a published version as the respondent path uses it: parsed,
// and re-encoded for the page (its rich text sanitised; the stored
// document keeps what the designer typed). Versions never change, so each
// is built once per process.
type published struct {
	def  *survey.Definition
	json []byte
}

// definition parses a published version once per process.
func (s *Service) definition(ctx context.Context, surveyID string, version int) (*survey.Definition, error) {
	p, err := s.published(ctx, surveyID, version)
	if err != nil {
		return nil, err
	}
	return p.def, nil
}

func (s *Service) published(ctx context.Context, surveyID string, version int) (*published, error) {
	key := surveyID + "/" + strconv.Itoa(version)
	if p, ok := s.defs.Load(key); ok {
		return p.(*published), nil
	}
	v, err := s.surveys.Version(ctx, surveyID, version)
	if err != nil {
		return nil, err
	}
	def, err := survey.Parse(v.Definition)
	if err != nil {
		return nil, fmt.Errorf("response: published version %s does not parse: %w", key, err)
	}
	b, err := json.Marshal(def)
	if err != nil {
		return nil, cem.Internal(err)
	}
	p, _ := s.defs.LoadOrStore(key, &published{def: def, json: b})
	return p.(*published), nil
}

func pageFor(in Submission) string {
	if in.Final {
		return ""
	}
	return in.CurrentPage
}

func nonNilAnswers(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return map[string]json.RawMessage{}
	}
	return m
}

// draftResponse builds the row to store from the submission.
func (s *Service) draftResponse(sv *survey.Survey, version int, prev *Response, in Submission, res *survey.Result, now time.Time) *Response {
	r := &Response{ID: in.ID, SurveyID: sv.ID, Version: version, UnitID: sv.UnitID, Status: StatusPartial, Validity: ValidityAuto,
		QualityScore: 100, QualityFlags: []string{}, Quotas: []string{}, StartedAt: now}
	if prev != nil {
		r = prev
	}
	raw, _ := marshalAnswers(in.Answers)
	clean := raw // usually nothing was cleaned: encode once
	if !sameAnswers(in.Answers, res.Answers) {
		clean, _ = marshalAnswers(res.Answers)
	}
	r.RawAnswers, r.Answers = raw, clean
	r.Params, r.Channel, r.CurrentPage = in.Params, in.Params["ch"], in.CurrentPage
	if r.Params == nil {
		r.Params = map[string]string{}
	}
	r.Timing = mergeTiming(r.Timing, in.Timing)
	collects := sv.Settings.Privacy.Collects
	keep := func(item, v string) string {
		if slices.Contains(collects, item) || sv.Settings.Dedupe.Device && item == survey.CollectDevice {
			return truncate(v, 128)
		}
		return ""
	}
	r.DeviceID, r.OpenID, r.ContactID = keep(survey.CollectDevice, in.DeviceID), keep(survey.CollectOpenID, in.OpenID), keep(survey.CollectContact, in.ContactID)
	r.InviteToken = truncate(in.InviteToken, 128)
	r.IP = in.IP
	if sv.Settings.AnonymiseIP || !slices.Contains(collects, survey.CollectIP) {
		r.IP = anonymise(in.IP)
	}
	r.UserAgent = truncate(in.UserAgent, 512)
	if in.Consent != nil {
		r.Consent = Consent{Given: in.Consent.Given, At: now}
	}
	r.UpdatedAt = now
	return r
}

func mergeTiming(old, add map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range old {
		out[k] = v
	}
	for k, v := range add {
		if len(out) >= 500 || v < 0 {
			continue
		}
		out[truncate(k, 64)] = min(v, 24*3600*1000)
	}
	return out
}

// savePartial stores a page save, issuing a resume token when asked to.
func (s *Service) savePartial(ctx context.Context, sv *survey.Survey, r *Response, isNew, issueToken bool, now time.Time) (*Outcome, error) {
	out := &Outcome{ID: r.ID, Status: StatusPartial, Version: r.Version}
	if issueToken && sv.Settings.Resume.Enabled {
		tok := cem.RandomToken(20)
		r.ResumeHash, r.ResumeUntil = hashResume(tok), now.Add(time.Duration(sv.Settings.Resume.ExpiryDays)*24*time.Hour)
		out.ResumeToken, out.ResumeUntil = tok, r.ResumeUntil
	}
	prepared := s.store.PrepareNew(r, nil)
	err := s.batch.do(ctx, func(ctx context.Context) error {
		if isNew {
			if deferInsert(ctx, prepared) {
				return nil
			}
			return s.store.InsertResponse(ctx, r)
		}
		return s.store.UpdatePartial(ctx, r)
	})
	if cem.CodeOf(err) == CodeResponseExists {
		return s.retryAfterRace(ctx, sv, r.ID, false)
	}
	if err == nil {
		s.seen.add(r.ID)
	}
	return out, err
}

// retryAfterRace answers a submit whose insert found its id taken: by a
// submit of the same id that won a race, or one this process did not know
// of (see submit). A finished response's outcome stands; a partial one is
// for a final submit to finish (errStoredPartial).
func (s *Service) retryAfterRace(ctx context.Context, sv *survey.Survey, id string, final bool) (*Outcome, error) {
	r, err := s.store.Response(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.SurveyID != sv.ID {
		return nil, cem.E(CodeResponseIDTaken, "This response id is used by another survey.")
	}
	if final && r.Status == StatusPartial {
		return nil, errStoredPartial
	}
	s.seen.add(id)
	return s.outcomeOf(sv, r), nil
}

func (s *Service) outcomeOf(sv *survey.Survey, r *Response) *Outcome {
	out := &Outcome{ID: r.ID, Status: r.Status, Version: r.Version, Ending: r.Ending}
	if r.Status == StatusQuotaFull {
		for _, q := range sv.Settings.Quotas {
			if slices.Contains(r.QualityFlags, "quota:"+q.ID) {
				out.Message, out.Redirect = q.Message, q.Redirect
			}
		}
	}
	return out
}

func answersInvalid(res *survey.Result) error {
	var f []cem.FieldError
	for q, e := range res.Errors {
		f = append(f, cem.FieldError{Name: q, Reason: e.Code})
	}
	slices.SortFunc(f, func(a, b cem.FieldError) int { return cmpString(a.Name, b.Name) })
	return &cem.Error{Kind: cem.KindInvalid, Code: CodeAnswersInvalid, Message: "Some answers are missing or invalid.", Fields: f}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func hashResume(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// finalise runs the checks on a complete response and stores it.
func (s *Service) finalise(ctx context.Context, sv *survey.Survey, def *survey.Definition, r *Response, res *survey.Result, in Submission, isNew bool, now time.Time) (*Outcome, error) {
	st := sv.Settings
	r.Status, r.Ending, r.SubmittedAt, r.CurrentPage = StatusComplete, res.Ending, now, ""
	if res.Outcome == survey.EndScreenOut {
		r.Status = StatusScreenedOut
	}
	r.ResumeHash = ""
	flags := []string{}
	if in.Honeypot != "" {
		flags = append(flags, FlagHoneypot)
	}
	if st.Validity.RequireToken && !ValidToken(in.ID, sv.Code, in.Token) {
		flags = append(flags, FlagNoToken)
	}
	started := r.StartedAt
	if !in.StartedAt.IsZero() && in.StartedAt.Before(started) && now.Sub(in.StartedAt) < 7*24*time.Hour {
		started = in.StartedAt
	}
	r.StartedAt = started // the respondent's start, so durations mean something
	if now.Sub(started) < time.Duration(minSeconds(def, st))*time.Second {
		flags = append(flags, FlagTooFast)
	}
	if straightLined(def, res.Answers) {
		flags = append(flags, FlagStraight)
	}
	if gibberish(def, res.Answers) {
		flags = append(flags, FlagGibberish)
	}
	if s.counter != nil && r.IP != "" {
		if n, err := s.counter.Add(ctx, "submit_burst:"+sv.ID+":"+r.IP, burstWindow, now); err == nil && n > burstLimit {
			flags = append(flags, FlagBurst)
		}
	}
	r.QualityFlags, r.QualityScore = flags, score(flags)
	facts := factsOf(def, res)
	// Which quotas it falls in depends on its answers only: worked out
	// here, not in the committer every submit waits for.
	quotas := matchingQuotas(sv, r.Channel, newQuotaEnv(res, in.Params, now))
	// The batch may run the writes more than once (batch.go): each run
	// starts from the response as it is now.
	base := *r
	base.QualityFlags, base.Quotas = slices.Clone(r.QualityFlags), slices.Clone(r.Quotas)
	// Encoded here, not in the committer; the fields the batch decides are
	// read from r when it is inserted.
	prepared := s.store.PrepareNew(r, facts)
	err := s.batch.doPrepared(ctx, finalPrep(sv, r, quotas), func(ctx context.Context) error {
		*r = base
		r.QualityFlags, r.Quotas = slices.Clone(base.QualityFlags), slices.Clone(base.Quotas)
		return s.finalWrites(ctx, sv, r, quotas, prepared, isNew, now)
	})
	if cem.CodeOf(err) == CodeResponseExists {
		return s.retryAfterRace(ctx, sv, r.ID, true)
	}
	if err != nil {
		return nil, err
	}
	s.seen.add(r.ID)
	return s.outcomeOf(sv, r), nil
}

// finalPrep declares the keys finalWrites may claim for r and whether it
// may count quotas (batchstate.go).
func finalPrep(sv *survey.Survey, r *Response, quotas []survey.Quota) *itemPrep {
	p := &itemPrep{keys: dedupeKeys(sv, r)}
	if len(quotas) > 0 {
		p.surveys = []string{sv.ID}
	}
	return p
}

// dedupeKeys are the keys r claims under sv's one-answer-per rules, in
// claim order (the invitation last: whether it was forwarded depends on
// the others).
func dedupeKeys(sv *survey.Survey, r *Response) []claimKey {
	d := sv.Settings.Dedupe
	var keys []claimKey
	for _, c := range []struct {
		on        bool
		kind, key string
	}{{d.Device, "device", r.DeviceID}, {d.OpenID, "openid", r.OpenID}, {d.Contact, "contact", r.ContactID}, {d.Invite, "invite", r.InviteToken}} {
		if c.on && c.key != "" {
			keys = append(keys, claimKey{sv.ID, c.kind, c.key})
		}
	}
	return keys
}

// finalWrites claims the response's dedupe keys, counts it in its quotas
// and stores it with its facts, inside the caller's transaction. A full
// quota with action end or redirect stores it as quota_full instead, with
// the places it had taken given back, so no quota is ever over-filled and
// none counts a response that ended.
func (s *Service) finalWrites(ctx context.Context, sv *survey.Survey, r *Response, quotas []survey.Quota, prepared NewResponse, isNew bool, now time.Time) error {
	facts := prepared.Facts
	if err := s.claimKeys(ctx, sv, r, now); err != nil {
		return err
	}
	if r.Status == StatusComplete && !r.Duplicate && r.QualityScore >= FlagBelow {
		full, err := s.countQuotas(ctx, sv, r, quotas, false)
		if err != nil {
			return err
		}
		if full != nil {
			r.Status, r.Quotas = StatusQuotaFull, []string{}
			r.QualityFlags = append(r.QualityFlags, "quota:"+full.ID)
		}
	}
	r.Counted = counted(r)
	if isNew {
		if deferInsert(ctx, prepared) {
			return nil
		}
		if err := s.store.InsertResponse(ctx, r); err != nil {
			return err
		}
		return s.store.InsertFacts(ctx, r, facts)
	}
	// Only a response still partial: a concurrent final submit of the same
	// id, read before either committed, must not count its quotas twice.
	if err := s.store.UpdatePartial(ctx, r); err != nil {
		return err
	}
	return s.store.ReplaceFacts(ctx, r, facts)
}

// claimKeys enforces one answer per device, openid, invitation and contact,
// and the per-address limit (clause 6.3.2e). A duplicate is kept and
// flagged, never counted.
func (s *Service) claimKeys(ctx context.Context, sv *survey.Survey, r *Response, now time.Time) error {
	for _, k := range dedupeKeys(sv, r) {
		ok, handled := false, false
		if bs := batchFrom(ctx); bs != nil {
			ok, handled = bs.claim(k, r.ID)
		}
		if !handled {
			var err error
			if ok, err = s.store.ClaimKey(ctx, k.survey, k.kind, k.key, r.ID); err != nil {
				return err
			}
		}
		if ok {
			continue
		}
		r.Duplicate = true
		if !slices.Contains(r.QualityFlags, FlagDuplicate) {
			r.QualityFlags = append(r.QualityFlags, FlagDuplicate)
		}
		// An invitation answered from another device or openid than the
		// one that used it first was forwarded to someone else.
		if k.kind == "invite" {
			if first, err := s.firstOwner(ctx, sv.ID, r); err == nil && first != nil &&
				(first.DeviceID != r.DeviceID || first.OpenID != r.OpenID) {
				r.QualityFlags = append(r.QualityFlags, FlagForwarded)
				r.QualityScore = score(r.QualityFlags)
			}
		}
	}
	d := sv.Settings.Dedupe
	if d.IPLimit > 0 && r.IP != "" && s.counter != nil {
		n, err := s.counter.Add(ctx, "dedupe_ip:"+sv.ID+":"+r.IP, time.Duration(d.IPWindowHours)*time.Hour, now)
		if err != nil {
			return err
		}
		if n > d.IPLimit {
			r.Duplicate = true
			r.QualityFlags = append(r.QualityFlags, FlagIPLimit)
		}
	}
	return nil
}

// firstOwner is the response that claimed r's invitation first.
func (s *Service) firstOwner(ctx context.Context, surveyID string, r *Response) (*Response, error) {
	if first := pendingOwner(ctx, surveyID, r.InviteToken); first != nil {
		return first, nil
	}
	// A claim settled in memory is not in the table until the batch ends.
	if bs := batchFrom(ctx); bs != nil {
		if id, ok := bs.owners[claimKey{surveyID, "invite", r.InviteToken}]; ok {
			return s.store.Response(ctx, id)
		}
	}
	return s.store.KeyOwner(ctx, surveyID, "invite", r.InviteToken)
}

// matchingQuotas are the quotas of sv whose channel and condition a
// response on channel with the values in env matches.
func matchingQuotas(sv *survey.Survey, channel string, env logic.Env) []survey.Quota {
	var out []survey.Quota
	for _, q := range sv.Settings.Quotas {
		if q.Channel != "" && q.Channel != channel {
			continue
		}
		if q.Condition != "" {
			e, err := parseCondition(q.Condition)
			if err != nil {
				continue // refused when saved; a definition change can orphan it
			}
			if ok, err := logic.EvalBool(e, env); err != nil || !ok {
				continue
			}
		}
		out = append(out, q)
	}
	return out
}

// countQuotas counts r in each of quotas (matchingQuotas) that it does
// not hold a place in already. A full quota with action flag is passed
// with r flagged over_quota (at submit), unless strict (a restore: it then
// ends like the others). Any other full quota gives back the places this
// call took and is returned: the caller must not count r.
func (s *Service) countQuotas(ctx context.Context, sv *survey.Survey, r *Response, quotas []survey.Quota, strict bool) (*survey.Quota, error) {
	var took []string
	for _, q := range quotas {
		if slices.Contains(r.Quotas, q.ID) {
			continue
		}
		ok, handled := false, false
		bs := batchFrom(ctx)
		if bs != nil {
			ok, handled = bs.addQuota(sv.ID, q.ID, q.Limit)
		}
		if !handled {
			var err error
			if ok, err = s.store.AddQuota(ctx, sv.ID, q.ID, q.Limit); err != nil {
				return nil, err
			}
		}
		if ok {
			took = append(took, q.ID)
			r.Quotas = append(r.Quotas, q.ID)
			continue
		}
		if q.Action == survey.QuotaFlag && !strict {
			r.QualityFlags = append(r.QualityFlags, FlagOverQuota, "quota:"+q.ID)
			continue
		}
		for _, id := range took {
			if bs != nil && bs.releaseQuota(sv.ID, id) {
				continue
			}
			if err := s.store.ReleaseQuota(ctx, sv.ID, id); err != nil {
				return nil, err
			}
		}
		r.Quotas = slices.DeleteFunc(r.Quotas, func(id string) bool { return slices.Contains(took, id) })
		return &q, nil
	}
	return nil, nil
}

// conditions caches parsed quota conditions: a submit evaluates them all.
var conditions sync.Map // source → *logic.Expr or error

func parseCondition(src string) (*logic.Expr, error) {
	if v, ok := conditions.Load(src); ok {
		if err, bad := v.(error); bad {
			return nil, err
		}
		return v.(*logic.Expr), nil
	}
	e, err := logic.Parse(src)
	if err != nil {
		conditions.Store(src, err)
		return nil, err
	}
	conditions.Store(src, e)
	return e, nil
}

// quotaEnv exposes the evaluated values and parameters to quota
// conditions: answers by id (and id.item), $param.x from the evaluated
// hidden fields or else the raw URL parameters, and $var.x. It reads
// res.Values in place rather than copying them into maps at every submit.
type quotaEnv struct {
	values map[string]logic.Value
	params map[string]string
	now    time.Time
}

func newQuotaEnv(res *survey.Result, params map[string]string, now time.Time) *quotaEnv {
	return &quotaEnv{values: res.Values, params: params, now: now}
}

// Lookup implements logic.Env.
func (e *quotaEnv) Lookup(r logic.Ref) logic.Value {
	switch r.Scope {
	case logic.ScopeParam:
		if v, ok := e.values["$param."+r.Name]; ok {
			return v
		}
		if s, ok := e.params[r.Name]; ok {
			return logic.String(s)
		}
		return logic.Null
	case logic.ScopeVar:
		return e.values["$var."+r.Name]
	case logic.ScopeContact:
		return logic.Null
	}
	if r.Attr == logic.AttrText || r.Attr == logic.AttrOther || r.Name == "" || r.Name[0] == '$' {
		return logic.Null
	}
	if r.Item != "" {
		return e.values[r.Name+"."+r.Item]
	}
	return e.values[r.Name]
}

// Now implements logic.Env.
func (e *quotaEnv) Now() time.Time { return e.now }
