-- tableacl quick start: grants, a denied query, and the view rule.
-- Run it with:  make demo   (or: go run ./cmd/tableacl --keep-going testdata/examples/quickstart.sql)

-- As admin: a user, a database, a table with rows.
CREATE USER alice;
CREATE USER bob;
CREATE DATABASE sales;
CREATE TABLE sales.orders (id INT, region STRING, amount INT);
INSERT INTO sales.orders VALUES (1, 'emea', 10), (2, 'amer', 25), (3, 'emea', 40);

-- alice has nothing yet: both missing privileges are reported at once.
\user alice
SELECT * FROM sales.orders;

-- A grant on the table is not enough: acting inside a database needs USAGE.
\user admin
GRANT SELECT ON TABLE sales.orders TO alice;
GRANT USAGE ON DATABASE sales TO alice, bob;
\user alice
SELECT region, sum(amount) AS total FROM sales.orders GROUP BY region ORDER BY region;

-- The view rule: admin owns both the view and the table, so bob needs
-- SELECT on the view only; the table beneath it is skipped.
\user admin
CREATE VIEW sales.emea AS SELECT id, amount FROM sales.orders WHERE region = 'emea';
GRANT SELECT ON VIEW sales.emea TO bob;
\user bob
SELECT * FROM sales.emea ORDER BY id;
SELECT * FROM sales.orders;

-- Hand the view to alice: owners now differ, so bob needs SELECT on the table too.
\user admin
ALTER VIEW sales.emea OWNER TO alice;
\user bob
SELECT * FROM sales.emea;

\user admin
SHOW GRANTS ON VIEW sales.emea;
