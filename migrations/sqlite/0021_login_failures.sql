-- Wrong passwords in a row, per user (issue 17): after three, the next try waits (30 seconds,
-- doubling with each further failure, at most 15 minutes), so that guessing is slow from any door.
-- A right password clears the count. Not part of the books (no org), so not in the state log.
CREATE TABLE login_failures (
    name     TEXT NOT NULL PRIMARY KEY REFERENCES users(name),
    failures BIGINT NOT NULL,
    last_at  TEXT NOT NULL
);
