package analyzer

import "testing"

// A memo answers the same past its inline entries as within them.
func TestMemo(t *testing.T) {
	var m memo[int, int]
	for i := range 3 * memoInline {
		if _, ok := m.get(i); ok {
			t.Fatalf("%d found before it was put", i)
		}
		m.put(i, i*i)
		for j := 0; j <= i; j++ {
			if v, ok := m.get(j); !ok || v != j*j {
				t.Fatalf("after %d puts, get(%d) = %d, %v", i+1, j, v, ok)
			}
		}
	}
	if m.m == nil || m.n != 0 {
		t.Fatal("a long memo is a map")
	}
}
