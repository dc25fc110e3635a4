package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
	"github.com/opencem/opencem/internal/survey"
)

// Surveys implements survey.Store.
type Surveys struct {
	db     *sqldb.DB
	public publicCache // PublicSurveyByCode (survey_public.go)
}

// NewSurveys returns the survey store over db.
func NewSurveys(db *sqldb.DB) *Surveys {
	return &Surveys{db: db, public: publicCache{maxAge: PublicSurveyMaxAge, now: time.Now, m: map[string]publicEntry{}}}
}

var _ survey.Store = (*Surveys)(nil)

func surveyNotFound() error { return cem.E(survey.CodeSurveyNotFound, "The survey was not found.") }

// CreateSurvey implements survey.Store.
func (s *Surveys) CreateSurvey(ctx context.Context, sv *survey.Survey) error {
	_, err := s.db.Exec(ctx, `INSERT INTO surveys (id, code, title, status, owner_id, unit_id, draft, draft_rev, draft_changed, published_version,
		template, settings, created_at, updated_at, published_at, closed_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sv.ID, sv.Code, sv.Title, sv.Status, sv.OwnerID, nullable(sv.UnitID), string(sv.Draft), sv.DraftRev, sv.DraftChanged, sv.PublishedVersion,
		sv.Template, sqldb.JSON(sv.Settings), sqldb.Time{Time: sv.CreatedAt}, sqldb.Time{Time: sv.UpdatedAt}, sqldb.Time{Time: sv.PublishedAt},
		sqldb.Time{Time: sv.ClosedAt}, sqldb.Time{Time: sv.DeletedAt})
	if s.db.IsUniqueViolation(err) {
		return cem.E(survey.CodePublicCodeTaken, "The public code is taken.")
	}
	if err == nil {
		s.db.Changed(ctx, "surveys")
	}
	return wrap("create survey", err)
}

// UpdateSurvey implements survey.Store.
func (s *Surveys) UpdateSurvey(ctx context.Context, sv *survey.Survey) error {
	res, err := s.db.Exec(ctx, `UPDATE surveys SET title = ?, status = ?, owner_id = ?, unit_id = ?, draft = ?, draft_rev = ?, draft_changed = ?,
		published_version = ?, settings = ?, updated_at = ?, published_at = ?, closed_at = ?, deleted_at = ? WHERE id = ?`,
		sv.Title, sv.Status, sv.OwnerID, nullable(sv.UnitID), string(sv.Draft), sv.DraftRev, sv.DraftChanged, sv.PublishedVersion,
		sqldb.JSON(sv.Settings), sqldb.Time{Time: sv.UpdatedAt}, sqldb.Time{Time: sv.PublishedAt}, sqldb.Time{Time: sv.ClosedAt}, sqldb.Time{Time: sv.DeletedAt}, sv.ID)
	if err == nil {
		s.db.Changed(ctx, "surveys")
	}
	return affectedOne(res, err, "update survey", surveyNotFound)
}

const surveyColumns = `id, code, title, status, owner_id, COALESCE(unit_id, ''), draft, draft_rev, draft_changed, published_version, template,
	settings, created_at, updated_at, published_at, closed_at, deleted_at`

func scanSurvey(row scanner) (*survey.Survey, error) {
	sv := survey.Survey{Settings: survey.DefaultSettings()}
	var draft []byte
	var created, updated, published, closed, deleted sqldb.Time
	err := row.Scan(&sv.ID, &sv.Code, &sv.Title, &sv.Status, &sv.OwnerID, &sv.UnitID, &draft, &sv.DraftRev, &sv.DraftChanged, &sv.PublishedVersion,
		&sv.Template, sqldb.ScanJSON(&sv.Settings), &created, &updated, &published, &closed, &deleted)
	sv.Draft = json.RawMessage(draft)
	sv.CreatedAt, sv.UpdatedAt, sv.PublishedAt, sv.ClosedAt, sv.DeletedAt = created.Time, updated.Time, published.Time, closed.Time, deleted.Time
	return &sv, err
}

// Survey implements survey.Store.
func (s *Surveys) Survey(ctx context.Context, scope cem.Scope, id string) (*survey.Survey, error) {
	cond, args := scopeClause("unit_id", scope)
	sv, err := scanSurvey(s.db.QueryRow(ctx, `SELECT `+surveyColumns+` FROM surveys WHERE id = ? AND deleted_at IS NULL AND `+cond,
		append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, surveyNotFound()
	}
	return sv, wrap("get survey", err)
}

// SurveyByCode implements survey.Store: the public link's lookup, without
// a data scope.
func (s *Surveys) SurveyByCode(ctx context.Context, code string) (*survey.Survey, error) {
	sv, err := scanSurvey(s.db.QueryRow(ctx, `SELECT `+surveyColumns+` FROM surveys WHERE code = ? AND deleted_at IS NULL`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, surveyNotFound()
	}
	return sv, wrap("get survey by code", err)
}

// Surveys implements survey.Store: newest change first, keyset paging on
// (updated_at, id).
func (s *Surveys) Surveys(ctx context.Context, f survey.Filter, p cem.PageRequest) (cem.Page[*survey.Survey], error) {
	cond, args := scopeClause("unit_id", f.Scope)
	where := []string{"deleted_at IS NULL", cond}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + escapeLike(strings.ToLower(q)) + "%"
		where = append(where, `(LOWER(title) LIKE ? ESCAPE '\' OR LOWER(code) LIKE ? ESCAPE '\')`)
		args = append(args, like, like)
	}
	if f.Status != "" {
		where = append(where, "status = ?")
		args = append(args, f.Status)
	}
	if f.OwnerID != "" {
		where = append(where, "owner_id = ?")
		args = append(args, f.OwnerID)
	}
	if f.UnitID != "" {
		where = append(where, "unit_id = ?")
		args = append(args, f.UnitID)
	}
	where, args, err := newestAfter(p.Cursor, where, args)
	if err != nil {
		return cem.Page[*survey.Survey]{}, err
	}
	args = append(args, p.Limit+1)
	items, err := queryAll(ctx, s.db, "list surveys", `SELECT `+surveyColumns+` FROM surveys WHERE `+strings.Join(where, " AND ")+
		` ORDER BY updated_at DESC, id DESC LIMIT ?`, args, scanSurvey)
	if err != nil {
		return cem.Page[*survey.Survey]{}, err
	}
	return newestPage(items, p.Limit, func(s *survey.Survey) (time.Time, string) { return s.UpdatedAt, s.ID }), nil
}

// CreateVersion implements survey.Store.
func (s *Surveys) CreateVersion(ctx context.Context, v *survey.Version) error {
	_, err := s.db.Exec(ctx, `INSERT INTO survey_versions (survey_id, version, definition, note, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?)`,
		v.SurveyID, v.Version, string(v.Definition), v.Note, v.PublishedBy, sqldb.Time{Time: v.PublishedAt})
	return wrap("create survey version", err)
}

func scanVersion(row scanner) (*survey.Version, error) {
	var v survey.Version
	var def []byte
	var at sqldb.Time
	err := row.Scan(&v.SurveyID, &v.Version, &def, &v.Note, &v.PublishedBy, &at)
	v.Definition, v.PublishedAt = json.RawMessage(def), at.Time
	return &v, err
}

// Version implements survey.Store.
func (s *Surveys) Version(ctx context.Context, surveyID string, version int) (*survey.Version, error) {
	v, err := scanVersion(s.db.QueryRow(ctx, `SELECT survey_id, version, definition, note, published_by, published_at FROM survey_versions
		WHERE survey_id = ? AND version = ?`, surveyID, version))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cem.E(survey.CodeVersionNotFound, "The survey has no version %d.", version)
	}
	return v, wrap("get survey version", err)
}

// Versions implements survey.Store: newest first.
func (s *Surveys) Versions(ctx context.Context, surveyID string) ([]*survey.Version, error) {
	return queryAll(ctx, s.db, "list survey versions", `SELECT survey_id, version, definition, note, published_by, published_at
		FROM survey_versions WHERE survey_id = ? ORDER BY version DESC`, []any{surveyID}, scanVersion)
}
