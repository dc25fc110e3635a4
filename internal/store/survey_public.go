package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
	"github.com/opencem/opencem/internal/survey"
)

// The respondent endpoints (load, decline, page save, submit) look up the
// survey behind a public code on every request (issue #5 item 10). They
// need its status, published version and settings, not the draft (the
// biggest column). One statement was a tenth of a submit's CPU, so
// results are cached per store:
//   - a write through any Surveys over the same sqldb.DB in this process
//     (create, settings, publish, close, reopen, delete) invalidates every
//     entry once it commits (sqldb.Changed), so this process's own changes
//     count at the very next request;
//   - a write by another process (several servers on one PostgreSQL) is
//     seen within PublicSurveyMaxAge. A submit accepted in that second is
//     one that could have arrived a second earlier; quota places are
//     counted in the database and never over-filled either way.

// PublicSurveyMaxAge bounds how stale a cached public survey may be with
// respect to other processes' writes (tests set their own: SetPublicCache).
const PublicSurveyMaxAge = time.Second

// maxPublicEntries bounds the cache; when full it starts again (surveys
// taking answers at once are far fewer).
const maxPublicEntries = 4096

type publicEntry struct {
	sv  *survey.Survey
	gen uint64    // the DB's surveys generation before the read
	at  time.Time // when it was read
}

type publicCache struct {
	maxAge time.Duration
	now    func() time.Time
	mu     sync.RWMutex
	m      map[string]publicEntry
}

// SetPublicCache sets how long PublicSurveyByCode may serve a survey
// without reading it again, and its clock (nil: time.Now). For tests.
func (s *Surveys) SetPublicCache(maxAge time.Duration, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.public.mu.Lock()
	s.public.maxAge, s.public.now, s.public.m = maxAge, now, map[string]publicEntry{}
	s.public.mu.Unlock()
}

// publicSurveyColumns are the columns the respondent endpoints use.
const publicSurveyColumns = `id, code, title, status, COALESCE(unit_id, ''), published_version, settings`

// PublicSurveyByCode is SurveyByCode for the respondent endpoints: only
// the survey's id, code, title, status, unit, published version and
// settings are filled in (no draft, no times), cached as explained above.
// The result is shared with other callers: they must not modify it.
// Errors: survey_not_found.
func (s *Surveys) PublicSurveyByCode(ctx context.Context, code string) (*survey.Survey, error) {
	c := &s.public
	gen, now := s.db.Generation("surveys"), c.now()
	c.mu.RLock()
	e, ok := c.m[code]
	maxAge := c.maxAge
	c.mu.RUnlock()
	if ok && e.gen == gen && now.Sub(e.at) < maxAge && !now.Before(e.at) {
		if e.sv == nil {
			return nil, surveyNotFound()
		}
		return e.sv, nil
	}
	sv, err := s.readPublic(ctx, code)
	if err != nil && cem.CodeOf(err) != survey.CodeSurveyNotFound {
		return nil, err
	}
	if maxAge > 0 {
		c.mu.Lock()
		if len(c.m) >= maxPublicEntries {
			c.m = map[string]publicEntry{}
		}
		c.m[code] = publicEntry{sv: sv, gen: gen, at: now}
		c.mu.Unlock()
	}
	return sv, err
}

func (s *Surveys) readPublic(ctx context.Context, code string) (*survey.Survey, error) {
	sv := survey.Survey{Settings: survey.DefaultSettings()}
	err := s.db.QueryRow(ctx, `SELECT `+publicSurveyColumns+` FROM surveys WHERE code = ? AND deleted_at IS NULL`, code).
		Scan(&sv.ID, &sv.Code, &sv.Title, &sv.Status, &sv.UnitID, &sv.PublishedVersion, sqldb.ScanJSON(&sv.Settings))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, surveyNotFound()
	}
	if err != nil {
		return nil, wrap("get public survey by code", err)
	}
	return &sv, nil
}
