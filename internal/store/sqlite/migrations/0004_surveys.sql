-- 0004: surveys and their published versions (issue #4). A survey holds one
-- editable draft; publishing freezes the draft as version N. Responses
-- (issue #5) point at the version they were answered on.
CREATE TABLE surveys (
	id                TEXT PRIMARY KEY,
	code              TEXT NOT NULL,
	title             TEXT NOT NULL,
	status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
	owner_id          TEXT NOT NULL REFERENCES users (id),
	unit_id           TEXT REFERENCES org_units (id),
	draft             TEXT NOT NULL,
	draft_rev         INTEGER NOT NULL,
	draft_changed     INTEGER NOT NULL DEFAULT 1 CHECK (draft_changed IN (0, 1)),
	published_version INTEGER NOT NULL DEFAULT 0,
	template          TEXT NOT NULL DEFAULT '',
	-- collection settings: privacy notice, quotas, duplicate rules, validity, resume
	settings          TEXT NOT NULL DEFAULT '{}',
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL,
	published_at      TEXT,
	closed_at         TEXT,
	deleted_at        TEXT
);
CREATE UNIQUE INDEX surveys_code_key ON surveys (code);
CREATE INDEX surveys_unit_idx ON surveys (unit_id);
CREATE INDEX surveys_updated_idx ON surveys (updated_at, id);

CREATE TABLE survey_versions (
	survey_id    TEXT NOT NULL REFERENCES surveys (id),
	version      INTEGER NOT NULL,
	definition   TEXT NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	published_by TEXT NOT NULL,
	published_at TEXT NOT NULL,
	PRIMARY KEY (survey_id, version)
);
