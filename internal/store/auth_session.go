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

func sessionGone() error { return cem.E(auth.CodeSessionGone, "The session has ended.") }

// CreateSession implements auth.Store.
func (s *Auth) CreateSession(ctx context.Context, ss *auth.Session) error {
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (id, token_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ss.ID, ss.TokenHash, ss.UserID, ss.CSRFToken, ss.IP, ss.UserAgent,
		sqldb.Time{Time: ss.CreatedAt}, sqldb.Time{Time: ss.LastSeenAt}, sqldb.Time{Time: ss.ExpiresAt})
	return wrap("create session", err)
}

const sessionColumns = `id, token_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at`

func scanSession(row scanner) (*auth.Session, error) {
	var ss auth.Session
	var created, seen, expires sqldb.Time
	err := row.Scan(&ss.ID, &ss.TokenHash, &ss.UserID, &ss.CSRFToken, &ss.IP, &ss.UserAgent, &created, &seen, &expires)
	ss.CreatedAt, ss.LastSeenAt, ss.ExpiresAt = created.Time, seen.Time, expires.Time
	return &ss, err
}

// SessionByTokenHash implements auth.Store.
func (s *Auth) SessionByTokenHash(ctx context.Context, hash string) (*auth.Session, error) {
	ss, err := scanSession(s.db.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, sessionGone()
	}
	return ss, wrap("get session", err)
}

// ListSessions implements auth.Store: newest first.
func (s *Auth) ListSessions(ctx context.Context, userID string) ([]*auth.Session, error) {
	return queryAll(ctx, s.db, "list sessions", `SELECT `+sessionColumns+` FROM sessions WHERE user_id = ? ORDER BY created_at DESC`,
		[]any{userID}, scanSession)
}

// TouchSession implements auth.Store.
func (s *Auth) TouchSession(ctx context.Context, hash string, at, expires time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`,
		sqldb.Time{Time: at}, sqldb.Time{Time: expires}, hash)
	return wrap("touch session", err)
}

// DeleteSession implements auth.Store.
func (s *Auth) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return wrap("delete session", err)
}

// DeleteSessionByID implements auth.Store.
func (s *Auth) DeleteSessionByID(ctx context.Context, userID, id string) error {
	res, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE id = ? AND user_id = ?`, id, userID)
	return affectedOne(res, err, "delete session", sessionGone)
}

// DeleteUserSessions implements auth.Store.
func (s *Auth) DeleteUserSessions(ctx context.Context, userID string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return wrap("delete user sessions", err)
}

// DeleteExpiredSessions implements auth.Store; it also clears expired
// sign-in challenges and signature nonces.
func (s *Auth) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, sqldb.Time{Time: now})
	if err != nil {
		return 0, wrap("delete expired sessions", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, wrap("delete expired sessions", err)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM login_challenges WHERE expires_at <= ?`, sqldb.Time{Time: now}); err != nil {
		return 0, wrap("delete expired challenges", err)
	}
	return int(n), s.DeleteExpiredNonces(ctx, now)
}

// CreateChallenge implements auth.Store.
func (s *Auth) CreateChallenge(ctx context.Context, tokenHash, userID string, expires time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO login_challenges (token_hash, user_id, attempts, expires_at) VALUES (?, ?, 0, ?)`,
		tokenHash, userID, sqldb.Time{Time: expires})
	return wrap("create challenge", err)
}

// UseChallenge implements auth.Store.
func (s *Auth) UseChallenge(ctx context.Context, tokenHash string, now time.Time) (string, int, error) {
	var uid string
	var n int
	err := s.db.QueryRowWrite(ctx, `UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = ? AND expires_at > ?
		RETURNING user_id, attempts`, tokenHash, sqldb.Time{Time: now}).Scan(&uid, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, cem.E(auth.CodeMFAChallenge, "The sign-in step has expired.")
	}
	return uid, n, wrap("use challenge", err)
}

// DeleteChallenge implements auth.Store.
func (s *Auth) DeleteChallenge(ctx context.Context, tokenHash string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM login_challenges WHERE token_hash = ?`, tokenHash)
	return wrap("delete challenge", err)
}

// ReplaceRecoveryCodes implements auth.Store.
func (s *Auth) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return wrap("clear recovery codes", err)
	}
	for _, h := range hashes {
		if _, err := s.db.Exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, h); err != nil {
			return wrap("add recovery code", err)
		}
	}
	return nil
}

// UseRecoveryCode implements auth.Store; the conditional update makes a code
// usable once even under concurrent attempts.
func (s *Auth) UseRecoveryCode(ctx context.Context, userID, hash string, at time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
		sqldb.Time{Time: at}, userID, hash)
	if err != nil {
		return false, wrap("use recovery code", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("use recovery code", err)
}

// CountRecoveryCodes implements auth.Store: unused codes only.
func (s *Auth) CountRecoveryCodes(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n)
	return n, wrap("count recovery codes", err)
}

// Setting implements auth.Store.
func (s *Auth) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.db.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, wrap("get setting", err)
}

// PutSettingIfAbsent implements auth.Store.
func (s *Auth) PutSettingIfAbsent(ctx context.Context, key, value string, at time.Time) (string, error) {
	if _, err := s.db.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		key, value, sqldb.Time{Time: at}); err != nil {
		return "", wrap("put setting", err)
	}
	v, _, err := s.Setting(ctx, key)
	return v, err
}
