package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/survey"
)

// testPublicSurveyCache: the respondent endpoints' cached survey lookup
// (issue #5 item 10). A committed change through any Surveys over the
// same DB counts at once; a change inside a transaction counts only once
// it commits; a write behind the store's back (another process) is seen
// once the entry is PublicSurveyMaxAge old, not before.
func testPublicSurveyCache(t *testing.T, open Opener) {
	db := open(t)
	c := ctx(t)
	owner := &auth.User{ID: cem.NewID(), Username: "pc", Name: "o", PasswordHash: "h", CreatedAt: ts, UpdatedAt: ts}
	if err := db.InTx(c, func(c context.Context) error { return store.NewAuth(db).CreateUser(c, owner) }); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := ts
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	reader, writer := store.NewSurveys(db), store.NewSurveys(db)
	reader.SetPublicCache(time.Second, clock)

	sv := &survey.Survey{ID: cem.NewID(), Code: "pcache01", Title: "t", Status: survey.StatusPublished, OwnerID: owner.ID, PublishedVersion: 1,
		Draft: json.RawMessage(`{}`), DraftRev: 1, Settings: survey.DefaultSettings(), CreatedAt: ts, UpdatedAt: ts}
	// Unknown codes are cached too, and a create through another store
	// instance ends that at once.
	if _, err := reader.PublicSurveyByCode(c, sv.Code); cem.CodeOf(err) != survey.CodeSurveyNotFound {
		t.Fatalf("unknown code: %v", err)
	}
	if err := writer.CreateSurvey(c, sv); err != nil {
		t.Fatal(err)
	}
	status := func() string {
		t.Helper()
		got, err := reader.PublicSurveyByCode(c, sv.Code)
		if cem.CodeOf(err) == survey.CodeSurveyNotFound {
			return "not found"
		}
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}
	if got := status(); got != survey.StatusPublished {
		t.Fatalf("after create: %s", got)
	}

	// A change inside a transaction: the old row until it commits; a
	// rolled-back one changes nothing.
	closed := *sv
	closed.Status = survey.StatusClosed
	rollback := errors.New("rollback")
	if err := db.InTx(c, func(c context.Context) error {
		if err := writer.UpdateSurvey(c, &closed); err != nil {
			return err
		}
		if got := status(); got != survey.StatusPublished {
			t.Errorf("uncommitted close seen: %s", got)
		}
		return rollback
	}); !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if got := status(); got != survey.StatusPublished {
		t.Fatalf("after a rolled-back close: %s", got)
	}
	if err := db.InTx(c, func(c context.Context) error { return writer.UpdateSurvey(c, &closed) }); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != survey.StatusClosed {
		t.Fatalf("after a committed close: %s", got)
	}

	// Another process reopens it: not seen while the entry is young,
	// seen once it is PublicSurveyMaxAge old.
	if _, err := db.Exec(c, `UPDATE surveys SET status = ? WHERE id = ?`, survey.StatusPublished, sv.ID); err != nil {
		t.Fatal(err)
	}
	advance(900 * time.Millisecond)
	if got := status(); got != survey.StatusClosed {
		t.Fatalf("another process's write seen before the maximum age: %s", got)
	}
	advance(100 * time.Millisecond)
	if got := status(); got != survey.StatusPublished {
		t.Fatalf("another process's write not seen after the maximum age: %s", got)
	}

	// A delete through the store counts at once.
	gone := closed
	gone.Status, gone.DeletedAt = survey.StatusPublished, ts
	if err := writer.UpdateSurvey(c, &gone); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != "not found" {
		t.Fatalf("after delete: %s", got)
	}
}
