-- Receipts attached to vouchers (issue 17): the file itself, its SHA-256, size and type, the
-- e-invoice number and amount where the file is a 数电票 (XML, or an OFD that carries it), who
-- attached it and when. A receipt is never attached twice (the use case looks it up by its
-- digest and by its invoice number, vouchers voided aside); attachments are only ever added, and
-- the state log covers them (without the bytes, whose digest verify recomputes).
CREATE TABLE attachments (
    org_id         BIGINT NOT NULL REFERENCES orgs(id),
    voucher_id     BIGINT NOT NULL,
    n              BIGINT NOT NULL,
    file_name      TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    invoice_no     TEXT NOT NULL DEFAULT '',
    invoice_amount BIGINT,
    added_by       TEXT NOT NULL,
    added_at       TEXT NOT NULL,
    content        BLOB NOT NULL,
    PRIMARY KEY (org_id, voucher_id, n)
);
CREATE INDEX attachments_digest ON attachments (org_id, sha256);
CREATE INDEX attachments_invoice ON attachments (org_id, invoice_no);

CREATE TRIGGER attachments_upd BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 附件不能修改'); END;
CREATE TRIGGER attachments_del BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 附件不能删除'); END;
CREATE TRIGGER attachments_dirty_ins AFTER INSERT ON attachments
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'attachments' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'attachments'); END;
CREATE TRIGGER attachments_dirty_upd AFTER UPDATE ON attachments
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'attachments' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'attachments'); END;
CREATE TRIGGER attachments_dirty_del AFTER DELETE ON attachments
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'attachments' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'attachments'); END;
