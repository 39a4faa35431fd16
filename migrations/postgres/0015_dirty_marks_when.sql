-- Nothing to change here: SQLite's per-row dirty-mark triggers now test for the mark in their WHEN
-- clause (see the SQLite migration of the same number); PostgreSQL's marks are statement triggers
-- (migration 0011), run once per statement. The number is kept so both folders stay in step.
SELECT 1;
