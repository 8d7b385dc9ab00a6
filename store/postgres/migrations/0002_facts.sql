-- facts: each interview's facts row (store/facts.go: quality observations,
-- indicator values, the keyed hashes of its identifiers, with what lists
-- show of its record), sealed, written in the transaction that writes the
-- interview, so that Supervise, Progress and Summaries read these small
-- rows, not every answer.
CREATE TABLE facts (
	seq bigint PRIMARY KEY REFERENCES interviews (seq) ON DELETE CASCADE,
	value bytea NOT NULL
);

-- identifiers: the keyed hashes of the interviews' identifiers (questions
-- with pii = hash), so that a duplicate is found without reading every
-- interview. A row tells only that an interview has some identifier with
-- that hash.
CREATE TABLE identifiers (
	hash bytea NOT NULL,
	seq bigint NOT NULL REFERENCES interviews (seq) ON DELETE CASCADE,
	PRIMARY KEY (hash, seq)
);
CREATE INDEX identifiers_seq ON identifiers (seq);

ALTER TABLE facts ALTER COLUMN value SET STORAGE EXTERNAL;
