package catalog

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/tableacl/tableacl/privilege"
)

// Reader is what deciding a statement reads of the catalog. A Tx reads it
// from SQLite as its transaction sees it; a Snapshot from memory.
type Reader interface {
	Database(name string) (*Database, error)
	Relation(db, name string) (*Relation, error)
	Function(db, name string) (*Function, error)
	Principal(name string) (Kind, error)
	Identity(name string) (Kind, int64, error)
	Owner(s privilege.Securable) (string, error)
	OwnerOf(s privilege.Securable) (owner string, exists bool, err error)
	Setting(key string) (string, bool, error)
	UserGroups(user string) ([]string, error)
	Effective(user string) (Principals, error)
	Lookup(s privilege.Securable, p privilege.Privilege, who Principals) (Holding, error)
}

// Principals is a caller's effective principals (spec §1.4) in the form
// Lookup reads them: the names and, when a snapshot made it, their indexes
// into that snapshot's grant lists, so that a decision does not look the
// names up again at every request node. A Principals made by NewPrincipals,
// or by another snapshot, is read by its names.
type Principals struct {
	names []string
	of    *Snapshot
	ids   []uint32 // of's indexes, shifted as in grant lists, sorted
}

// NewPrincipals makes a Principals of the given names.
func NewPrincipals(names []string) Principals { return Principals{names: names} }

// Names lists the principals: the user first, when the reader made it. The
// slice is shared: it must not be changed.
func (p Principals) Names() []string { return p.names }

var (
	_ Reader = (*Tx)(nil)
	_ Reader = (*Snapshot)(nil)
)

// Snapshot is the catalog's metadata at one version, in memory and
// immutable: principals and memberships, databases, tables and views with
// their columns, functions, grants and denies, owners and settings. A
// decision reads it with a few hash lookups per request node and takes no
// lock that a writer or a long query holds.
//
// The version is the count of commits that changed the metadata, stored in
// the catalog file and bumped inside each such commit (Tx.Commit), so a
// snapshot is exactly the state of every transaction that reads its
// version. Catalog.Snapshot hands out the current one: a REVOKE committed
// by any connection of any process holds for the next decision.
//
// The objects it returns are shared by every reader of the snapshot: they
// must not be changed.
type Snapshot struct {
	version    stamp
	principals map[string]identity
	direct     map[string][]string // member → the groups it is a direct member of
	databases  map[string]*Database
	relations  map[objectKey]*Relation
	functions  map[objectKey]*Function
	// grants holds, per securable and privilege, the principals granted
	// or denied it: their indexes (identity.index) shifted left by one,
	// the low bit set for a deny, sorted. The lists share one array.
	grants   map[grantKey][]uint32
	settings map[string]string
	// effective memoizes Effective per user: derived from the immutable
	// fields, so the snapshot stays immutable to its readers.
	effective sync.Map
}

type identity struct {
	kind  Kind
	id    int64
	index uint32 // dense, from 1, for the grant lists
}

type objectKey struct{ db, name string }

type grantKey struct {
	object    privilege.Securable
	privilege privilege.Privilege
}

// Version is the count of metadata commits the snapshot includes.
func (s *Snapshot) Version() int64 { return s.version.count }

// Database returns the named database, or nil.
func (s *Snapshot) Database(name string) (*Database, error) { return s.databases[name], nil }

// Relation returns the table or view db.name with its columns, or nil.
func (s *Snapshot) Relation(db, name string) (*Relation, error) {
	return s.relations[objectKey{db, name}], nil
}

// Function returns the function db.name, or nil.
func (s *Snapshot) Function(db, name string) (*Function, error) {
	return s.functions[objectKey{db, name}], nil
}

// Principal returns the kind of the principal with that exact name, or
// NoPrincipal.
func (s *Snapshot) Principal(name string) (Kind, error) { return s.principals[name].kind, nil }

// Identity returns the kind and id of the principal with that exact name,
// or NoPrincipal.
func (s *Snapshot) Identity(name string) (Kind, int64, error) {
	p := s.principals[name]
	return p.kind, p.id, nil
}

// Owner returns the owner of o, or "" when it has none or does not exist.
func (s *Snapshot) Owner(o privilege.Securable) (string, error) {
	owner, _, err := s.OwnerOf(o)
	return owner, err
}

