// Command submitload measures the submit path (issue #5 item 10): 64
// concurrent keep-alive clients submit valid responses to a 10-question
// survey with logic, a quota and one-answer-per-device on, against an
// in-process OpenCEM on SQLite (and PostgreSQL with -pg), beside a bare Go
// JSON-echo server measured in the same run on the same machine: the echo
// and SQLite loads take turns in -slices slices, so that both see the same
// machine. It then checks that the stored count equals the acknowledged
// count.
//
//	go run ./bench/submitload -duration 10s [-pg postgres://…]
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/opencem/opencem/internal/app"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/survey"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Survey is ten questions with display logic, piping and a jump.
const Survey = `{"format_version":1,"title":"门店满意度","params":[{"id":"store"}],"pages":[
 {"id":"p1","questions":[
  {"id":"nps","type":"rating","scale":"nps","title":"推荐意愿","required":true},
  {"id":"why_low","type":"text","title":"为什么不推荐？","display":"{nps} <= 6"},
  {"id":"visit","type":"single","title":"到店目的","required":true,"options":[{"code":"buy","label":"购物"},{"code":"look","label":"看看"}]},
  {"id":"items","type":"multiple","title":"买了什么","display":"{visit} = 'buy'","options":[{"code":"a","label":"食品"},{"code":"b","label":"日用"},{"code":"c","label":"服装"}]},
  {"id":"fav","type":"single","title":"最喜欢","display":"{visit} = 'buy'","options_from":{"question":"items","mode":"selected"}}]},
 {"id":"p2","questions":[
  {"id":"staff","type":"rating","points":5,"title":"店员（{visit.text}）","required":true},
  {"id":"clean","type":"rating","points":5,"title":"整洁","required":true},
  {"id":"grid","type":"matrix","title":"评价","rows":[{"id":"r1","label":"价格"},{"id":"r2","label":"排队"}],"columns":[{"code":"g","label":"好"},{"code":"b","label":"差"}]},
  {"id":"gender","type":"single","title":"性别","options":[{"code":"f","label":"女"},{"code":"m","label":"男"}]},
  {"id":"comment","type":"text","input":"multiline","title":"建议"}]}]}`

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long each load runs")
	clients := flag.Int("clients", 64, "concurrent keep-alive clients")
	pg := flag.String("pg", os.Getenv("OPENCEM_TEST_PG_DSN"), "also measure PostgreSQL at this DSN")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the first slice of the SQLite load to this file (with -slices 1, all of it), and heap allocation profiles before and after it to FILE.allocs0 and FILE.allocs1 (compare with go tool pprof -base)")
	rounds := flag.Int("rounds", 1, "measure echo and SQLite this many times in turn (then PostgreSQL as many times); on a shared machine compare within a round")
	slices := flag.Int("slices", 8, "the echo and SQLite loads take turns this many times within a round")
	flag.Parse()
	cpuProfile = *profile
	fmt.Printf("| target | submits/s | p50 ms | p99 ms | acknowledged | stored | CPU µs/submit | submits per commit |\n|---|---|---|---|---|---|---|---|\n")
	var ratios []float64
	for i := 0; i < *rounds; i++ {
		// The echo and SQLite loads take turns in *slices slices of equal
		// length (after the bodies are made), so that a machine whose speed
		// drifts (a shared host) slows both alike.
		echo := newEcho(*clients)
		sq := runOpenCEM(config.Config{DB: ""}, *duration, *clients, *slices, echo)
		echo.close()
		fmt.Println(echo.res.row("Go JSON echo (baseline)", -1))
		fmt.Println(sq.row("OpenCEM submit, SQLite", sq.stored))
		ratios = append(ratios, sq.rate()/echo.res.rate())
	}
	// PostgreSQL goes last: the server's work after a load (its checkpoint,
	// autovacuum) shares the machine and would slow the next round.
	for i := 0; *pg != "" && i < *rounds; i++ {
		p := runOpenCEM(config.Config{DB: *pg}, *duration, *clients, 1, nil)
		fmt.Println(p.row("OpenCEM submit, PostgreSQL", p.stored))
	}
	sort.Float64s(ratios)
	fmt.Printf("\nSQLite rate / echo rate = %.2f (median of %d rounds; %.2f–%.2f; target ≥ 0.33)\n", ratios[len(ratios)/2], len(ratios), ratios[0], ratios[len(ratios)-1])
}

var cpuProfile string

