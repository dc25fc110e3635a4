package survey

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// Service runs the survey lifecycle: drafts, checks, publishing, versions,
// closing, duplication, deletion and evaluation. Every method reads the
// actor from ctx and enforces its permission and data scope.
type Service struct {
	store Store
	units UnitScope
	tx    cem.Transactor
	audit audit.Recorder
	now   func() time.Time
	// MaxSeconds is the length above which Check warns (default 600).
	MaxSeconds int
}

// UnitScope tells whether organisation units lie in a data scope.
type UnitScope interface {
	UnitsInScope(ctx context.Context, unitIDs []string, scope cem.Scope) (bool, error)
}

// NewService returns the survey service; now may be nil for time.Now.
func NewService(store Store, units UnitScope, tx cem.Transactor, rec audit.Recorder, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, units: units, tx: tx, audit: rec, now: now, MaxSeconds: 600}
}

func allow(ctx context.Context, perm string) (*cem.Actor, error) {
	a := cem.ActorFrom(ctx)
	if !a.Can(perm) {
		return nil, cem.E(cem.CodeForbidden, "You do not have permission to do this (%s).", perm)
	}
	return a, nil
}

// List lists surveys in the caller's scope, most recently changed first.
// Needs surveys.read. Errors: forbidden, invalid_cursor.
func (s *Service) List(ctx context.Context, f Filter, p cem.PageRequest) (cem.Page[*Survey], error) {
	a, err := allow(ctx, auth.PermSurveysRead)
	if err != nil {
		return cem.Page[*Survey]{}, err
	}
	f.Scope = a.Scope
	return s.store.Surveys(ctx, f, p.Normalize())
}

// Get returns one survey with its check report. Needs surveys.read.
// Errors: forbidden, survey_not_found.
func (s *Service) Get(ctx context.Context, id string) (*Survey, Report, error) {
	a, err := allow(ctx, auth.PermSurveysRead)
	if err != nil {
		return nil, Report{}, err
	}
	sv, err := s.store.Survey(ctx, a.Scope, id)
	if err != nil {
		return nil, Report{}, err
	}
	_, rep, _ := Load(sv.Draft, CheckOptions{MaxSeconds: s.MaxSeconds})
	return sv, rep, nil
}

// NewSurvey is the input of Create: a definition, or a template id, or
// neither for a blank survey titled Title.
type NewSurvey struct {
	Title      string
	UnitID     string
	Definition json.RawMessage
	Template   string
	Locale     string // locale of a blank survey's or a template's texts
}

// Create makes a survey in the draft state. Needs surveys.manage. A
// caller limited to some units must place the survey in one of them (the
// first of its own by default). Errors: forbidden, validation_failed,
// grant_exceeds_own, survey_template_not_found.
func (s *Service) Create(ctx context.Context, in NewSurvey) (*Survey, Report, error) {
	a, err := allow(ctx, auth.PermSurveysManage)
	if err != nil {
		return nil, Report{}, err
	}
	def := in.Definition
	switch {
	case in.Template != "":
		t, ok := templateByID(in.Template)
		if !ok {
			return nil, Report{}, cem.E(CodeTemplateNotFound, "There is no template %q.", in.Template)
		}
		def = t.definition
	case len(def) == 0:
		title := strings.TrimSpace(in.Title)
		if title == "" {
			return nil, Report{}, cem.Invalid("Give the survey a title.", cem.FieldError{Name: "title", Reason: "required"})
		}
		def = blankDefinition(title, in.Locale)
	}
	parsed, rep, err := Load(def, CheckOptions{MaxSeconds: s.MaxSeconds})
	if err != nil {
		return nil, Report{}, err
	}
	if in.Title != "" && in.Template != "" {
		parsed.Title = Text{parsed.DefaultLocale: strings.TrimSpace(in.Title)}
		if def, err = json.Marshal(parsed); err != nil {
			return nil, Report{}, cem.Internal(err)
		}
	}
	unit, err := s.placeUnit(ctx, a, in.UnitID)
	if err != nil {
		return nil, Report{}, err
	}
	now := s.now().UTC()
	sv := &Survey{ID: cem.NewID(), Title: titleOf(parsed), Status: StatusDraft, OwnerID: a.ID, UnitID: unit, Draft: def, DraftRev: 1,
		DraftChanged: true, Template: in.Template, Settings: DefaultSettings(), CreatedAt: now, UpdatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.createWithCode(ctx, sv); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "survey.create", TargetType: "survey", TargetID: sv.ID, After: surveyAudit(sv)})
	})
	return sv, rep, err
}

