package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/media"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// Media implements media.Store.
type Media struct{ db *sqldb.DB }

// NewMedia returns the media store over db.
func NewMedia(db *sqldb.DB) *Media { return &Media{db: db} }

var _ media.Store = (*Media)(nil)

func mediaNotFound() error { return cem.E(media.CodeNotFound, "No uploaded image has this id.") }

// CreateMedia implements media.Store.
func (s *Media) CreateMedia(ctx context.Context, m *media.Media) error {
	_, err := s.db.Exec(ctx, `INSERT INTO media (id, survey_id, unit_id, content_type, size, width, height, sha256, bytes, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, nullable(m.SurveyID), nullable(m.UnitID), m.ContentType, m.Size, m.Width, m.Height, m.SHA256, m.Bytes, m.CreatedBy,
		sqldb.Time{Time: m.CreatedAt})
	return wrap("create media", err)
}

const mediaColumns = `id, COALESCE(survey_id, ''), COALESCE(unit_id, ''), content_type, size, width, height, sha256, created_by, created_at`

func scanMedia(row scanner, extra ...any) (*media.Media, error) {
	var m media.Media
	var at sqldb.Time
	err := row.Scan(append([]any{&m.ID, &m.SurveyID, &m.UnitID, &m.ContentType, &m.Size, &m.Width, &m.Height, &m.SHA256, &m.CreatedBy, &at}, extra...)...)
	m.CreatedAt = at.Time
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mediaNotFound()
	}
	return &m, err
}

// Media implements media.Store: the image with its bytes.
func (s *Media) Media(ctx context.Context, id string) (*media.Media, error) {
	var data []byte
	m, err := scanMedia(s.db.QueryRow(ctx, `SELECT `+mediaColumns+`, bytes FROM media WHERE id = ?`, id), &data)
	if err != nil {
		return nil, wrap("get media", err)
	}
	m.Bytes = data
	return m, nil
}

// MediaByDigest implements media.Store, without the bytes (the caller
// has them).
func (s *Media) MediaByDigest(ctx context.Context, surveyID, sha256 string) (*media.Media, error) {
	m, err := scanMedia(s.db.QueryRow(ctx, `SELECT `+mediaColumns+` FROM media WHERE sha256 = ? AND survey_id = ? ORDER BY id LIMIT 1`,
		sha256, surveyID))
	return m, wrap("get media by digest", err)
}
