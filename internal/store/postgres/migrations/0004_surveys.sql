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
	draft             JSONB NOT NULL,
	draft_rev         INTEGER NOT NULL,
	draft_changed     BOOLEAN NOT NULL DEFAULT TRUE,
	published_version INTEGER NOT NULL DEFAULT 0,
	template          TEXT NOT NULL DEFAULT '',
	-- collection settings: privacy notice, quotas, duplicate rules, validity, resume
	settings          JSONB NOT NULL DEFAULT '{}',
	created_at        TIMESTAMPTZ NOT NULL,
	updated_at        TIMESTAMPTZ NOT NULL,
	published_at      TIMESTAMPTZ,
	closed_at         TIMESTAMPTZ,
	deleted_at        TIMESTAMPTZ
);
CREATE UNIQUE INDEX surveys_code_key ON surveys (code);
CREATE INDEX surveys_unit_idx ON surveys (unit_id);
CREATE INDEX surveys_updated_idx ON surveys (updated_at, id);

CREATE TABLE survey_versions (
	survey_id    TEXT NOT NULL REFERENCES surveys (id),
	version      INTEGER NOT NULL,
	definition   JSONB NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	published_by TEXT NOT NULL,
	published_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (survey_id, version)
);