// placeUnit checks the unit a survey goes in against the caller's scope.
func (s *Service) placeUnit(ctx context.Context, a *cem.Actor, unit string) (string, error) {
	if unit == "" {
		if a.Scope.All {
			return "", nil
		}
		if len(a.Scope.UnitIDs) == 0 {
			return "", cem.E(auth.CodeGrantExceeds, "You belong to no organisation unit, so you cannot create surveys; ask an administrator.")
		}
		return a.Scope.UnitIDs[0], nil
	}
	ok, err := s.units.UnitsInScope(ctx, []string{unit}, a.Scope)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", cem.E(auth.CodeGrantExceeds, "The organisation unit does not exist or is outside your data scope.")
	}
	return unit, nil
}

// createWithCode inserts sv with a fresh public code, retrying the rare
// collision.
func (s *Service) createWithCode(ctx context.Context, sv *Survey) error {
	var err error
	for i := 0; i < 5; i++ {
		sv.Code = cem.RandomToken(5)[:8]
		if err = s.store.CreateSurvey(ctx, sv); cem.CodeOf(err) != CodePublicCodeTaken {
			return err
		}
	}
	return err
}

// CodePublicCodeTaken is what a store returns when a public code is taken;
// the service retries, so clients never see it.
var CodePublicCodeTaken = cem.Define(cem.KindConflict, "survey_code_taken", "A survey already has this public code.")

// SaveDraft replaces the draft. baseRev must be the revision the editor
// loaded (conflict detection for two people editing); 0 skips the check. A
// definition that does not fit the schema is refused; semantic and static
// errors are saved and reported, and block publishing. Needs
// surveys.manage. Errors: forbidden, survey_not_found, validation_failed,
// survey_edit_conflict.
func (s *Service) SaveDraft(ctx context.Context, id string, def json.RawMessage, baseRev int) (*Survey, Report, error) {
	a, err := allow(ctx, auth.PermSurveysManage)
	if err != nil {
		return nil, Report{}, err
	}
	parsed, rep, err := Load(def, CheckOptions{MaxSeconds: s.MaxSeconds})
	if err != nil {
		return nil, Report{}, err
	}
	var out *Survey
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		sv, err := s.store.Survey(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		if baseRev != 0 && baseRev != sv.DraftRev {
			return cem.E(CodeEditConflict, "This draft was saved by someone else (revision %d; you edited %d). Reload it, then apply your change again.", sv.DraftRev, baseRev)
		}
		before := surveyAudit(sv)
		sv.Draft, sv.Title, sv.DraftRev, sv.DraftChanged, sv.UpdatedAt = def, titleOf(parsed), sv.DraftRev+1, true, s.now().UTC()
		if err := s.store.UpdateSurvey(ctx, sv); err != nil {
			return err
		}
		out = sv
		return s.audit.Record(ctx, audit.Event{Action: "survey.save_draft", TargetType: "survey", TargetID: sv.ID, Before: before, After: surveyAudit(sv)})
	})
	return out, rep, err
}

// Publish freezes the draft as the next version, with a note. The draft
// must pass every check. Needs surveys.publish. Errors: forbidden,
// survey_not_found, validation_failed (the check errors, by element path),
// survey_unchanged.
func (s *Service) Publish(ctx context.Context, id, note string) (*Survey, *Version, error) {
	a, err := allow(ctx, auth.PermSurveysPublish)
	if err != nil {
		return nil, nil, err
	}
	var sv *Survey
	var v *Version
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		sv, err = s.store.Survey(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		if _, err := Parse(sv.Draft); err != nil {
			return err
		}
		if !sv.DraftChanged && sv.PublishedVersion > 0 {
			return cem.E(CodeNothingToPublish, "Nothing changed since version %d.", sv.PublishedVersion)
		}
		now := s.now().UTC()
		v = &Version{SurveyID: sv.ID, Version: sv.PublishedVersion + 1, Definition: sv.Draft, Note: strings.TrimSpace(note), PublishedBy: a.ID, PublishedAt: now}
		if err := s.store.CreateVersion(ctx, v); err != nil {
			return err
		}
		before := surveyAudit(sv)
		sv.PublishedVersion, sv.DraftChanged, sv.PublishedAt, sv.UpdatedAt = v.Version, false, now, now
		if sv.Status == StatusDraft {
			sv.Status = StatusPublished
		}
		if err := s.store.UpdateSurvey(ctx, sv); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "survey.publish", TargetType: "survey", TargetID: sv.ID, Before: before, After: surveyAudit(sv),
			Detail: "version " + itoa(v.Version)})
	})
	return sv, v, err
}

