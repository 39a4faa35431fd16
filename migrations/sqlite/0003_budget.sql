-- Budgets: version 0 is the original (年初预算); each adjustment (预算调整) is a further version
-- with its approval date, document number and reason, and lines holding the change (调整数).

CREATE TABLE budget_versions (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    year        BIGINT NOT NULL,
    version     BIGINT NOT NULL,
    approved_on TEXT NOT NULL DEFAULT '',
    doc_no      TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, year, version)
);

CREATE TABLE budget_lines (
    org_id   BIGINT NOT NULL,
    year     BIGINT NOT NULL,
    version  BIGINT NOT NULL,
    line_no  BIGINT NOT NULL,
    account  TEXT NOT NULL,
    activity TEXT NOT NULL DEFAULT '',
    amount   BIGINT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, year, version, line_no)
);
