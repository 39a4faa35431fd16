-- Fixed assets and stock bought (the register), and the monthly depreciation runs.

CREATE TABLE assets (
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    id            BIGINT NOT NULL,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('fixed', 'stock')),
    cost          BIGINT NOT NULL,
    life_months   BIGINT NOT NULL,
    acquired_on   TEXT NOT NULL,
    voucher_no    TEXT NOT NULL,
    disposed_on   TEXT,
    disposal_no   TEXT,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE depreciation_runs (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    period     BIGINT NOT NULL,
    voucher_no TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    PRIMARY KEY (org_id, period)
);
