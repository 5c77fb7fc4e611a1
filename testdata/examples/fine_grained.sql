-- Fine-grained access with views (spec §7, worked example §12.5).
-- Run it with:  tableacl --keep-going testdata/examples/fine_grained.sql
--
-- Grant a view, not the table: the view's owner also owns the table, so
-- readers need SELECT on the view only (the view rule). Inside a view,
-- current_user() and is_member() refer to the reader, so one view can show
-- each reader different rows (row filters) and columns (column masks).

CREATE USER ann;
CREATE USER ben;
CREATE GROUP managers;
ALTER GROUP managers ADD USER ann;
CREATE DATABASE corp;
GRANT USAGE ON DATABASE corp TO users;
CREATE TABLE corp.emp (name STRING, dept STRING, salary INT);
INSERT INTO corp.emp VALUES ('ann', 'eng', 100), ('ben', 'ops', 80), ('cat', 'ops', 90);

-- Column subset: a view that never shows salaries.
CREATE VIEW corp.directory AS SELECT name, dept FROM corp.emp;

-- Row filter and column mask: managers see every row and the salary;
-- everyone else sees only their own row, with the salary masked.
CREATE VIEW corp.emp_v AS
  SELECT name, dept, CASE WHEN is_member('managers') THEN salary END AS salary
  FROM corp.emp
  WHERE is_member('managers') OR name = current_user();

GRANT SELECT ON VIEW corp.directory TO users;
GRANT SELECT ON VIEW corp.emp_v TO users;

\user ben
SELECT * FROM corp.directory ORDER BY name;
SELECT * FROM corp.emp_v;
-- The table itself stays closed.
SELECT * FROM corp.emp;

\user ann
SELECT name, salary FROM corp.emp_v ORDER BY name;
