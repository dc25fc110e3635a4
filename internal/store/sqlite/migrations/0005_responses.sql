-- 0005: responses (issue #5). The client makes the response id, so a
-- retried submit finds the first one. Nothing submitted is dropped:
-- duplicates, quota-full, screened-out and low-quality responses are kept
-- and flagged, and only counted ones enter metrics.
CREATE TABLE responses (
	id               TEXT PRIMARY KEY,
	survey_id        TEXT NOT NULL REFERENCES surveys (id),
	version          INTEGER NOT NULL,
	unit_id          TEXT REFERENCES org_units (id),
	status           TEXT NOT NULL CHECK (status IN ('partial', 'complete', 'screened_out', 'quota_full')),
	validity         TEXT NOT NULL DEFAULT 'auto' CHECK (validity IN ('auto', 'valid', 'invalid')),
	quality_score    INTEGER NOT NULL DEFAULT 100,
	quality_flags    TEXT NOT NULL DEFAULT '[]',
	duplicate        INTEGER NOT NULL DEFAULT 0 CHECK (duplicate IN (0, 1)),
	counted          INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1)),
	answers          TEXT NOT NULL DEFAULT '{}',
	raw_answers      TEXT NOT NULL DEFAULT '{}',
	params           TEXT NOT NULL DEFAULT '{}',
	channel          TEXT NOT NULL DEFAULT '',
	current_page     TEXT NOT NULL DEFAULT '',
	ending           TEXT NOT NULL DEFAULT '',
	quotas           TEXT NOT NULL DEFAULT '[]',
	timing           TEXT NOT NULL DEFAULT '{}',
	consent          TEXT NOT NULL DEFAULT '{}',
	device_id        TEXT NOT NULL DEFAULT '',
	openid           TEXT NOT NULL DEFAULT '',
	invite_token     TEXT NOT NULL DEFAULT '',
	contact_id       TEXT NOT NULL DEFAULT '',
	ip               TEXT NOT NULL DEFAULT '',
	user_agent       TEXT NOT NULL DEFAULT '',
	resume_hash      TEXT NOT NULL DEFAULT '',
	started_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	submitted_at     TEXT,
	resume_expires   TEXT,
	deleted_at       TEXT
);
CREATE INDEX responses_survey_idx ON responses (survey_id, submitted_at);
CREATE INDEX responses_resume_idx ON responses (resume_hash);

-- Typed answer facts for analytics: one row per answered value.
CREATE TABLE response_facts (
	response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
	survey_id   TEXT NOT NULL,
	question_id TEXT NOT NULL,
	item        TEXT NOT NULL DEFAULT '',
	code        TEXT NOT NULL DEFAULT '',
	num         REAL,
	text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX response_facts_response_idx ON response_facts (response_id);
CREATE INDEX response_facts_question_idx ON response_facts (survey_id, question_id, item);

-- One answer per device, openid, invitation or contact: the first response
-- to claim a key owns it; later ones are duplicates.
CREATE TABLE response_keys (
	survey_id   TEXT NOT NULL,
	kind        TEXT NOT NULL,
	key         TEXT NOT NULL,
	response_id TEXT NOT NULL,
	PRIMARY KEY (survey_id, kind, key)
);

-- Quota fill, counted atomically: an increment only succeeds below the limit.
CREATE TABLE quota_counts (
	survey_id TEXT NOT NULL,
	quota_id  TEXT NOT NULL,
	n         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (survey_id, quota_id)
);

-- Respondents who declined the privacy notice: only a count per day.
CREATE TABLE consent_refusals (
	survey_id TEXT NOT NULL,
	day       TEXT NOT NULL,
	n         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (survey_id, day)
);
