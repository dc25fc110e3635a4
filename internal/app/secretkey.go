package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/secret"
)

// loadSecretBox finds the master key that seals secrets at rest: the
// configured one; else, on SQLite, a key file beside the database (created
// on first start, mode 0600), so a copied database alone does not reveal
// sealed secrets; else, on PostgreSQL, a key kept in the settings table and
// shared by every process — with a warning, since it then lives beside the
// data it protects.
func loadSecretBox(ctx context.Context, cfg config.Config, st auth.Store, log *slog.Logger) (*secret.Box, error) {
	if cfg.SecretKey != "" {
		k, err := secret.ParseKey(cfg.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("secret key: %w", err)
		}
		return secret.NewBox(k)
	}
	if !cfg.IsPostgres() {
		path := filepath.Join(filepath.Dir(cfg.SQLitePath()), "secret.key")
		if err := createKeyFile(path); err != nil {
			return nil, fmt.Errorf("secret key: create %s: %w", path, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("secret key: %w", err)
		}
		k, err := secret.ParseKey(string(b))
		if err != nil {
			return nil, fmt.Errorf("secret key file %s: %w", path, err)
		}
		return secret.NewBox(k)
	}
	log.Warn("OPENCEM_SECRET_KEY is not set: secrets are sealed with a key kept in the database; set a key in production")
	v, err := st.PutSettingIfAbsent(ctx, "secret_key", secret.EncodeKey(secret.NewKey()), time.Now())
	if err != nil {
		return nil, err
	}
	k, err := secret.ParseKey(v)
	if err != nil {
		return nil, err
	}
	return secret.NewBox(k)
}

// createKeyFile writes a new random key to path unless it exists; O_EXCL
// makes concurrent first starts agree on one key.
func createKeyFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = f.WriteString(secret.EncodeKey(secret.NewKey()) + "\n")
	return errors.Join(err, f.Close())
}
