-- 0007: answer facts clustered by response (issue #5 item 10).
-- Every final submit writes ~10 facts inside the one write transaction
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
-- the survey. Analytics adds the access paths its queries prove they need.
CREATE TABLE response_facts_0007 (
	response_id TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	question_id TEXT NOT NULL,
	item        TEXT NOT NULL DEFAULT '',
	code        TEXT NOT NULL DEFAULT '',
	num         REAL,
	text        TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (response_id, seq)
) WITHOUT ROWID;
INSERT INTO response_facts_0007 (response_id, seq, question_id, item, code, num, text)
	SELECT response_id, ROW_NUMBER() OVER (PARTITION BY response_id ORDER BY rowid) - 1, question_id, item, code, num, text
	FROM response_facts;
DROP TABLE response_facts;
ALTER TABLE response_facts_0007 RENAME TO response_facts;
