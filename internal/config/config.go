// Package config builds OpenCEM's configuration in layers: built-in
// defaults, then a TOML file, then OPENCEM_* environment variables, then
// command-line flags — each layer overriding the one before.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is everything `opencem serve` and the other commands read.
type Config struct {
	// Listen lists addresses to serve on. ":8080" listens on every IPv4 and
	// IPv6 address (a dual-stack socket), as clause 6.1b asks.
	Listen []string `toml:"listen"`
	// DataDir holds the SQLite database and other local state.
	DataDir string `toml:"data"`
	// DB is a database DSN: empty for SQLite in DataDir, "postgres://…" for
	// PostgreSQL, or "sqlite:PATH" for SQLite elsewhere.
	DB string `toml:"db"`
	// TLSCert and TLSKey switch on HTTPS (TLS 1.2 and 1.3 only, clause 8.2b).
	TLSCert string `toml:"tls_cert"`
	TLSKey  string `toml:"tls_key"`
	// LogFormat is "json" (default) or "text".
	LogFormat string `toml:"log_format"`
	// PublicURL is the address users reach the server at, for printed links.
	PublicURL string `toml:"public_url"`
	// ShutdownTimeout bounds the drain of in-flight requests on SIGTERM.
	ShutdownTimeout time.Duration `toml:"shutdown_timeout"`
	// SecretKey seals secrets at rest (TOTP seeds, channel credentials):
	// 32 bytes as base64 or hex. Unset: a key file in DataDir on SQLite, or
	// a key kept in the database on PostgreSQL (set it in production).
	SecretKey string `toml:"secret_key"`
	// ClientCA, when set, requires every client to present a certificate
	// signed by this CA (mutual TLS, clause 8.2a).
	ClientCA string `toml:"client_ca"`
	// AuditRetentionDays keeps audit entries this many days (0: forever;
	// nil: the default of 365).
	AuditRetentionDays *int `toml:"audit_retention_days"`
	// SurveyMaxSeconds is the length above which the survey checks warn that
	// a survey is too long (issue #4); 0 means the default of 600.
	SurveyMaxSeconds int `toml:"survey_max_seconds"`
	// AdminPassword, when set, is the first admin's password instead of a
	// generated one (for automated set-ups; environment or file only).
	AdminPassword string `toml:"admin_password"`
	// WeChat enables WeChat web authorisation on the respondent page
	// (docs/wechat.md): a verified openid instead of one the page reports.
	WeChat WeChat `toml:"wechat"`
}

// WeChat is the official account whose web authorisation gives respondents
// a verified openid. It is on when AppID and Secret are both set.
type WeChat struct {
	AppID string `toml:"appid"`
	// Secret is the AppSecret: environment only (OPENCEM_WECHAT_SECRET), so
	// it never sits in a config file, a flag or --help.
	Secret   string `toml:"-"`
	APIBase  string `toml:"api_base"`
	OpenBase string `toml:"open_base"`
}

// Enabled reports whether WeChat authorisation is configured.
func (w WeChat) Enabled() bool { return w.AppID != "" && w.Secret != "" }

// Default returns the built-in defaults.
func Default() Config {
	return Config{Listen: []string{":8080"}, DataDir: "data", LogFormat: "json", ShutdownTimeout: 30 * time.Second, SurveyMaxSeconds: 600,
		WeChat: WeChat{APIBase: "https://api.weixin.qq.com", OpenBase: "https://open.weixin.qq.com"}}
}

// listFlag is a repeatable string flag.
type listFlag struct{ v *[]string }

func (l listFlag) String() string {
	if l.v == nil {
		return ""
	}
	return strings.Join(*l.v, ",")
}

func (l listFlag) Set(s string) error { *l.v = append(*l.v, s); return nil }

