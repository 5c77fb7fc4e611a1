-- DENY wins, REVOKE undoes it (spec §6.6, worked example §12.4).
-- Run it with:  tableacl --keep-going testdata/examples/deny.sql
--
-- A DENY beats every grant, explicit or inherited, for everyone in the
-- principal it names, on the object and everything below it. A GRANT does
-- not remove a DENY; REVOKE of that privilege from that principal does.

CREATE USER eve;
CREATE USER finn;
CREATE GROUP contractors;
ALTER GROUP contractors ADD USER eve;

-- Everyone may read everything in fin ...
CREATE DATABASE fin;
GRANT USAGE, SELECT, READ_METADATA ON DATABASE fin TO users;
CREATE TABLE fin.budget (id INT, amount INT);
CREATE TABLE fin.ledger (id INT, amount INT);
INSERT INTO fin.ledger VALUES (1, 500);

-- ... except contractors, who may not touch the ledger.
DENY ALL PRIVILEGES ON TABLE fin.ledger TO contractors;

\user eve
SELECT * FROM fin.budget;
SELECT * FROM fin.ledger;
-- A table the user may not use at all is not listed either.
SHOW TABLES IN fin;

\user finn
SELECT * FROM fin.ledger;

-- The denies are rows of their own, shown as DENIED_<privilege>.
\user admin
SHOW GRANT contractors ON TABLE fin.ledger;

-- A grant straight to eve does not help: the deny on her group still wins.
GRANT SELECT ON TABLE fin.ledger TO eve;
\user eve
SELECT * FROM fin.ledger;

-- Revoking SELECT from contractors removes the deny of SELECT (and only
-- SELECT): eve reads again, but still may not see metadata.
\user admin
REVOKE SELECT ON TABLE fin.ledger FROM contractors;
\user eve
SELECT * FROM fin.ledger;
DESCRIBE TABLE fin.ledger;
