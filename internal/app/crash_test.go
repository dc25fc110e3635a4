package app

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/store/postgres"
)

// serverBinary returns the opencem binary to run: OPENCEM_BIN (make test
// builds one) or a fresh build.
func serverBinary(t *testing.T) string {
	if b := os.Getenv("OPENCEM_BIN"); b != "" {
		return b
	}
	bin := filepath.Join(t.TempDir(), "opencem")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/opencem/opencem/cmd/opencem").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

type proc struct {
	cmd  *exec.Cmd
	base string
}

// runServer starts the binary and waits for its banner's admin URL.
func runServer(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--listen", "127.0.0.1:0", "--log-format", "text"}, args...)...)
	cmd.Env = append(os.Environ(), "OPENCEM_ADMIN_PASSWORD="+TestAdminPassword)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	re := regexp.MustCompile(`Admin URL:\s+(http://\S+)/admin/`)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go func() {
				for sc.Scan() {
				}
			}()
			return &proc{cmd: cmd, base: m[1]}
		}
	}
	t.Fatal("server exited before printing its address")
	return nil
}

// TestCrashKeepsAcknowledgedResponses kills the server with SIGKILL while
// submitters are busy, restarts it, and finds every acknowledged response
// stored exactly once (issue #5 item 10), on SQLite and PostgreSQL.
func TestCrashKeepsAcknowledgedResponses(t *testing.T) {
	bin := serverBinary(t)
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			data := t.TempDir()
			args := []string{"--data", data}
			if db == "postgres" {
				args = append(args, "--db", postgres.TestSchemaDSN(t))
			}
			p := runServer(t, bin, args...)
			cl := &client{t: t, base: p.base, http: &http.Client{}}
			cl.http.Jar, _ = newJar()
			cl.login()
			_, code := publishSurvey(t, cl, quotaSurvey, map[string]any{"validity": map[string]any{"min_seconds": 1},
				"dedupe": map[string]any{"device": false}, "privacy": map[string]any{"collects": []string{"answers"}}})

			var mu sync.Mutex
			acked := map[string]bool{}
			ctx, stop := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			killed := make(chan struct{})
			for w := 0; w < 8; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := &client{t: t, base: p.base, http: &http.Client{Timeout: 10 * time.Second}}
					for ctx.Err() == nil {
						id := respID()
						r, err := c.tryDo("POST", "/api/v1/responses", toJSON(map[string]any{"id": id, "survey_code": code, "final": true, "token": pow(id, code),
							"started_at": time.Now().Add(-time.Minute).UTC().Format(time.RFC3339), "answers": map[string]any{"gender": "f", "why": "crash"}}))
						if err != nil {
							return // the server is gone
						}
						if r.Status == 200 {
							mu.Lock()
							acked[id] = true
							n := len(acked)
							mu.Unlock()
							if n == 150 {
								_ = p.cmd.Process.Signal(syscall.SIGKILL)
								close(killed)
							}
						}
					}
				}()
			}
			<-killed
			stop()
			wg.Wait()
			_ = p.cmd.Wait()

			p2 := runServer(t, bin, args...)
			var stored []string
			cfg := config.Default()
			cfg.DataDir = data
			if db == "postgres" {
				cfg.DB = args[3]
			}
			dbh, _, err := openDB(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer dbh.Close()
			rows, err := dbh.Query(context.Background(), `SELECT id FROM responses WHERE status <> 'partial'`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id string
				_ = rows.Scan(&id)
				stored = append(stored, id)
			}
			rows.Close()
			have := map[string]int{}
			for _, id := range stored {
				have[id]++
			}
			mu.Lock()
			defer mu.Unlock()
			for id := range acked {
				if have[id] != 1 {
					t.Errorf("acknowledged response %s stored %d times after the crash", id, have[id])
				}
			}
			t.Logf("%d acknowledged, %d stored, server restarted at %s", len(acked), len(stored), p2.base)
			if len(acked) < 150 {
				t.Fatalf("only %d acknowledged before the kill", len(acked))
			}
		})
	}
}

// tryDo is do without failing the test on a transport error.
func (c *client) tryDo(method, path, body string) (reply, error) {
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	return reply{Status: resp.StatusCode}, nil
}
