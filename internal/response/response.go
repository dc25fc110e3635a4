// Package response collects answers (issue #5): the public submit path with
// partial save and resume, re-validation by the survey engine, quotas
// counted atomically, one answer per device, robot and forwarding checks,
// and the researcher's view of responses. Nothing submitted is ever
// silently dropped: duplicates, quota-full, screened-out and low-quality
// responses are kept and flagged, and only counted responses enter metrics.
package response

import (
	"context"
	"encoding/json"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// Statuses of a response.
const (
	StatusPartial     = "partial"      // saved page by page, not submitted
	StatusComplete    = "complete"     // submitted and complete
	StatusScreenedOut = "screened_out" // ended by a screen-out rule
	StatusQuotaFull   = "quota_full"   // ended because a quota was full
)

// Validity overrides a researcher can set: auto follows the quality checks.
const (
	ValidityAuto    = "auto"
	ValidityValid   = "valid"
	ValidityInvalid = "invalid"
)

// Response is one respondent's answers to one survey version.
type Response struct {
	ID           string
	SurveyID     string
	Version      int
	UnitID       string
	Status       string
	Validity     string
	QualityScore int      // 0–100
	QualityFlags []string // reasons, e.g. "too_fast", "honeypot"
	Duplicate    bool
	Counted      bool // enters metrics: complete, not duplicate, not flagged (unless restored)
	Answers      json.RawMessage
	RawAnswers   json.RawMessage
	Params       map[string]string
	Channel      string
	CurrentPage  string
	Ending       string
	Quotas       []string // quotas this response counted in
	Timing       map[string]int
	Consent      Consent
	DeviceID     string
	OpenID       string
	InviteToken  string
	ContactID    string
	IP           string
	UserAgent    string
	ResumeHash   string
	StartedAt    time.Time
	UpdatedAt    time.Time
	SubmittedAt  time.Time
	ResumeUntil  time.Time
	DeletedAt    time.Time
}

// Consent records the answer to the privacy notice (clause 6.1f).
type Consent struct {
	Given bool      `json:"given" doc:"True when the respondent accepted the privacy notice."`
	At    time.Time `json:"at,omitzero" doc:"When the server recorded the answer."`
}

// Fact is one typed answer value for analytics.
type Fact struct {
	QuestionID string
	Item       string
	Code       string
	Num        *float64
	Text       string
}

// Key is a dedupe key claimed by a response (Store.InsertKeys).
type Key struct{ SurveyID, Kind, Key, ResponseID string }

// NewResponse is a response to insert with its facts (Store.InsertResponses).
type NewResponse struct {
	R     *Response
	Facts []Fact
	// Prepared is Store.PrepareNew's encoding of R and Facts, or nil.
	Prepared any
}

// Filter narrows a response list.
type Filter struct {
	SurveyID string
	Status   string
	Quality  string // valid (counted), flagged, invalid
	Channel  string
	From, To time.Time
	Query    string // matches answer text
	Scope    cem.Scope
}

// Store persists responses. Every method joins the transaction in ctx.
type Store interface {
	// Response returns a response by id, whatever its survey (no scope).
	Response(ctx context.Context, id string) (*Response, error)
	// ResponseInScope returns a response whose unit lies in scope.
	ResponseInScope(ctx context.Context, scope cem.Scope, id string) (*Response, error)
	ResponseByResume(ctx context.Context, hash string) (*Response, error)
	// InsertResponse stores a new response; an existing id yields CodeResponseExists.
	InsertResponse(ctx context.Context, r *Response) error
	UpdateResponse(ctx context.Context, r *Response) error
	// UpdatePartial is UpdateResponse for the submit path: it writes only
	// while the stored response is still partial, else CodeResponseExists
	// (another submit of the same id finished it first; its outcome stands).
	UpdatePartial(ctx context.Context, r *Response) error
	// ReplaceFacts replaces the facts of the stored response r;
	// CodeResponseNotFound when there is none.
	ReplaceFacts(ctx context.Context, r *Response, facts []Fact) error
	// InsertFacts adds the facts of the stored response r, which has none
	// yet; CodeResponseNotFound when there is none.
	InsertFacts(ctx context.Context, r *Response, facts []Fact) error
	// PrepareNew encodes, without I/O, what InsertResponses will write for
	// r and facts, except what the group commit may still change (status,
	// quality, duplicate, counted, quotas, read from r when inserting): the
	// submit path calls it before queueing, so the encoding is not done
	// inside the transaction every submit waits for.
	PrepareNew(r *Response, facts []Fact) NewResponse
	// InsertResponses stores new responses with their facts in multi-row
	// statements; any existing id yields CodeResponseExists (and nothing
	// is known about the others).
	InsertResponses(ctx context.Context, rs []NewResponse) error
	// ClaimKey records that the response owns key (kind device, openid,
	// invite, contact); false when another response owns it.
	ClaimKey(ctx context.Context, surveyID, kind, key, responseID string) (bool, error)
	// KeyOwner returns the response that claimed a key first.
	KeyOwner(ctx context.Context, surveyID, kind, key string) (*Response, error)
	// KeyOwners returns, for those of keys (of one survey and kind) that
	// are claimed, the id of the response that owns each.
	KeyOwners(ctx context.Context, surveyID, kind string, keys []string) (map[string]string, error)
	// InsertKeys claims keys in multi-row statements; a key claimed
	// already fails it with a database error (no cem.Error).
	InsertKeys(ctx context.Context, keys []Key) error
	// AddQuota increments a quota's count if it is below limit; false when full.
	AddQuota(ctx context.Context, surveyID, quotaID string, limit int) (bool, error)
	// AddQuotaN adds n places if the count stays within limit; false if not.
	AddQuotaN(ctx context.Context, surveyID, quotaID string, n, limit int) (bool, error)
	QuotaCounts(ctx context.Context, surveyID string) (map[string]int, error)
	// ReleaseQuota gives back one place of a quota (never below zero).
	ReleaseQuota(ctx context.Context, surveyID, quotaID string) error
	AddRefusal(ctx context.Context, surveyID string, day time.Time) error
	Refusals(ctx context.Context, surveyID string) (int, error)
	Responses(ctx context.Context, f Filter, p cem.PageRequest) (cem.Page[*Response], error)
	// EachResponse calls fn for every response matching f, in submit order,
	// reading in batches (exports stream).
	EachResponse(ctx context.Context, f Filter, fn func(*Response) error) error
	CountResponses(ctx context.Context, surveyID string) (map[string]int, error)
}

// Error codes of this package.
var (
	CodeResponseNotFound = cem.Define(cem.KindNotFound, "response_not_found", "No response has this id, or it is outside your data scope.")
	CodeResponseExists   = cem.Define(cem.KindConflict, "response_exists", "A response with this id exists already.")
	CodeResponseIDTaken  = cem.Define(cem.KindConflict, "response_id_taken", "This response id belongs to another survey; generate a new id.")
	CodeSurveyClosed     = cem.Define(cem.KindConflict, "survey_closed", "The survey is closed and takes no more answers.")
	CodeSurveyNotOpen    = cem.Define(cem.KindNotFound, "survey_not_open", "The survey is not published (or was deleted).")
	CodeResponseFinal    = cem.Define(cem.KindConflict, "response_submitted", "The response was already submitted; it cannot be changed.")
	CodeResumeExpired    = cem.Define(cem.KindNotFound, "resume_expired", "The resume link is unknown or has expired.")
	CodeAnswersInvalid   = cem.Define(cem.KindInvalid, "answers_invalid", "Some answers are missing or invalid; see error.fields (one per question).")
	CodeConsentRequired  = cem.Define(cem.KindInvalid, "consent_required", "The survey collects personal information: the respondent must accept the privacy notice first.")
)