// SetOpen closes (open=false) or reopens (open=true) a published survey.
// Needs surveys.publish. Errors: forbidden, survey_not_found, survey_state.
func (s *Service) SetOpen(ctx context.Context, id string, open bool) (*Survey, error) {
	a, err := allow(ctx, auth.PermSurveysPublish)
	if err != nil {
		return nil, err
	}
	var sv *Survey
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		sv, err = s.store.Survey(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		before := surveyAudit(sv)
		now := s.now().UTC()
		switch {
		case open && sv.Status == StatusClosed:
			sv.Status, sv.ClosedAt = StatusPublished, time.Time{}
		case !open && sv.Status == StatusPublished:
			sv.Status, sv.ClosedAt = StatusClosed, now
		case open:
			return cem.E(CodeSurveyState, "Only a closed survey can be reopened; this one is %s.", sv.Status)
		default:
			return cem.E(CodeSurveyState, "Only a published survey can be closed; this one is %s.", sv.Status)
		}
		sv.UpdatedAt = now
		if err := s.store.UpdateSurvey(ctx, sv); err != nil {
			return err
		}
		action := "survey.close"
		if open {
			action = "survey.reopen"
		}
		return s.audit.Record(ctx, audit.Event{Action: action, TargetType: "survey", TargetID: sv.ID, Before: before, After: surveyAudit(sv)})
	})
	return sv, err
}

// RestoreVersion starts a new draft from a published version; answered
// versions never change. Needs surveys.manage. Errors: forbidden,
// survey_not_found, survey_version_not_found.
func (s *Service) RestoreVersion(ctx context.Context, id string, version int) (*Survey, error) {
	a, err := allow(ctx, auth.PermSurveysManage)
	if err != nil {
		return nil, err
	}
	var sv *Survey
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		sv, err = s.store.Survey(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		v, err := s.store.Version(ctx, id, version)
		if err != nil {
			return err
		}
		parsed, _, err := Load(v.Definition, CheckOptions{})
		if err != nil {
			return err
		}
		before := surveyAudit(sv)
		sv.Draft, sv.Title, sv.DraftRev, sv.DraftChanged, sv.UpdatedAt = v.Definition, titleOf(parsed), sv.DraftRev+1, version != sv.PublishedVersion, s.now().UTC()
		if err := s.store.UpdateSurvey(ctx, sv); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "survey.restore_version", TargetType: "survey", TargetID: sv.ID, Before: before, After: surveyAudit(sv),
			Detail: "from version " + itoa(version)})
	})
	return sv, err
}

// Duplicate copies a survey's draft into a new draft survey in the same
// unit. Needs surveys.manage. Errors: forbidden, survey_not_found.
func (s *Service) Duplicate(ctx context.Context, id string) (*Survey, error) {
	a, err := allow(ctx, auth.PermSurveysManage)
	if err != nil {
		return nil, err
	}
	src, err := s.store.Survey(ctx, a.Scope, id)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	sv := &Survey{ID: cem.NewID(), Title: src.Title, Status: StatusDraft, OwnerID: a.ID, UnitID: src.UnitID, Draft: src.Draft, DraftRev: 1,
		DraftChanged: true, Template: src.Template, Settings: src.Settings, CreatedAt: now, UpdatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.createWithCode(ctx, sv); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "survey.duplicate", TargetType: "survey", TargetID: sv.ID, After: surveyAudit(sv), Detail: "copy of " + src.ID})
	})
	return sv, err
}

// Delete soft-deletes a survey: it disappears from lists and its link stops
// working, its versions and answers stay. Needs surveys.manage. Errors:
// forbidden, survey_not_found.
func (s *Service) Delete(ctx context.Context, id string) error {
	a, err := allow(ctx, auth.PermSurveysManage)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		sv, err := s.store.Survey(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		before := surveyAudit(sv)
		sv.DeletedAt, sv.UpdatedAt = s.now().UTC(), s.now().UTC()
		if err := s.store.UpdateSurvey(ctx, sv); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "survey.delete", TargetType: "survey", TargetID: sv.ID, Before: before})
	})
}

