package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
)

func keyNotFound() error { return cem.E(auth.CodeKeyNotFound, "The API key was not found.") }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateKey implements auth.KeyStore.
func (s *Auth) CreateKey(ctx context.Context, k *auth.APIKey) error {
	_, err := s.db.Exec(ctx, `INSERT INTO api_keys (id, name, secret_hash, prev_secret_hash, prev_expires_at, permissions, unit_id, cidrs,
		expires_at, require_signature, public_key_pem, cert_subject, rate_limit, created_by, created_at, updated_at, revoked_at, last_used_at, last_used_ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		k.ID, k.Name, k.SecretHash, k.PrevSecretHash, sqldb.Time{Time: k.PrevExpiresAt}, sqldb.JSON(k.Permissions), nullable(k.UnitID),
		sqldb.JSON(nonNil(k.CIDRs)), sqldb.Time{Time: k.ExpiresAt}, k.RequireSignature, k.PublicKeyPEM, k.CertSubject, k.RateLimit, k.CreatedBy,
		sqldb.Time{Time: k.CreatedAt}, sqldb.Time{Time: k.UpdatedAt}, sqldb.Time{Time: k.RevokedAt}, sqldb.Time{Time: k.LastUsedAt}, k.LastUsedIP)
	return wrap("create key", err)
}

// UpdateKey implements auth.KeyStore.
func (s *Auth) UpdateKey(ctx context.Context, k *auth.APIKey) error {
	res, err := s.db.Exec(ctx, `UPDATE api_keys SET name = ?, secret_hash = ?, prev_secret_hash = ?, prev_expires_at = ?, permissions = ?,
		unit_id = ?, cidrs = ?, expires_at = ?, require_signature = ?, public_key_pem = ?, cert_subject = ?, rate_limit = ?, updated_at = ?,
		revoked_at = ? WHERE id = ?`,
		k.Name, k.SecretHash, k.PrevSecretHash, sqldb.Time{Time: k.PrevExpiresAt}, sqldb.JSON(k.Permissions), nullable(k.UnitID),
		sqldb.JSON(nonNil(k.CIDRs)), sqldb.Time{Time: k.ExpiresAt}, k.RequireSignature, k.PublicKeyPEM, k.CertSubject, k.RateLimit,
		sqldb.Time{Time: k.UpdatedAt}, sqldb.Time{Time: k.RevokedAt}, k.ID)
	return affectedOne(res, err, "update key", keyNotFound)
}

const keyColumns = `id, name, secret_hash, prev_secret_hash, prev_expires_at, permissions, COALESCE(unit_id, ''), cidrs, expires_at,
	require_signature, public_key_pem, cert_subject, rate_limit, created_by, created_at, updated_at, revoked_at, last_used_at, last_used_ip`

func scanKey(row scanner) (*auth.APIKey, error) {
	var k auth.APIKey
	var prevExp, exp, created, updated, revoked, used sqldb.Time
	err := row.Scan(&k.ID, &k.Name, &k.SecretHash, &k.PrevSecretHash, &prevExp, sqldb.ScanJSON(&k.Permissions), &k.UnitID,
		sqldb.ScanJSON(&k.CIDRs), &exp, &k.RequireSignature, &k.PublicKeyPEM, &k.CertSubject, &k.RateLimit, &k.CreatedBy,
		&created, &updated, &revoked, &used, &k.LastUsedIP)
	k.PrevExpiresAt, k.ExpiresAt, k.CreatedAt, k.UpdatedAt, k.RevokedAt, k.LastUsedAt = prevExp.Time, exp.Time, created.Time, updated.Time, revoked.Time, used.Time
	k.CIDRs = nonNil(k.CIDRs)
	return &k, err
}

// KeyByID implements auth.KeyStore.
func (s *Auth) KeyByID(ctx context.Context, id string) (*auth.APIKey, error) {
	k, err := scanKey(s.db.QueryRow(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, keyNotFound()
	}
	return k, wrap("get key", err)
}

// ListKeys implements auth.KeyStore: newest first.
func (s *Auth) ListKeys(ctx context.Context) ([]*auth.APIKey, error) {
	return queryAll(ctx, s.db, "list keys", `SELECT `+keyColumns+` FROM api_keys ORDER BY created_at DESC`, nil, scanKey)
}

// TouchKey implements auth.KeyStore.
func (s *Auth) TouchKey(ctx context.Context, id string, at time.Time, ip string) error {
	_, err := s.db.Exec(ctx, `UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ?`, sqldb.Time{Time: at}, ip, id)
	return wrap("touch key", err)
}

// InsertNonce implements auth.KeyStore: the primary key makes a replay
// fail atomically, across processes.
func (s *Auth) InsertNonce(ctx context.Context, keyID, nonce string, expires time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO signature_nonces (key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT (key_id, nonce) DO NOTHING`,
		keyID, nonce, sqldb.Time{Time: expires})
	if err != nil {
		return false, wrap("insert nonce", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("insert nonce", err)
}

// DeleteExpiredNonces implements auth.KeyStore.
func (s *Auth) DeleteExpiredNonces(ctx context.Context, now time.Time) error {
	_, err := s.db.Exec(ctx, `DELETE FROM signature_nonces WHERE expires_at <= ?`, sqldb.Time{Time: now})
	return wrap("delete expired nonces", err)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
