-- The vouchers waiting (drafts, reviewed, void) by status, in number order: the 工作台's to-do
-- list and a search for drafts read the few waiting vouchers through it, in the order shown,
-- instead of walking every voucher of the union by its (month, number) key. Posted vouchers are
-- not in it, so posting a batch does not write it.
CREATE INDEX vouchers_waiting ON vouchers (org_id, status, period, seq) WHERE status <> 'posted';

-- Entries by account and month, now carrying what a bank account's movements add up (the
-- voucher, debit and credit): the reconciliation and the bank desk's match candidates total a
-- month of an account's entries from the index alone, without a lookup per entry.
DROP INDEX entries_account;
CREATE INDEX entries_account ON entries (org_id, account, period, voucher_id, debit, credit);

-- Statement lines already booked, by counterparty, newest last: the suggestion for a pending
-- line (how the same counterparty was booked last time) is one seek instead of a walk over
-- every line of the union. Pending lines are not in it.
CREATE INDEX bank_lines_counterparty ON bank_lines (org_id, counterparty, date, seq) WHERE voucher_no <> '';
