package app

import (
	"bytes"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/config"
)

// upload posts data as the multipart field "field", the part claiming
// filename and partType (which the server must ignore).
func (c *client) upload(surveyID, field, filename, partType string, data []byte) reply {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+filename+`"`)
	h.Set("Content-Type", partType)
	pw, _ := mw.CreatePart(h)
	_, _ = pw.Write(data)
	_ = mw.Close()
	return c.do("POST", "/api/v1/surveys/"+surveyID+"/media", body.String(), map[string]string{"Content-Type": mw.FormDataContentType()})
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestMediaUploadAndServe covers issue #6 item 2 end to end over HTTP: a
// researcher uploads an image for a survey, respondents load it without
// signing in, and the server decides the type from the bytes.
func TestMediaUploadAndServe(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)
		anon := newClient(t, srv)
		unit := func(code string) string {
			return mustOK(t, adm.do("POST", "/api/v1/org/units", toJSON(map[string]any{"code": code, "name": code}), nil), 201)["id"].(string)
		}
		ua, ub := unit("M-STORE-A"), unit("M-STORE-B")
		sa := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"title": "A", "unit_id": ua}), nil), 201)["id"].(string)
		sb := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"title": "B", "unit_id": ub}), nil), 201)["id"].(string)

		// A PNG named and typed as JPEG is stored and served as PNG.
		img := testPNG(t, 20, 10)
		d := mustOK(t, adm.upload(sa, "file", "photo.jpg", "image/jpeg", img), 201)
		if d["content_type"] != "image/png" || d["width"] != float64(20) || d["height"] != float64(10) || d["size"] != float64(len(img)) {
			t.Fatalf("upload: %v", d)
		}
		url := d["url"].(string)
		if url != "/media/"+d["id"].(string) {
			t.Fatalf("url %q", url)
		}
		got := anon.do("GET", url, "", nil)
		h := got.Header
		if got.Status != 200 || got.Body != string(img) || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Content-Security-Policy") != "default-src 'none'" || h.Get("Cache-Control") != "public, max-age=31536000, immutable" || h.Get("ETag") == "" {
			t.Fatalf("serve: %d %v (%d bytes)", got.Status, h, len(got.Body))
		}
		if r := anon.do("GET", url, "", map[string]string{"If-None-Match": h.Get("ETag")}); r.Status != http.StatusNotModified {
			t.Fatalf("conditional GET: %d", r.Status)
		}
		if r := anon.do("GET", "/media/01ARZ3NDEKTSV4RRFFQ69G5FAV", "", nil); r.Status != 404 || errCode(r) != "media_not_found" {
			t.Fatalf("unknown id: %d %s", r.Status, r.Body)
		}
		if r := anon.do("GET", "/media/..%2f..%2fetc", "", nil); r.Status != 404 {
			t.Fatalf("odd id: %d %s", r.Status, r.Body)
		}

		// Refusals, each with its stable code.
		svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)
		for _, c := range []struct {
			name   string
			r      reply
			status int
			code   string
		}{
			{"svg", adm.upload(sa, "file", "x.png", "image/png", svg), 415, "media_type_unsupported"},
			{"html", adm.upload(sa, "file", "x.gif", "image/gif", []byte("<html><script>alert(1)</script>")), 415, "media_type_unsupported"},
			{"too-large", adm.upload(sa, "file", "big.png", "image/png", append(testPNG(t, 1, 1), make([]byte, 5<<20)...)), 413, "media_too_large"},
			{"huge-body", adm.upload(sa, "file", "big.png", "image/png", make([]byte, 6<<20)), 413, "media_too_large"},
			{"wrong-field", adm.upload(sa, "picture", "x.png", "image/png", img), 400, "media_file_missing"},
			{"not-multipart", adm.do("POST", "/api/v1/surveys/"+sa+"/media", string(img), map[string]string{"Content-Type": "image/png"}), 415, "unsupported_media_type"},
			{"unknown-survey", adm.upload("01ARZ3NDEKTSV4RRFFQ69G5FAV", "file", "x.png", "image/png", img), 404, "survey_not_found"},
			{"anonymous", anon.upload(sa, "file", "x.png", "image/png", img), 401, "unauthenticated"},
		} {
			if c.r.Status != c.status || errCode(c.r) != c.code {
				t.Errorf("%s: %d %.300s, want %d %s", c.name, c.r.Status, c.r.Body, c.status, c.code)
			}
		}

		// A store researcher uploads to their own store's survey only.
		createUser(t, adm, "m-store-a", []string{"researcher"}, []string{ua})
		store := loginAs(t, srv, "m-store-a", "m-store-a-password")
		mustOK(t, store.upload(sa, "file", "a.png", "image/png", testPNG(t, 2, 2)), 201)
		if r := store.upload(sb, "file", "a.png", "image/png", testPNG(t, 2, 2)); r.Status != 404 || errCode(r) != "survey_not_found" {
			t.Fatalf("other store's survey: %d %s", r.Status, r.Body)
		}
		// The reference page documents the form upload.
		if r := anon.do("GET", "/docs", "", nil); r.Status != 200 || !strings.Contains(r.Body, "multipart/form-data with the file field <code>file</code>") {
			t.Fatalf("docs: %d, upload form not described", r.Status)
		}
		// Uploads are audited.
		r := adm.do("GET", "/api/v1/audit-events?action=media.upload", "", nil)
		if n := strings.Count(r.Body, `"action":"media.upload"`); n != 2 {
			t.Fatalf("audit rows for media.upload: %d: %.300s", n, r.Body)
		}
	})
}
