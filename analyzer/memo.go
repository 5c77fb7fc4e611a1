package analyzer

// memo is a map that starts as a few entries held inline: most statements
// decide a handful of nodes, for which scanning a few entries is cheaper
// than allocating and hashing into a map, and holding them in the memo
// itself allocates nothing; past memoInline it is a map, so a statement of
// many nodes still costs a lookup per node (spec §1.5).
type memo[K comparable, V any] struct {
	n      int
	inline [memoInline]memoEntry[K, V]
	m      map[K]V
}

type memoEntry[K comparable, V any] struct {
	k K
	v V
}

const memoInline = 8

func (m *memo[K, V]) get(k K) (V, bool) {
	if m.m != nil {
		v, ok := m.m[k]
		return v, ok
	}
	for i := range m.n {
		if m.inline[i].k == k {
			return m.inline[i].v, true
		}
	}
	var zero V
	return zero, false
}

// put records k, which get did not find.
func (m *memo[K, V]) put(k K, v V) {
	if m.m == nil && m.n < memoInline {
		m.inline[m.n] = memoEntry[K, V]{k, v}
		m.n++
		return
	}
	if m.m == nil {
		m.m = make(map[K]V, 4*memoInline)
		for _, e := range m.inline[:m.n] {
			m.m[e.k] = e.v
		}
		m.n, m.inline = 0, [memoInline]memoEntry[K, V]{}
	}
	m.m[k] = v
}