// Versions lists a survey's published versions, newest first. Needs
// surveys.read. Errors: forbidden, survey_not_found.
func (s *Service) Versions(ctx context.Context, id string) ([]*Version, error) {
	a, err := allow(ctx, auth.PermSurveysRead)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.Survey(ctx, a.Scope, id); err != nil {
		return nil, err
	}
	return s.store.Versions(ctx, id)
}

// GetVersion returns one published version. Needs surveys.read. Errors:
// forbidden, survey_not_found, survey_version_not_found.
func (s *Service) GetVersion(ctx context.Context, id string, version int) (*Version, error) {
	a, err := allow(ctx, auth.PermSurveysRead)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.Survey(ctx, a.Scope, id); err != nil {
		return nil, err
	}
	return s.store.Version(ctx, id, version)
}

// Evaluate runs the engine on a stored survey: its draft (version 0) or a
// published version. Needs surveys.read. Errors: forbidden,
// survey_not_found, survey_version_not_found, validation_failed (a draft
// with errors cannot be evaluated).
func (s *Service) Evaluate(ctx context.Context, id string, version int, in Input) (*Result, error) {
	def, err := s.readableDefinition(ctx, id, version)
	if err != nil {
		return nil, err
	}
	return s.EvaluateDefinition(ctx, def, in)
}

// readableDefinition is the stored document of a survey in the caller's
// scope: its draft (version 0) or a published version. Needs
// surveys.read. Errors: forbidden, survey_not_found,
// survey_version_not_found.
func (s *Service) readableDefinition(ctx context.Context, id string, version int) (json.RawMessage, error) {
	a, err := allow(ctx, auth.PermSurveysRead)
	if err != nil {
		return nil, err
	}
	sv, err := s.store.Survey(ctx, a.Scope, id)
	if err != nil {
		return nil, err
	}
	if version <= 0 {
		return sv.Draft, nil
	}
	v, err := s.store.Version(ctx, id, version)
	if err != nil {
		return nil, err
	}
	return v.Definition, nil
}

// EvaluateDefinition runs the engine on an unsaved definition (the
// designer's preview). Needs surveys.read. Errors: forbidden,
// validation_failed.
func (s *Service) EvaluateDefinition(ctx context.Context, def json.RawMessage, in Input) (*Result, error) {
	if _, err := allow(ctx, auth.PermSurveysRead); err != nil {
		return nil, err
	}
	parsed, err := Parse(def)
	if err != nil {
		return nil, err
	}
	if in.Now.IsZero() {
		in.Now = s.now()
	}
	return Evaluate(parsed, in), nil
}

func titleOf(d *Definition) string {
	if d == nil {
		return ""
	}
	t := d.Title.Resolve(d.DefaultLocale, d.DefaultLocale, d.Locales)
	if len([]rune(t)) > 200 {
		t = string([]rune(t)[:200])
	}
	return t
}

func surveyAudit(s *Survey) map[string]any {
	return map[string]any{"title": s.Title, "status": s.Status, "unit_id": s.UnitID, "owner_id": s.OwnerID, "draft_rev": s.DraftRev,
		"published_version": s.PublishedVersion, "deleted": !s.DeletedAt.IsZero()}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// UpdateSettings replaces a survey's collection settings after checking
// them against its draft (quota conditions must fit its questions). Needs
// surveys.publish: settings change what is collected and counted.
// Errors: forbidden, survey_not_found, validation_failed.
func (s *Service) UpdateSettings(ctx context.Context, id string, st Settings) (*Survey, error) {
	a, err := allow(ctx, auth.PermSurveysPublish)
	if err != nil {
		return nil, err
	}
	if st.Quotas == nil {
		st.Quotas = []Quota{}
	}
	var sv *Survey
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		sv, err = s.store.Survey(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		def, _, err := Load(sv.Draft, CheckOptions{})
		if err != nil {
			return err
		}
		if f := ValidateSettings(def, st); len(f) > 0 {
			return cem.Invalid("Some settings are invalid.", f...)
		}
		before := map[string]any{"settings": sv.Settings}
		sv.Settings, sv.UpdatedAt = st, s.now().UTC()
		if err := s.store.UpdateSurvey(ctx, sv); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "survey.settings", TargetType: "survey", TargetID: sv.ID, Before: before, After: map[string]any{"settings": st}})
	})
	return sv, err
}
