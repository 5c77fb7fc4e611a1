package catalog

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Dump renders everything the catalog file holds, schema and rows, in a
// canonical text: two catalogs with the same dump hold the same data. Tests
// use it to check that a failed statement changed nothing, byte for byte.
func (c *Catalog) Dump(ctx context.Context) (string, error) {
	tx, err := c.BeginRead(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var b strings.Builder
	var version int
	if err := tx.tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "user_version %d\n", version)
	rows, err := tx.tx.QueryContext(ctx, `SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
	if err != nil {
		return "", err
	}
	var tables []string
	for rows.Next() {
		var typ, name, sql string
		if err := rows.Scan(&typ, &name, &sql); err != nil {
			rows.Close()
			return "", err
		}
		fmt.Fprintf(&b, "%s %s: %s\n", typ, name, sql)
		if typ == "table" {
			tables = append(tables, name)
		}
	}
	rows.Close()
	for _, t := range tables {
		lines, err := dumpTable(ctx, tx, t)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "rows of %s:\n%s", t, lines)
	}
	return b.String(), nil
}

func dumpTable(ctx context.Context, tx *Tx, table string) (string, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT * FROM `+QuoteIdent(table))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			parts[i] = fmt.Sprintf("%T:%q", v, fmt.Sprint(v))
		}
		lines = append(lines, "  "+strings.Join(parts, " ")+"\n")
	}
	sort.Strings(lines)
	return strings.Join(lines, ""), rows.Err()
}
