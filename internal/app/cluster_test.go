package app

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sync"
	"testing"

	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/store/postgres"
)

// Several servers on one PostgreSQL behave as one service: started at once,
// they create the first admin exactly once, and a session opened on one is
// valid on the other (nothing shared lives in a process's memory).
func TestTwoServersOnePostgres(t *testing.T) {
	dsn := postgres.TestSchemaDSN(t)
	servers := make([]*Server, 2)
	var wg sync.WaitGroup
	for i := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := config.Default()
			cfg.DB = dsn
			cfg.DataDir = t.TempDir()
			cfg.AdminPassword = "-"
			servers[i] = StartTest(t, cfg)
		}()
	}
	wg.Wait()
	created := 0
	for _, s := range servers {
		if s.FirstAdminPassword != "" {
			created++
		}
	}
	if created != 1 {
		t.Fatalf("%d servers created a first admin, want exactly 1", created)
	}
	pw := servers[0].FirstAdminPassword + servers[1].FirstAdminPassword
	a := newClient(t, servers[0])
	r := a.do("POST", "/api/v1/auth/login", `{"username":"admin","password":"`+pw+`"}`, nil)
	if r.Status != 200 {
		t.Fatalf("login on server A: %d %s", r.Status, r.Body)
	}
	// Carry A's cookies to B.
	jar, _ := cookiejar.New(nil)
	ua, _ := url.Parse(servers[0].URLs()[0])
	ub, _ := url.Parse(servers[1].URLs()[0])
	jar.SetCookies(ub, a.http.Jar.Cookies(ua))
	b := newClient(t, servers[1])
	b.http = &http.Client{Jar: jar}
	if r := b.do("GET", "/api/v1/me", "", nil); r.Status != 200 {
		t.Fatalf("session from server A refused by server B: %d %s", r.Status, r.Body)
	}
}
