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

CREATE FUNCTION gh_refuse_filing_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_IMMUTABLE: 报送记录不能修改或删除（退回、接收另记一步）';
END $$;
CREATE TRIGGER filings_immutable BEFORE UPDATE OR DELETE ON filings
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_filing_change();

-- Bound to the unions of the login role like every table with org_id (0020).
ALTER TABLE filings ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_scope ON filings USING (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user))
    WITH CHECK (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user));
