package engine

// Users and groups (spec §3): CREATE, DROP and ALTER GROUP, SHOW USERS and SHOW GROUPS.

import (
	"sort"
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

func kindOf(word string) catalog.Kind {
	if strings.EqualFold(word, "GROUP") {
		return catalog.Group
	}
	return catalog.User
}

func (x *executor) createPrincipal(s *parser.CreatePrincipalStmt) error {
	name := s.Name.Text()
	k, err := x.tx.Principal(name)
	if err != nil {
		return err
	}
	if k != catalog.NoPrincipal {
		if s.IfNotExists {
			return nil
		}
		return sqlerr.New(sqlerr.PrincipalAlreadyExists, s.Name.At(), "Principal %s already exists.", name)
	}
	return x.tx.CreatePrincipal(name, kindOf(s.Kind))
}

func (x *executor) dropPrincipal(s *parser.DropPrincipalStmt) error {
	name, kind := s.Name.Text(), kindOf(s.Kind)
	word := strings.ToLower(s.Kind)
	if kind == catalog.Group && (name == catalog.AdminsGroup || name == catalog.UsersGroup) {
		return sqlerr.NewForbiddenOperation(s.Name.At(), "DROP GROUP", "group", name)
	}
	k, err := x.tx.Principal(name)
	if err != nil {
		return err
	}
	if k != kind {
		if k == catalog.NoPrincipal && s.IfExists {
			return nil
		}
		return sqlerr.NewPrincipalDoesNotExist(s.Name.At(), word, name)
	}
	owned, ok, err := x.tx.FirstOwned(name)
	if err != nil {
		return err
	}
	if ok {
		return sqlerr.New(sqlerr.PrincipalOwnsObjects, s.Name.At(), "Cannot drop %s %s because it owns %s.", word, name, owned)
	}
	if err := x.tx.DropPrincipal(name); err != nil {
		return err
	}
	return x.checkAdmins()
}

// checkAdmins enforces that admins keeps at least one user (spec §3.2).
func (x *executor) checkAdmins() error {
	users, err := x.tx.MemberUsers(catalog.AdminsGroup)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return sqlerr.New(sqlerr.LastAdmin, x.plan.Pos, "The group admins must keep at least one user.")
	}
	return nil
}

func (x *executor) alterGroup(s *parser.AlterGroupStmt) error {
	g, m := s.Group.Text(), s.Member.Text()
	if g == catalog.UsersGroup {
		return sqlerr.NewForbiddenOperation(s.Group.At(), "ALTER GROUP", "group", catalog.UsersGroup)
	}
	if strings.EqualFold(s.Action, "DROP") {
		if err := x.tx.DropMember(g, m); err != nil {
			return err
		}
		return x.checkAdmins()
	}
	if kindOf(s.MemberKind) == catalog.Group {
		// g may not become a member of itself through h (spec §3.4).
		groups, err := x.tx.Groups(g)
		if err != nil {
			return err
		}
		cycle := g == m
		for _, anc := range groups {
			cycle = cycle || anc == m
		}
		if cycle {
			return sqlerr.New(sqlerr.GroupMembershipCycle, s.Member.At(), "Cannot add group %s to group %s: the membership would form a cycle.", m, g)
		}
	}
	return x.tx.AddMember(g, m)
}

func (x *executor) showUsers(s *parser.ShowUsersStmt) (*Result, error) {
	users, err := x.tx.Principals(catalog.User)
	if err != nil {
		return nil, err
	}
	res := rows([]string{"name"}, nil)
	for _, u := range users {
		if s.Pattern == nil || matchPattern(parser.Unquote(s.Pattern.Value), u) {
			res.Rows = append(res.Rows, []any{u})
		}
	}
	return res, nil
}

func (x *executor) showGroups(s *parser.ShowGroupsStmt) (*Result, error) {
	res := rows([]string{"name", "directGroup"}, []string{"string", "boolean"})
	keep := func(name string) bool {
		return s.Pattern == nil || matchPattern(parser.Unquote(s.Pattern.Value), name)
	}
	if s.With == nil {
		groups, err := x.tx.Principals(catalog.Group)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			if keep(g) {
				res.Rows = append(res.Rows, []any{g, nil})
			}
		}
		return res, nil
	}
	who := s.With.Text()
	direct, err := x.tx.DirectGroups(who)
	if err != nil {
		return nil, err
	}
	all, err := x.tx.Groups(who)
	if kindOf(s.WithKind) == catalog.User {
		all, err = x.tx.UserGroups(who)
	}
	if err != nil {
		return nil, err
	}
	isDirect := map[string]bool{}
	for _, d := range direct {
		isDirect[d] = true
	}
	set := map[string]bool{}
	for _, g := range all {
		set[g] = true
	}
	if kindOf(s.WithKind) == catalog.User {
		set[catalog.UsersGroup], isDirect[catalog.UsersGroup] = true, true
	}
	var names []string
	for g := range set {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		if keep(g) {
			res.Rows = append(res.Rows, []any{g, isDirect[g]})
		}
	}
	return res, nil
}
