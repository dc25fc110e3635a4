package httpapi

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/region"
)

// DeviceCookie is the first-party cookie that identifies a respondent's
// browser for one-answer-per-device (with the page's local id as fallback).
const DeviceCookie = "opencem_device"

// OpenIDSource gives the WeChat openid verified for a request (the sealed
// cookie of WeChat web authorisation, internal/wechat), or "".
type OpenIDSource interface {
	VerifiedOpenID(r *http.Request) string
}

// PublicSurveyOut is what the respondent page loads.
type PublicSurveyOut struct {
	SurveyID   string          `json:"survey_id" doc:"Survey id."`
	Code       string          `json:"code" doc:"Public code."`
	Version    int             `json:"version" doc:"Published version being answered; send it back with the response."`
	Title      string          `json:"title" doc:"Survey title."`
	Definition json.RawMessage `json:"definition" doc:"The published definition (format: /api/v1/schemas/survey.json)."`
	Settings   json.RawMessage `json:"settings" doc:"Collection settings the page needs: privacy notice, mode, theme, resume, validity."`
	PowBits    int             `json:"pow_bits" doc:"Leading zero bits the proof-of-work token must produce: SHA-256 of \"id:code:token\"."`
	ServerTime time.Time       `json:"server_time" doc:"The server's clock, for the page's timing."`
}

// CodePath names a survey by public code.
type CodePath struct {
	Code string `path:"code" doc:"Public code of the survey (from its link /s/{code})."`
}

// SubmitInput is a page save or the final submit of a response.
type SubmitInput struct {
	ID          string                     `json:"id" doc:"Response id made by the client (16–64 letters, digits, _ or -); a retry with the same id returns the first outcome."`
	SurveyCode  string                     `json:"survey_code" doc:"Public code of the survey."`
	Version     int                        `json:"version,omitempty" doc:"Version the respondent saw (from the survey load); default the latest."`
	Answers     map[string]json.RawMessage `json:"answers,omitempty" doc:"Answers by question id (docs/survey-format.md)."`
	Params      map[string]string          `json:"params,omitempty" doc:"URL parameters: ch for the channel, hidden fields, anything else to keep (clause 6.3.2a)."`
	CurrentPage string                     `json:"current_page,omitempty" doc:"Page the respondent is on (page saves)."`
	Final       bool                       `json:"final,omitempty" doc:"True for the final submit; false saves the page (partial response)."`
	Timing      map[string]int             `json:"timing,omitempty" doc:"Milliseconds spent per page or question id."`
	DeviceID    string                     `json:"device_id,omitempty" doc:"The page's local device id (the first-party cookie takes precedence)."`
	OpenID      string                     `json:"openid,omitempty" doc:"WeChat openid, when the page runs inside WeChat with it. Ignored when the server has WeChat configured: the openid verified by WeChat web authorisation (a sealed cookie) is used instead (docs/wechat.md)."`
	InviteToken string                     `json:"invite_token,omitempty" doc:"Single-use invitation token from the link."`
	ContactID   string                     `json:"contact_id,omitempty" doc:"Contact the invitation was for."`
	Consent     *response.Consent          `json:"consent,omitempty" doc:"The respondent's answer to the privacy notice (required when the survey collects personal information)."`
	Website     string                     `json:"website,omitempty" doc:"Honeypot: a hidden field people never fill; leave it empty."`
	Token       string                     `json:"token,omitempty" doc:"Proof-of-work token (see pow_bits)."`
	StartedAt   *time.Time                 `json:"started_at,omitempty" doc:"When the respondent opened the survey, by the page's clock."`
}

// SubmitOutput tells the page what happened.
type SubmitOutput struct {
	ID          string            `json:"id" doc:"Response id."`
	Status      string            `json:"status" enum:"partial,complete,screened_out,quota_full" doc:"Status after this submission."`
	Version     int               `json:"version" doc:"Version answered."`
	Ending      string            `json:"ending" doc:"Ending to show, if the definition has one."`
	Message     map[string]string `json:"message" doc:"Quota-full message by locale, if any."`
	Redirect    string            `json:"redirect" doc:"Where to send the respondent when a quota is full, if configured."`
	ResumeToken string            `json:"resume_token,omitempty" doc:"First page save only: token for resuming (keep it locally or in a link)."`
	ResumeUntil *time.Time        `json:"resume_until,omitempty" doc:"When the resume token expires."`
}

// ResumeInput carries a resume token.
type ResumeInput struct {
	Token string `query:"token" doc:"Resume token from the first page save."`
}

