package analyzer

import (
	"strconv"

	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// An aggregate block (GROUP BY, HAVING, or an aggregate function in its
// select list or ORDER BY) returns one row per group, so what it shows of
// a group must be the same for every row of it: a grouping key, an
// aggregate, a constant, or built from those. Spark refuses anything else
// (MISSING_GROUP_BY without GROUP BY, MISSING_AGGREGATION with it); SQLite
// would return the value of some row of the group, which the statement
// never asked for and a view's owner never meant to show.

// grouping is what the values of an aggregate block may be built from.
type grouping struct {
	keys    map[string]bool // keys (exprKey) of the grouping expressions
	global  bool            // no GROUP BY: one group of all rows
	entries map[*Entry]bool // the relations of the block's FROM
	// index numbers the distinct grouping expressions of a GROUP BY with
	// grouping sets, by key; nodes matched to one are recorded in the
	// bindings (Bindings.GroupNodes), for the translation of each set.
	index map[string]int
}

// groupRules checks the select list and HAVING of an aggregate block.
func (r *resolver) groupRules(s *parser.Select, info *SelectInfo) error {
	if r.lenient() {
		return nil // a file's columns are not known yet: checked once they are
	}
	if len(info.GroupBy) == 0 && s.Having == nil && !r.aggregatesIn(s) {
		return nil
	}
	return r.groupItems(s, info)
}

// orderRules checks the ORDER BY of a single SELECT: against its grouping
// keys when it is an aggregate block, and the whole block when its ORDER
// BY is what makes it one.
func (r *resolver) orderRules(s *parser.Select, order []*parser.OrderItem) error {
	if r.lenient() {
		return nil
	}
	info := r.b.Selects[s]
	if info.grouped == nil {
		if !info.Global {
			return nil
		}
		if err := r.groupItems(s, info); err != nil {
			return err
		}
	}
	for _, o := range order {
		if err := r.grouped(info.grouped, o.Expr); err != nil {
			return err
		}
	}
	return nil
}

// aggregatesIn reports whether the select list calls an aggregate function
// of this block.
func (r *resolver) aggregatesIn(s *parser.Select) bool {
	for _, it := range s.Items {
		if it.Expr == nil {
			continue
		}
		for _, sp := range r.specials(it.Expr) {
			if !sp.window {
				return true
			}
		}
	}
	return false
}

func (r *resolver) groupItems(s *parser.Select, info *SelectInfo) error {
	g := &grouping{keys: map[string]bool{}, global: len(info.GroupBy) == 0, entries: map[*Entry]bool{}}
	for _, e := range info.Entries {
		g.entries[e] = true
	}
	groupKeys := make([]string, len(info.GroupBy))
	for i, e := range info.GroupBy {
		// An ordinal, or a name that bound to a select item (spec: GROUP
		// BY binds input columns first), groups by that item.
		if k, ok := Ordinal(e); ok && k >= 1 && k <= len(info.Output) {
			groupKeys[i] = r.itemKey(&info.Output[k-1])
		} else if n := BareColumn(e); n != nil && r.b.Cols[n] != nil && r.b.Cols[n].Item != nil {
			groupKeys[i] = r.itemKey(r.b.Cols[n].Item)
		} else {
			groupKeys[i] = r.exprKey(e)
		}
		g.keys[groupKeys[i]] = true
	}
	if s.Grouping != nil {
		if err := r.groupingSets(s, info, g, groupKeys); err != nil {
			return err
		}
	}
	info.grouped = g
	for i := range info.Output {
		it := &info.Output[i]
		if it.Expr == nil {
			if it.Entry == nil || g.keys[r.itemKey(it)] {
				continue
			}
			return missing(g, starAt(s), it.Col)
		}
		if err := r.grouped(g, it.Expr); err != nil {
			return err
		}
	}
	if s.Having != nil {
		return r.grouped(g, s.Having)
	}
	return nil
}

// starAt is where the first star item of s begins, for errors about the
// columns stars give.
func starAt(s *parser.Select) sqlerr.Pos {
	for _, it := range s.Items {
		if it.Star || it.QualStar != nil {
			return it.At()
		}
	}
	return s.At()
}

// missing is Spark's error for a column that is neither grouped nor
// aggregated.
func missing(g *grouping, at sqlerr.Pos, col string) error {
	if g.global {
		return sqlerr.New(sqlerr.MissingGroupBy, at, "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.")
	}
	q := parser.QuoteIdent(col)
	return sqlerr.New(sqlerr.MissingAggregation, at, "The non-aggregating expression \"%s\" is based on columns which are not participating in the GROUP BY clause.\nAdd the columns or the expression to the GROUP BY, aggregate the expression, or use \"any_value(%s)\" if you do not care which of the values within a group is returned.", q, q)
}

// grouped checks that e is built from what g allows. Inside a subquery
// only the references to the block's own relations are checked (the
// subquery's other columns are its own): a correlated column must be
// grouped too, since a group has no one value of a column it does not
// group by.
func (r *resolver) grouped(g *grouping, e any) error {
	var err error
	parser.Walk(e, func(n any) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *parser.Query:
			err = r.groupedOuter(g, x)
			return false
		case *parser.Expr, *parser.Predicate, *parser.Additive, *parser.Multiplicative, *parser.Unary, *parser.Call:
			if key := r.exprKey(x); g.keys[key] {
				g.record(r, x, key)
				return false
			}
			if rest, ok := r.groupedPrefix(g, x); ok {
				if g.index != nil {
					err = notSupported(x.(interface{ At() sqlerr.Pos }).At(), "an expression that starts with a grouping expression of grouping sets")
					return false
				}
				for _, part := range rest {
					if err == nil {
						err = r.grouped(g, part)
					}
				}
				return false
			}
			if c, ok := x.(*parser.Call); ok && c.Over == nil {
				if info := r.b.Calls[c]; info != nil && info.Kind == BuiltinCall && info.Builtin.Kind == Aggregate {
					if info.Name == "grouping" || info.Name == "grouping_id" {
						err = r.groupingCall(g, c)
					}
					return false
				}
			}
		case *parser.Primary:
			if key := r.exprKey(x); g.keys[key] {
				g.record(r, x, key)
				return false
			}
			if x.Column == nil {
				return true
			}
			ref := r.b.Cols[x.Column]
			if ref == nil || ref.Outer || ref.Param > 0 || ref.Item != nil || ref.Output > 0 {
				return false
			}
			err = missing(g, x.Column.At(), ref.Column)
			return false
		}
		return true
	})
	return err
}

