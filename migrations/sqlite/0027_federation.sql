-- The federation (issue 24): each union may name its upper union (区/县 or 市总工会) and says what
-- kind it is (grassroots, county, city), so that an upper union can read, add up and receive
-- the filings of the unions under it. The link is the union's own setting; changing it is logged
-- as an event.
ALTER TABLE orgs ADD COLUMN upper_id BIGINT;
ALTER TABLE orgs ADD COLUMN kind TEXT NOT NULL DEFAULT 'grassroots';

-- What a union filed with its upper union and what became of it: every step appended (报送,
-- 退回 with its reason, 接收), the last one the filing's status. Kept by the filing union's
-- org_id; the upper union's steps are written on it.
CREATE TABLE filings (
    org_id  BIGINT NOT NULL REFERENCES orgs(id),
    year    BIGINT NOT NULL,
    kind    TEXT NOT NULL,
    n       BIGINT NOT NULL,
    status  TEXT NOT NULL,
    reason  TEXT NOT NULL DEFAULT '',
    actor   TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (org_id, year, kind, n)
);

CREATE TRIGGER filings_upd BEFORE UPDATE ON filings
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 报送记录不能修改（退回、接收另记一步）'); END;
CREATE TRIGGER filings_del BEFORE DELETE ON filings
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 报送记录不能删除'); END;
