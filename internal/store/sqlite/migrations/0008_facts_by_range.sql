-- 0008: answer facts in a rowid table, found through their response's
-- range (issue #5 item 10). 0007 keyed facts by (response_id, seq) in a
-- WITHOUT ROWID table: every fact row carried the response's 32-character
-- id, was placed by comparing text keys, and every full leaf was split by
-- SQLite's general rebalancing, which together were a tenth of the submit
-- path's CPU. Now each fact has an integer id, given in increasing order by
-- the one writer, so inserts append to the table's last page (SQLite's
-- quick balance), and the response row records where its facts are:
-- ids facts_from … facts_from + facts_n - 1, in answer order. Reads by
-- response (search, replace, analytics' joins) scan that id range.
ALTER TABLE responses ADD COLUMN facts_from INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN facts_n INTEGER NOT NULL DEFAULT 0;

CREATE TABLE response_facts_0008 (
	id          INTEGER PRIMARY KEY,
	question_id TEXT NOT NULL,
	item        TEXT NOT NULL DEFAULT '',
	value       TEXT NOT NULL DEFAULT '',
	num         REAL
);

-- Each response with facts gets the range after those of the responses
-- before it (by id); facts without a response row are not carried over.
WITH counts AS (
	SELECT f.response_id, COUNT(*) AS n FROM response_facts f JOIN responses r ON r.id = f.response_id GROUP BY f.response_id
), ranges AS (
	SELECT response_id, n, SUM(n) OVER (ORDER BY response_id) - n + 1 AS first FROM counts
)
UPDATE responses SET facts_from = ranges.first, facts_n = ranges.n FROM ranges WHERE ranges.response_id = responses.id;

INSERT INTO response_facts_0008 (id, question_id, item, value, num)
	SELECT r.facts_from + ROW_NUMBER() OVER (PARTITION BY f.response_id ORDER BY f.seq) - 1, f.question_id, f.item, f.value, f.num
	FROM response_facts f JOIN responses r ON r.id = f.response_id;
DROP TABLE response_facts;
ALTER TABLE response_facts_0008 RENAME TO response_facts;
