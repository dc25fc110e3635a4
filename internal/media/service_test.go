package media_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/media"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/sqldb"
	"github.com/opencem/opencem/internal/store/sqlite"
	"github.com/opencem/opencem/internal/survey"
)

var at = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

type fixture struct {
	db      *sqldb.DB
	svc     *media.Service
	storeA  *survey.Survey // in unit U-A
	storeB  *survey.Survey // in unit U-B
	ownerID string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := db.Migrate(ctx, sqlite.Migrations()); err != nil {
		t.Fatal(err)
	}
	owner := &auth.User{ID: cem.NewID(), Username: "owner", Name: "o", PasswordHash: "h", CreatedAt: at, UpdatedAt: at}
	if err := db.InTx(ctx, func(c context.Context) error { return store.NewAuth(db).CreateUser(c, owner) }); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"U-A", "U-B"} {
		if _, err := db.Exec(ctx, `INSERT INTO org_units (id, code, name, parent_id, path, depth, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 0, ?, ?)`,
			u, u, u, "/"+u+"/", sqldb.Time{Time: at}, sqldb.Time{Time: at}); err != nil {
			t.Fatal(err)
		}
	}
	surveys := store.NewSurveys(db)
	mk := func(code, unit string) *survey.Survey {
		sv := &survey.Survey{ID: cem.NewID(), Code: code, Title: code, Status: survey.StatusDraft, OwnerID: owner.ID, UnitID: unit,
			Draft: json.RawMessage(`{"format_version":1,"title":"t","pages":[{"id":"p1","questions":[]}]}`), DraftRev: 1, CreatedAt: at, UpdatedAt: at}
		if err := surveys.CreateSurvey(ctx, sv); err != nil {
			t.Fatal(err)
		}
		return sv
	}
	f := &fixture{db: db, ownerID: owner.ID, storeA: mk("storea01", "U-A"), storeB: mk("storeb01", "U-B")}
	f.svc = media.NewService(store.NewMedia(db), surveys, db, audit.NewService(store.NewAudit(db), db, nil), func() time.Time { return at })
	return f
}

// as returns a context acting as a user with surveys.manage in scope.
func (f *fixture) as(scope cem.Scope, perms ...string) context.Context {
	p := map[string]bool{}
	for _, x := range perms {
		p[x] = true
	}
	return cem.WithActor(context.Background(), &cem.Actor{Kind: "user", ID: f.ownerID, Name: "owner", Permissions: p, Scope: scope})
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestUploadStoresSniffedTypeAndAudits(t *testing.T) {
	f := setup(t)
	ctx := f.as(cem.Scope{All: true}, auth.PermSurveysManage)
	// Whatever name or type the client gave (say photo.jpg, image/jpeg),
	// the service only sees bytes and stores what they are.
	data := pngBytes(t, 12, 7)
	up, err := f.svc.Upload(ctx, f.storeA.ID, data)
	if err != nil {
		t.Fatal(err)
	}
	if up.ContentType != "image/png" || up.Width != 12 || up.Height != 7 || up.Size != int64(len(data)) || up.URL != "/media/"+up.ID {
		t.Fatalf("uploaded %+v", up)
	}
	got, err := f.svc.Get(context.Background(), up.ID)
	if err != nil || !bytes.Equal(got.Bytes, data) || got.ContentType != "image/png" || got.SurveyID != f.storeA.ID || got.UnitID != "U-A" {
		t.Fatalf("stored %+v %v", got, err)
	}
	ev, err := store.NewAudit(f.db).LatestByAction(context.Background(), "media.upload")
	if err != nil {
		t.Fatal(err)
	}
	changes, _ := json.Marshal(ev.Changes)
	if ev.TargetID != up.ID || ev.ActorID != f.ownerID || !strings.Contains(string(changes), f.storeA.ID) {
		t.Fatalf("audit %+v %v", ev, err)
	}
	again, err := f.svc.Upload(ctx, f.storeA.ID, data)
	if err != nil || again.ID != up.ID {
		t.Fatalf("same bytes again for the same survey: %+v %v", again, err)
	}
	other, err := f.svc.Upload(ctx, f.storeB.ID, data)
	if err != nil || other.ID == up.ID {
		t.Fatalf("same bytes for another survey must be its own image: %+v %v", other, err)
	}
}

func TestUploadRefusals(t *testing.T) {
	f := setup(t)
	all := f.as(cem.Scope{All: true}, auth.PermSurveysManage)
	for _, c := range []struct {
		name string
		ctx  context.Context
		sid  string
		data []byte
		code string
	}{
		{"svg", all, f.storeA.ID, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), media.CodeTypeUnsupported},
		{"html", all, f.storeA.ID, []byte(`<html><script>alert(1)</script></html>`), media.CodeTypeUnsupported},
		{"too-large", all, f.storeA.ID, append(pngBytes(t, 1, 1), make([]byte, media.DefaultMaxBytes)...), media.CodeTooLarge},
		{"no-permission", f.as(cem.Scope{All: true}, auth.PermSurveysRead), f.storeA.ID, pngBytes(t, 1, 1), cem.CodeForbidden},
		{"anonymous", context.Background(), f.storeA.ID, pngBytes(t, 1, 1), cem.CodeForbidden},
		// A store user cannot upload to another store's survey: it is not
		// in their scope, so it does not exist for them.
		{"other-store", f.as(cem.Scope{UnitIDs: []string{"U-A"}}, auth.PermSurveysManage), f.storeB.ID, pngBytes(t, 1, 1), survey.CodeSurveyNotFound},
		{"unknown-survey", all, cem.NewID(), pngBytes(t, 1, 1), survey.CodeSurveyNotFound},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := f.svc.Upload(c.ctx, c.sid, c.data); cem.CodeOf(err) != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
		})
	}
	var n int
	if err := f.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM media`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("refused uploads stored %d rows (%v)", n, err)
	}
	// The store user may upload to their own store's survey.
	if _, err := f.svc.Upload(f.as(cem.Scope{UnitIDs: []string{"U-A"}}, auth.PermSurveysManage), f.storeA.ID, pngBytes(t, 1, 1)); err != nil {
		t.Fatalf("own store: %v", err)
	}
}

func TestGetUnknown(t *testing.T) {
	f := setup(t)
	for _, id := range []string{cem.NewID(), "nope", "../etc/passwd", ""} {
		if _, err := f.svc.Get(context.Background(), id); cem.CodeOf(err) != media.CodeNotFound {
			t.Fatalf("%q: %v", id, err)
		}
	}
}
