package catalog

import (
	"database/sql"
	"sync"
)

// Kind says whether a principal is a user or a group.
type Kind uint8

// Principal kinds.
const (
	NoPrincipal Kind = iota
	User
	Group
)

// The built-in principals (spec §3.2).
const (
	AdminUser   = "admin"
	AdminsGroup = "admins"
	UsersGroup  = "users"
)

// Principal returns the kind of the principal with that exact name, or
// NoPrincipal.
func (t *Tx) Principal(name string) (Kind, error) {
	var g int
	err := t.queryRow(`SELECT is_group FROM principals WHERE name = ?`, name).Scan(&g)
	if err == sql.ErrNoRows {
		return NoPrincipal, nil
	}
	if err != nil {
		return NoPrincipal, err
	}
	if g == 1 {
		return Group, nil
	}
	return User, nil
}

// Identity returns the kind and id of the principal with that exact name,
// or NoPrincipal. Ids are never reused: a name dropped and created again is
// a different principal (spec §3.6).
func (t *Tx) Identity(name string) (Kind, int64, error) {
	var g int
	var id int64
	err := t.queryRow(`SELECT is_group, id FROM principals WHERE name = ?`, name).Scan(&g, &id)
	if err == sql.ErrNoRows {
		return NoPrincipal, 0, nil
	}
	if err != nil {
		return NoPrincipal, 0, err
	}
	if g == 1 {
		return Group, id, nil
	}
	return User, id, nil
}

// CreatePrincipal adds a user or group with a new id.
func (t *Tx) CreatePrincipal(name string, kind Kind) error {
	t.membersChanged = true
	t.memberWrites++
	if err := t.exec(`INSERT INTO principals VALUES (?, ?, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'principal.next'))`, name, b2i(kind == Group)); err != nil {
		return err
	}
	return t.exec(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'principal.next'`)
}

// DropPrincipal removes a principal, its membership edges (by cascade) and
// every grant and deny row naming it (spec §3.5).
func (t *Tx) DropPrincipal(name string) error {
	t.membersChanged = true
	t.memberWrites++
	if err := t.exec(`DELETE FROM grants WHERE principal = ?`, name); err != nil {
		return err
	}
	return t.exec(`DELETE FROM principals WHERE name = ?`, name)
}

// Principals lists the users or the groups, sorted by name.
func (t *Tx) Principals(kind Kind) ([]string, error) {
	return t.queryStrings(`SELECT name FROM principals WHERE is_group = ? ORDER BY name`, b2i(kind == Group))
}

// AddMember adds the direct edge member → group; an existing edge is kept.
func (t *Tx) AddMember(group, member string) error {
	t.membersChanged = true
	t.memberWrites++
	return t.exec(`INSERT OR IGNORE INTO members VALUES (?, ?)`, member, group)
}

// DropMember removes the direct edge member → group, if any.
func (t *Tx) DropMember(group, member string) error {
	t.membersChanged = true
	t.memberWrites++
	return t.exec(`DELETE FROM members WHERE member = ? AND grp = ?`, member, group)
}

// DirectGroups lists the groups member belongs to directly (stored edges
// only; the implicit membership in users is not stored).
func (t *Tx) DirectGroups(member string) ([]string, error) {
	return t.queryStrings(`SELECT grp FROM members WHERE member = ? ORDER BY grp`, member)
}

// Groups returns every group reachable from member along membership edges
// (spec §3.4), without the implicit users group.
func (t *Tx) Groups(member string) ([]string, error) {
	return t.queryStrings(`
		WITH RECURSIVE g(name) AS (
			SELECT grp FROM members WHERE member = ?
			UNION
			SELECT m.grp FROM members m JOIN g ON m.member = g.name)
		SELECT name FROM g ORDER BY name`, member)
}

// UserGroups returns every group a user belongs to (spec §3.4): those
// reachable from the user, and those reachable from users, of which every
// user is implicitly a direct member (so ALTER GROUP g ADD GROUP users puts
// everyone in g). The result includes users itself, sorted. It is kept per
// count of membership commits (members.version), so statements after the
// first do not walk the groups again until principals or memberships
// change; a transaction that changed them reads them itself. The result
// is shared: it must not be changed.
func (t *Tx) UserGroups(user string) ([]string, error) {
	return t.userGroups(user)
}

// Effective returns the user's effective principals: the user, then the
// groups of UserGroups.
func (t *Tx) Effective(user string) (Principals, error) {
	groups, err := t.userGroups(user)
	if err != nil {
		return Principals{}, err
	}
	return Principals{names: append([]string{user}, groups...)}, nil
}

func (t *Tx) userGroups(user string) ([]string, error) {
	version := stamp{count: -1}
	if !t.membersChanged {
		err := t.queryRow(`SELECT
			coalesce((SELECT value FROM meta WHERE key = 'catalog.id'), ''),
			(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'members.version')`).Scan(&version.id, &version.count)
		if err != nil {
			return nil, err
		}
		if g, ok := t.cat.groups.get(version, user); ok {
			return g, nil
		}
	}
	groups, err := t.queryStrings(`
		WITH RECURSIVE g(name) AS (
			SELECT grp FROM members WHERE member = ?
			UNION SELECT 'users'
			UNION
			SELECT m.grp FROM members m JOIN g ON m.member = g.name)
		SELECT name FROM g ORDER BY name`, user)
	if err == nil && version.count >= 0 {
		t.cat.groups.put(version, user, groups)
	}
	return groups, err
}

// groupCache keeps users' groups for one count of membership commits of
// one catalog (a file may be replaced by another: see stamp).
type groupCache struct {
	mu      sync.Mutex
	version stamp
	groups  map[string][]string
}

// groupCacheMax bounds the cache; past it, it starts again.
const groupCacheMax = 100_000

func (c *groupCache) get(version stamp, user string) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil, false
	}
	g, ok := c.groups[user]
	return g, ok
}

func (c *groupCache) put(version stamp, user string, groups []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version.id == c.version.id && version.count < c.version.count:
		return // an older transaction's: the cache is newer
	case version != c.version || len(c.groups) >= groupCacheMax:
		c.version, c.groups = version, map[string][]string{}
	}
	c.groups[user] = groups
}

// MemberUsers returns every user that is a direct or indirect member of group.
func (t *Tx) MemberUsers(group string) ([]string, error) {
	return t.queryStrings(`
		WITH RECURSIVE m(name) AS (
			SELECT member FROM members WHERE grp = ?
			UNION
			SELECT e.member FROM members e JOIN m ON e.grp = m.name)
		SELECT m.name FROM m JOIN principals p ON p.name = m.name AND p.is_group = 0 ORDER BY m.name`, group)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