// groupedOuter checks the references of subquery q, at any depth, to the
// relations of the aggregate block g describes, also inside q's own
// aggregates: max(u.d + t.b) over the rows of u still needs the one value
// of t.b that a group of the block has only when it groups by t.b.
func (r *resolver) groupedOuter(g *grouping, q *parser.Query) error {
	return r.groupedOuterIn(g, q)
}

func (r *resolver) groupedOuterIn(g *grouping, node any) error {
	var err error
	parser.Walk(node, func(n any) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *parser.Expr, *parser.Predicate, *parser.Additive, *parser.Multiplicative, *parser.Unary, *parser.Call:
			if g.keys[r.exprKey(x)] {
				return false // a grouping expression, written in the subquery
			}
			if rest, ok := r.groupedPrefix(g, x); ok {
				for _, part := range rest {
					if err == nil {
						err = r.groupedOuterIn(g, part)
					}
				}
				return false
			}
		case *parser.Primary:
			if x.Column == nil || g.keys[r.exprKey(x)] {
				return x.Column == nil
			}
			ref := r.b.Cols[x.Column]
			if ref == nil || !ref.Outer || ref.Merge != nil || !g.entries[ref.Entry] {
				return false
			}
			err = missing(g, x.Column.At(), ref.Column)
			return false
		}
		return true
	})
	return err
}

// groupedPrefix finds, in a chain a + b + c (or a * b * c), the longest
// leading part that is a grouping expression: the chain is ((a + b) + c),
// so with GROUP BY a + b the chain is built from a grouping key and c. It
// returns the operands after that part. Each prefix's key is made from the
// one before it, so a chain costs time linear in its length.
func (r *resolver) groupedPrefix(g *grouping, x any) ([]any, bool) {
	var ops []string
	var parts []any
	switch c := x.(type) {
	case *parser.Additive:
		parts = append(parts, c.Left)
		for _, op := range c.Rest {
			ops, parts = append(ops, op.Op), append(parts, op.Right)
		}
	case *parser.Multiplicative:
		parts = append(parts, c.Left)
		for _, op := range c.Rest {
			ops, parts = append(ops, op.Op), append(parts, op.Right)
		}
	default:
		return nil, false
	}
	if len(ops) < 2 {
		return nil, false
	}
	k := r.keyTable()
	key, found := r.exprKey(parts[0]), 0
	for i, op := range ops[:len(ops)-1] {
		key = k.intern(key + " " + op + " " + r.exprKey(parts[i+1]))
		if g.keys[key] {
			found = i + 1
		}
	}
	if found == 0 {
		return nil, false
	}
	return parts[found+1:], true
}

