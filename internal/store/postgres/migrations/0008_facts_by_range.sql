-- 0008: answer facts found through their response's range (see the SQLite
-- migration of the same number). Each response's facts have the ids
-- facts_from … facts_from + facts_n - 1, in answer order. Here, where
-- several processes write at once, a response's range starts at a block
-- of 2^20 ids drawn from a sequence, so that no two writers coordinate
-- beyond nextval.
CREATE SEQUENCE response_fact_blocks INCREMENT BY 1048576 START WITH 1048576;
ALTER TABLE responses ADD COLUMN facts_from BIGINT NOT NULL DEFAULT 0,
	ADD COLUMN facts_n INTEGER NOT NULL DEFAULT 0;

CREATE TABLE response_facts_0008 (
	id          BIGINT PRIMARY KEY,
	question_id TEXT NOT NULL,
	item        TEXT NOT NULL DEFAULT '',
	value       TEXT NOT NULL DEFAULT '',
	num         DOUBLE PRECISION
);

UPDATE responses SET facts_from = nextval('response_fact_blocks'), facts_n = counts.n
	FROM (SELECT response_id, COUNT(*) AS n FROM response_facts GROUP BY response_id) counts
	WHERE counts.response_id = responses.id;

INSERT INTO response_facts_0008 (id, question_id, item, value, num)
	SELECT r.facts_from + ROW_NUMBER() OVER (PARTITION BY f.response_id ORDER BY f.seq) - 1, f.question_id, f.item, f.value, f.num
	FROM response_facts f JOIN responses r ON r.id = f.response_id;
DROP TABLE response_facts;
ALTER TABLE response_facts_0008 RENAME TO response_facts;
ALTER TABLE response_facts RENAME CONSTRAINT response_facts_0008_pkey TO response_facts_pkey;
