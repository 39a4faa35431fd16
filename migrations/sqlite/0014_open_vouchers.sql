-- The vouchers not yet posted (drafts, reviewed, void), by month: the state log digests them
-- month by month after every write, and `verify` all of them; without this index SQLite reads
-- them through the (month, number) key, one table lookup per voucher of the year.
CREATE INDEX vouchers_open ON vouchers (org_id, period, id) WHERE status <> 'posted';