// OwnerOf returns the owner of o and whether o exists, as Tx.OwnerOf.
func (s *Snapshot) OwnerOf(o privilege.Securable) (string, bool, error) {
	switch o.Type {
	case privilege.Catalog:
		return s.settings["catalog.owner"], true, nil
	case privilege.Database:
		if d := s.databases[o.DB]; d != nil {
			return d.Owner, true, nil
		}
	case privilege.Table:
		if r := s.relations[objectKey{o.DB, o.Name}]; r != nil {
			return r.Owner, true, nil
		}
	case privilege.Function:
		if f := s.functions[objectKey{o.DB, o.Name}]; f != nil {
			return f.Owner, true, nil
		}
	default:
		return "", true, nil
	}
	return "", false, nil
}

// Setting returns the stored value of a setting.
func (s *Snapshot) Setting(key string) (string, bool, error) {
	v, ok := s.settings[key]
	return v, ok, nil
}

// UserGroups returns every group a user belongs to (spec §3.4), as
// Tx.UserGroups does: those reachable from the user and from users, of
// which every user is implicitly a member, users included, sorted. The
// closure of each user is computed once per snapshot.
func (s *Snapshot) UserGroups(user string) ([]string, error) {
	p, err := s.Effective(user)
	return p.names[1:], err
}

// Effective returns the user's effective principals: the user, then the
// groups of UserGroups. It is computed once per user and snapshot.
func (s *Snapshot) Effective(user string) (Principals, error) {
	if p, ok := s.effective.Load(user); ok {
		return p.(Principals), nil
	}
	seen := map[string]bool{UsersGroup: true}
	queue := append([]string{UsersGroup}, s.direct[user]...)
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		seen[m] = true
		for _, g := range s.direct[m] {
			if !seen[g] {
				seen[g] = true
				queue = append(queue, g)
			}
		}
	}
	groups := make([]string, 0, len(seen))
	for g := range seen {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	p := Principals{names: append([]string{user}, groups...), of: s}
	p.ids = s.indexes(p.names)
	s.effective.Store(user, p)
	return p, nil
}

// indexes are the grant-list indexes of the named principals that exist,
// sorted.
func (s *Snapshot) indexes(names []string) []uint32 {
	ids := make([]uint32, 0, len(names))
	for _, pr := range names {
		if id := s.principals[pr].index; id != 0 {
			ids = append(ids, id<<1)
		}
	}
	slices.Sort(ids)
	return ids
}

// Lookup reports whether any of who holds a grant or a deny of p on o or
// on one of its ancestors (spec §6.2, §6.4).
func (s *Snapshot) Lookup(o privilege.Securable, p privilege.Privilege, who Principals) (Holding, error) {
	ids := who.ids
	if who.of != s {
		ids = s.indexes(who.names)
	}
	var h Holding
	for level, ok := o, true; ok; level, ok = parent(level) {
		list := s.grants[grantKey{level, p}]
		// Both are sorted: each id is searched for after the last.
		i := 0
		for _, id := range ids {
			k, _ := slices.BinarySearch(list[i:], id)
			for i += k; i < len(list) && list[i]>>1 == id>>1; i++ {
				if list[i]&1 == 1 {
					h.Denied = true
				} else {
					h.Granted = true
				}
			}
		}
	}
	return h, nil
}

// parent is the next ancestor of s, without allocating.
func parent(s privilege.Securable) (privilege.Securable, bool) {
	switch s.Type {
	case privilege.Table, privilege.Function:
		return privilege.DatabaseKey(s.DB), true
	case privilege.Database:
		return privilege.CatalogKey, true
	}
	return privilege.Securable{}, false
}

// snapshots keeps a catalog's current snapshot and the connections that
// tell, without a transaction, whether it is still current.
type snapshots struct {
	current  atomic.Pointer[Snapshot]
	build    sync.Mutex // one build at a time; decisions wait only for a build they need
	once     sync.Once
	watchers chan *watcher
	walOnce  sync.Once
	wal      *walIndex // nil when the file's wal-index cannot be read
}

// A watcher is a reader connection kept to ask SQLite's data_version,
// which changes when any other connection, of this process or another,
// commits to the file. While it has not changed since the watcher last
// found the snapshot current, the snapshot is still current.
type watcher struct {
	conn    *sql.Conn
	ask     driver.Stmt // PRAGMA data_version, prepared once on conn's driver connection
	data    int64       // data_version when the watcher last checked
	version stamp       // the snapshot version current then
}

