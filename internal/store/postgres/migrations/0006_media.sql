-- 0006: uploaded images (issue #6 item 2): hotspot pictures, option images,
-- video posters, theme logos. The bytes live in the database so that every
-- server process on one database serves them. unit_id is the uploader's data
-- scope unit, like surveys'; it is no foreign key so that deleting an empty
-- unit never trips over old pictures.
CREATE TABLE media (
	id           TEXT PRIMARY KEY,
	survey_id    TEXT REFERENCES surveys (id),
	unit_id      TEXT,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	width        INTEGER NOT NULL,
	height       INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	bytes        BYTEA NOT NULL,
	created_by   TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_sha_idx ON media (sha256);
CREATE INDEX media_survey_idx ON media (survey_id);
