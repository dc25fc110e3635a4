-- 0007: the submit path's tables (issue #5 item 10). Answer facts keyed by
-- response (see the SQLite migration of the same number): one primary key (response_id, seq) instead
-- of a response index plus a (survey, question, item) index that no query
-- read, no foreign key (facts are a projection of responses.answers
-- written only by the response store; responses are never hard-deleted)
-- no survey_id (metrics join the response, which has it), and one value
-- column for the option code or text (never both set).
CREATE TABLE response_facts_0007 (
	response_id TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	question_id TEXT NOT NULL,
	item        TEXT NOT NULL DEFAULT '',
	value       TEXT NOT NULL DEFAULT '',
	num         DOUBLE PRECISION,
	PRIMARY KEY (response_id, seq)
);
INSERT INTO response_facts_0007 (response_id, seq, question_id, item, value, num)
	SELECT response_id, ROW_NUMBER() OVER (PARTITION BY response_id ORDER BY ctid) - 1, question_id, item,
		CASE WHEN code <> '' THEN code ELSE text END, num
	FROM response_facts;
DROP TABLE response_facts;
ALTER TABLE response_facts_0007 RENAME TO response_facts;
ALTER TABLE response_facts RENAME CONSTRAINT response_facts_0007_pkey TO response_facts_pkey;

-- Only partial responses have a resume token: finished ones (nearly all)
-- no longer each add an empty key to the resume index.
DROP INDEX responses_resume_idx;
CREATE INDEX responses_resume_idx ON responses (resume_hash) WHERE resume_hash <> '';