// Snapshot returns the catalog's metadata as the last commit left it.
//
// For a file, the wal-index header (walIndex) tells without a lock or a
// system call whether anything committed since the snapshot was found
// current. When it changed, or cannot be read, a watcher connection's
// PRAGMA data_version tells it at the cost of one SQLite call; only then is
// the version read in a read transaction, and only when it changed is a
// new snapshot built. The in-memory catalog is
// changed only by this process, which counts its commits.
func (c *Catalog) Snapshot(ctx context.Context) (*Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.memory {
		if s := c.snapshots.current.Load(); s != nil && s.version == (stamp{count: c.changes.Load()}) {
			return s, nil
		}
		return c.refresh(ctx)
	}
	if c.readOnly {
		// Read-only files are read through fresh connections (see
		// openReadOnly): the version is read each time.
		return c.refresh(ctx)
	}
	c.snapshots.walOnce.Do(func() { c.snapshots.wal = openWalIndex(context.WithoutCancel(ctx), c.read) })
	wal := c.snapshots.wal
	if wal == nil {
		return c.watched(ctx)
	}
	header, ok := wal.read()
	if ok {
		if s := wal.current(header); s != nil {
			return s, nil
		}
	}
	s, err := c.watched(ctx)
	if ok && err == nil {
		wal.mark(header, s)
	}
	return s, err
}

