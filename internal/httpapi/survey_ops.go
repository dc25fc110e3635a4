package httpapi

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/survey"
)

// SurveyOut is a survey as lists show it.
type SurveyOut struct {
	ID               string     `json:"id" doc:"Survey id."`
	Code             string     `json:"code" doc:"Public code; the H5 link is /s/{code}."`
	Title            string     `json:"title" doc:"Title of the draft in its default locale."`
	Status           string     `json:"status" enum:"draft,published,closed" doc:"draft until first published; published surveys take answers until closed."`
	OwnerID          string     `json:"owner_id" doc:"User who created the survey."`
	UnitID           string     `json:"unit_id" doc:"Organisation unit the survey belongs to (its data scope); empty for organisation-wide."`
	DraftRev         int        `json:"draft_rev" doc:"Revision of the draft; send it back as base_rev when saving to detect concurrent edits."`
	DraftChanged     bool       `json:"draft_changed" doc:"The draft has changes not yet published."`
	PublishedVersion int        `json:"published_version" doc:"Latest published version, 0 before the first publish."`
	Template         string     `json:"template" doc:"Starter template the survey came from, if any."`
	Link             string     `json:"link" doc:"Path of the respondent page (relative to the server)."`
	CreatedAt        time.Time  `json:"created_at" doc:"When the survey was created."`
	UpdatedAt        time.Time  `json:"updated_at" doc:"Last change."`
	PublishedAt      *time.Time `json:"published_at" doc:"Last publish, or null."`
	ClosedAt         *time.Time `json:"closed_at" doc:"When it was closed, or null."`
}

// IssueOut is one finding of the survey checks.
type IssueOut struct {
	Path     string `json:"path" doc:"Element path, e.g. pages[0].questions[2].options[1].code; empty for the whole survey."`
	Code     string `json:"code" doc:"Stable code of the finding (see docs/survey-format.md)."`
	Severity string `json:"severity" enum:"error,warning" doc:"Errors block publishing; warnings do not."`
	Reason   string `json:"reason" doc:"What is wrong, in plain words."`
	// Message, Args and At let the admin app translate the reason (issue #6).
	Message string   `json:"message,omitempty" doc:"The reason's English template (a gettext-style msgid with fmt verbs such as %s, %q, %d) for translation; the reason is this template filled with args, and when at is set that text and at fill the template \"%s (at %s)\"."`
	Args    []string `json:"args,omitempty" doc:"The template's arguments as text, one per verb in order (%q arguments without the quotes)."`
	At      string   `json:"at,omitempty" doc:"For a problem in an expression or text: the position line:col of the problem in it."`
}

// CheckOut is the outcome of the survey checks.
type CheckOut struct {
	Errors          []IssueOut     `json:"errors" doc:"Problems that block publishing."`
	Warnings        []IssueOut     `json:"warnings" doc:"Advice that does not block publishing, e.g. a survey too long for its channel."`
	Seconds         int            `json:"estimated_seconds" doc:"Estimated time to complete for a respondent who sees every question."`
	QuestionSeconds map[string]int `json:"question_seconds" doc:"Estimated seconds per question id."`
}

// SurveyDetail is a survey with its draft definition and check report.
type SurveyDetail struct {
	SurveyOut
	Draft json.RawMessage `json:"draft" doc:"The draft definition (format: /api/v1/schemas/survey.json)."`
	Check CheckOut        `json:"check" doc:"Checks of the draft."`
}

func surveyOut(s *survey.Survey) SurveyOut {
	return SurveyOut{ID: s.ID, Code: s.Code, Title: s.Title, Status: s.Status, OwnerID: s.OwnerID, UnitID: s.UnitID, DraftRev: s.DraftRev,
		DraftChanged: s.DraftChanged, PublishedVersion: s.PublishedVersion, Template: s.Template, Link: "/s/" + s.Code,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, PublishedAt: timePtr(s.PublishedAt), ClosedAt: timePtr(s.ClosedAt)}
}

