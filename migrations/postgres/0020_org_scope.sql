-- Row-level security (issue 17): a login role made by `gonghui pg-role` sees and writes only the
-- rows of the unions listed for it here. The owner of the schema (the migration role) is not
-- bound (owners bypass row-level security), so migrations and `pg-role` itself work as before.
-- This bounds the tool and the upper union's read scope; it is no defence against someone who
-- holds the owner's or a superuser's login. A table added by a later migration must be put under
-- the same policy there.
CREATE TABLE role_orgs (
    role_name TEXT NOT NULL,
    org       BIGINT NOT NULL,
    PRIMARY KEY (role_name, org)
);

DO $$
DECLARE t text;
BEGIN
    FOR t IN
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables x ON x.table_schema = c.table_schema AND x.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'org_id' AND x.table_type = 'BASE TABLE'
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY org_scope ON %I USING (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user))
             WITH CHECK (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user))', t);
    END LOOP;
END $$;
ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_scope ON orgs USING (id IN (SELECT org FROM role_orgs WHERE role_name = current_user))
    WITH CHECK (id IN (SELECT org FROM role_orgs WHERE role_name = current_user));
