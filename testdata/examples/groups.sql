-- Groups, nesting and inheritance (spec §3.4, §6.4, worked example §12.3).
-- Run it with:  tableacl --keep-going testdata/examples/groups.sql
--
-- A privilege granted to a group reaches every member, and members of
-- member groups, however deep. A grant on a database reaches every table
-- in it, including tables created after the grant.

CREATE USER dana;
CREATE USER omar;
CREATE GROUP analysts;
CREATE GROUP seniors;

-- seniors is a member of analysts; dana is a member of seniors.
-- So dana is (indirectly) an analyst. omar is in no group but `users`.
ALTER GROUP analysts ADD GROUP seniors;
ALTER GROUP seniors ADD USER dana;
SHOW GROUPS WITH USER dana;

-- Memberships may not form a cycle.
ALTER GROUP seniors ADD GROUP analysts;

-- One grant on the database, to the group: USAGE to act inside hr, and
-- SELECT on everything in it.
CREATE DATABASE hr;
GRANT USAGE, SELECT ON DATABASE hr TO analysts;

-- Created after the grant, and still covered by it.
CREATE TABLE hr.staff (name STRING, salary INT);
INSERT INTO hr.staff VALUES ('ann', 100), ('raj', 120);

\user dana
SELECT name, salary FROM hr.staff ORDER BY name;
-- SELECT is not MODIFY: writing needs its own grant.
INSERT INTO hr.staff VALUES ('bob', 90);

\user omar
SELECT name FROM hr.staff;

-- Every user belongs to `users`: granting to it reaches everyone.
\user admin
GRANT USAGE ON DATABASE hr TO users;
GRANT SELECT ON TABLE hr.staff TO users;
\user omar
SELECT count(*) AS people FROM hr.staff;

-- SHOW GRANT lists the rows on the object and those inherited from above.
\user admin
SHOW GRANTS ON TABLE hr.staff;
