-- 0007: the submit path's tables (issue #5 item 10). Answer facts
-- clustered by response: every final submit writes ~10 facts inside the one write transaction
-- SQLite allows, so their cost bounds the submit rate. The 0005 layout
-- wrote each fact into three B-trees (the rowid table, a response index and
-- a (survey, question, item) index no query read, which alone doubled the
-- insert cost by dirtying one page per question at every commit). Facts
-- now live in one B-tree keyed by (response_id, seq): a response's facts are
-- contiguous, reads by response (search, replace, the T+1 recompute that
-- walks a day's responses) use the key, and inserts append. The facts are
-- a projection of responses.answers that only the response store writes,
-- and responses are never hard-deleted, so the foreign key (one parent
-- lookup per fact) goes too, and so does survey_id: every metric joins the
-- response anyway (only counted, valid responses enter metrics), which has
-- the survey. A fact holds one value — an option code or a text, which
-- the question's type tells apart — and/or a number: code and text were
-- never both set, and each bound column costs every fact. Analytics adds
-- the access paths its queries prove they need.
CREATE TABLE response_facts_0007 (
	response_id TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	question_id TEXT NOT NULL,
	item        TEXT NOT NULL DEFAULT '',
	value       TEXT NOT NULL DEFAULT '',
	num         REAL,
	PRIMARY KEY (response_id, seq)
) WITHOUT ROWID;
INSERT INTO response_facts_0007 (response_id, seq, question_id, item, value, num)
	SELECT response_id, ROW_NUMBER() OVER (PARTITION BY response_id ORDER BY rowid) - 1, question_id, item,
		CASE WHEN code <> '' THEN code ELSE text END, num
	FROM response_facts;
DROP TABLE response_facts;
ALTER TABLE response_facts_0007 RENAME TO response_facts;

-- Only partial responses have a resume token: finished ones (nearly all)
-- no longer each add an empty key to the resume index.
DROP INDEX responses_resume_idx;
CREATE INDEX responses_resume_idx ON responses (resume_hash) WHERE resume_hash <> '';

-- Dedupe keys: small rows looked up and inserted only by their primary key
-- (one per final submit with a device, openid, invitation or contact
-- restriction on): one B-tree instead of a rowid table plus a key index.
CREATE TABLE response_keys_0007 (
	survey_id   TEXT NOT NULL,
	kind        TEXT NOT NULL,
	key         TEXT NOT NULL,
	response_id TEXT NOT NULL,
	PRIMARY KEY (survey_id, kind, key)
) WITHOUT ROWID;
INSERT INTO response_keys_0007 SELECT survey_id, kind, key, response_id FROM response_keys;
DROP TABLE response_keys;
ALTER TABLE response_keys_0007 RENAME TO response_keys;
