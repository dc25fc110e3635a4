package survey

import (
	"context"
	"encoding/json"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// Survey statuses. A survey is a draft until first published; published
// surveys accept answers on their latest version until closed.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusClosed    = "closed"
)

// Survey is a stored survey: one editable draft definition, the versions
// published from it, and who owns it. UnitID places it in the organisation
// tree: only actors whose data scope covers the unit see it (clause 6.3.5d).
type Survey struct {
	ID               string
	Code             string // public code of the H5 link /s/{code}
	Title            string // the draft's title in its default locale
	Status           string
	OwnerID          string
	UnitID           string // "" means organisation-wide (visible with data.all)
	Draft            json.RawMessage
	DraftRev         int  // increments on every save, for edit conflicts
	DraftChanged     bool // the draft differs from the latest published version
	PublishedVersion int  // 0 before the first publish
	Template         string
	Settings         Settings
	CreatedAt        time.Time
	UpdatedAt        time.Time
	PublishedAt      time.Time
	ClosedAt         time.Time
	DeletedAt        time.Time
}

// Version is a frozen, published definition. Responses record the version
// they answered.
type Version struct {
	SurveyID    string
	Version     int
	Definition  json.RawMessage
	Note        string
	PublishedBy string
	PublishedAt time.Time
}

// Filter narrows a survey list.
type Filter struct {
	Query   string // matches title or code
	Status  string
	OwnerID string
	UnitID  string
	Scope   cem.Scope // set by the service from the actor
}

// Store persists surveys. Every method joins the transaction in ctx. Reads
// take the scope decided by the service; a survey outside it, or deleted,
// yields CodeSurveyNotFound.
type Store interface {
	CreateSurvey(ctx context.Context, s *Survey) error
	// UpdateSurvey writes every mutable field of s.
	UpdateSurvey(ctx context.Context, s *Survey) error
	Survey(ctx context.Context, scope cem.Scope, id string) (*Survey, error)
	SurveyByCode(ctx context.Context, code string) (*Survey, error)
	Surveys(ctx context.Context, f Filter, p cem.PageRequest) (cem.Page[*Survey], error)
	CreateVersion(ctx context.Context, v *Version) error
	Version(ctx context.Context, surveyID string, version int) (*Version, error)
	Versions(ctx context.Context, surveyID string) ([]*Version, error)
}

// Error codes of the survey lifecycle.
var (
	CodeSurveyNotFound   = cem.Define(cem.KindNotFound, "survey_not_found", "No survey has this id, or it is outside your data scope.")
	CodeVersionNotFound  = cem.Define(cem.KindNotFound, "survey_version_not_found", "The survey has no published version with this number.")
	CodeEditConflict     = cem.Define(cem.KindConflict, "survey_edit_conflict", "Someone else saved this draft since you loaded it; reload it and apply your change again.")
	CodeSurveyState      = cem.Define(cem.KindConflict, "survey_state", "The survey is not in a state that allows this (e.g. closing a draft, reopening an open survey).")
	CodeNothingToPublish = cem.Define(cem.KindConflict, "survey_unchanged", "The draft is identical to the latest published version.")
	CodeTemplateNotFound = cem.Define(cem.KindNotFound, "survey_template_not_found", "No starter template has this id.")
)
