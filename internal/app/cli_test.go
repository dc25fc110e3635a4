package app

import (
	"bytes"
	"context"
	"flag"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/config"
)

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

// Every subcommand's --help documents every flag the server reads.
func TestHelpDocumentsEveryFlag(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	config.Flags(fs, func(string) string { return "" })
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
	for _, args := range [][]string{{"serve", "--help"}, {"migrate", "status", "--help"}, {"migrate", "up", "--help"}, {"admin", "reset-password", "--help"}} {
		code, _, errOut := run(t, "", args...)
		if code != 0 {
			t.Fatalf("%v exited %d", args, code)
		}
		for _, n := range names {
			if !strings.Contains(errOut, n) {
				t.Errorf("%v --help does not mention %s", args, n)
			}
		}
	}
	code, out, _ := run(t, "", "--help")
	if code != 0 || !strings.Contains(out, "reset-password") || !strings.Contains(out, "migrate status") {
		t.Fatalf("top-level help: %d %s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"serve", "--no-such-flag"}, {"serve", "extra"}, {"migrate"}, {"migrate", "down"}, {"admin"}, {"serve", "--log-format", "xml"}} {
		if code, _, errOut := run(t, "", args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, errOut)
		}
	}
}

func TestVersion(t *testing.T) {
	if code, out, _ := run(t, "", "version"); code != 0 || !strings.Contains(out, Version) {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestMigrateAndResetPassword(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "", "migrate", "status", "--data", dir)
	if code != 0 || !strings.Contains(out, "0001") || !strings.Contains(out, "pending") {
		t.Fatalf("status before: %d %s %s", code, out, errOut)
	}
	if code, out, _ = run(t, "", "migrate", "up", "--data", dir); code != 0 || !strings.Contains(out, "applied 0001_identity") {
		t.Fatalf("up: %d %s", code, out)
	}
	if code, out, _ = run(t, "", "migrate", "up", "--data", dir); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("second up: %d %s", code, out)
	}
	// No admin yet: reset names the missing user clearly.
	if code, _, errOut = run(t, "", "admin", "reset-password", "--data", dir); code != 1 || !strings.Contains(errOut, "user_not_found") {
		t.Fatalf("reset without users: %d %s", code, errOut)
	}
	cfg := config.Default()
	cfg.DataDir = dir
	srv := StartTest(t, cfg)
	if code, _, errOut = run(t, "short\n", "admin", "reset-password", "--data", dir, "--password-stdin"); code != 1 || !strings.Contains(errOut, "too short") {
		t.Fatalf("short password accepted: %d %s", code, errOut)
	}
	code, out, errOut = run(t, "", "admin", "reset-password", "--data", dir)
	m := regexp.MustCompile(`Password:\s+(\S+)`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("reset: %d %s %s", code, out, errOut)
	}
	c := newClient(t, srv)
	if r := c.do("POST", "/api/v1/auth/login", `{"username":"admin","password":"`+m[1]+`"}`, nil); r.Status != 200 {
		t.Fatalf("new password refused: %d %s", r.Status, r.Body)
	}
	if r := c.do("POST", "/api/v1/auth/login", `{"username":"admin","password":"`+TestAdminPassword+`"}`, nil); r.Status != 401 {
		t.Fatalf("old password still accepted: %d", r.Status)
	}
}

// The banner prints the admin URL and, only on the first start, the login.
func TestBannerShowsFirstLoginOnce(t *testing.T) {
	dir := t.TempDir()
	start := func() string {
		cfg := config.Default()
		cfg.DataDir = dir
		cfg.Listen = []string{"127.0.0.1:0"}
		srv, err := Start(context.Background(), cfg, discardLog())
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Shutdown()
		var b bytes.Buffer
		printBanner(&b, srv)
		return b.String()
	}
	first := start()
	if !regexp.MustCompile(`(?m)^  Admin URL:  http://127\.0\.0\.1:\d+/admin/$`).MatchString(first) ||
		!regexp.MustCompile(`(?m)^  Password:   [a-z2-7]{20}$`).MatchString(first) {
		t.Fatalf("first banner:\n%s", first)
	}
	if second := start(); strings.Contains(second, "Password") {
		t.Fatalf("second start printed a password again:\n%s", second)
	}
}
