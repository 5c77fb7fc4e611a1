-- The view rule, and how to fix a denied view by aligning owners
-- (spec §7, worked example §12.2).
-- Run it with:  tableacl --keep-going testdata/examples/view_rule.sql
--
-- Reading a view needs SELECT on the view. Below it, a table (or view)
-- is checked too only when its owner differs from the owner of the view
-- that reads it: a view is its owner's way to share a slice of data the
-- owner controls, not a way to pass on someone else's data.

CREATE USER a;
CREATE USER b;
CREATE USER c;
CREATE DATABASE shop;
GRANT USAGE ON DATABASE shop TO users;
GRANT CREATE ON DATABASE shop TO a, b;

-- a owns a table and lets b read it.
\user a
CREATE TABLE shop.t (id INT, note STRING);
INSERT INTO shop.t VALUES (1, 'first'), (2, 'second');
GRANT SELECT ON TABLE shop.t TO b;

-- b may read t, but may not pass the right on: b does not own t.
\user b
SELECT id FROM shop.t ORDER BY id;
GRANT SELECT ON TABLE shop.t TO c;

-- b builds a view over a's table and grants it to c.
CREATE VIEW shop.v AS SELECT id FROM shop.t;
GRANT SELECT ON VIEW shop.v TO c;

-- Denied: the view's owner (b) differs from the table's owner (a), so c
-- needs SELECT on t as well, and has none.
\user c
SELECT * FROM shop.v;

-- The fix: align the owners. When a, the owner of the data, owns the view,
-- the table is no longer checked for c. (An admin does it here; a could
-- also recreate the view itself.) c's grant on the view survives.
\user admin
ALTER VIEW shop.v OWNER TO a;
\user c
SELECT * FROM shop.v ORDER BY id;

-- The view is now a's to manage: b lost control of it.
\user b
GRANT SELECT ON VIEW shop.v TO b;

\user admin
SHOW GRANT ON VIEW shop.v;
