package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sync"

	"github.com/opencem/opencem/internal/survey"
)

// The submit path reads the survey behind a public code on every request
// (issue #5 item 10). It needs the survey's current status, published
// version and settings — read fresh each time, in one indexed lookup, so a
// close, reopen, publish, settings change or delete by any process counts
// at once — but not the draft (the biggest column) nor the other columns
// those endpoints do not use. Decoding the settings JSON was the other
// cost: decoded settings are kept by their exact stored text, so a change
// of settings is a different key and needs no invalidation.

// publicSurveyColumns are the columns the respondent endpoints use.
const publicSurveyColumns = `id, code, title, status, COALESCE(unit_id, ''), published_version, settings`

// settingsCache maps stored settings text to its decoded form.
var settingsCache = struct {
	sync.RWMutex
	m map[string]survey.Settings
}{m: map[string]survey.Settings{}}

// maxCachedSettings bounds the cache; when full it starts again (surveys
// taking submits at once are far fewer).
const maxCachedSettings = 1024

func decodeSettings(raw []byte) (survey.Settings, error) {
	settingsCache.RLock()
	st, ok := settingsCache.m[string(raw)]
	settingsCache.RUnlock()
	if ok {
		return st, nil
	}
	st = survey.DefaultSettings()
	if len(raw) == 0 {
		return st, nil
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, err
	}
	settingsCache.Lock()
	if len(settingsCache.m) >= maxCachedSettings {
		settingsCache.m = map[string]survey.Settings{}
	}
	settingsCache.m[string(raw)] = st
	settingsCache.Unlock()
	return st, nil
}

// PublicSurveyByCode is SurveyByCode for the respondent endpoints (load,
// decline, submit): only the survey's id, code, title, status, unit,
// published version and settings are filled in (no draft, no times). Its
// Settings may share slices and maps with other callers' results: callers
// must not modify them. With a responseID it also reports whether a
// response with that id exists, in the same statement: a submit needs both
// and a statement's fixed cost was a twentieth of the submit path.
// Errors: survey_not_found.
func (s *Surveys) PublicSurveyByCode(ctx context.Context, code, responseID string) (*survey.Survey, bool, error) {
	sv := survey.Survey{}
	var settings []byte
	var exists int
	dest := []any{&sv.ID, &sv.Code, &sv.Title, &sv.Status, &sv.UnitID, &sv.PublishedVersion, &settings}
	var row *sql.Row
	if responseID == "" {
		row = s.db.QueryRow(ctx, `SELECT `+publicSurveyColumns+` FROM surveys WHERE code = ? AND deleted_at IS NULL`, code)
	} else {
		row = s.db.QueryRow(ctx, `SELECT `+publicSurveyColumns+`, (SELECT COUNT(*) FROM responses WHERE id = ?)
			FROM surveys WHERE code = ? AND deleted_at IS NULL`, responseID, code)
		dest = append(dest, &exists)
	}
	err := row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, surveyNotFound()
	}
	if err != nil {
		return nil, false, wrap("get public survey by code", err)
	}
	if sv.Settings, err = decodeSettings(settings); err != nil {
		return nil, false, wrap("decode survey settings", err)
	}
	return &sv, exists > 0, nil
}
