package response

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/survey"
)

// PublicSurvey is what the respondent page needs to show a survey.
type PublicSurvey struct {
	Survey     *survey.Survey
	Version    int
	Definition json.RawMessage
}

// Public returns the published survey behind a code for the respondent
// page. Anyone may call it. Errors: survey_not_open, survey_closed.
func (s *Service) Public(ctx context.Context, code string) (*PublicSurvey, error) {
	sv, _, version, err := s.open(ctx, code, 0)
	if err != nil {
		return nil, err
	}
	p, err := s.published(ctx, sv.ID, version)
	if err != nil {
		return nil, err
	}
	return &PublicSurvey{Survey: sv, Version: version, Definition: p.json}, nil
}

// NeedsOpenID reports whether the open survey behind a code asks for the
// respondent's WeChat openid; false when it is not open (the page then
// explains itself). Anyone may call it.
func (s *Service) NeedsOpenID(ctx context.Context, code string) bool {
	sv, _, _, err := s.open(ctx, code, 0)
	return err == nil && sv.Settings.NeedsOpenID()
}

// Resume returns the partial response behind a resume token, until it
// expires. Anyone holding the token may call it. Errors: resume_expired.
func (s *Service) Resume(ctx context.Context, token string) (*Response, error) {
	gone := cem.E(CodeResumeExpired, "This link has expired or was already used; please start again.")
	if token == "" {
		return nil, gone
	}
	r, err := s.store.ResponseByResume(ctx, hashResume(token))
	if cem.CodeOf(err) == CodeResponseNotFound {
		return nil, gone
	}
	if err != nil {
		return nil, err
	}
	if r.Status != StatusPartial || !s.now().Before(r.ResumeUntil) {
		return nil, gone
	}
	return r, nil
}

// Decline counts a respondent who declined the privacy notice; nothing
// else about them is stored (clause 6.1f). Anyone may call it.
// Errors: survey_not_open, survey_closed.
func (s *Service) Decline(ctx context.Context, code string) error {
	sv, _, _, err := s.open(ctx, code, 0)
	if err != nil {
		return err
	}
	return s.store.AddRefusal(ctx, sv.ID, s.now())
}

func allow(ctx context.Context, perm string) (*cem.Actor, error) {
	a := cem.ActorFrom(ctx)
	if !a.Can(perm) {
		return nil, cem.E(cem.CodeForbidden, "You do not have permission to do this (%s).", perm)
	}
	return a, nil
}

// List lists responses in the caller's scope. Needs responses.read.
// Errors: forbidden, invalid_cursor.
func (s *Service) List(ctx context.Context, f Filter, p cem.PageRequest) (cem.Page[*Response], error) {
	a, err := allow(ctx, auth.PermResponsesRead)
	if err != nil {
		return cem.Page[*Response]{}, err
	}
	f.Scope = a.Scope
	return s.store.Responses(ctx, f, p.Normalize())
}

// Get returns one response in the caller's scope. Needs responses.read.
// Errors: forbidden, response_not_found.
func (s *Service) Get(ctx context.Context, id string) (*Response, error) {
	a, err := allow(ctx, auth.PermResponsesRead)
	if err != nil {
		return nil, err
	}
	return s.store.ResponseInScope(ctx, a.Scope, id)
}

// SetValidity marks a response valid (restoring a flagged one into the
// metrics), invalid, or back to automatic. Needs responses.manage; audited.
// A response that stops counting gives its quota places back; one that
// counts again takes places again, atomically and by the rules of submit
// (clause 6.3.2e). When a quota it belongs to is full it stays not counted,
// flagged over_quota and quota:<id> (Counted false tells the caller).
// Errors: forbidden, response_not_found, validation_failed.
func (s *Service) SetValidity(ctx context.Context, id, validity string) (*Response, error) {
	a, err := allow(ctx, auth.PermResponsesManage)
	if err != nil {
		return nil, err
	}
	if !slices.Contains([]string{ValidityAuto, ValidityValid, ValidityInvalid}, validity) {
		return nil, cem.Invalid("Validity is auto, valid or invalid.", cem.FieldError{Name: "validity", Reason: "auto, valid or invalid"})
	}
	var r *Response
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		r, err = s.store.ResponseInScope(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		before := map[string]any{"validity": r.Validity, "counted": r.Counted}
		after := map[string]any{}
		was := r.Counted
		r.Validity, r.UpdatedAt = validity, s.now().UTC()
		if validity != ValidityInvalid && r.Status == StatusComplete {
			// A full quota is looked at again: it may have places now.
			r.QualityFlags = slices.DeleteFunc(r.QualityFlags, func(f string) bool { return f == FlagOverQuota || strings.HasPrefix(f, "quota:") })
		}
		r.Counted = counted(r)
		if err := s.releaseQuotas(ctx, r); err != nil {
			return err
		}
		if r.Counted && !was {
			full, err := s.retakeQuotas(ctx, r)
			if err != nil {
				return err
			}
			if full != "" {
				r.QualityFlags = append(r.QualityFlags, FlagOverQuota, "quota:"+full)
				r.Counted = false
				after["quota_full"] = full
				if err := s.releaseQuotas(ctx, r); err != nil { // not counted holds no place
					return err
				}
			}
		}
		if err := s.store.UpdateResponse(ctx, r); err != nil {
			return err
		}
		after["validity"], after["counted"] = r.Validity, r.Counted
		return s.audit.Record(ctx, audit.Event{Action: "response.validity", TargetType: "response", TargetID: r.ID, Before: before, After: after})
	})
	return r, err
}

