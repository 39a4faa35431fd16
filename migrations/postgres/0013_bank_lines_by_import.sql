-- Statement lines by import, account and day: the state log digests an import's lines one day of
-- one account at a time (state format 3), read in this order without sorting a million lines.
CREATE INDEX bank_lines_import ON bank_lines (org_id, import_id, account, date, seq);
