package analyzer

// memo is a map that starts as a short list: most statements decide a
// handful of nodes, for which scanning a few entries is cheaper than
// allocating and hashing into a map; past memoListMax it is a map, so a
// statement of many nodes still costs a lookup per node (spec §1.5).
type memo[K comparable, V any] struct {
	list []memoEntry[K, V]
	m    map[K]V
}

type memoEntry[K comparable, V any] struct {
	k K
	v V
}

const memoListMax = 16

func (m *memo[K, V]) get(k K) (V, bool) {
	if m.m != nil {
		v, ok := m.m[k]
		return v, ok
	}
	for _, e := range m.list {
		if e.k == k {
			return e.v, true
		}
	}
	var zero V
	return zero, false
}

// put records k, which get did not find.
func (m *memo[K, V]) put(k K, v V) {
	if m.m == nil && len(m.list) < memoListMax {
		m.list = append(m.list, memoEntry[K, V]{k, v})
		return
	}
	if m.m == nil {
		m.m = make(map[K]V, 2*memoListMax)
		for _, e := range m.list {
			m.m[e.k] = e.v
		}
		m.list = nil
	}
	m.m[k] = v
}
