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
    content        BYTEA NOT NULL,
    PRIMARY KEY (org_id, voucher_id, n)
);
CREATE INDEX attachments_digest ON attachments (org_id, sha256);
CREATE INDEX attachments_invoice ON attachments (org_id, invoice_no);

CREATE FUNCTION gh_refuse_attachment_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_IMMUTABLE: 附件不能修改或删除';
END $$;
CREATE TRIGGER attachments_immutable BEFORE UPDATE OR DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_attachment_change();
CREATE FUNCTION gh_dirty_attachments() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'attachments' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'attachments' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'attachments' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER attachments_dirty_ins AFTER INSERT ON attachments REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_attachments();
CREATE TRIGGER attachments_dirty_upd AFTER UPDATE ON attachments REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_attachments();
CREATE TRIGGER attachments_dirty_del AFTER DELETE ON attachments REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_attachments();