// watched returns the current snapshot, asking PRAGMA data_version on a
// watcher connection whether anything committed since it was last found
// current.
func (c *Catalog) watched(ctx context.Context) (*Snapshot, error) {
	w, err := c.watcher(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { c.snapshots.watchers <- w }()
	var data int64
	if err := w.dataVersion(&data); err != nil {
		w.close()
		return nil, mapError(err, c.path)
	}
	if s := c.snapshots.current.Load(); s != nil && data == w.data && s.version == w.version {
		return s, nil
	}
	s, err := c.refresh(ctx)
	if err != nil {
		return nil, err
	}
	w.data, w.version = data, s.version
	return s, nil
}

// watcher takes a watcher from the pool, opening its connection if needed.
func (c *Catalog) watcher(ctx context.Context) (*watcher, error) {
	c.snapshots.once.Do(func() {
		// One per processor, so that decisions do not queue for them,
		// but a bounded number of connections held open.
		n := min(runtime.GOMAXPROCS(0), 8)
		c.snapshots.watchers = make(chan *watcher, n)
		for range n {
			c.snapshots.watchers <- &watcher{version: stamp{count: -1}}
		}
	})
	pool := c.snapshots.watchers
	var w *watcher
	select {
	case w = <-pool:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if w.conn == nil {
		conn, err := c.read.Conn(ctx)
		if err != nil {
			pool <- w
			return nil, mapError(err, c.path)
		}
		var ask driver.Stmt
		err = conn.Raw(func(dc any) error {
			var err error
			ask, err = dc.(driver.Conn).Prepare(`PRAGMA data_version`)
			return err
		})
		if err != nil {
			conn.Close()
			pool <- w
			return nil, mapError(err, c.path)
		}
		w.conn, w.ask, w.version = conn, ask, stamp{count: -1}
	}
	return w, nil
}

// dataVersion asks the watcher's connection for PRAGMA data_version,
// through the driver: the question is asked at every decision.
func (w *watcher) dataVersion(v *int64) error {
	return w.conn.Raw(func(any) error {
		rows, err := w.ask.Query(nil) // a PRAGMA: it does not block
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := []driver.Value{nil}
		if err := rows.Next(dest); err != nil {
			return err
		}
		n, ok := dest[0].(int64)
		if !ok {
			return fmt.Errorf("PRAGMA data_version gave %T", dest[0])
		}
		*v = n
		return nil
	})
}

func (w *watcher) close() {
	if w.conn != nil {
		w.ask.Close()
		w.conn.Close()
		w.conn, w.ask = nil, nil
	}
}

// closeWatchers closes the watchers' connections (Catalog.Close).
func (c *Catalog) closeWatchers() {
	c.snapshots.walOnce.Do(func() {})
	if c.snapshots.wal != nil {
		c.snapshots.wal.close()
	}
	c.snapshots.once.Do(func() {})
	if c.snapshots.watchers == nil {
		return
	}
	for range cap(c.snapshots.watchers) {
		select {
		case w := <-c.snapshots.watchers:
			w.close()
			c.snapshots.watchers <- w
		default:
			return // in use: closed with the pool
		}
	}
}

// refresh reads the version in a read transaction and builds the snapshot
// of that version unless it is the current one.
func (c *Catalog) refresh(ctx context.Context) (*Snapshot, error) {
	tx, err := c.BeginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var version stamp
	if c.memory {
		// One connection: no commit can happen while tx holds it.
		version = stamp{count: c.changes.Load()}
	} else if version, err = tx.version(); err != nil {
		return nil, mapError(err, c.path)
	}
	if s := c.snapshots.current.Load(); s != nil && s.version == version {
		return s, tx.Commit()
	}
	// One build at a time: those who wait for it find it done.
	c.snapshots.build.Lock()
	defer c.snapshots.build.Unlock()
	if s := c.snapshots.current.Load(); s != nil && s.version == version {
		return s, tx.Commit()
	}
	// A second read transaction at the same version reads the grants
	// meanwhile, on another connection (a file catalog that can be
	// written: the in-memory one has one connection, read-only files are
	// read as they are found).
	var grantsTx *Tx
	if !c.memory && !c.readOnly {
		if g, err := c.BeginRead(ctx); err == nil {
			defer g.Rollback()
			if v, err := g.version(); err == nil && v == version {
				grantsTx = g
			}
		}
	}
	s, err := tx.load(version, grantsTx)
	if err != nil {
		return nil, mapError(err, c.path)
	}
	// A read of an immutable file checks at its end that no writer
	// started; only then does the snapshot stand.
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if old := c.snapshots.current.Load(); old == nil || old.version.id != version.id || old.version.count < version.count || c.memory {
		c.snapshots.current.Store(s)
	}
	return s, nil
}

// load reads the whole of the catalog's metadata. The grants, by far the
// most rows, are read on grantsTx at the same time when it is given: a
// second read transaction that sees the same version.
func (t *Tx) load(version stamp, grantsTx *Tx) (*Snapshot, error) {
	s := &Snapshot{version: version, principals: map[string]identity{}, direct: map[string][]string{},
		databases: map[string]*Database{}, relations: map[objectKey]*Relation{}, functions: map[objectKey]*Function{},
		grants: map[grantKey][]uint32{}, settings: map[string]string{}}
	each := t.each
	names := interner{}
	intern := names.intern
	byID := map[int64]*Relation{}
	grantsDone := make(chan error, 1)
	waitGrants := false
	if grantsTx == nil {
		grantsTx = t
	}
	err := firstError(
		func() error {
			return each(`SELECT name, is_group, id FROM principals`, func(r *sql.Rows) error {
				var name string
				var g int
				var id int64
				if err := r.Scan(&name, &g, &id); err != nil {
					return err
				}
				kind := User
				if g == 1 {
					kind = Group
				}
				s.principals[intern(name)] = identity{kind, id, uint32(len(s.principals) + 1)}
				return nil
			})
		},
		func() error {
			if grantsTx == t {
				return t.loadGrants(s)
			}
			go func() { grantsDone <- grantsTx.loadGrants(s) }()
			waitGrants = true
			return nil
		},
		func() error {
			return each(`SELECT member, grp FROM members ORDER BY member, grp`, func(r *sql.Rows) error {
				var m, g string
				if err := r.Scan(&m, &g); err != nil {
					return err
				}
				m = intern(m)
				s.direct[m] = append(s.direct[m], intern(g))
				return nil
			})
		},
		func() error {
			return each(`SELECT name, owner, comment, location FROM databases`, func(r *sql.Rows) error {
				var d Database
				var comment, location sql.NullString
				if err := r.Scan(&d.Name, &d.Owner, &comment, &location); err != nil {
					return err
				}
				d.Name, d.Owner, d.Comment, d.Location = intern(d.Name), intern(d.Owner), comment.String, location.String
				s.databases[d.Name] = &d
				return nil
			})
		},
		func() error {
			return each(`SELECT `+relationColumns+` FROM relations`, func(r *sql.Rows) error {
				rel, err := scanRelation(r)
				if err != nil {
					return err
				}
				rel.DB, rel.Owner = intern(rel.DB), intern(rel.Owner)
				s.relations[objectKey{rel.DB, rel.Name}] = rel
				byID[rel.ID] = rel
				return nil
			})
		},
		func() error {
			return each(`SELECT rel_id, name, type, not_null, comment FROM columns ORDER BY rel_id, ord`, func(r *sql.Rows) error {
				var id int64
				c, err := scanColumn(r, &id)
				if err != nil {
					return err
				}
				if rel := byID[id]; rel != nil {
					c.Type = intern(c.Type)
					rel.Columns = append(rel.Columns, c)
				}
				return nil
			})
		},
		func() error {
			return each(`SELECT rel_id, obj_type, db, name FROM view_deps ORDER BY rel_id, ord`, func(r *sql.Rows) error {
				var id int64
				var d privilege.Securable
				if err := r.Scan(&id, &d.Type, &d.DB, &d.Name); err != nil {
					return err
				}
				if rel := byID[id]; rel != nil {
					rel.Deps = append(rel.Deps, d)
				}
				return nil
			})
		},
		func() error {
			return each(`SELECT `+functionColumns+` FROM functions`, func(r *sql.Rows) error {
				f, err := scanFunction(r)
				if err != nil {
					return err
				}
				f.DB, f.Owner = intern(f.DB), intern(f.Owner)
				s.functions[objectKey{f.DB, f.Name}] = f
				return nil
			})
		},
		func() error {
			return each(`SELECT key, value FROM meta`, func(r *sql.Rows) error {
				var k, v string
				if err := r.Scan(&k, &v); err != nil {
					return err
				}
				s.settings[k] = v
				return nil
			})
		},
	)
	if waitGrants {
		err = errors.Join(err, <-grantsDone)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the catalog: %w", err)
	}
	return s, nil
}

// stamp names the metadata a transaction sees: the catalog, by an id
// drawn at random when it was created (so that a file replaced by another
// catalog with as many commits is not taken for the same one), and the
// count of its metadata commits.
type stamp struct {
	id    string
	count int64
}

// version reads the stamp of the metadata the transaction sees.
func (t *Tx) version() (stamp, error) {
	var v stamp
	err := t.queryRow(`SELECT
		coalesce((SELECT value FROM meta WHERE key = 'catalog.id'), ''),
		(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalog.version')`).Scan(&v.id, &v.count)
	return v, err
}

// each runs query and calls row for each of its rows.
func (t *Tx) each(query string, row func(*sql.Rows) error) error {
	rows, err := t.query(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// interner keeps each of the names that repeat across rows once.
type interner map[string]string

func (n interner) intern(v string) string {
	if w, ok := n[v]; ok {
		return w
	}
	n[v] = v
	return v
}

func (n interner) internBytes(v []byte) string {
	if w, ok := n[string(v)]; ok {
		return w
	}
	w := string(v)
	n[w] = w
	return w
}

// loadGrants reads the grants into s, whose principals are read.
func (t *Tx) loadGrants(s *Snapshot) error {
	internBytes := interner{}.internBytes
	// One row per securable and privilege, in the order of the
	// primary key, so SQLite aggregates as it scans; principal
	// names have no control character (spec §3.1), so \x01 and
	// \x02 can end them.
	var n int
	if err := t.queryRow(`SELECT count(*) FROM grants`).Scan(&n); err != nil {
		return err
	}
	arena := make([]uint32, 0, n)
	return t.each(`SELECT obj_type, db, name, privilege, group_concat(principal || char(1 + deny), '')
			FROM grants GROUP BY obj_type, db, name, privilege`, func(r *sql.Rows) error {
		var k grantKey
		var db, name, list sql.RawBytes
		if err := r.Scan(&k.object.Type, &db, &name, &k.privilege, &list); err != nil {
			return err
		}
		k.object.DB, k.object.Name = internBytes(db), internBytes(name)
		start, from := len(arena), 0
		for i, c := range list {
			if c > 2 {
				continue
			}
			// Each name ends in \x01 for a grant, \x02 for a deny.
			if p := s.principals[string(list[from:i])]; p.index != 0 && len(arena) < cap(arena) {
				arena = append(arena, p.index<<1|uint32(c-1))
			}
			from = i + 1
		}
		held := arena[start:len(arena):len(arena)]
		slices.Sort(held)
		s.grants[k] = held
		return nil
	})
}

func firstError(steps ...func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