// Flags registers the server flags on fs and returns a function that, after
// fs.Parse, builds the layered Config. getenv is os.Getenv in production.
func Flags(fs *flag.FlagSet, getenv func(string) string) func() (Config, error) {
	var f Config
	var file string
	fs.StringVar(&file, "config", "", "read settings from this TOML `file` (env OPENCEM_CONFIG)")
	fs.Var(listFlag{&f.Listen}, "listen", "listen on `addr` (repeatable; default :8080, every IPv4 and IPv6 address) (env OPENCEM_LISTEN, comma-separated)")
	fs.StringVar(&f.DataDir, "data", "", "data `dir` for the embedded database (default ./data) (env OPENCEM_DATA)")
	fs.StringVar(&f.DB, "db", "", "database `dsn`: postgres://user@host/db for PostgreSQL, sqlite:PATH for SQLite elsewhere; default SQLite in the data dir (env OPENCEM_DB)")
	fs.StringVar(&f.TLSCert, "tls-cert", "", "TLS certificate `file` (PEM); with --tls-key serves HTTPS, TLS 1.2+ only (env OPENCEM_TLS_CERT)")
	fs.StringVar(&f.TLSKey, "tls-key", "", "TLS private key `file` (PEM) (env OPENCEM_TLS_KEY)")
	fs.StringVar(&f.ClientCA, "client-ca", "", "CA certificate `file` (PEM): with TLS, clients must present a certificate it signed (mutual TLS) (env OPENCEM_CLIENT_CA)")
	fs.Func("audit-retention-days", "keep audit entries this many `days`; 0 keeps them forever (default 365) (env OPENCEM_AUDIT_RETENTION_DAYS)", func(v string) error {
		n, err := strconv.Atoi(v)
		f.AuditRetentionDays = &n
		return err
	})
	fs.IntVar(&f.SurveyMaxSeconds, "survey-max-seconds", 0, "warn when a survey's estimated length passes this many `seconds` (default 600) (env OPENCEM_SURVEY_MAX_SECONDS)")
	fs.StringVar(&f.LogFormat, "log-format", "", "log `format`: json or text (default json) (env OPENCEM_LOG_FORMAT)")
	fs.StringVar(&f.PublicURL, "public-url", "", "external base `url` used in printed links, e.g. https://cem.example.com (env OPENCEM_PUBLIC_URL)")
	fs.StringVar(&f.WeChat.AppID, "wechat-appid", "", "WeChat official account `appid` for web authorisation (verified openid); the secret comes from env OPENCEM_WECHAT_SECRET only (env OPENCEM_WECHAT_APPID)")
	fs.StringVar(&f.WeChat.APIBase, "wechat-api-base", "", "WeChat API base `url` (default https://api.weixin.qq.com) (env OPENCEM_WECHAT_API_BASE)")
	fs.StringVar(&f.WeChat.OpenBase, "wechat-open-base", "", "WeChat authorisation page base `url` (default https://open.weixin.qq.com) (env OPENCEM_WECHAT_OPEN_BASE)")
	fs.DurationVar(&f.ShutdownTimeout, "shutdown-timeout", 0, "how long to drain in-flight requests on shutdown (default 30s) (env OPENCEM_SHUTDOWN_TIMEOUT)")
	return func() (Config, error) {
		c := Default()
		if file == "" {
			file = getenv("OPENCEM_CONFIG")
		}
		if file != "" {
			var fc Config
			md, err := toml.DecodeFile(file, &fc)
			if err != nil {
				return c, fmt.Errorf("config: %s: %w", file, err)
			}
			if und := md.Undecoded(); len(und) > 0 {
				return c, fmt.Errorf("config: %s: unknown setting %q", file, und[0].String())
			}
			merge(&c, fc)
		}
		env, err := fromEnv(getenv)
		if err != nil {
			return c, err
		}
		merge(&c, env)
		merge(&c, f)
		return c, c.Validate()
	}
}

func fromEnv(getenv func(string) string) (Config, error) {
	var e Config
	if v := getenv("OPENCEM_LISTEN"); v != "" {
		for _, a := range strings.Split(v, ",") {
			if a = strings.TrimSpace(a); a != "" {
				e.Listen = append(e.Listen, a)
			}
		}
	}
	e.DataDir = getenv("OPENCEM_DATA")
	e.DB = getenv("OPENCEM_DB")
	e.TLSCert = getenv("OPENCEM_TLS_CERT")
	e.TLSKey = getenv("OPENCEM_TLS_KEY")
	e.LogFormat = getenv("OPENCEM_LOG_FORMAT")
	e.PublicURL = getenv("OPENCEM_PUBLIC_URL")
	e.AdminPassword = getenv("OPENCEM_ADMIN_PASSWORD")
	e.SecretKey = getenv("OPENCEM_SECRET_KEY")
	e.ClientCA = getenv("OPENCEM_CLIENT_CA")
	e.WeChat = WeChat{AppID: getenv("OPENCEM_WECHAT_APPID"), Secret: getenv("OPENCEM_WECHAT_SECRET"),
		APIBase: getenv("OPENCEM_WECHAT_API_BASE"), OpenBase: getenv("OPENCEM_WECHAT_OPEN_BASE")}
	if v := getenv("OPENCEM_AUDIT_RETENTION_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return e, fmt.Errorf("config: OPENCEM_AUDIT_RETENTION_DAYS: %w", err)
		}
		e.AuditRetentionDays = &n
	}
	if v := getenv("OPENCEM_SURVEY_MAX_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return e, fmt.Errorf("config: OPENCEM_SURVEY_MAX_SECONDS: %w", err)
		}
		e.SurveyMaxSeconds = n
	}
	if v := getenv("OPENCEM_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return e, fmt.Errorf("config: OPENCEM_SHUTDOWN_TIMEOUT: %w", err)
		}
		e.ShutdownTimeout = d
	}
	return e, nil
}

