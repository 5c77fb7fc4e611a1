package catalog

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// SchemaVersion is written to PRAGMA user_version of every catalog file.
// Version 2 gave every principal an id that is never reused, so that a
// connection notices when its user was dropped and the name re-created
// (spec §3.6). Version 3 keeps the names of the columns a view's body
// gave when it was created, by which its columns are read. Version 4
// counts the commits that changed the catalog's metadata (meta
// 'catalog.version'), by which a decision knows its snapshot is current,
// and those that changed principals or memberships ('members.version'), by
// which a statement's caller is known without walking the groups again,
// and an id drawn at random ('catalog.id'), by which a file replaced by
// another catalog is told apart. Version 5 creates the SQLite table that
// holds a table's rows when the first row is written (relations.stored),
// not with the table: SQLite reads its whole schema for each table it
// creates, so a catalog of 100,000 tables could not otherwise be built.
// Version 6 lets relations.stored say that a table's rows live in the
// engine of the program that registered it (Conn.RegisterTable), which an
// older tableacl would take for a stored table.
const SchemaVersion = 6

const schema = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE principals (name TEXT PRIMARY KEY, is_group INTEGER NOT NULL, id INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE members (
	member TEXT NOT NULL REFERENCES principals(name) ON DELETE CASCADE,
	grp    TEXT NOT NULL REFERENCES principals(name) ON DELETE CASCADE,
	PRIMARY KEY (member, grp)) WITHOUT ROWID;
CREATE INDEX members_grp ON members(grp);
CREATE TABLE databases (
	name TEXT PRIMARY KEY, owner TEXT NOT NULL,
	comment TEXT, location TEXT) WITHOUT ROWID;
CREATE TABLE relations (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	db TEXT NOT NULL REFERENCES databases(name),
	name TEXT NOT NULL,
	is_view INTEGER NOT NULL,
	owner TEXT NOT NULL,
	provider TEXT, comment TEXT, location TEXT, view_text TEXT,
	query_columns TEXT,
	stored INTEGER NOT NULL DEFAULT 1,
	UNIQUE (db, name));
CREATE TABLE columns (
	rel_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
	not_null INTEGER NOT NULL, comment TEXT,
	PRIMARY KEY (rel_id, ord)) WITHOUT ROWID;
CREATE TABLE view_deps (
	rel_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL, obj_type INTEGER NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL,
	PRIMARY KEY (rel_id, ord)) WITHOUT ROWID;
CREATE TABLE functions (
	db TEXT NOT NULL REFERENCES databases(name), name TEXT NOT NULL,
	owner TEXT NOT NULL, params TEXT NOT NULL, returns TEXT NOT NULL,
	body TEXT, class TEXT, comment TEXT,
	PRIMARY KEY (db, name)) WITHOUT ROWID;
CREATE TABLE grants (
	obj_type INTEGER NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL,
	privilege INTEGER NOT NULL, principal TEXT NOT NULL, deny INTEGER NOT NULL,
	PRIMARY KEY (obj_type, db, name, privilege, principal, deny)) WITHOUT ROWID;
CREATE INDEX grants_principal ON grants(principal);
`

// bootstrap is spec §3.3. Principal ids start at 1; meta holds the next one.
var bootstrap = []string{
	`INSERT INTO principals VALUES ('admin', 0, 1), ('admins', 1, 2), ('users', 1, 3)`,
	`INSERT INTO members VALUES ('admin', 'admins')`,
	`INSERT INTO databases (name, owner) VALUES ('default', 'admin')`,
	`INSERT INTO meta VALUES ('tableacl.requireUsage', 'true')`,
	`INSERT INTO meta VALUES ('principal.next', '4')`,
	`INSERT INTO meta VALUES ('catalog.version', '1')`,
	`INSERT INTO meta VALUES ('members.version', '1')`,
	`INSERT INTO meta VALUES ('catalog.id', lower(hex(randomblob(16))))`,
}

// migrations[v] upgrades a catalog of version v to v+1.
var migrations = map[int][]string{
	1: {
		`ALTER TABLE principals ADD COLUMN id INTEGER NOT NULL DEFAULT 0`,
		`UPDATE principals SET id = (SELECT count(*) FROM principals p WHERE p.name <= principals.name)`,
		`INSERT INTO meta VALUES ('principal.next', (SELECT count(*) + 1 FROM principals))`,
	},
	2: {
		`ALTER TABLE relations ADD COLUMN query_columns TEXT`,
	},
	3: {
		`INSERT OR IGNORE INTO meta VALUES ('catalog.version', '1')`,
		`INSERT OR IGNORE INTO meta VALUES ('members.version', '1')`,
		`INSERT OR IGNORE INTO meta VALUES ('catalog.id', lower(hex(randomblob(16))))`,
	},
	4: {
		// Every table of an older catalog has its SQLite table.
		`ALTER TABLE relations ADD COLUMN stored INTEGER NOT NULL DEFAULT 1`,
	},
	5: {}, // stored = 2 is new; no table has it yet
}

// init bootstraps a new catalog or upgrades an old one. It runs in one
// write transaction that checks the version itself, so that of several
// processes opening one new file at once, exactly one bootstraps it and
// the others find it done (spec §1.5).
func (c *Catalog) init(ctx context.Context) error {
	if c.readOnly {
		return c.checkVersion(ctx)
	}
	if !c.memory {
		// A catalog that is ready is only read: opening it takes no lock
		// that a writer holds, so a process starts while another writes.
		if mode, version, err := c.state(ctx); err == nil && mode == "wal" && version == SchemaVersion {
			return nil
		}
		if err := c.wal(ctx); err != nil {
			return err
		}
	}
	tx, err := c.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	switch {
	case version == SchemaVersion:
		return nil
	case version > SchemaVersion:
		return fmt.Errorf("catalog %s has schema version %d; this tableacl reads version %d", c.path, version, SchemaVersion)
	case version == 0:
		var n int
		if err := tx.tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%s is a SQLite file but not a tableacl catalog", c.path)
		}
		if err := tx.exec(schema); err != nil {
			return err
		}
		for _, stmt := range bootstrap {
			if err := tx.exec(stmt); err != nil {
				return err
			}
		}
	default:
		for v := version; v < SchemaVersion; v++ {
			for _, stmt := range migrations[v] {
				if err := tx.exec(stmt); err != nil {
					return fmt.Errorf("upgrading catalog %s from version %d: %w", c.path, v, err)
				}
			}
		}
	}
	if err := tx.exec(fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// state reads the journal mode and schema version of a catalog file.
func (c *Catalog) state(ctx context.Context) (string, int, error) {
	conn, err := c.read.Conn(ctx)
	if err != nil {
		return "", 0, err
	}
	defer conn.Close()
	var mode string
	var version int
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return "", 0, err
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return "", 0, err
	}
	return mode, version, nil
}

// checkVersion refuses a read-only catalog that this tableacl cannot read
// as it is: it may not upgrade what it cannot write.
func (c *Catalog) checkVersion(ctx context.Context) error {
	tx, err := c.BeginRead(ctx)
	if err != nil {
		return fmt.Errorf("catalog %s: %w", c.path, err)
	}
	var version int
	err = tx.tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	if err = errors.Join(err, tx.Rollback()); err != nil {
		return fmt.Errorf("catalog %s: %w", c.path, err)
	}
	if version != SchemaVersion {
		return fmt.Errorf("catalog %s has schema version %d and is read-only; this tableacl reads version %d", c.path, version, SchemaVersion)
	}
	return nil
}

// wal puts the file in WAL mode, where readers never wait for a writer.
// The mode is stored in the file, so only the first opener changes it;
// switching needs a moment alone with the file, so a busy answer is retried
// until the busy timeout.
func (c *Catalog) wal(ctx context.Context) error {
	deadline := time.Now().Add(c.busy)
	for {
		var mode string
		err := c.write.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		if err == nil {
			return nil
		}
		if !isBusy(err) || time.Now().After(deadline) {
			return mapError(err, c.path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