func checkOut(r survey.Report) CheckOut {
	conv := func(in []survey.Issue) []IssueOut {
		out := make([]IssueOut, 0, len(in))
		for _, i := range in {
			out = append(out, IssueOut{Path: i.Path, Code: i.Code, Severity: i.Severity, Reason: i.Reason,
				Message: i.Message, Args: i.Args, At: i.At})
		}
		return out
	}
	q := r.Estimate.Questions
	if q == nil {
		q = map[string]int{}
	}
	return CheckOut{Errors: conv(r.Errors), Warnings: conv(r.Warnings), Seconds: r.Estimate.Seconds, QuestionSeconds: q}
}

func surveyDetail(s *survey.Survey, r survey.Report) SurveyDetail {
	return SurveyDetail{SurveyOut: surveyOut(s), Draft: s.Draft, Check: checkOut(r)}
}

// ListSurveysInput filters the survey list.
type ListSurveysInput struct {
	Cursor  string `query:"cursor" doc:"Cursor from the previous page's meta.next_cursor."`
	Limit   int    `query:"limit" doc:"Page size, 1–500 (default 50)."`
	Q       string `query:"q" doc:"Matches title or public code."`
	Status  string `query:"status" enum:"draft,published,closed" doc:"Only surveys in this status."`
	OwnerID string `query:"owner_id" doc:"Only surveys created by this user."`
	UnitID  string `query:"unit_id" doc:"Only surveys of this organisation unit."`
}

// CreateSurveyInput is the body of createSurvey.
type CreateSurveyInput struct {
	Title      string          `json:"title,omitempty" doc:"Title of a blank survey, or a new title for a template."`
	UnitID     string          `json:"unit_id,omitempty" doc:"Organisation unit; defaults to the creator's first unit when their scope is limited."`
	Definition json.RawMessage `json:"definition,omitempty" doc:"A complete definition to start from (e.g. an import)."`
	Template   string          `json:"template,omitempty" doc:"Id of a starter template (see listSurveyTemplates)."`
	Locale     string          `json:"locale,omitempty" doc:"Default locale of a blank survey (default zh-CN)."`
}

// SaveDraftInput is the body of saveSurveyDraft.
type SaveDraftInput struct {
	ID         string          `path:"id" doc:"Survey id."`
	Definition json.RawMessage `json:"definition" doc:"The whole draft definition."`
	BaseRev    int             `json:"base_rev,omitempty" doc:"draft_rev the editor loaded; a different current revision answers survey_edit_conflict. 0 overwrites."`
}

// PublishInput is the body of publishSurvey.
type PublishInput struct {
	ID   string `path:"id" doc:"Survey id."`
	Note string `json:"note,omitempty" doc:"What changed in this version."`
}

// VersionOut is a published version.
type VersionOut struct {
	Version     int             `json:"version" doc:"Version number, from 1."`
	Note        string          `json:"note" doc:"Publishing note."`
	PublishedBy string          `json:"published_by" doc:"User who published it."`
	PublishedAt time.Time       `json:"published_at" doc:"When it was published."`
	Definition  json.RawMessage `json:"definition,omitempty" doc:"The frozen definition (only when one version is read)."`
}

// PublishOutput is the result of publishSurvey.
type PublishOutput struct {
	Survey  SurveyOut  `json:"survey" doc:"The survey after publishing."`
	Version VersionOut `json:"version" doc:"The new version."`
}

// VersionPath names one version of a survey.
type VersionPath struct {
	ID      string `path:"id" doc:"Survey id."`
	Version int    `path:"version" doc:"Version number."`
}

// TemplateOut is a starter template.
type TemplateOut struct {
	ID          string            `json:"id" doc:"Template id, for createSurvey."`
	Title       map[string]string `json:"title" doc:"Title by locale."`
	Description map[string]string `json:"description" doc:"Description by locale."`
	Questions   int               `json:"questions" doc:"Number of questions."`
}

