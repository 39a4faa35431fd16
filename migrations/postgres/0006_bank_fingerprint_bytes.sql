-- Statement-line fingerprints as 16 bytes instead of 32 hex characters (see the SQLite migration).

ALTER TABLE bank_lines ALTER COLUMN fingerprint TYPE BYTEA USING decode(fingerprint, 'hex');
