// Package bench holds OpenCEM's benchmarks. Results are recorded with the
// command that produced them in bench/RESULTS.md; nothing here asserts a
// wall-clock figure.
package bench

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/app"
	"github.com/opencem/opencem/internal/config"
)

func startSQLite(b *testing.B) (*app.Server, *http.Client) {
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	srv := app.StartTest(b, cfg)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	resp, err := c.Post(srv.URLs()[0]+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"admin","password":"`+app.TestAdminPassword+`"}`))
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("login: %v %v", err, resp)
	}
	resp.Body.Close()
	return srv, c
}

func get(b *testing.B, c *http.Client, url string) {
	resp, err := c.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("status %d", resp.StatusCode)
	}
}

// BenchmarkGetMeParallel measures an authenticated read through the whole
// stack: HTTP, session lookup in SQLite, envelope encoding.
func BenchmarkGetMeParallel(b *testing.B) {
	srv, c := startSQLite(b)
	url := srv.URLs()[0] + "/api/v1/me"
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			get(b, c, url)
		}
	})
}

// BenchmarkVersionParallel is the floor: routing, middleware and envelope
// without the database.
func BenchmarkVersionParallel(b *testing.B) {
	srv, c := startSQLite(b)
	url := srv.URLs()[0] + "/api/v1/version"
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			get(b, c, url)
		}
	})
}
