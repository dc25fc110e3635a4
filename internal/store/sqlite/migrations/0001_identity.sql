-- 0001: identity and access (issues #2, #3): users, roles, the
-- organisation tree with user memberships, sessions, second factors,
-- API keys and signature nonces.
CREATE TABLE users (
	id                   TEXT PRIMARY KEY,
	username             TEXT NOT NULL,
	name                 TEXT NOT NULL,
	email                TEXT NOT NULL DEFAULT '',
	password_hash        TEXT NOT NULL,
	must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
	disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	-- TOTP secret sealed with the server's secret key; pending until enabled.
	totp_secret          TEXT NOT NULL DEFAULT '',
	totp_enabled         INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
	totp_last_step       INTEGER NOT NULL DEFAULT 0,
	failed_logins        INTEGER NOT NULL DEFAULT 0,
	locked_until         TEXT,
	last_login_at        TEXT,
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (username);

-- Roles: custom roles carry their permissions; built-in roles have a row
-- too (permissions come from code) so that require_2fa can be set on them.
CREATE TABLE roles (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	permissions TEXT NOT NULL DEFAULT '[]',
	builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
	require_2fa INTEGER NOT NULL DEFAULT 0 CHECK (require_2fa IN (0, 1)),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

CREATE TABLE user_roles (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role    TEXT NOT NULL REFERENCES roles (id),
	PRIMARY KEY (user_id, role)
);

-- Organisation tree (clause 6.3.5d). path is the chain of ids from the root,
-- "/root/child/…/self/", so a subtree is one prefix match.
CREATE TABLE org_units (
	id         TEXT PRIMARY KEY,
	code       TEXT NOT NULL,
	name       TEXT NOT NULL,
	parent_id  TEXT REFERENCES org_units (id),
	path       TEXT NOT NULL,
	depth      INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX org_units_code_key ON org_units (code);
CREATE INDEX org_units_path_idx ON org_units (path);
CREATE INDEX org_units_parent_idx ON org_units (parent_id);

CREATE TABLE user_units (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	unit_id TEXT NOT NULL REFERENCES org_units (id),
	PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX user_units_unit_idx ON user_units (unit_id);

-- A session row holds the SHA-256 of the cookie token, never the token.
CREATE TABLE sessions (
	id           TEXT NOT NULL,
	token_hash   TEXT PRIMARY KEY,
	user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	ip           TEXT NOT NULL,
	user_agent   TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX sessions_id_key ON sessions (id);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Second step of a sign-in with two factors: a short-lived challenge.
CREATE TABLE login_challenges (
	token_hash TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	attempts   INTEGER NOT NULL DEFAULT 0,
	expires_at TEXT NOT NULL
);

CREATE TABLE recovery_codes (
	user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at   TEXT,
	PRIMARY KEY (user_id, code_hash)
);

-- API keys for third-party systems (clause 8.1b). Secrets are stored as
-- SHA-256 hashes; during a rotation the previous hash stays valid until
-- prev_expires_at.
CREATE TABLE api_keys (
	id                TEXT PRIMARY KEY,
	name              TEXT NOT NULL,
	secret_hash       TEXT NOT NULL,
	prev_secret_hash  TEXT NOT NULL DEFAULT '',
	prev_expires_at   TEXT,
	permissions       TEXT NOT NULL DEFAULT '[]',
	unit_id           TEXT REFERENCES org_units (id),
	cidrs             TEXT NOT NULL DEFAULT '[]',
	expires_at        TEXT,
	require_signature INTEGER NOT NULL DEFAULT 0 CHECK (require_signature IN (0, 1)),
	public_key_pem    TEXT NOT NULL DEFAULT '',
	cert_subject      TEXT NOT NULL DEFAULT '',
	rate_limit        INTEGER NOT NULL DEFAULT 600,
	created_by        TEXT NOT NULL,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL,
	revoked_at        TEXT,
	last_used_at      TEXT,
	last_used_ip      TEXT NOT NULL DEFAULT ''
);

-- Nonces of signed requests, kept until their timestamp leaves the window.
CREATE TABLE signature_nonces (
	key_id     TEXT NOT NULL,
	nonce      TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	PRIMARY KEY (key_id, nonce)
);
CREATE INDEX signature_nonces_expires_idx ON signature_nonces (expires_at);

-- Small server-wide settings (e.g. the generated secret key on PostgreSQL).
CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
