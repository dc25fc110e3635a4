package httpapi

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Metrics collects request counts and latencies by route, method and status
// and exposes them with database pool gauges in the Prometheus text format.
// A few dozen lines here replace a client library and its dependency tree.
type Metrics struct {
	mu    sync.Mutex
	reqs  map[reqKey]*histogram
	pools func() map[string]sql.DBStats
	start time.Time
}

type reqKey struct {
	route, method string
	status        int
}

// latencyBuckets are upper bounds in seconds.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

// NewMetrics returns an empty registry; pools may be nil.
func NewMetrics(pools func() map[string]sql.DBStats) *Metrics {
	return &Metrics{reqs: map[reqKey]*histogram{}, pools: pools, start: time.Now()}
}

func (m *Metrics) observe(route, method string, status int, d time.Duration) {
	s := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	k := reqKey{route, method, status}
	h := m.reqs[k]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.reqs[k] = h
	}
	i := sort.SearchFloat64s(latencyBuckets, s)
	h.counts[i]++
	h.count++
	h.sum += s
}

// ServeHTTP writes the exposition.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	m.Write(w)
}

// Write writes all metrics in the Prometheus text format.
func (m *Metrics) Write(w io.Writer) {
	m.mu.Lock()
	keys := make([]reqKey, 0, len(m.reqs))
	for k := range m.reqs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	var b strings.Builder
	b.WriteString("# HELP opencem_http_requests_total HTTP requests by route template, method and status.\n# TYPE opencem_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "opencem_http_requests_total{%s} %d\n", labels(k), m.reqs[k].count)
	}
	b.WriteString("# HELP opencem_http_request_duration_seconds HTTP request latency by route template, method and status.\n# TYPE opencem_http_request_duration_seconds histogram\n")
	for _, k := range keys {
		h := m.reqs[k]
		var cum uint64
		for i, ub := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "opencem_http_request_duration_seconds_bucket{%s,le=\"%g\"} %d\n", labels(k), ub, cum)
		}
		fmt.Fprintf(&b, "opencem_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels(k), h.count)
		fmt.Fprintf(&b, "opencem_http_request_duration_seconds_sum{%s} %g\n", labels(k), h.sum)
		fmt.Fprintf(&b, "opencem_http_request_duration_seconds_count{%s} %d\n", labels(k), h.count)
	}
	m.mu.Unlock()
	if m.pools != nil {
		stats := m.pools()
		names := make([]string, 0, len(stats))
		for n := range stats {
			names = append(names, n)
		}
		sort.Strings(names)
		gauge := func(name, help string, val func(sql.DBStats) float64) {
			fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
			for _, n := range names {
				fmt.Fprintf(&b, "%s{pool=%q} %g\n", name, n, val(stats[n]))
			}
		}
		gauge("opencem_db_pool_open_connections", "Open database connections.", func(s sql.DBStats) float64 { return float64(s.OpenConnections) })
		gauge("opencem_db_pool_in_use_connections", "Database connections in use.", func(s sql.DBStats) float64 { return float64(s.InUse) })
		gauge("opencem_db_pool_idle_connections", "Idle database connections.", func(s sql.DBStats) float64 { return float64(s.Idle) })
		gauge("opencem_db_pool_max_open_connections", "Maximum open database connections.", func(s sql.DBStats) float64 { return float64(s.MaxOpenConnections) })
		fmt.Fprintf(&b, "# HELP opencem_db_pool_wait_seconds_total Time spent waiting for a database connection.\n# TYPE opencem_db_pool_wait_seconds_total counter\n")
		for _, n := range names {
			fmt.Fprintf(&b, "opencem_db_pool_wait_seconds_total{pool=%q} %g\n", n, stats[n].WaitDuration.Seconds())
		}
	}
	fmt.Fprintf(&b, "# HELP opencem_uptime_seconds Seconds since the process started.\n# TYPE opencem_uptime_seconds gauge\nopencem_uptime_seconds %g\n", time.Since(m.start).Seconds())
	_, _ = io.WriteString(w, b.String())
}

func labels(k reqKey) string {
	return fmt.Sprintf("route=%q,method=%q,status=\"%d\"", k.route, k.method, k.status)
}
