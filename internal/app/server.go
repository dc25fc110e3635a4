// Package app is the composition root: it turns a Config into open stores,
// services, HTTP handlers and listeners, and implements the command line.
package app

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/httpapi"
	"github.com/opencem/opencem/internal/media"
	"github.com/opencem/opencem/internal/org"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/postgres"
	"github.com/opencem/opencem/internal/store/sqldb"
	"github.com/opencem/opencem/internal/store/sqlite"
	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/web"
	"github.com/opencem/opencem/internal/wechat"
)

// Version is set at build time with -ldflags "-X …/app.Version=…".
var Version = "0.1.0-dev"

// openDB opens the configured database and returns its migrations.
func openDB(ctx context.Context, cfg config.Config) (*sqldb.DB, fs.FS, error) {
	if cfg.IsPostgres() {
		db, err := postgres.Open(ctx, cfg.DB)
		return db, postgres.Migrations(), err
	}
	db, err := sqlite.Open(cfg.SQLitePath())
	return db, sqlite.Migrations(), err
}

// Server is a running OpenCEM: database, services and HTTP listeners. Tests
// boot one on port 0 through Start.
type Server struct {
	Config    config.Config
	DB        *sqldb.DB
	Auth      *auth.Service
	Surveys   *survey.Service
	Responses *response.Service
	Audit     *audit.Service
	Alarms    *alarm.Service
	API       *httpapi.API
	Handler   http.Handler
	Addrs     []net.Addr
	log       *slog.Logger
	servers   []*http.Server
	wg        sync.WaitGroup
	errs      chan error
	stopJobs  context.CancelFunc
	wechat    *wechat.Gate // nil unless WeChat is configured (docs/wechat.md)
	// FirstAdminPassword is set when this start created the first admin.
	FirstAdminPassword string
}

// Start opens the database, applies migrations, ensures a first admin and
// starts listening. It returns once every listener is bound.
func Start(ctx context.Context, cfg config.Config, log *slog.Logger) (*Server, error) {
	db, migrations, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &Server{Config: cfg, DB: db, log: log, errs: make(chan error, len(cfg.Listen))}
	if applied, err := db.Migrate(ctx, migrations); err != nil {
		db.Close()
		return nil, err
	} else if len(applied) > 0 {
		log.Info("applied migrations", "count", len(applied), "latest", applied[len(applied)-1].Version)
	}
	authStore := store.NewAuth(db)
	box, err := loadSecretBox(ctx, cfg, authStore, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.Audit = audit.NewService(store.NewAudit(db), db, nil)
	if cfg.AuditRetentionDays != nil {
		s.Audit.RetentionDays = *cfg.AuditRetentionDays
	}
	// Counters live in PostgreSQL, shared by every server process; the
	// SQLite mode is one process, so they live in its memory instead of
	// queueing a write behind the single SQLite writer for every event.
	var counter cem.Counter = store.NewCounter(db)
	if !cfg.IsPostgres() {
		counter = cem.NewMemCounter()
	}
	s.Alarms = alarm.NewService(store.NewAlarms(db), db, s.Audit, counter, nil)
	s.Auth = auth.NewService(auth.Deps{Store: authStore, Keys: authStore, Tx: db, Counter: counter, Box: box, Audit: s.Audit, Alarms: s.Alarms})
	created, pw, err := s.Auth.EnsureFirstAdmin(ctx, cfg.AdminPassword)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("first admin: %w", err)
	}
	if created {
		s.FirstAdminPassword = pw
	}
	metrics := httpapi.NewMetrics(db.PoolStats)
	orgSvc := org.NewService(store.NewOrg(db), db, s.Audit, nil)
	s.Surveys = survey.NewService(store.NewSurveys(db), authStore, db, s.Audit, nil)
	if cfg.SurveyMaxSeconds > 0 {
		s.Surveys.MaxSeconds = cfg.SurveyMaxSeconds
	}
	s.Responses = response.NewService(store.NewResponses(db), store.NewSurveys(db), db, counter, s.Audit, nil)
	s.wechat = newWeChatGate(cfg, box, s.Responses, log)
	mediaSvc := media.NewService(store.NewMedia(db), store.NewSurveys(db), db, s.Audit, nil)
	s.API = httpapi.New(httpapi.Services{Auth: s.Auth, Org: orgSvc, Audit: s.Audit, Alarms: s.Alarms, Surveys: s.Surveys, Responses: s.Responses,
		Media: mediaSvc, Ready: db.Ping, OpenIDs: s.openIDSource()}, log, metrics, Version)
	s.API.SecureCookies = cfg.TLSCert != ""
	s.Handler = s.routes(metrics)

	var tlsCfg *tls.Config
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("tls: %w", err)
		}
		// Clause 8.2b: TLS 1.2 or later only; Go's default suites for 1.2
		// are the AEAD, forward-secret ones.
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS13, Certificates: []tls.Certificate{cert}}
		if cfg.ClientCA != "" {
			// Clause 8.2a: mutual authentication; every client presents a
			// certificate from this CA.
			pem, err := os.ReadFile(cfg.ClientCA)
			if err != nil {
				db.Close()
				return nil, fmt.Errorf("client CA: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				db.Close()
				return nil, fmt.Errorf("client CA %s: no PEM certificates", cfg.ClientCA)
			}
			tlsCfg.ClientCAs, tlsCfg.ClientAuth = pool, tls.RequireAndVerifyClientCert
		}
	}
	for _, addr := range cfg.Listen {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			s.closeListeners()
			db.Close()
			return nil, fmt.Errorf("listen %s: %w", addr, err)
		}
		if tlsCfg != nil {
			ln = tls.NewListener(ln, tlsCfg)
		}
		srv := &http.Server{Handler: s.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
			WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		s.servers = append(s.servers, srv)
		s.Addrs = append(s.Addrs, ln.Addr())
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.errs <- fmt.Errorf("serve %s: %w", ln.Addr(), err)
			}
		}()
	}
	jobsCtx, cancel := context.WithCancel(context.Background())
	s.stopJobs = cancel
	s.wg.Add(1)
	go s.sweepSessions(jobsCtx)
	s.wg.Add(1)
	go func() { defer s.wg.Done(); s.Audit.RunRetention(jobsCtx, 24*time.Hour, log) }()
	return s, nil
}

