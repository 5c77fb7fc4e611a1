package catalog

import (
	"strings"

	"github.com/tableacl/tableacl/privilege"
)

// Grant is one stored grant or deny row.
type Grant struct {
	Object    privilege.Securable
	Principal string
	Privilege privilege.Privilege
	Deny      bool
}

// AddGrant stores a grant or deny row; an existing row is kept (spec §4.2).
func (t *Tx) AddGrant(g Grant) error {
	return t.exec(`INSERT OR IGNORE INTO grants VALUES (?, ?, ?, ?, ?, ?)`,
		g.Object.Type, g.Object.DB, g.Object.Name, g.Privilege, g.Principal, b2i(g.Deny))
}

// Revoke removes the grant and the deny of p for principal on exactly s.
func (t *Tx) Revoke(s privilege.Securable, principal string, p privilege.Privilege) error {
	return t.exec(`DELETE FROM grants WHERE obj_type = ? AND db = ? AND name = ? AND privilege = ? AND principal = ?`,
		s.Type, s.DB, s.Name, p, principal)
}

// PurgeGrants removes every grant and deny row on exactly s.
func (t *Tx) PurgeGrants(s privilege.Securable) error {
	return t.exec(`DELETE FROM grants WHERE obj_type = ? AND db = ? AND name = ?`, s.Type, s.DB, s.Name)
}

// GrantsOn lists the explicit rows on exactly s.
func (t *Tx) GrantsOn(s privilege.Securable) ([]Grant, error) {
	rows, err := t.query(`SELECT privilege, principal, deny FROM grants WHERE obj_type = ? AND db = ? AND name = ?`, s.Type, s.DB, s.Name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Grant
	for rows.Next() {
		g := Grant{Object: s}
		var deny int
		if err := rows.Scan(&g.Privilege, &g.Principal, &deny); err != nil {
			return nil, err
		}
		g.Deny = deny == 1
		out = append(out, g)
	}
	return out, rows.Err()
}

// Holding is what the rows on a securable and its ancestors say about one
// privilege for a set of principals.
type Holding struct {
	Granted, Denied bool
}

// Lookup reads the grant and deny rows of privilege p for any of principals
// on s and on each ancestor of s (spec §6.2, §6.4): one indexed probe per
// level, never a scan of all grants.
func (t *Tx) Lookup(s privilege.Securable, p privilege.Privilege, who Principals) (Holding, error) {
	var h Holding
	principals := who.names
	if len(principals) == 0 {
		return h, nil
	}
	levels := append([]privilege.Securable{s}, s.Ancestors()...)
	in := "?" + strings.Repeat(", ?", len(principals)-1)
	var q strings.Builder
	args := make([]any, 0, len(levels)*(4+len(principals)))
	for i, l := range levels {
		if i > 0 {
			q.WriteString(" UNION ALL ")
		}
		q.WriteString(`SELECT deny FROM grants WHERE obj_type = ? AND db = ? AND name = ? AND privilege = ? AND principal IN (` + in + `)`)
		args = append(args, l.Type, l.DB, l.Name, p)
		for _, pr := range principals {
			args = append(args, pr)
		}
	}
	rows, err := t.query(q.String(), args...)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var deny int
		if err := rows.Scan(&deny); err != nil {
			return h, err
		}
		if deny == 1 {
			h.Denied = true
		} else {
			h.Granted = true
		}
	}
	return h, rows.Err()
}
