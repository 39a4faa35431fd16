-- Sessions of `gonghui login` (issue 17): a random token kept by the user (in a file only they may
-- read), here only its digest, the user, when it expires (8 hours), and the user's signing key
-- sealed with the token, so that a command run within the session can sign without asking for
-- the password again, while neither the database nor the token file alone holds the key.
CREATE TABLE sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    sealed_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
