-- The audit desk: the member register, benefit lists (慰问发放名单) attached to vouchers, and the
-- findings of each audited period with the auditor's disposition of each.

CREATE TABLE members (
    org_id   BIGINT NOT NULL REFERENCES orgs(id),
    no       TEXT NOT NULL,
    name     TEXT NOT NULL,
    dept     TEXT NOT NULL DEFAULT '',
    joined   TEXT NOT NULL DEFAULT '',
    status   TEXT NOT NULL CHECK (status IN ('在职', '退休', '调离')),
    PRIMARY KEY (org_id, no)
);

CREATE TABLE benefits (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    voucher_no TEXT NOT NULL,
    line_no    BIGINT NOT NULL,
    member_no  TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    form       TEXT NOT NULL,
    signed     BIGINT NOT NULL,
    file_name  TEXT NOT NULL,
    file_line  BIGINT NOT NULL,
    PRIMARY KEY (org_id, voucher_no, line_no)
);

CREATE TABLE audit_findings (
    org_id    BIGINT NOT NULL REFERENCES orgs(id),
    period    TEXT NOT NULL,
    key       TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    title     TEXT NOT NULL,
    message   TEXT NOT NULL,
    doc       TEXT NOT NULL,
    amount    BIGINT NOT NULL,
    vouchers  TEXT NOT NULL,
    members   TEXT NOT NULL,
    pack      TEXT NOT NULL,
    run_by    TEXT NOT NULL,
    run_at    TEXT NOT NULL,
    PRIMARY KEY (org_id, period, key)
);

CREATE TABLE audit_dispositions (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    period     TEXT NOT NULL,
    key        TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('accepted', 'explained', 'rectified')),
    note       TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (org_id, period, key)
);
