-- 0003: the tamper-evident audit trail and security alarms (clause 8.1e).
--
-- audit_events is append-only and hash-chained: each row carries the hash of
-- the row before it (prev_hash) and of its own content (hash). seq numbers
-- rows 1, 2, 3 … without gaps. audit_head is the chain head, one row that
-- appends lock and update in their transaction; anchor_seq and
-- anchor_prev_hash say where the chain starts after retention pruned it.
CREATE TABLE audit_events (
	id          TEXT PRIMARY KEY,
	seq         BIGINT NOT NULL,
	at          TIMESTAMPTZ NOT NULL,
	actor_kind  TEXT NOT NULL,
	actor_id    TEXT NOT NULL,
	actor_name  TEXT NOT NULL,
	roles       JSONB NOT NULL,
	unit_ids    JSONB NOT NULL,
	ip          TEXT NOT NULL,
	user_agent  TEXT NOT NULL,
	request_id  TEXT NOT NULL,
	action      TEXT NOT NULL,
	target_type TEXT NOT NULL,
	target_id   TEXT NOT NULL,
	outcome     TEXT NOT NULL,
	detail      TEXT NOT NULL,
	changes     JSONB NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_events_seq_key ON audit_events (seq);
CREATE INDEX audit_events_at_idx ON audit_events (at);
CREATE INDEX audit_events_action_idx ON audit_events (action, seq);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, seq);
CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id, seq);

CREATE TABLE audit_head (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	seq              BIGINT NOT NULL,
	hash             TEXT NOT NULL,
	anchor_seq       BIGINT NOT NULL,
	anchor_prev_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, anchor_seq, anchor_prev_hash) VALUES
	(1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
	 1, '0000000000000000000000000000000000000000000000000000000000000000');

-- An open alarm raised again within the dedupe window counts up instead of
-- adding a row.
CREATE TABLE alarms (
	id                   TEXT PRIMARY KEY,
	kind                 TEXT NOT NULL,
	severity             TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
	subject              TEXT NOT NULL,
	message              TEXT NOT NULL,
	details              JSONB NOT NULL,
	count                INTEGER NOT NULL,
	first_at             TIMESTAMPTZ NOT NULL,
	last_at              TIMESTAMPTZ NOT NULL,
	status               TEXT NOT NULL CHECK (status IN ('open', 'acknowledged')),
	acknowledged_by      TEXT NOT NULL DEFAULT '',
	acknowledged_by_name TEXT NOT NULL DEFAULT '',
	acknowledged_at      TIMESTAMPTZ,
	note                 TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alarms_dedupe_idx ON alarms (kind, subject, status, last_at);
CREATE INDEX alarms_list_idx ON alarms (status, last_at, id);
