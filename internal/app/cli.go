package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/store"
)

// Env is what the command line reads from the outside world; tests pass fakes.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

const usage = `OpenCEM — open-source customer experience management.

Usage:
  opencem <command> [flags]

Commands:
  serve                   run the server (web app, API, jobs)
  migrate status          list database migrations and whether they are applied
  migrate up              apply pending migrations
  admin reset-password    set a new password for a user
  audit verify            check the audit trail's hash chain for tampering
  version                 print the version

Run "opencem <command> --help" for a command's flags. Every flag also has an
OPENCEM_* environment variable, and settings can come from a TOML file given
with --config.
`

// Run executes the command line args (without the program name) and returns
// the process exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], env)
	case "migrate":
		err = cmdMigrate(ctx, args[1:], env)
	case "admin":
		err = cmdAdmin(ctx, args[1:], env)
	case "audit":
		err = cmdAudit(ctx, args[1:], env)
	case "version", "--version":
		fmt.Fprintf(env.Stdout, "opencem %s\n", Version)
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
	default:
		fmt.Fprintf(env.Stderr, "opencem: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(env.Stderr, "opencem: %v\n", err)
			return 2
		}
		fmt.Fprintf(env.Stderr, "opencem: %v\n", err)
		return 1
	}
	return 0
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// flagSet returns a FlagSet whose --help prints a description and every flag.
func flagSet(name, synopsis string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: opencem %s\n\n%s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// parseConfig parses a command's flags (the server's plus any the caller
// registered on fs) and builds the layered configuration.
func parseConfig(fs *flag.FlagSet, args []string, env Env) (config.Config, error) {
	build := config.Flags(fs, env.Getenv)
	if err := parse(fs, args); err != nil {
		return config.Config{}, err
	}
	cfg, err := build()
	if err != nil {
		return cfg, usageError{err.Error()}
	}
	return cfg, nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

func cmdServe(ctx context.Context, args []string, env Env) error {
	fs := flagSet("serve [flags]", "Runs OpenCEM: the admin app at /admin/, the API at /api/v1, its reference at /docs,\nhealth at /healthz and /readyz, and Prometheus metrics at /metrics. With no flags it\nstores everything in SQLite under ./data and listens on port 8080 (IPv4 and IPv6).\n\n"+
		"Two settings have no flag, to keep them out of process lists: OPENCEM_SECRET_KEY (32 bytes,\n"+
		"base64 or hex; seals secrets at rest — set it when several servers share PostgreSQL) and\n"+
		"OPENCEM_ADMIN_PASSWORD (the first administrator's password); both may also be set in the config file.", env)
	cfg, err := parseConfig(fs, args, env)
	if err != nil {
		return err
	}
	log := newLogger(cfg, env.Stderr)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := Start(ctx, cfg, log)
	if err != nil {
		return err
	}
	printBanner(env.Stdout, srv)
	log.Info("serving", "addrs", fmt.Sprint(srv.Addrs), "db", cfg.DescribeDB(), "version", Version)
	err = srv.Wait(ctx)
	log.Info("stopped")
	return err
}

// printBanner tells a person where to go and, once, how to sign in. The
// "  Label:  value" lines are also read by the browser tests.
func printBanner(w io.Writer, s *Server) {
	urls := s.URLs()
	fmt.Fprintf(w, "OpenCEM %s is running on %s.\n", Version, s.Config.DescribeDB())
	for _, u := range urls {
		fmt.Fprintf(w, "  Admin URL:  %s/admin/\n", u)
	}
	if len(urls) > 0 {
		fmt.Fprintf(w, "  API docs:   %s/docs\n", urls[0])
	}
	if s.FirstAdminPassword != "" {
		fmt.Fprintf(w, "First sign-in (shown only this once; change the password after signing in):\n")
		fmt.Fprintf(w, "  Username:   admin\n")
		fmt.Fprintf(w, "  Password:   %s\n", s.FirstAdminPassword)
	}
	if f, ok := w.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}
}

func cmdMigrate(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || (args[0] != "status" && args[0] != "up") {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprint(env.Stderr, "Usage: opencem migrate status|up [flags]\n\n  status  list migrations and whether each is applied\n  up      apply pending migrations (serve does this too)\n")
			return flag.ErrHelp
		}
		return usageError{"usage: opencem migrate status|up [flags]"}
	}
	sub := args[0]
	fs := flagSet("migrate "+sub+" [flags]", "Works on the database the server would use.", env)
	cfg, err := parseConfig(fs, args[1:], env)
	if err != nil {
		return err
	}
	db, migrations, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if sub == "up" {
		done, err := db.Migrate(ctx, migrations)
		for _, m := range done {
			fmt.Fprintf(env.Stdout, "applied %04d_%s\n", m.Version, m.Name)
		}
		if err == nil && len(done) == 0 {
			fmt.Fprintln(env.Stdout, "nothing to apply; the database is up to date")
		}
		return err
	}
	st, err := db.MigrationStatus(ctx, migrations)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tNAME\tAPPLIED")
	for _, m := range st {
		at := "pending"
		if m.Applied {
			at = m.AppliedAt.Format("2006-01-02 15:04:05Z")
		}
		fmt.Fprintf(tw, "%04d\t%s\t%s\n", m.Version, m.Name, at)
	}
	return tw.Flush()
}

func cmdAdmin(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] != "reset-password" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprint(env.Stderr, "Usage: opencem admin reset-password --user NAME [--password-stdin] [flags]\n")
			return flag.ErrHelp
		}
		return usageError{"usage: opencem admin reset-password --user NAME [--password-stdin]"}
	}
	fs := flagSet("admin reset-password --user NAME [flags]", "Sets a new password for a user and ends their sessions. Prints a generated\npassword unless --password-stdin reads one from standard input.", env)
	user := fs.String("user", "admin", "`username` whose password to reset")
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input")
	cfg, err := parseConfig(fs, args[1:], env)
	if err != nil {
		return err
	}
	var pw string
	if *fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		pw = strings.TrimRight(line, "\r\n")
		if pw == "" {
			return usageError{"no password on standard input"}
		}
	}
	db, migrations, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, migrations); err != nil {
		return err
	}
	svc := auth.NewService(auth.Deps{Store: store.NewAuth(db), Keys: store.NewAuth(db), Tx: db})
	pw, err = svc.ResetPassword(ctx, *user, pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Password for %s reset; their sessions were ended.\n", *user)
	if !*fromStdin {
		fmt.Fprintf(env.Stdout, "  Password:   %s\n", pw)
	}
	return nil
}
