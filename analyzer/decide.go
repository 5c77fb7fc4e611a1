// Package analyzer is the second stage of tableacl (parser → analyzer →
// engine). It resolves a parsed statement against the catalog, turns it into
// request trees (spec §7.1, §8) and decides them for the caller with the
// ownership-chain check, the hierarchy, groups, DENY, USAGE and the admin
// rule (spec §6, §7.2). It works on the parser's trees, never on SQL text:
// stored view and function bodies are parsed for it by the parser, once per
// statement however often the statement reaches them, which keeps the cost
// of a statement linear in what it reaches (spec §1.5).
package analyzer

import (
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Right is what a request asks for on its securable (spec §6.1).
type Right uint8

// The rights of a request.
const (
	Use    Right = iota + 1 // a privilege
	Manage                  // grant, revoke, deny, drop, rename, replace, repair
	Own                     // transfer ownership
)

// Request is one node of a request tree: a securable, the right asked for,
// and the requests of whatever the securable reads (a view's body, a
// function's callees).
type Request struct {
	Object    privilege.Securable
	Right     Right
	Privilege privilege.Privilege // when Right == Use
	Owner     string              // owner of Object, "" when it has none
	Children  []*Request
}

// Caller is the user a statement runs as, with its effective principals
// (spec §1.4), computed once per statement.
type Caller struct {
	User       string
	Principals []string // the user, its groups transitively, and users
	Admin      bool
	// who is Principals as the reader NewCaller read them from looks
	// them up; a Caller made by hand has none, and is looked up by name.
	who catalog.Principals
}

// NewCaller reads the effective principals of user.
func NewCaller(tx catalog.Reader, user string) (*Caller, error) {
	who, err := tx.Effective(user)
	if err != nil {
		return nil, err
	}
	c := &Caller{User: user, Principals: who.Names(), who: who}
	for _, g := range c.Principals[1:] {
		c.Admin = c.Admin || g == catalog.AdminsGroup
	}
	return c, nil
}

// Is reports whether p is one of the caller's effective principals.
func (c *Caller) Is(p string) bool {
	for _, q := range c.Principals {
		if q == p {
			return true
		}
	}
	return false
}

// decider evaluates requests for one statement. It memoizes owners of
// databases and the catalog, which many nodes ask about, every privilege it
// looked up, and every node it visited: a node is decided once per
// (securable, right, parent owner), however many paths lead to it (spec
// §1.5), because the same securable has the same children throughout one
// statement.
type decider struct {
	tx      catalog.Reader
	caller  *Caller
	who     catalog.Principals
	usage   bool
	owners  memo[privilege.Securable, string]
	held    memo[holding, bool]
	visited memo[visit, bool]
	failed  sqlerr.Collector
}

type holding struct {
	object    privilege.Securable
	privilege privilege.Privilege
}

type visit struct {
	object      privilege.Securable
	right       Right
	privilege   privilege.Privilege
	parentOwner string
}

func newDecider(tx catalog.Reader, caller *Caller, usage bool) *decider {
	who := caller.who
	if who.Names() == nil {
		who = catalog.NewPrincipals(caller.Principals)
	}
	return &decider{tx: tx, caller: caller, who: who, usage: usage}
}

func (d *decider) owner(s privilege.Securable) (string, error) {
	if o, ok := d.owners.get(s); ok {
		return o, nil
	}
	o, err := d.tx.Owner(s)
	if err != nil {
		return "", err
	}
	d.owners.put(s, o)
	return o, nil
}

func (d *decider) owns(s privilege.Securable, known string) (bool, error) {
	o := known
	if s.Type == privilege.Catalog || s.Type == privilege.Database || o == "" {
		var err error
		if o, err = d.owner(s); err != nil {
			return false, err
		}
	}
	return o != "" && d.caller.Is(o), nil
}

// holds is spec §6.2: ownership first, then DENY, then GRANT, on s and its
// ancestors, for every effective principal.
func (d *decider) holds(s privilege.Securable, owner string, p privilege.Privilege) (bool, error) {
	if ok, err := d.owns(s, owner); ok || err != nil {
		return ok, err
	}
	k := holding{s, p}
	if ok, seen := d.held.get(k); seen {
		return ok, nil
	}
	h, err := d.tx.Lookup(s, p, d.who)
	if err != nil {
		return false, err
	}
	ok := h.Granted && !h.Denied
	d.held.put(k, ok)
	return ok, nil
}

// manages is spec §6.3: the owner of s, of its database, or of the catalog.
func (d *decider) manages(s privilege.Securable, owner string) (bool, error) {
	switch s.Type {
	case privilege.AnyFile, privilege.AnonymousFunction:
		return false, nil
	}
	if ok, err := d.owns(s, owner); ok || err != nil {
		return ok, err
	}
	if db, ok := s.InDatabase(); ok && s.Type != privilege.Database {
		if ok, err := d.owns(privilege.DatabaseKey(db), ""); ok || err != nil {
			return ok, err
		}
	}
	if s.Type == privilege.Catalog {
		return false, nil
	}
	return d.owns(privilege.CatalogKey, "")
}

func (d *decider) satisfied(r *Request) (bool, error) {
	switch r.Right {
	case Manage:
		return d.manages(r.Object, r.Owner)
	case Own:
		return d.owns(r.Object, r.Owner)
	}
	return d.holds(r.Object, r.Owner, r.Privilege)
}

// visit is the procedure of spec §7.2.
func (d *decider) visit(r *Request, parentOwner string) error {
	k := visit{r.Object, r.Right, r.Privilege, parentOwner}
	if _, seen := d.visited.get(k); seen {
		return nil
	}
	d.visited.put(k, true)
	chained := r.Owner != "" && r.Owner == parentOwner
	if !chained {
		ok, err := d.satisfied(r)
		if err != nil {
			return err
		}
		if !ok {
			if r.Right == Use {
				d.failed.Privilege(r.Object, r.Privilege)
			} else {
				d.failed.NotOwner(r.Object)
			}
		}
		if db, in := r.Object.InDatabase(); in && d.usage {
			dbKey := privilege.DatabaseKey(db)
			ok, err := d.holds(dbKey, "", privilege.Usage)
			if err != nil {
				return err
			}
			if !ok {
				d.failed.Privilege(dbKey, privilege.Usage)
			}
		}
	}
	for _, c := range r.Children {
		if err := d.visit(c, r.Owner); err != nil {
			return err
		}
	}
	return nil
}

// Decide evaluates every request of roots for caller and returns the
// failures in the order of spec §6.7 (nil when the statement is allowed).
// It never stops at the first failure.
func Decide(tx catalog.Reader, caller *Caller, roots []*Request) ([]sqlerr.Failure, error) {
	if caller.Admin {
		return nil, nil
	}
	usage, err := RequireUsage(tx)
	if err != nil {
		return nil, err
	}
	d := newDecider(tx, caller, usage)
	for _, r := range roots {
		if err := d.visit(r, ""); err != nil {
			return nil, err
		}
	}
	return d.failed.Failures(), nil
}

// RequireUsageKey is the setting that turns the USAGE rule on and off (§6.5).
const RequireUsageKey = "tableacl.requireUsage"

// RequireUsage reads the USAGE setting.
func RequireUsage(tx catalog.Reader) (bool, error) {
	v, _, err := tx.Setting(RequireUsageKey)
	return v != "false", err
}

// Visibility decides which objects a listing shows the caller (spec §8.1)
// with the decider of §6.2, so that listing and using an object follow one
// rule: an admin sees everything, an owner its objects, anyone else an
// object on which it holds one of the listing's privileges after DENY.
type Visibility struct {
	d *decider
}

// NewVisibility prepares the listing decisions of one statement.
func NewVisibility(tx catalog.Reader, caller *Caller) *Visibility {
	return &Visibility{d: newDecider(tx, caller, false)}
}

// Visible reports whether s, owned by owner ("" to look it up), is shown.
func (v *Visibility) Visible(s privilege.Securable, owner string, any []privilege.Privilege) (bool, error) {
	if v.d.caller.Admin {
		return true, nil
	}
	for _, p := range any {
		if ok, err := v.d.holds(s, owner, p); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}