// ResumeOutput is a partial response to continue.
type ResumeOutput struct {
	ID          string                     `json:"id" doc:"Response id; keep using it."`
	SurveyID    string                     `json:"survey_id" doc:"Survey id."`
	Version     int                        `json:"version" doc:"Version being answered."`
	Answers     map[string]json.RawMessage `json:"answers" doc:"Answers saved so far."`
	Params      map[string]string          `json:"params" doc:"URL parameters of the first visit."`
	CurrentPage string                     `json:"current_page" doc:"Page to continue on."`
}

func (a *API) respondentOps() []Op {
	open := []string{response.CodeSurveyNotOpen, response.CodeSurveyClosed}
	return []Op{
		Handle(Op{ID: "getPublicSurvey", Method: http.MethodGet, Path: "/public/surveys/{code}", Tag: "Respondents", Permission: auth.PermPublic,
			Summary: "Load a published survey for answering", Description: "Sets the first-party device cookie used for one answer per device.", Errors: open},
			func(c *Call, in *CodePath) (PublicSurveyOut, error) {
				ps, err := a.svc.Responses.Public(c.Ctx, in.Code)
				if err != nil {
					return PublicSurveyOut{}, err
				}
				if ck, err := c.R.Cookie(DeviceCookie); err != nil || ck.Value == "" {
					http.SetCookie(c.W, &http.Cookie{Name: DeviceCookie, Value: cem.RandomToken(16), Path: "/", HttpOnly: true,
						SameSite: http.SameSiteLaxMode, Secure: a.SecureCookies || isTLS(c.R), MaxAge: 2 * 365 * 24 * 3600})
				}
				st := ps.Survey.Settings
				// wechat_auth tells the page that code and state in its URL are
				// WeChat's (a failed authorisation leaves them), not parameters.
				wechatAuth := a.svc.OpenIDs != nil && st.NeedsOpenID()
				settings, _ := json.Marshal(map[string]any{"privacy": st.Privacy, "personal_info": st.Privacy.PersonalInfo(), "mode": st.Mode,
					"theme": st.Theme, "resume": st.Resume, "require_token": st.Validity.RequireToken, "wechat_auth": wechatAuth})
				return PublicSurveyOut{SurveyID: ps.Survey.ID, Code: ps.Survey.Code, Version: ps.Version, Title: ps.Survey.Title,
					Definition: ps.Definition, Settings: settings, PowBits: response.PowBits, ServerTime: time.Now().UTC()}, nil
			}),
		Handle(Op{ID: "declineSurvey", Method: http.MethodPost, Path: "/public/surveys/{code}/decline", Tag: "Respondents", Permission: auth.PermPublic,
			Summary: "Decline the privacy notice", Description: "Counts the refusal; nothing else is stored (clause 6.1f).", Errors: open},
			func(c *Call, in *CodePath) (NoContent, error) {
				return NoContent{}, a.svc.Responses.Decline(c.Ctx, in.Code)
			}),
		Handle(Op{ID: "submitResponse", Method: http.MethodPost, Path: "/responses", Tag: "Respondents", Permission: auth.PermPublic, MaxBody: 2 << 20,
			Summary: "Save a page or submit a response",
			Description: "Public and rate limited per address. The client makes the id, so a retried submit returns the first outcome and never creates a duplicate. " +
				"The final submit is re-validated by the survey engine and acknowledged only after it is durably committed; quotas are counted atomically. " +
				"With WeChat configured, the openid is the one WeChat web authorisation verified (sealed cookie); a body openid is ignored.",
			Errors: append([]string{response.CodeAnswersInvalid, response.CodeConsentRequired, response.CodeResponseIDTaken, cem.CodeRateLimited}, open...)},
			func(c *Call, in *SubmitInput) (SubmitOutput, error) {
				sub := response.Submission{ID: in.ID, SurveyCode: in.SurveyCode, Version: in.Version, Answers: in.Answers, Params: in.Params,
					CurrentPage: in.CurrentPage, Final: in.Final, Timing: in.Timing, DeviceID: in.DeviceID, OpenID: in.OpenID, InviteToken: in.InviteToken,
					ContactID: in.ContactID, Consent: in.Consent, Honeypot: in.Website, Token: in.Token, IP: clientIP(c.R), UserAgent: c.R.UserAgent()}
				if ck, err := c.R.Cookie(DeviceCookie); err == nil && ck.Value != "" {
					sub.DeviceID = ck.Value
				}
				if a.svc.OpenIDs != nil {
					// A body openid is spoofable; only WeChat's verified one
					// counts for dedupe and forwarding (clause 6.3.2e).
					sub.OpenID = a.svc.OpenIDs.VerifiedOpenID(c.R)
				}
				if in.StartedAt != nil {
					sub.StartedAt = *in.StartedAt
				}
				out, err := a.svc.Responses.Submit(c.Ctx, sub)
				if err != nil {
					return SubmitOutput{}, err
				}
				return SubmitOutput{ID: out.ID, Status: out.Status, Version: out.Version, Ending: out.Ending, Message: nonNilMap(out.Message),
					Redirect: out.Redirect, ResumeToken: out.ResumeToken, ResumeUntil: timePtr(out.ResumeUntil)}, nil
			}),
		Handle(Op{ID: "resumeResponse", Method: http.MethodGet, Path: "/responses/resume", Tag: "Respondents", Permission: auth.PermPublic,
			Summary: "Continue a partial response", Errors: []string{response.CodeResumeExpired}},
			func(c *Call, in *ResumeInput) (ResumeOutput, error) {
				r, err := a.svc.Responses.Resume(c.Ctx, in.Token)
				if err != nil {
					return ResumeOutput{}, err
				}
				var answers map[string]json.RawMessage
				_ = json.Unmarshal(r.RawAnswers, &answers)
				return ResumeOutput{ID: r.ID, SurveyID: r.SurveyID, Version: r.Version, Answers: raws(answers), Params: nonNilMap(r.Params), CurrentPage: r.CurrentPage}, nil
			}),
	}
}