// merge copies the set fields of over onto c.
func merge(c *Config, over Config) {
	if len(over.Listen) > 0 {
		c.Listen = over.Listen
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&c.DataDir, over.DataDir)
	set(&c.DB, over.DB)
	set(&c.TLSCert, over.TLSCert)
	set(&c.TLSKey, over.TLSKey)
	set(&c.LogFormat, over.LogFormat)
	set(&c.PublicURL, over.PublicURL)
	set(&c.AdminPassword, over.AdminPassword)
	set(&c.SecretKey, over.SecretKey)
	set(&c.ClientCA, over.ClientCA)
	set(&c.WeChat.AppID, over.WeChat.AppID)
	set(&c.WeChat.Secret, over.WeChat.Secret)
	set(&c.WeChat.APIBase, over.WeChat.APIBase)
	set(&c.WeChat.OpenBase, over.WeChat.OpenBase)
	if over.AuditRetentionDays != nil {
		c.AuditRetentionDays = over.AuditRetentionDays
	}
	if over.SurveyMaxSeconds > 0 {
		c.SurveyMaxSeconds = over.SurveyMaxSeconds
	}
	if over.ShutdownTimeout > 0 {
		c.ShutdownTimeout = over.ShutdownTimeout
	}
}

// Validate reports settings that cannot work together.
func (c Config) Validate() error {
	var errs []error
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("config: --tls-cert and --tls-key go together"))
	}
	if c.ClientCA != "" && c.TLSCert == "" {
		errs = append(errs, errors.New("config: --client-ca needs --tls-cert and --tls-key"))
	}
	if c.AuditRetentionDays != nil && *c.AuditRetentionDays < 0 {
		errs = append(errs, errors.New("config: audit retention days must be 0 (forever) or more"))
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		errs = append(errs, fmt.Errorf("config: log format %q: use json or text", c.LogFormat))
	}
	if c.DB != "" && !c.IsPostgres() && !strings.HasPrefix(c.DB, "sqlite:") {
		errs = append(errs, fmt.Errorf("config: database %q: use postgres://… or sqlite:PATH", redact(c.DB)))
	}
	errs = append(errs, c.WeChat.validate()...)
	return errors.Join(errs...)
}

// validate reports a half-configured WeChat account; never the secret.
func (w WeChat) validate() []error {
	var errs []error
	if w.AppID != "" && w.Secret == "" {
		errs = append(errs, errors.New("config: wechat.appid is set but OPENCEM_WECHAT_SECRET is not"))
	}
	if w.AppID == "" && w.Secret != "" {
		errs = append(errs, errors.New("config: OPENCEM_WECHAT_SECRET is set but wechat.appid is not"))
	}
	for _, b := range [][2]string{{"wechat.api_base", w.APIBase}, {"wechat.open_base", w.OpenBase}} {
		if u, err := url.Parse(b[1]); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("config: %s %q: use an http(s) URL", b[0], b[1]))
		}
	}
	return errs
}

// IsPostgres reports whether DB names a PostgreSQL database.
func (c Config) IsPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// SQLitePath is the SQLite database file.
func (c Config) SQLitePath() string {
	if p, ok := strings.CutPrefix(c.DB, "sqlite:"); ok {
		return p
	}
	return filepath.Join(c.DataDir, "opencem.db")
}

// DescribeDB names the database for humans, without any password.
func (c Config) DescribeDB() string {
	if c.IsPostgres() {
		return "PostgreSQL " + redact(c.DB)
	}
	return "SQLite " + c.SQLitePath()
}

// redact hides the password of a DSN.
func redact(dsn string) string {
	at := strings.LastIndexByte(dsn, '@')
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	cred := dsn[scheme+3 : at]
	if user, _, ok := strings.Cut(cred, ":"); ok {
		return dsn[:scheme+3] + user + ":***" + dsn[at:]
	}
	return dsn
}

// Getenv is os.Getenv, named for callers that pass it to Flags.
var Getenv = os.Getenv
