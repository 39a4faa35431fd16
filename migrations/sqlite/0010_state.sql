-- The state log (issue 15): at every write of the tool, a digest of each table of a union's books
-- and the head of its voucher chain, folded into one state root chained to the previous one. An
-- auditor signs `SEQ:ROOT`; `verify --anchor` proves the books still extend that state, and a
-- table changed behind the tool's back no longer matches the last entry.
CREATE TABLE state_log (
    org_id    BIGINT NOT NULL REFERENCES orgs(id),
    seq       BIGINT NOT NULL,
    version   BIGINT NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    heads     TEXT NOT NULL,
    prev_root TEXT NOT NULL,
    root      TEXT NOT NULL,
    PRIMARY KEY (org_id, seq)
);
CREATE TRIGGER state_log_upd BEFORE UPDATE ON state_log
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 状态记录不能修改'); END;
CREATE TRIGGER state_log_del BEFORE DELETE ON state_log
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 状态记录不能删除'); END;