// ResponseOut is a response as the researcher sees it.
type ResponseOut struct {
	ID           string                     `json:"id" doc:"Response id."`
	SurveyID     string                     `json:"survey_id" doc:"Survey id."`
	Version      int                        `json:"version" doc:"Version answered."`
	Status       string                     `json:"status" enum:"partial,complete,screened_out,quota_full" doc:"Where the response ended."`
	Validity     string                     `json:"validity" enum:"auto,valid,invalid" doc:"auto follows the quality checks; valid and invalid are a researcher's decision."`
	Counted      bool                       `json:"counted" doc:"Whether it enters metrics."`
	QualityScore int                        `json:"quality_score" doc:"0–100; below 60 the response is flagged."`
	QualityFlags []string                   `json:"quality_flags" doc:"Reasons: honeypot, no_token, too_fast, straight_lining, gibberish, burst, forwarded, duplicate, ip_limit, over_quota, quota:<id>."`
	Duplicate    bool                       `json:"duplicate" doc:"A second answer from the same device, openid, invitation, contact or over the address limit."`
	Channel      string                     `json:"channel" doc:"Channel from the ch parameter."`
	Params       map[string]string          `json:"params" doc:"URL parameters recorded with the response."`
	Answers      map[string]json.RawMessage `json:"answers" doc:"Cleaned answers by question id."`
	Timing       map[string]int             `json:"timing" doc:"Milliseconds per page or question."`
	Quotas       []string                   `json:"quotas" doc:"Quotas the response counted in."`
	Consent      response.Consent           `json:"consent" doc:"Answer to the privacy notice."`
	IP           string                     `json:"ip" doc:"Address (anonymised when the survey says so)."`
	UserAgent    string                     `json:"user_agent" doc:"Browser."`
	StartedAt    time.Time                  `json:"started_at" doc:"First save."`
	SubmittedAt  *time.Time                 `json:"submitted_at" doc:"Final submit, or null for a partial response."`
}

func responseOut(r *response.Response) ResponseOut {
	var answers map[string]json.RawMessage
	_ = json.Unmarshal(r.Answers, &answers)
	timing := r.Timing
	if timing == nil {
		timing = map[string]int{}
	}
	return ResponseOut{ID: r.ID, SurveyID: r.SurveyID, Version: r.Version, Status: r.Status, Validity: r.Validity, Counted: r.Counted,
		QualityScore: r.QualityScore, QualityFlags: nonNil(r.QualityFlags), Duplicate: r.Duplicate, Channel: r.Channel, Params: nonNilMap(r.Params),
		Answers: raws(answers), Timing: timing, Quotas: nonNil(r.Quotas), Consent: r.Consent, IP: r.IP, UserAgent: r.UserAgent,
		StartedAt: r.StartedAt, SubmittedAt: timePtr(r.SubmittedAt)}
}

// ResponseFilterInput filters a survey's responses (list and export share it).
type ResponseFilterInput struct {
	ID      string `path:"id" doc:"Survey id."`
	Status  string `query:"status" enum:"partial,complete,screened_out,quota_full" doc:"Only responses with this status."`
	Quality string `query:"quality" enum:"valid,flagged,invalid" doc:"valid: counted; flagged: kept but not counted; invalid: marked invalid."`
	Channel string `query:"channel" doc:"Only this channel."`
	From    string `query:"from" doc:"Changed at or after this time (RFC 3339, or a date meaning its start in UTC)."`
	To      string `query:"to" doc:"Changed before this time (RFC 3339, or a date meaning its start in UTC)."`
	Q       string `query:"q" doc:"Matches open-text answers (also other-texts) or an option code."`
}