func (s *Server) closeListeners() {
	for _, srv := range s.servers {
		srv.Close()
	}
}

// sweepSessions deletes expired sessions every ten minutes. Running it in
// every process is harmless: the delete is idempotent.
func (s *Server) sweepSessions(ctx context.Context) {
	defer s.wg.Done()
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			_ = store.NewCounter(s.DB).DeleteExpired(ctx, now)
			if n, err := store.NewAuth(s.DB).DeleteExpiredSessions(ctx, now); err != nil {
				s.log.Warn("session sweep failed", "err", err)
			} else if n > 0 {
				s.log.Info("expired sessions removed", "count", n)
			}
		}
	}
}

// Wait blocks until ctx ends or a listener fails, then shuts down gracefully:
// listeners close at once and in-flight requests get ShutdownTimeout to finish.
func (s *Server) Wait(ctx context.Context) error {
	var err error
	select {
	case <-ctx.Done():
	case err = <-s.errs:
	}
	return errors.Join(err, s.Shutdown())
}

// Shutdown stops accepting, drains in-flight requests and closes the database.
func (s *Server) Shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), s.Config.ShutdownTimeout)
	defer cancel()
	var errs []error
	for _, srv := range s.servers {
		if err := srv.Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	s.stopJobs()
	s.wg.Wait()
	errs = append(errs, s.DB.Close())
	return errors.Join(errs...)
}

// routes assembles every handler behind one mux.
func (s *Server) routes(metrics *httpapi.Metrics) http.Handler {
	mux := http.NewServeMux()
	s.API.Mount(mux)
	obs := func(route string, h http.Handler) http.Handler {
		return httpapi.Observe(s.log, metrics, route, h, func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "internal error", http.StatusInternalServerError)
		})
	}
	mux.Handle("GET /healthz", obs("/healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})))
	mux.Handle("GET /readyz", obs("/readyz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := s.DB.Ping(ctx); err != nil {
			s.log.Warn("readiness check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "database unavailable\n")
			return
		}
		io.WriteString(w, "ready\n")
	})))
	mux.Handle("GET /metrics", metrics)
	mux.Handle("GET /docs", obs("/docs", http.HandlerFunc(s.API.ServeDocs)))
	mux.Handle("/admin/", obs("/admin/", web.Admin()))
	mux.Handle("GET /s/", obs("/s/", web.Respondent(s.pageGates()...)))
	mux.Handle("GET /media/{id}", s.API.MediaHandler())
	mux.Handle("GET /{$}", http.RedirectHandler("/admin/", http.StatusFound))
	mux.Handle("/", obs("unmatched", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "404 page not found — the admin app is at /admin/, the API at /api/v1/, its reference at /docs", http.StatusNotFound)
	})))
	return mux
}

// URLs returns the base URLs a person can open, one per listener.
func (s *Server) URLs() []string {
	scheme := "http"
	if s.Config.TLSCert != "" {
		scheme = "https"
	}
	if s.Config.PublicURL != "" {
		return []string{strings.TrimRight(s.Config.PublicURL, "/")}
	}
	var out []string
	for _, a := range s.Addrs {
		tcp, ok := a.(*net.TCPAddr)
		if !ok {
			continue
		}
		host := tcp.IP.String()
		if tcp.IP.IsUnspecified() {
			host = "localhost"
		} else if tcp.IP.To4() == nil {
			host = "[" + host + "]"
		}
		out = append(out, fmt.Sprintf("%s://%s:%d", scheme, host, tcp.Port))
	}
	return out
}
