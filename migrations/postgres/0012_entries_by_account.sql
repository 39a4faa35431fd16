-- Entries by account and month: a one-account ledger (明细账, 银行存款日记账) reads its entries
-- through this index instead of every entry of the union. PostgreSQL has had it since 0001;
-- SQLite gets it now (it costs batch posting some speed; measured in benches/ledger.rs). A
-- month's journal is served by the vouchers' (org_id, period, seq) key, the entries then by
-- their primary key.
CREATE INDEX IF NOT EXISTS entries_account ON entries (org_id, account, period);