// ListResponsesInput filters and pages a survey's responses.
type ListResponsesInput struct {
	ResponseFilterInput
	Cursor string `query:"cursor" doc:"Cursor from the previous page's meta.next_cursor."`
	Limit  int    `query:"limit" doc:"Page size, 1–500 (default 50)."`
}

// ExportResponsesInput filters an export and chooses its form.
type ExportResponsesInput struct {
	ResponseFilterInput
	Format string `query:"format" enum:"csv,xlsx" doc:"File format, csv (default) or xlsx."`
	Labels string `query:"labels" enum:"codes,labels" doc:"Answers as option codes (default) or labels."`
}

func (in *ResponseFilterInput) filter() (response.Filter, error) {
	f := response.Filter{SurveyID: in.ID, Status: in.Status, Quality: in.Quality, Channel: in.Channel, Query: in.Q}
	var err error
	f.From, f.To, err = timeRange(in.From, in.To)
	return f, err
}

// ValidityInput is the body of setResponseValidity.
type ValidityInput struct {
	ID       string `path:"id" doc:"Response id."`
	Validity string `json:"validity" enum:"auto,valid,invalid" doc:"valid restores a flagged response into the metrics; invalid removes one; auto follows the checks."`
}

// QuotaOut is one quota's progress.
type QuotaOut struct {
	ID     string `json:"id" doc:"Quota id."`
	Name   string `json:"name" doc:"Quota name."`
	Limit  int    `json:"limit" doc:"How many counted responses it allows."`
	Count  int    `json:"count" doc:"Counted so far."`
	Action string `json:"action" doc:"What happens when full: end, redirect or flag."`
}

// ProgressOut is a survey's collection progress.
type ProgressOut struct {
	Quotas   []QuotaOut     `json:"quotas" doc:"Quota fill."`
	Counts   map[string]int `json:"counts" doc:"Responses by status, plus counted and not_counted."`
	Refusals int            `json:"refusals" doc:"Respondents who declined the privacy notice."`
}

