-- 0001: the minimal identity the platform shell needs (issue 2 §7):
-- users, their roles, and server-side sessions.
CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	username      TEXT NOT NULL,
	name          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (username);

CREATE TABLE user_roles (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role    TEXT NOT NULL,
	PRIMARY KEY (user_id, role)
);

-- A session row holds the SHA-256 of the cookie token, never the token.
CREATE TABLE sessions (
	token_hash   TEXT PRIMARY KEY,
	user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	ip           TEXT NOT NULL,
	user_agent   TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	last_seen_at TIMESTAMPTZ NOT NULL,
	expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