func (a *API) surveyOps() []Op {
	nf := []string{survey.CodeSurveyNotFound}
	return []Op{
		Handle(Op{ID: "getSurveySchema", Method: http.MethodGet, Path: "/schemas/survey.json", Tag: "Surveys", Permission: auth.PermPublic,
			Summary: "Get the JSON Schema of survey definitions", Produces: []string{"application/schema+json"}},
			func(c *Call, _ *NoBody) (Stream, error) {
				return Stream{ContentType: "application/schema+json", Write: func(w io.Writer) error {
					_, err := w.Write(survey.JSONSchema())
					return err
				}}, nil
			}),
		Handle(Op{ID: "listSurveyTemplates", Method: http.MethodGet, Path: "/survey-templates", Tag: "Surveys", Permission: auth.PermSurveysManage,
			Summary: "List starter templates", Description: "NPS, CSAT, CES, product feedback and store visit, in Chinese and English."},
			func(c *Call, _ *NoBody) (List[TemplateOut], error) {
				var out []TemplateOut
				for _, t := range survey.Templates() {
					out = append(out, TemplateOut{ID: t.ID, Title: t.Title, Description: nonNilMap(t.Description), Questions: t.Questions})
				}
				return List[TemplateOut]{Items: out}, nil
			}),
		Handle(Op{ID: "listSurveys", Method: http.MethodGet, Path: "/surveys", Tag: "Surveys", Permission: auth.PermSurveysRead,
			Summary: "List surveys in my data scope", Description: "Most recently changed first."},
			func(c *Call, in *ListSurveysInput) (List[SurveyOut], error) {
				page, err := a.svc.Surveys.List(c.Ctx, survey.Filter{Query: in.Q, Status: in.Status, OwnerID: in.OwnerID, UnitID: in.UnitID}, Page(in.Cursor, in.Limit))
				if err != nil {
					return List[SurveyOut]{}, err
				}
				out := make([]SurveyOut, 0, len(page.Items))
				for _, s := range page.Items {
					out = append(out, surveyOut(s))
				}
				return List[SurveyOut]{Items: out, NextCursor: page.NextCursor}, nil
			}),
		Handle(Op{ID: "createSurvey", Method: http.MethodPost, Path: "/surveys", Tag: "Surveys", Permission: auth.PermSurveysManage, Status: http.StatusCreated,
			Summary: "Create a survey", Description: "Blank (give a title), from a template, or from a complete definition.", MaxBody: survey.MaxDefinitionSize + 4096,
			Errors: []string{survey.CodeTemplateNotFound, auth.CodeGrantExceeds}},
			func(c *Call, in *CreateSurveyInput) (SurveyDetail, error) {
				s, rep, err := a.svc.Surveys.Create(c.Ctx, survey.NewSurvey{Title: in.Title, UnitID: in.UnitID, Definition: in.Definition, Template: in.Template, Locale: in.Locale})
				if err != nil {
					return SurveyDetail{}, err
				}
				return surveyDetail(s, rep), nil
			}),
		Handle(Op{ID: "getSurvey", Method: http.MethodGet, Path: "/surveys/{id}", Tag: "Surveys", Permission: auth.PermSurveysRead,
			Summary: "Get a survey with its draft and checks", Errors: nf},
			func(c *Call, in *IDPath) (SurveyDetail, error) {
				s, rep, err := a.svc.Surveys.Get(c.Ctx, in.ID)
				if err != nil {
					return SurveyDetail{}, err
				}
				return surveyDetail(s, rep), nil
			}),
		Handle(Op{ID: "saveSurveyDraft", Method: http.MethodPut, Path: "/surveys/{id}/draft", Tag: "Surveys", Permission: auth.PermSurveysManage,
			Summary: "Save the draft definition", MaxBody: survey.MaxDefinitionSize + 4096,
			Description: "A definition that does not fit the schema is refused (validation_failed with element paths). Semantic and static problems are saved and reported in check; they block publishing.",
			Errors:      append([]string{survey.CodeEditConflict}, nf...)},
			func(c *Call, in *SaveDraftInput) (SurveyDetail, error) {
				s, rep, err := a.svc.Surveys.SaveDraft(c.Ctx, in.ID, in.Definition, in.BaseRev)
				if err != nil {
					return SurveyDetail{}, err
				}
				return surveyDetail(s, rep), nil
			}),
		Handle(Op{ID: "publishSurvey", Method: http.MethodPost, Path: "/surveys/{id}/publish", Tag: "Surveys", Permission: auth.PermSurveysPublish,
			Summary:     "Publish the draft as a new version",
			Description: "Refused with validation_failed, each error named by element path, while the checks find errors. Answered versions never change.",
			Errors:      append([]string{survey.CodeNothingToPublish}, nf...)},
			func(c *Call, in *PublishInput) (PublishOutput, error) {
				s, v, err := a.svc.Surveys.Publish(c.Ctx, in.ID, in.Note)
				if err != nil {
					return PublishOutput{}, err
				}
				return PublishOutput{Survey: surveyOut(s), Version: versionOut(v, false)}, nil
			}),
		Handle(Op{ID: "closeSurvey", Method: http.MethodPost, Path: "/surveys/{id}/close", Tag: "Surveys", Permission: auth.PermSurveysPublish,
			Summary: "Stop taking answers", Errors: append([]string{survey.CodeSurveyState}, nf...)},
			func(c *Call, in *IDPath) (SurveyOut, error) { return a.setOpen(c, in.ID, false) }),
		Handle(Op{ID: "reopenSurvey", Method: http.MethodPost, Path: "/surveys/{id}/reopen", Tag: "Surveys", Permission: auth.PermSurveysPublish,
			Summary: "Take answers again", Errors: append([]string{survey.CodeSurveyState}, nf...)},
			func(c *Call, in *IDPath) (SurveyOut, error) { return a.setOpen(c, in.ID, true) }),
		Handle(Op{ID: "duplicateSurvey", Method: http.MethodPost, Path: "/surveys/{id}/duplicate", Tag: "Surveys", Permission: auth.PermSurveysManage, Status: http.StatusCreated,
			Summary: "Copy a survey into a new draft", Errors: nf},
			func(c *Call, in *IDPath) (SurveyOut, error) {
				s, err := a.svc.Surveys.Duplicate(c.Ctx, in.ID)
				if err != nil {
					return SurveyOut{}, err
				}
				return surveyOut(s), nil
			}),
		Handle(Op{ID: "deleteSurvey", Method: http.MethodDelete, Path: "/surveys/{id}", Tag: "Surveys", Permission: auth.PermSurveysManage,
			Summary: "Delete a survey", Description: "A soft delete, audited: the survey leaves lists and its link stops working; versions and answers stay.", Errors: nf},
			func(c *Call, in *IDPath) (NoContent, error) { return NoContent{}, a.svc.Surveys.Delete(c.Ctx, in.ID) }),
		Handle(Op{ID: "listSurveyVersions", Method: http.MethodGet, Path: "/surveys/{id}/versions", Tag: "Surveys", Permission: auth.PermSurveysRead,
			Summary: "List published versions", Errors: nf},
			func(c *Call, in *IDPath) (List[VersionOut], error) {
				vs, err := a.svc.Surveys.Versions(c.Ctx, in.ID)
				if err != nil {
					return List[VersionOut]{}, err
				}
				out := make([]VersionOut, 0, len(vs))
				for _, v := range vs {
					out = append(out, versionOut(v, false))
				}
				return List[VersionOut]{Items: out}, nil
			}),
		Handle(Op{ID: "getSurveyVersion", Method: http.MethodGet, Path: "/surveys/{id}/versions/{version}", Tag: "Surveys", Permission: auth.PermSurveysRead,
			Summary: "Get a published version", Errors: append([]string{survey.CodeVersionNotFound}, nf...)},
			func(c *Call, in *VersionPath) (VersionOut, error) {
				v, err := a.svc.Surveys.GetVersion(c.Ctx, in.ID, in.Version)
				if err != nil {
					return VersionOut{}, err
				}
				return versionOut(v, true), nil
			}),
		Handle(Op{ID: "restoreSurveyVersion", Method: http.MethodPost, Path: "/surveys/{id}/versions/{version}/restore", Tag: "Surveys", Permission: auth.PermSurveysManage,
			Summary: "Start a new draft from a published version", Errors: append([]string{survey.CodeVersionNotFound}, nf...)},
			func(c *Call, in *VersionPath) (SurveyDetail, error) {
				s, err := a.svc.Surveys.RestoreVersion(c.Ctx, in.ID, in.Version)
				if err != nil {
					return SurveyDetail{}, err
				}
				_, rep, _ := survey.Load(s.Draft, survey.CheckOptions{MaxSeconds: a.svc.Surveys.MaxSeconds})
				return surveyDetail(s, rep), nil
			}),
	}
}