func (a *API) responseOps() []Op {
	nf := []string{response.CodeResponseNotFound}
	return []Op{
		Handle(Op{ID: "listResponses", Method: http.MethodGet, Path: "/surveys/{id}/responses", Tag: "Responses", Permission: auth.PermResponsesRead,
			Summary: "List a survey's responses", Errors: []string{survey.CodeSurveyNotFound}},
			func(c *Call, in *ListResponsesInput) (List[ResponseOut], error) {
				if _, _, err := a.svc.Surveys.Get(c.Ctx, in.ID); err != nil {
					return List[ResponseOut]{}, err
				}
				f, err := in.filter()
				if err != nil {
					return List[ResponseOut]{}, err
				}
				page, err := a.svc.Responses.List(c.Ctx, f, Page(in.Cursor, in.Limit))
				if err != nil {
					return List[ResponseOut]{}, err
				}
				out := make([]ResponseOut, 0, len(page.Items))
				for _, r := range page.Items {
					out = append(out, responseOut(r))
				}
				return List[ResponseOut]{Items: out, NextCursor: page.NextCursor}, nil
			}),
		Handle(Op{ID: "exportResponses", Method: http.MethodGet, Path: "/surveys/{id}/responses/export", Tag: "Responses", Permission: auth.PermResponsesExport,
			Summary: "Export a survey's responses as CSV or XLSX",
			Description: "Streamed row by row (XLSX through a temporary file, never in memory); one column per question of the draft, answers as option codes " +
				"or, with labels=labels, as option labels (structured answers as JSON). Audited.",
			Produces: []string{"text/csv", xlsxType}, Errors: []string{survey.CodeSurveyNotFound}},
			func(c *Call, in *ExportResponsesInput) (Stream, error) {
				sv, _, err := a.svc.Surveys.Get(c.Ctx, in.ID)
				if err != nil {
					return Stream{}, err
				}
				f, err := in.filter()
				if err != nil {
					return Stream{}, err
				}
				x := newExporter(sv, in.Labels == "labels")
				write := func(sink rowSink) error {
					if err := sink.row(x.header()); err != nil {
						return err
					}
					return a.svc.Responses.Export(c.Ctx, f, func(r *response.Response) error { return sink.row(x.row(r)) })
				}
				if in.Format == "xlsx" {
					return Stream{ContentType: xlsxType, Filename: "responses-" + sv.Code + ".xlsx", Write: func(w io.Writer) error { return writeXLSX(w, write) }}, nil
				}
				return Stream{ContentType: "text/csv; charset=utf-8", Filename: "responses-" + sv.Code + ".csv", Write: func(w io.Writer) error { return writeCSV(w, write) }}, nil
			}),
		Handle(Op{ID: "getSurveyProgress", Method: http.MethodGet, Path: "/surveys/{id}/progress", Tag: "Responses", Permission: auth.PermResponsesRead,
			Summary: "Get quota progress and response counts", Errors: []string{survey.CodeSurveyNotFound}},
			func(c *Call, in *IDPath) (ProgressOut, error) {
				qs, counts, refusals, err := a.svc.Responses.Progress(c.Ctx, in.ID)
				if err != nil {
					return ProgressOut{}, err
				}
				out := ProgressOut{Quotas: []QuotaOut{}, Counts: counts, Refusals: refusals}
				for _, q := range qs {
					out.Quotas = append(out.Quotas, QuotaOut{ID: q.Quota.ID, Name: q.Quota.Name, Limit: q.Quota.Limit, Count: q.Count, Action: q.Quota.Action})
				}
				return out, nil
			}),
		Handle(Op{ID: "getResponse", Method: http.MethodGet, Path: "/responses/{id}", Tag: "Responses", Permission: auth.PermResponsesRead,
			Summary: "Get a response", Errors: nf},
			func(c *Call, in *IDPath) (ResponseOut, error) {
				r, err := a.svc.Responses.Get(c.Ctx, in.ID)
				if err != nil {
					return ResponseOut{}, err
				}
				return responseOut(r), nil
			}),
		Handle(Op{ID: "setResponseValidity", Method: http.MethodPatch, Path: "/responses/{id}", Tag: "Responses", Permission: auth.PermResponsesManage,
			Summary: "Mark a response valid or invalid", Description: "Restores a flagged or invalidated response into the metrics or removes one; audited. A response that stops counting gives its quota places back; one restored takes them again if places remain, and otherwise stays out: counted stays false and quality_flags gains over_quota and quota:<id>.", Errors: nf},
			func(c *Call, in *ValidityInput) (ResponseOut, error) {
				r, err := a.svc.Responses.SetValidity(c.Ctx, in.ID, in.Validity)
				if err != nil {
					return ResponseOut{}, err
				}
				return responseOut(r), nil
			}),
		Handle(Op{ID: "deleteResponse", Method: http.MethodDelete, Path: "/responses/{id}", Tag: "Responses", Permission: auth.PermResponsesManage,
			Summary: "Delete a response", Description: "Soft delete, audited: it leaves lists, exports and metrics.", Errors: nf},
			func(c *Call, in *IDPath) (NoContent, error) { return NoContent{}, a.svc.Responses.Delete(c.Ctx, in.ID) }),
	}
}

// RegionOut is one administrative division of China (GB/T 2260).
type RegionOut struct {
	Code     string `json:"code" doc:"Six-digit GB/T 2260 code."`
	Name     string `json:"name" doc:"Name, e.g. 浙江省."`
	HasChild bool   `json:"has_children" doc:"Whether divisions lie below it."`
}

// RegionPath names a division whose children to list.
type RegionPath struct {
	Code string `path:"code" doc:"Six-digit code of the parent division."`
}

func regionsOut(ds []region.Division) List[RegionOut] {
	out := make([]RegionOut, 0, len(ds))
	for _, d := range ds {
		out = append(out, RegionOut{Code: d.Code, Name: d.Name, HasChild: region.HasChildren(d.Code)})
	}
	return List[RegionOut]{Items: out}
}

func (a *API) regionOps() []Op {
	return []Op{
		Handle(Op{ID: "listProvinces", Method: http.MethodGet, Path: "/public/regions", Tag: "Respondents", Permission: auth.PermPublic,
			Summary: "List provinces", Description: "The province-level divisions, for the city question; the respondent page loads levels lazily."},
			func(c *Call, _ *NoBody) (List[RegionOut], error) { return regionsOut(region.Children("")), nil }),
		Handle(Op{ID: "listRegionChildren", Method: http.MethodGet, Path: "/public/regions/{code}", Tag: "Respondents", Permission: auth.PermPublic,
			Summary: "List the divisions under a division", Description: "Cities of a province or districts of a city (GB/T 2260); an unknown code has none."},
			func(c *Call, in *RegionPath) (List[RegionOut], error) {
				return regionsOut(region.Children(in.Code)), nil
			}),
	}
}
