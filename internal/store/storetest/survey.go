package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/survey"
)

func testSurvey(t *testing.T, open Opener) {
	db := open(t)
	s := store.NewSurveys(db)
	c := ctx(t)
	owner := &auth.User{ID: cem.NewID(), Username: "owner", Name: "o", PasswordHash: "h", CreatedAt: ts, UpdatedAt: ts}
	if err := db.InTx(c, func(c context.Context) error { return store.NewAuth(db).CreateUser(c, owner) }); err != nil {
		t.Fatal(err)
	}
	hq := insertUnit(t, db, "SU-HQ", "S-HQ", "/")
	insertUnit(t, db, "SU-A", "S-A", hq)
	insertUnit(t, db, "SU-B", "S-B", hq)
	def := json.RawMessage(`{"format_version":1,"title":"满意度","pages":[{"id":"p1","questions":[]}]}`)
	mk := func(code, unit string, at time.Time) *survey.Survey {
		sv := &survey.Survey{ID: cem.NewID(), Code: code, Title: "t-" + code, Status: survey.StatusDraft, OwnerID: owner.ID, UnitID: unit,
			Draft: def, DraftRev: 1, DraftChanged: true, CreatedAt: at, UpdatedAt: at}
		if err := s.CreateSurvey(c, sv); err != nil {
			t.Fatal(err)
		}
		return sv
	}
	a := mk("codea001", "SU-A", ts)
	b := mk("codeb001", "SU-B", ts.Add(time.Second))
	org := mk("codeo001", "", ts.Add(2*time.Second))

	t.Run("RoundTrip", func(t *testing.T) {
		got, err := s.Survey(c, cem.Scope{All: true}, a.ID)
		if err != nil || got.Code != "codea001" || got.UnitID != "SU-A" || got.DraftRev != 1 || !got.DraftChanged || !got.CreatedAt.Equal(ts) {
			t.Fatalf("survey: %+v %v", got, err)
		}
		var v map[string]any
		if err := json.Unmarshal(got.Draft, &v); err != nil || v["title"] != "满意度" {
			t.Fatalf("draft: %s %v", got.Draft, err)
		}
		dup := *a
		dup.ID = cem.NewID()
		if err := s.CreateSurvey(c, &dup); cem.CodeOf(err) != survey.CodePublicCodeTaken {
			t.Fatalf("duplicate code: %v", err)
		}
	})
	t.Run("Scope", func(t *testing.T) {
		storeA := cem.Scope{UnitIDs: []string{"SU-A"}}
		if _, err := s.Survey(c, storeA, b.ID); cem.CodeOf(err) != survey.CodeSurveyNotFound {
			t.Fatalf("sibling survey visible: %v", err)
		}
		if _, err := s.Survey(c, storeA, org.ID); cem.CodeOf(err) != survey.CodeSurveyNotFound {
			t.Fatalf("organisation-wide survey visible to a store: %v", err)
		}
		page, err := s.Surveys(c, survey.Filter{Scope: cem.Scope{UnitIDs: []string{"SU-HQ"}}}, cem.PageRequest{Limit: 10})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("HQ unit sees %d surveys (%v), want its two stores'", len(page.Items), err)
		}
	})
	t.Run("ListPagesNewestFirst", func(t *testing.T) {
		all := cem.Scope{All: true}
		p1, err := s.Surveys(c, survey.Filter{Scope: all}, cem.PageRequest{Limit: 2})
		if err != nil || len(p1.Items) != 2 || p1.Items[0].ID != org.ID || p1.NextCursor == "" {
			t.Fatalf("page 1: %v %v", p1, err)
		}
		p2, _ := s.Surveys(c, survey.Filter{Scope: all}, cem.PageRequest{Limit: 2, Cursor: p1.NextCursor})
		if len(p2.Items) != 1 || p2.Items[0].ID != a.ID || p2.NextCursor != "" {
			t.Fatalf("page 2: %+v", p2)
		}
		q, _ := s.Surveys(c, survey.Filter{Scope: all, Query: "CODEB"}, cem.PageRequest{Limit: 10})
		if len(q.Items) != 1 || q.Items[0].ID != b.ID {
			t.Fatalf("query: %+v", q.Items)
		}
	})
	t.Run("UpdateAndSoftDelete", func(t *testing.T) {
		a.Status, a.PublishedVersion, a.DraftRev, a.DraftChanged, a.PublishedAt = survey.StatusPublished, 1, 2, false, ts.Add(time.Hour)
		if err := s.UpdateSurvey(c, a); err != nil {
			t.Fatal(err)
		}
		got, _ := s.SurveyByCode(c, "codea001")
		if got.Status != survey.StatusPublished || got.PublishedVersion != 1 || got.DraftChanged || !got.PublishedAt.Equal(ts.Add(time.Hour)) {
			t.Fatalf("update: %+v", got)
		}
		a.DeletedAt = ts
		_ = s.UpdateSurvey(c, a)
		if _, err := s.SurveyByCode(c, "codea001"); cem.CodeOf(err) != survey.CodeSurveyNotFound {
			t.Fatalf("deleted survey found by code: %v", err)
		}
	})
	t.Run("Versions", func(t *testing.T) {
		for i := 1; i <= 2; i++ {
			if err := s.CreateVersion(c, &survey.Version{SurveyID: b.ID, Version: i, Definition: def, Note: "v", PublishedBy: owner.ID, PublishedAt: ts}); err != nil {
				t.Fatal(err)
			}
		}
		vs, err := s.Versions(c, b.ID)
		if err != nil || len(vs) != 2 || vs[0].Version != 2 {
			t.Fatalf("versions: %v %v", vs, err)
		}
		if _, err := s.Version(c, b.ID, 9); cem.CodeOf(err) != survey.CodeVersionNotFound {
			t.Fatalf("missing version: %v", err)
		}
	})
}
