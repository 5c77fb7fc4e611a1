package engine

// The ACL statements (spec §5.2): GRANT, DENY, REVOKE and SHOW GRANT.

import (
	"sort"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// privilegesOf expands a privilege list for object, checking each
// privilege applies to its type (INVALID_PRIVILEGE, spec §4.2).
func privilegesOf(ps *parser.Privileges, object privilege.Securable, verb string) ([]privilege.Privilege, error) {
	t := object.Type
	if ps.All && verb == "revoked" {
		return privilege.Grantable(t), nil // every explicit row, spec §4.2
	}
	if ps.All {
		return privilege.All(t), nil
	}
	var out []privilege.Privilege
	for _, n := range ps.List {
		pr, _ := privilege.Parse(n.Text())
		if !privilege.Valid(t, pr) {
			return nil, sqlerr.New(sqlerr.InvalidPrivilege, n.At(), "Action %s cannot be %s on %s.", pr, verb, object)
		}
		out = append(out, pr)
	}
	return out, nil
}

// grant runs GRANT or DENY: one row per principal and privilege.
func (x *executor) grant(op *analyzer.Grant) error {
	verb := "granted"
	if op.Deny {
		verb = "denied"
	}
	privs, err := privilegesOf(op.Privileges, op.Object, verb)
	if err != nil {
		return err
	}
	for _, who := range op.Principals {
		for _, pr := range privs {
			if err := x.tx.AddGrant(catalog.Grant{Object: op.Object, Principal: who, Privilege: pr, Deny: op.Deny}); err != nil {
				return err
			}
		}
	}
	return nil
}

// revoke removes the grant and the deny of each privilege for each
// principal, on the object alone.
func (x *executor) revoke(op *analyzer.Revoke) error {
	privs, err := privilegesOf(op.Privileges, op.Object, "revoked")
	if err != nil {
		return err
	}
	for _, who := range op.Principals {
		for _, pr := range privs {
			if err := x.tx.Revoke(op.Object, who, pr); err != nil {
				return err
			}
		}
	}
	return nil
}

var grantColumns = []string{"Principal", "ActionType", "ObjectType", "ObjectKey"}

// showGrant lists the rows of spec §10.3: the object's and its ancestors',
// OWN rows included, sorted by depth, key, principal and action.
func (x *executor) showGrant(op *analyzer.ShowGrant) (*Result, error) {
	type row struct {
		depth                 int
		principal, action, ty string
		key                   string
	}
	var out []row
	levels := append([]privilege.Securable{op.Object}, op.Object.Ancestors()...)
	for _, s := range levels {
		owner, err := x.tx.Owner(s)
		if err != nil {
			return nil, err
		}
		if owner != "" {
			out = append(out, row{s.Depth(), owner, "OWN", s.ShowType(), s.Key()})
		}
		gs, err := x.tx.GrantsOn(s)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			action := g.Privilege.String()
			if g.Deny {
				action = "DENIED_" + action
			}
			out = append(out, row{s.Depth(), g.Principal, action, s.ShowType(), s.Key()})
		}
	}
	var filtered []row
	for _, r := range out {
		if op.Principal != "" && r.principal != op.Principal {
			continue
		}
		filtered = append(filtered, r)
	}
	sort.Slice(filtered, func(i, j int) bool {
		a, b := filtered[i], filtered[j]
		if a.depth != b.depth {
			return a.depth < b.depth
		}
		if a.key != b.key {
			return a.key < b.key
		}
		if a.principal != b.principal {
			return a.principal < b.principal
		}
		return a.action < b.action
	})
	res := rows(grantColumns, nil)
	for _, r := range filtered {
		res.Rows = append(res.Rows, []any{r.principal, r.action, r.ty, r.key})
	}
	return res, nil
}
