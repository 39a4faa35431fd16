-- gonghui ledger core, PostgreSQL. The same tables as migrations/sqlite, keyed by org_id first
-- so that a federation can distribute them on org_id. Amounts are BIGINT fen.

CREATE TABLE orgs (
    id          BIGINT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    province    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    last_voucher_id BIGINT NOT NULL DEFAULT 0,
    last_event_id BIGINT NOT NULL DEFAULT 0,
    chain_seq   BIGINT NOT NULL DEFAULT 0,
    chain_hash  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
    org_id  BIGINT NOT NULL REFERENCES orgs(id),
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (org_id, key)
);

CREATE TABLE events (
    org_id   BIGINT NOT NULL REFERENCES orgs(id),
    id       BIGINT NOT NULL,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    subject  TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, id)
);

CREATE TABLE accounts (
    org_id   BIGINT NOT NULL REFERENCES orgs(id),
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    class    TEXT NOT NULL,
    side     TEXT NOT NULL,
    parent   TEXT,
    builtin  BOOLEAN NOT NULL,
    enabled  BOOLEAN NOT NULL,
    PRIMARY KEY (org_id, code)
);

CREATE TABLE activities (
    org_id    BIGINT NOT NULL REFERENCES orgs(id),
    code      TEXT NOT NULL,
    name      TEXT NOT NULL,
    account   TEXT,
    project   BOOLEAN NOT NULL,
    earmarked BOOLEAN NOT NULL,
    PRIMARY KEY (org_id, code)
);

CREATE TABLE voucher_seq (
    org_id   BIGINT NOT NULL REFERENCES orgs(id),
    period   BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (org_id, period)
);

CREATE TABLE vouchers (
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    id            BIGINT NOT NULL,
    period        BIGINT NOT NULL,
    seq           BIGINT NOT NULL,
    no            TEXT NOT NULL,
    date          DATE NOT NULL,
    summary       TEXT NOT NULL,
    attachments   BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'posted')),
    source_kind   TEXT NOT NULL,
    source_ref    TEXT NOT NULL DEFAULT '',
    decision_ref  TEXT NOT NULL DEFAULT '',
    reverses      BIGINT,
    prepared_by   TEXT NOT NULL,
    prepared_at   TEXT NOT NULL,
    reviewed_by   TEXT,
    reviewed_at   TEXT,
    review_waived BOOLEAN NOT NULL DEFAULT FALSE,
    posted_by     TEXT,
    posted_at     TEXT,
    chain_seq     BIGINT,
    prev_hash     TEXT,
    hash          TEXT,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, period, seq)
);
CREATE INDEX vouchers_chain ON vouchers (org_id, chain_seq);
CREATE INDEX vouchers_reverses ON vouchers (org_id, reverses) WHERE reverses IS NOT NULL;

CREATE TABLE entries (
    org_id     BIGINT NOT NULL,
    voucher_id BIGINT NOT NULL,
    line_no    BIGINT NOT NULL,
    period     BIGINT NOT NULL,
    account    TEXT NOT NULL,
    activity   TEXT NOT NULL DEFAULT '',
    debit      BIGINT NOT NULL,
    credit     BIGINT NOT NULL,
    PRIMARY KEY (org_id, voucher_id, line_no)
);
CREATE INDEX entries_account ON entries (org_id, account, period);

CREATE TABLE balances (
    org_id   BIGINT NOT NULL,
    period   BIGINT NOT NULL,
    account  TEXT NOT NULL,
    activity TEXT NOT NULL DEFAULT '',
    debit    BIGINT NOT NULL,
    credit   BIGINT NOT NULL,
    PRIMARY KEY (org_id, period, account, activity)
);

CREATE TABLE closed_periods (
    org_id    BIGINT NOT NULL REFERENCES orgs(id),
    period    BIGINT NOT NULL,
    closed_by TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    PRIMARY KEY (org_id, period)
);

-- A closed month refuses every write dated in it, whoever writes.
CREATE FUNCTION gh_refuse_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM closed_periods c WHERE c.org_id = OLD.org_id AND c.period = OLD.period) THEN
        RAISE EXCEPTION 'GH_CLOSED: 该月份已结账，不能再修改或删除（%）', TG_TABLE_NAME;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM closed_periods c WHERE c.org_id = NEW.org_id AND c.period = NEW.period) THEN
        RAISE EXCEPTION 'GH_CLOSED: 该月份已结账，不能再写入（%）', TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER vouchers_closed BEFORE INSERT OR UPDATE OR DELETE ON vouchers
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_closed();
CREATE TRIGGER entries_closed BEFORE INSERT OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_closed();
CREATE TRIGGER balances_closed BEFORE INSERT OR UPDATE ON balances
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_closed();

CREATE FUNCTION gh_refuse_reopen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_CLOSED: 已结账的月份不能反结账';
END $$;
CREATE TRIGGER closed_periods_del BEFORE DELETE ON closed_periods
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_reopen();

-- Posted vouchers and their lines never change; a correction is a reversal voucher.
CREATE FUNCTION gh_refuse_posted_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'posted' THEN
        RAISE EXCEPTION 'GH_IMMUTABLE: 已记账凭证不能修改或删除，请用红字冲销更正';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER vouchers_posted BEFORE UPDATE OR DELETE ON vouchers
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_posted_change();

CREATE FUNCTION gh_refuse_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'GH_IMMUTABLE: 分录不能修改';
    END IF;
    IF EXISTS (SELECT 1 FROM vouchers v WHERE v.org_id = OLD.org_id AND v.id = OLD.voucher_id AND v.status = 'posted') THEN
        RAISE EXCEPTION 'GH_IMMUTABLE: 已记账凭证的分录不能删除';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER entries_immutable BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_entry_change();