// retakeQuotas counts a restored response in the quotas it matches, as a
// submit would, and returns the id of a full one (having then taken none).
func (s *Service) retakeQuotas(ctx context.Context, r *Response) (string, error) {
	sv, err := s.surveys.Survey(ctx, cem.Scope{All: true}, r.SurveyID)
	if err != nil || len(sv.Settings.Quotas) == 0 {
		return "", err
	}
	def, err := s.definition(ctx, r.SurveyID, r.Version)
	if err != nil {
		return "", err
	}
	var answers map[string]json.RawMessage
	if err := json.Unmarshal(orEmpty(r.RawAnswers), &answers); err != nil {
		return "", cem.Internal(err)
	}
	now := s.now().UTC()
	res := survey.Evaluate(def, survey.Input{Answers: nonNilAnswers(answers), Params: r.Params, Now: now, Seed: r.ID, OmitTexts: true})
	full, err := s.countQuotas(ctx, sv, r, matchingQuotas(sv, r.Channel, newQuotaEnv(res, r.Params, now)), true)
	if err != nil || full == nil {
		return "", err
	}
	return full.ID, nil
}

func orEmpty(b []byte) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// releaseQuotas gives back the quota places of a response that no longer
// counts (marked invalid or deleted), so the quota can fill with valid
// answers; restoring it takes places again (retakeQuotas).
func (s *Service) releaseQuotas(ctx context.Context, r *Response) error {
	if r.Counted || len(r.Quotas) == 0 {
		return nil
	}
	for _, q := range r.Quotas {
		if err := s.store.ReleaseQuota(ctx, r.SurveyID, q); err != nil {
			return err
		}
	}
	r.Quotas = []string{}
	return nil
}

// counted is whether a response enters metrics: complete and not a
// duplicate, and valid by the researcher's word or, on auto, by its score.
func counted(r *Response) bool {
	if r.Status != StatusComplete || r.Duplicate {
		return false
	}
	switch r.Validity {
	case ValidityValid:
		// The researcher vouches for the answers, not for a place in a
		// full quota.
		return !slices.Contains(r.QualityFlags, FlagOverQuota)
	case ValidityInvalid:
		return false
	}
	return r.QualityScore >= FlagBelow && !slices.Contains(r.QualityFlags, FlagOverQuota)
}

// Delete soft-deletes a response: it leaves lists, exports and metrics.
// Needs responses.manage; audited. Errors: forbidden, response_not_found.
func (s *Service) Delete(ctx context.Context, id string) error {
	a, err := allow(ctx, auth.PermResponsesManage)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.store.ResponseInScope(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		r.DeletedAt, r.Counted, r.UpdatedAt = s.now().UTC(), false, s.now().UTC()
		if err := s.releaseQuotas(ctx, r); err != nil {
			return err
		}
		if err := s.store.UpdateResponse(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "response.delete", TargetType: "response", TargetID: r.ID})
	})
}

// QuotaProgress is one quota's fill.
type QuotaProgress struct {
	Quota survey.Quota
	Count int
}

// Progress reports the quotas and response counts of a survey in the
// caller's scope. Needs responses.read. Errors: forbidden,
// survey_not_found.
func (s *Service) Progress(ctx context.Context, surveyID string) ([]QuotaProgress, map[string]int, int, error) {
	a, err := allow(ctx, auth.PermResponsesRead)
	if err != nil {
		return nil, nil, 0, err
	}
	sv, err := s.surveys.Survey(ctx, a.Scope, surveyID)
	if err != nil {
		return nil, nil, 0, err
	}
	counts, err := s.store.QuotaCounts(ctx, sv.ID)
	if err != nil {
		return nil, nil, 0, err
	}
	var out []QuotaProgress
	for _, q := range sv.Settings.Quotas {
		out = append(out, QuotaProgress{Quota: q, Count: counts[q.ID]})
	}
	totals, err := s.store.CountResponses(ctx, sv.ID)
	if err != nil {
		return nil, nil, 0, err
	}
	refusals, err := s.store.Refusals(ctx, sv.ID)
	return out, totals, refusals, err
}

// Export streams the responses of a survey in scope to fn, one at a time.
// Needs responses.export; audited. Errors: forbidden.
func (s *Service) Export(ctx context.Context, f Filter, fn func(*Response) error) error {
	a, err := allow(ctx, auth.PermResponsesExport)
	if err != nil {
		return err
	}
	f.Scope = a.Scope
	if err := s.audit.Record(ctx, audit.Event{Action: "response.export", TargetType: "survey", TargetID: f.SurveyID}); err != nil {
		return err
	}
	return s.store.EachResponse(ctx, f, fn)
}
