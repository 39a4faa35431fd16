-- Which unions a PostgreSQL login role may act in (issue 17): on PostgreSQL every table of the
-- books is under row-level security by this list (see the PostgreSQL migration of the same
-- number); SQLite keeps the table only so that the two schemas stay the same.
CREATE TABLE role_orgs (
    role_name TEXT NOT NULL,
    org       BIGINT NOT NULL,
    PRIMARY KEY (role_name, org)
);
