// Package storetest is the conformance suite every database adapter must
// pass: the same assertions run against SQLite and PostgreSQL, so the two
// cannot drift. Adapter packages call Run from their tests.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/store/sqldb"
)

// Opener returns a fresh, migrated, empty database for one test.
type Opener func(t *testing.T) *sqldb.DB

// Run runs the whole suite.
func Run(t *testing.T, open Opener) {
	t.Run("Plumbing", func(t *testing.T) { testPlumbing(t, open) })
	t.Run("Auth", func(t *testing.T) { testAuth(t, open) })
	t.Run("Counter", func(t *testing.T) { testCounter(t, open) })
	t.Run("Identity", func(t *testing.T) { testIdentity(t, open) })
	t.Run("Survey", func(t *testing.T) { testSurvey(t, open) })
	t.Run("PublicSurveyCache", func(t *testing.T) { testPublicSurveyCache(t, open) })
	t.Run("Response", func(t *testing.T) { testResponse(t, open) })
	t.Run("Org", func(t *testing.T) { testOrg(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Alarm", func(t *testing.T) { testAlarm(t, open) })
	t.Run("Media", func(t *testing.T) { testMedia(t, open) })
}

// ctx returns a context that ends with the test.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// ts is a fixed instant with microseconds, to check time round trips.
var ts = time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)
