-- 0002: windowed event counters shared by all server processes (rate
-- limits, login throttling, alarm bursts).
CREATE TABLE counters (
	key          TEXT NOT NULL,
	window_start TEXT NOT NULL,
	n            INTEGER NOT NULL,
	expires_at   TEXT NOT NULL,
	PRIMARY KEY (key, window_start)
);
CREATE INDEX counters_expires_idx ON counters (expires_at);