type result struct {
	n       int64
	lat     []time.Duration
	elapsed time.Duration
	cpu     time.Duration // this process's CPU time during the load (server and clients)
	stored  int
	batch   float64 // submits per group commit (OpenCEM only)
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (r result) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

// add adds the counts and times of another slice of the same load.
func (r *result) add(o result) {
	r.n += o.n
	r.lat = append(r.lat, o.lat...)
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	r.elapsed += o.elapsed
	r.cpu += o.cpu
}

func (r result) pct(p float64) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	return float64(r.lat[int(p*float64(len(r.lat)-1))].Microseconds()) / 1000
}

func (r result) row(name string, stored int) string {
	st := "—"
	if stored >= 0 {
		st = fmt.Sprint(stored)
	}
	b := "—"
	if r.batch > 0 {
		b = fmt.Sprintf("%.1f", r.batch)
	}
	return fmt.Sprintf("| %s | %.0f | %.2f | %.2f | %d | %s | %.0f | %s |", name, r.rate(), r.pct(0.5), r.pct(0.99), r.n, st, float64(r.cpu.Microseconds())/float64(max(r.n, 1)), b)
}

// newClient is a load generator's HTTP client: clients keep-alive
// connections, kept from one slice of a load to the next.
func newClient(clients int) *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
}

// load runs clients goroutines for d, each posting body() to url.
func load(hc *http.Client, url string, d time.Duration, clients int, body func() []byte, ok func(*http.Response) bool) result {
	var n int64
	lats := make([][]time.Duration, clients)
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	start, cpu0 := time.Now(), cpuTime()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for time.Now().Before(deadline) {
				t0 := time.Now()
				resp, err := hc.Post(url, "application/json", bytes.NewReader(body()))
				if err != nil {
					continue
				}
				good := ok(resp)
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if good {
					atomic.AddInt64(&n, 1)
					lats[c] = append(lats[c], time.Since(t0))
				}
			}
		}(c)
	}
	wg.Wait()
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return result{n: n, lat: all, elapsed: time.Since(start), cpu: cpuTime() - cpu0}
}

// echo is the baseline: a bare Go JSON-echo server and its load, run in
// slices (run) between the slices of the OpenCEM load.
type echo struct {
	srv     *http.Server
	url     string
	hc      *http.Client
	clients int
	body    []byte
	res     result
}

func newEcho(clients int) *echo {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v any
		_ = json.NewDecoder(r.Body).Decode(&v)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": v})
	})}
	go srv.Serve(ln)
	return &echo{srv: srv, url: "http://" + ln.Addr().String() + "/", hc: newClient(clients), clients: clients, body: submission("echo", "x")}
}

func (e *echo) run(d time.Duration) {
	e.res.add(load(e.hc, e.url, d, e.clients, func() []byte { return e.body }, func(r *http.Response) bool { return r.StatusCode == 200 }))
}

func (e *echo) close() { e.srv.Close() }

func submission(code, id string) []byte {
	b, _ := json.Marshal(map[string]any{"id": id, "survey_code": code, "final": true, "device_id": id, "token": token(id, code),
		"started_at": time.Now().Add(-3 * time.Minute).UTC().Format(time.RFC3339), "params": map[string]string{"ch": "h5", "store": "S001"},
		"answers": map[string]any{"nps": 9, "visit": "buy", "items": []string{"a", "b"}, "fav": "a", "staff": 5, "clean": 4,
			"grid": map[string]string{"r1": "g", "r2": "b"}, "gender": "f", "comment": "很好"}})
	return b
}

func token(id, code string) string {
	for i := 0; ; i++ {
		if t := fmt.Sprint(i); response.ValidToken(id, code, t) {
			return t
		}
	}
}

