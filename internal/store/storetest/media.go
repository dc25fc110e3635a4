package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/media"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/survey"
)

func testMedia(t *testing.T, open Opener) {
	db := open(t)
	s := store.NewMedia(db)
	c := ctx(t)
	owner := &auth.User{ID: cem.NewID(), Username: "mowner", Name: "o", PasswordHash: "h", CreatedAt: ts, UpdatedAt: ts}
	if err := db.InTx(c, func(c context.Context) error { return store.NewAuth(db).CreateUser(c, owner) }); err != nil {
		t.Fatal(err)
	}
	insertUnit(t, db, "MU-A", "M-A", "/")
	mkSurvey := func(code string) *survey.Survey {
		sv := &survey.Survey{ID: cem.NewID(), Code: code, Title: code, Status: survey.StatusDraft, OwnerID: owner.ID, UnitID: "MU-A",
			Draft: json.RawMessage(`{"format_version":1,"title":"t","pages":[{"id":"p1","questions":[]}]}`), DraftRev: 1, CreatedAt: ts, UpdatedAt: ts}
		if err := store.NewSurveys(db).CreateSurvey(c, sv); err != nil {
			t.Fatal(err)
		}
		return sv
	}
	sv1, sv2 := mkSurvey("media001"), mkSurvey("media002")
	// Every byte value, so a text column or an encoding step would show.
	data := make([]byte, 512)
	for i := range data {
		data[i] = byte(i)
	}
	m := &media.Media{ID: cem.NewID(), SurveyID: sv1.ID, UnitID: "MU-A", ContentType: "image/png", Size: int64(len(data)), Width: 3, Height: 2,
		SHA256: "abc123", Bytes: data, CreatedBy: owner.ID, CreatedAt: ts}
	if err := s.CreateMedia(c, m); err != nil {
		t.Fatal(err)
	}

	t.Run("RoundTripKeepsBytes", func(t *testing.T) {
		got, err := s.Media(c, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes, data) || got.SurveyID != sv1.ID || got.UnitID != "MU-A" || got.ContentType != "image/png" ||
			got.Size != 512 || got.Width != 3 || got.Height != 2 || got.SHA256 != "abc123" || got.CreatedBy != owner.ID || !got.CreatedAt.Equal(ts) {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("UnknownIsNotFound", func(t *testing.T) {
		if _, err := s.Media(c, cem.NewID()); cem.CodeOf(err) != media.CodeNotFound {
			t.Fatalf("unknown id: %v", err)
		}
	})
	t.Run("DigestIsPerSurvey", func(t *testing.T) {
		got, err := s.MediaByDigest(c, sv1.ID, "abc123")
		if err != nil || got.ID != m.ID {
			t.Fatalf("same survey: %+v %v", got, err)
		}
		if _, err := s.MediaByDigest(c, sv2.ID, "abc123"); cem.CodeOf(err) != media.CodeNotFound {
			t.Fatalf("another survey's image matched: %v", err)
		}
	})
	t.Run("WithoutSurveyOrUnit", func(t *testing.T) {
		loose := &media.Media{ID: cem.NewID(), ContentType: "image/gif", Size: 1, Width: 1, Height: 1, SHA256: "x", Bytes: []byte{0},
			CreatedBy: owner.ID, CreatedAt: ts}
		if err := s.CreateMedia(c, loose); err != nil {
			t.Fatal(err)
		}
		got, err := s.Media(c, loose.ID)
		if err != nil || got.SurveyID != "" || got.UnitID != "" || !bytes.Equal(got.Bytes, []byte{0}) {
			t.Fatalf("got %+v %v", got, err)
		}
	})
}