// keys holds the canonical keys of the expressions a resolver compared.
type keys struct {
	p     parser.Printer
	ids   map[string]string // text → key; every key also maps to itself
	nodes []any
}

// exprKey is the canonical key of an expression: its text with each column
// written as what it resolved to and parentheses dropped, so that t.a, a
// and (a) are one key, as Spark compares expressions. Each node is printed
// once, with its parts replaced by their keys, so keying every node of an
// expression costs time linear in its size.
func (r *resolver) exprKey(e any) string {
	k := r.keyTable()
	if key, ok := k.p.Subst[e]; ok {
		return key
	}
	// Walk lists a node before its parts, so the reverse of the list
	// meets every part before the nodes made of it.
	from := len(k.nodes)
	parser.Walk(e, func(n any) bool {
		switch n.(type) {
		case *parser.Expr, *parser.Predicate, *parser.Additive, *parser.Multiplicative, *parser.Unary, *parser.Primary, *parser.Call:
			if _, ok := k.p.Subst[n]; ok {
				return false
			}
			k.nodes = append(k.nodes, n)
		}
		return true
	})
	for i := len(k.nodes) - 1; i >= from; i-- {
		n := k.nodes[i]
		if x, ok := n.(*parser.Primary); ok {
			if x.Paren != nil {
				k.p.Subst[n] = k.p.Subst[x.Paren]
				continue
			}
			if x.Column != nil {
				if ref := r.b.Cols[x.Column]; ref != nil {
					k.p.Rename[x.Column] = r.refKey(ref)
				}
			}
		}
		k.p.Subst[n] = k.intern(k.p.Print(n))
	}
	k.nodes = k.nodes[:from]
	return k.p.Subst[e]
}

// intern returns the key of a text. A node that prints as just one of its
// parts (an expression that is one term) has that part's key.
func (k *keys) intern(text string) string {
	if id, ok := k.ids[text]; ok {
		return id
	}
	id := "\x00" + strconv.Itoa(len(k.ids))
	k.ids[text], k.ids[id] = id, id
	return id
}

// itemKey is the key of a select item: its expression, or its column.
func (r *resolver) itemKey(it *OutputItem) string {
	switch {
	case it.Expr != nil:
		return r.exprKey(it.Expr)
	case it.Entry != nil:
		return r.keyTable().intern(r.refKey(itemRef(*it)))
	}
	return r.keyTable().intern("#out." + it.Name)
}

func (r *resolver) keyTable() *keys {
	if r.keys == nil {
		r.keys = &keys{p: parser.Printer{Rename: map[*parser.Name]string{}, Subst: map[any]string{}}, ids: map[string]string{}}
	}
	return r.keys
}

// refKey names what a column reference resolved to.
func (r *resolver) refKey(ref *ColRef) string {
	switch {
	case ref.Item != nil:
		return "(" + r.itemKey(ref.Item) + ")"
	case ref.Param > 0:
		return "#param." + strconv.Itoa(ref.Param)
	case ref.Merge != nil:
		// A USING column is the left side's own column, the right side's
		// for RIGHT JOIN (spec: Spark's USING): t JOIN u USING (a) grouped
		// by a is grouped by t.a. Only FULL JOIN makes a new value.
		switch ref.Merge.Kind {
		case "FULL":
			return "#using(" + r.refKey(ref.Merge.Left) + "," + r.refKey(ref.Merge.Right) + ")"
		case "RIGHT":
			return r.refKey(ref.Merge.Right)
		}
		return r.refKey(ref.Merge.Left)
	case ref.Entry != nil:
		if ref.Index < 0 {
			return "#" + ref.Entry.SQLName + "." + ref.Column
		}
		return "#" + ref.Entry.SQLName + "." + strconv.Itoa(ref.Index)
	}
	return "#unresolved"
}