// runOpenCEM measures OpenCEM on cfg's database for d in all, in slices
// turns with the echo's load when echo is not nil.
func runOpenCEM(cfg config.Config, d time.Duration, clients, slices int, echo *echo) result {
	base := config.Default()
	base.DB, base.Listen, base.AdminPassword, base.ShutdownTimeout = cfg.DB, []string{"127.0.0.1:0"}, "bench-password-1", 10*time.Second
	dir, _ := os.MkdirTemp("", "submitload")
	defer os.RemoveAll(dir)
	base.DataDir = dir
	if cfg.DB != "" {
		base.DB = freshSchema(cfg.DB)
	}
	ctx := context.Background()
	srv, err := app.Start(ctx, base, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		panic(err)
	}
	defer srv.Shutdown()
	code := setup(srv)
	url := srv.URLs()[0] + "/api/v1/responses"
	// Precompute bodies: the client's proof of work is not what we measure.
	var mu sync.Mutex
	// Enough for 12 000 submits/s, made on every core before the clock
	// starts (each needs a proof of work, which would otherwise be charged
	// to the server's rate: the load generator shares the machine).
	pool := make([][]byte, min(250000, int(d.Seconds()*12000)))
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(pool); i += runtime.NumCPU() {
				pool[i] = submission(code, "bench-"+strings.ToLower(cem.NewID()))
			}
		}(w)
	}
	wg.Wait()
	next, late := 0, 0
	body := func() []byte {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(pool) {
			late++
			id := "bench-" + strings.ToLower(cem.NewID())
			return submission(code, id)
		}
		next++
		return pool[next-1]
	}
	// The check reads the body like the echo's caller does and looks for
	// the outcome without a JSON decode, so that the load generator's own
	// CPU (it shares the machine) is the same for both servers.
	complete, full := []byte(`"status":"complete"`), []byte(`"status":"quota_full"`)
	ok := func(r *http.Response) bool {
		if r.StatusCode != 200 {
			return false
		}
		b, _ := io.ReadAll(r.Body)
		return bytes.Contains(b, complete) || bytes.Contains(b, full)
	}
	hc := newClient(clients)
	var res result
	for i := 0; i < slices; i++ {
		if echo != nil {
			echo.run(d / time.Duration(slices))
		}
		profile := cpuProfile != "" && cfg.DB == "" && i == 0
		if profile {
			f, _ := os.Create(cpuProfile)
			_ = pprof.StartCPUProfile(f)
			writeAllocs(cpuProfile + ".allocs0")
		}
		res.add(load(hc, url, d/time.Duration(slices), clients, body, ok))
		if profile {
			pprof.StopCPUProfile()
			writeAllocs(cpuProfile + ".allocs1")
		}
	}
	if late > 0 {
		fmt.Fprintf(os.Stderr, "note: %d bodies were made during the run (the pool of %d ran out); their proof of work counts against the server\n", late, len(pool))
	}
	batches, items := srv.Responses.BatchStats()
	res.batch = float64(items) / float64(max(batches, 1))
	var stored int
	_ = srv.DB.QueryRow(ctx, `SELECT COUNT(*) FROM responses WHERE status <> 'partial'`).Scan(&stored)
	res.stored = stored
	return res
}

// setup creates and publishes the survey as a system actor and returns its code.
func setup(srv *app.Server) string {
	perms := map[string]bool{}
	for _, p := range []string{"surveys.read", "surveys.manage", "surveys.publish"} {
		perms[p] = true
	}
	var admin string
	if err := srv.DB.QueryRow(context.Background(), `SELECT id FROM users WHERE username = 'admin'`).Scan(&admin); err != nil {
		panic(err)
	}
	ctx := cem.WithActor(context.Background(), &cem.Actor{Kind: "user", ID: admin, Name: "bench", Permissions: perms, Scope: cem.Scope{All: true}})
	sv, _, err := srv.Surveys.Create(ctx, survey.NewSurvey{Definition: json.RawMessage(Survey)})
	if err != nil {
		panic(err)
	}
	st := sv.Settings
	st.Quotas = []survey.Quota{{ID: "women", Name: "women", Condition: "{gender} = 'f'", Limit: 1 << 30, Action: survey.QuotaEnd}}
	st.Dedupe.Device = true
	if _, err := srv.Surveys.UpdateSettings(ctx, sv.ID, st); err != nil {
		panic(err)
	}
	if _, _, err := srv.Surveys.Publish(ctx, sv.ID, "bench"); err != nil {
		panic(err)
	}
	srv.Responses.IPRate = 1 << 30 // one load generator, one address
	return sv.Code
}

// freshSchema makes an empty schema so each run starts clean.
func freshSchema(dsn string) string {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		panic(err)
	}
	defer db.Close()
	schema := "bench_" + strings.ToLower(cem.NewID())
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		panic(err)
	}
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// writeAllocs writes the heap allocation profile so far to name.
func writeAllocs(name string) {
	f, _ := os.Create(name)
	defer f.Close()
	_ = pprof.Lookup("allocs").WriteTo(f, 0)
}