func (a *API) setOpen(c *Call, id string, open bool) (SurveyOut, error) {
	s, err := a.svc.Surveys.SetOpen(c.Ctx, id, open)
	if err != nil {
		return SurveyOut{}, err
	}
	return surveyOut(s), nil
}

func versionOut(v *survey.Version, withDef bool) VersionOut {
	out := VersionOut{Version: v.Version, Note: v.Note, PublishedBy: v.PublishedBy, PublishedAt: v.PublishedAt}
	if withDef {
		out.Definition = v.Definition
	}
	return out
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// SettingsPatch changes some sections of a survey's collection settings;
// sections left out stay as they are.
type SettingsPatch struct {
	ID          string           `path:"id" doc:"Survey id."`
	Privacy     *survey.Privacy  `json:"privacy,omitempty" doc:"The privacy notice (clause 6.1f)."`
	Quotas      *[]survey.Quota  `json:"quotas,omitempty" doc:"Replaces the quotas."`
	Dedupe      *survey.Dedupe   `json:"dedupe,omitempty" doc:"Duplicate rules."`
	Validity    *survey.Validity `json:"validity,omitempty" doc:"Robot checks."`
	Resume      *survey.Resume   `json:"resume,omitempty" doc:"Partial save and resume."`
	Mode        *string          `json:"mode,omitempty" doc:"paged or single."`
	Theme       *survey.Theme    `json:"theme,omitempty" doc:"Logo and colour."`
	AnonymiseIP *bool            `json:"anonymise_ip,omitempty" doc:"Keep only the network part of addresses."`
}

func (p *SettingsPatch) apply(st survey.Settings) survey.Settings {
	if p.Privacy != nil {
		st.Privacy = *p.Privacy
	}
	if p.Quotas != nil {
		st.Quotas = *p.Quotas
	}
	if p.Dedupe != nil {
		st.Dedupe = *p.Dedupe
	}
	if p.Validity != nil {
		st.Validity = *p.Validity
	}
	if p.Resume != nil {
		st.Resume = *p.Resume
	}
	if p.Mode != nil {
		st.Mode = *p.Mode
	}
	if p.Theme != nil {
		st.Theme = *p.Theme
	}
	if p.AnonymiseIP != nil {
		st.AnonymiseIP = *p.AnonymiseIP
	}
	return st
}

func (a *API) surveySettingsOps() []Op {
	nf := []string{survey.CodeSurveyNotFound}
	return []Op{
		Handle(Op{ID: "getSurveySettings", Method: http.MethodGet, Path: "/surveys/{id}/settings", Tag: "Surveys", Permission: auth.PermSurveysRead,
			Summary: "Get a survey's collection settings", Errors: nf},
			func(c *Call, in *IDPath) (survey.Settings, error) {
				s, _, err := a.svc.Surveys.Get(c.Ctx, in.ID)
				if err != nil {
					return survey.Settings{}, err
				}
				return s.Settings, nil
			}),
		Handle(Op{ID: "updateSurveySettings", Method: http.MethodPatch, Path: "/surveys/{id}/settings", Tag: "Surveys", Permission: auth.PermSurveysPublish,
			Summary:     "Change a survey's collection settings",
			Description: "Privacy notice, quotas, duplicate rules, validity checks, resume, mode and theme; sections left out stay. Quota conditions are checked against the draft. Audited.",
			Errors:      nf},
			func(c *Call, in *SettingsPatch) (survey.Settings, error) {
				s, _, err := a.svc.Surveys.Get(c.Ctx, in.ID)
				if err != nil {
					return survey.Settings{}, err
				}
				s, err = a.svc.Surveys.UpdateSettings(c.Ctx, in.ID, in.apply(s.Settings))
				if err != nil {
					return survey.Settings{}, err
				}
				return s.Settings, nil
			}),
	}
}