// record notes that node is grouping expression key, for the translation
// of grouping sets (a node is NULL in the sets that leave its key out).
func (g *grouping) record(r *resolver, node any, key string) {
	if g.index != nil {
		r.b.GroupNodes[node] = g.index[key]
	}
}

// groupingCall checks grouping(col) and grouping_id(cols): each argument
// is a grouping expression of grouping sets, whose number it records.
func (r *resolver) groupingCall(g *grouping, c *parser.Call) error {
	if g.index == nil {
		return sqlerr.New(sqlerr.UnsupportedGrouping, c.At(), "grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup.")
	}
	for _, a := range c.Args {
		key := r.exprKey(a)
		i, ok := g.index[key]
		if p := BareColumn(a); !ok && p != nil {
			// grouping(course) in HAVING or ORDER BY, where course is the
			// select list's item: the item's own expression.
			if ref := r.b.Cols[p]; ref != nil && ref.Item != nil {
				i, ok = g.index[r.itemKey(ref.Item)]
			}
		}
		if !ok {
			return sqlerr.New(sqlerr.UnsupportedGrouping, a.At(), "Column of grouping (%s) can't be found in grouping columns.", parser.Format(a))
		}
		r.b.GroupNodes[a] = i
	}
	return nil
}

// MaxGroupingSets bounds the grouping sets of one GROUP BY (tableacl
// choice): each is a SELECT of its own.
const MaxGroupingSets = parser.MaxGroupingSets

// groupingSets works out the grouping sets of a GROUP BY with ROLLUP, CUBE
// or GROUPING SETS, as Spark does: each item gives its sets, and the sets
// of the GROUP BY are every combination of one set of each item. A set is
// the numbers of the distinct grouping expressions it groups by.
func (r *resolver) groupingSets(s *parser.Select, info *SelectInfo, g *grouping, keys []string) error {
	g.index = map[string]int{}
	distinct := make([]int, len(keys)) // GroupBy index → distinct number
	for i, k := range keys {
		n, ok := g.index[k]
		if !ok {
			n = len(g.index)
			g.index[k] = n
			info.Keys = append(info.Keys, info.GroupBy[i])
		}
		distinct[i] = n
	}
	of := func(set []int) []int {
		out := make([]int, len(set))
		for i, k := range set {
			out[i] = distinct[k]
		}
		return out
	}
	sets := [][]int{{}}
	cross := func(item [][]int) error {
		var next [][]int
		for _, a := range sets {
			for _, b := range item {
				next = append(next, append(append([]int(nil), a...), b...))
				if len(next) > MaxGroupingSets {
					return sqlerr.New(sqlerr.StatementTooComplex, s.Grouping.At(), "The GROUP BY has more than %d grouping sets.", MaxGroupingSets)
				}
			}
		}
		sets = next
		return nil
	}
	items := s.Grouping.Items
	if s.Grouping.With != "" {
		// a, b WITH ROLLUP is ROLLUP (a, b).
		var all []int
		for _, it := range items {
			all = append(all, it.Sets[0]...)
		}
		items = []*parser.GroupItem{{Node: s.Grouping.Node, Kind: s.Grouping.With, Sets: [][]int{all}}}
	}
	for _, it := range items {
		var item [][]int
		switch it.Kind {
		case "", "GROUPING SETS":
			for _, set := range it.Sets {
				item = append(item, of(set))
			}
		case "ROLLUP":
			list := of(it.Sets[0])
			for n := len(list); n >= 0; n-- {
				item = append(item, list[:n])
			}
		case "CUBE":
			list := of(it.Sets[0])
			if len(list) > 12 {
				return sqlerr.New(sqlerr.StatementTooComplex, it.At(), "The GROUP BY has more than %d grouping sets.", MaxGroupingSets)
			}
			for mask := (1 << len(list)) - 1; mask >= 0; mask-- {
				var set []int
				for i, k := range list {
					if mask&(1<<(len(list)-1-i)) != 0 {
						set = append(set, k)
					}
				}
				item = append(item, set)
			}
		}
		if err := cross(item); err != nil {
			return err
		}
	}
	info.Sets = sets
	return nil
}
