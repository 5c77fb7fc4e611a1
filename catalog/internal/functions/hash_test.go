package functions

import (
	"math"
	"testing"
)

// Examples of the Spark SQL built-in function reference, then more.
func TestHashFunctions(t *testing.T) {
	runCases(t, []tc{
		// md5, sha1, sha, sha2, crc32
		{"md5", []any{"Spark"}, "8cde774d6f7333752ed72cacddb05126"},
		{"md5", []any{[]byte("Spark")}, "8cde774d6f7333752ed72cacddb05126"},
		{"md5", []any{nil}, nil},
		{"sha1", []any{"Spark"}, "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c"},
		{"sha", []any{"Spark"}, "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c"},
		{"sha2", []any{"Spark", int64(256)}, "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b"},
		{"sha2", []any{"Spark", int64(0)}, "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b"},
		{"sha2", []any{"", int64(224)}, "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"},
		{"sha2", []any{"", int64(384)}, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"},
		{"sha2", []any{"", int64(512)}, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
		{"sha2", []any{"Spark", int64(1)}, nil},
		{"sha2", []any{"Spark", nil}, nil},
		{"crc32", []any{"Spark"}, i64(1557323817)},
		{"crc32", []any{nil}, nil},
		// hash, xxhash64 (NULL arguments keep the seed)
		{"hash", []any{"Spark"}, i64(228093765)},
		{"hash", []any{nil}, i64(42)},
		{"hash", []any{"Spark", nil}, i64(228093765)},
		{"hash", []any{[]byte("Spark")}, i64(228093765)},
		{"xxhash64", []any{"Spark"}, i64(-4294468057691064905)},
		{"xxhash64", []any{nil}, i64(42)},
		// hex, unhex
		{"hex", []any{int64(17)}, "11"},
		{"hex", []any{"Spark SQL"}, "537061726B2053514C"},
		{"hex", []any{int64(-1)}, "FFFFFFFFFFFFFFFF"},
		{"hex", []any{[]byte{0, 0xab}}, "00AB"},
		{"hex", []any{17.9}, "11"},
		{"hex", []any{nil}, nil},
		{"unhex", []any{"537061726B2053514C"}, []byte("Spark SQL")},
		{"unhex", []any{"ABC"}, []byte{0x0a, 0xbc}},
		{"unhex", []any{"xyz"}, nil},
		{"unhex", []any{nil}, nil},
	})
}

// The reference's hash('Spark', array(123), 2) and xxhash64 of the same
// arguments hash an array and ints, which SQLite's values cannot be: the
// primitives are checked on them, as Spark chains them.
func TestSparkHashPrimitives(t *testing.T) {
	h := murmurBytes([]byte("Spark"), hashSeed)
	h = murmurInt(123, h) // array(123): its element
	h = murmurInt(2, h)
	if int32(h) != -1321691492 {
		t.Errorf("hash('Spark', array(123), 2) = %d, want -1321691492", int32(h))
	}
	x := xxBytes([]byte("Spark"), hashSeed)
	x = xxInt(123, x)
	x = xxInt(2, x)
	if int64(x) != 5602566077635097486 {
		t.Errorf("xxhash64('Spark', array(123), 2) = %d, want 5602566077635097486", int64(x))
	}
	// a SQLite integer hashes as a long, a double by its bits, -0.0 as 0.0
	got, _ := call(t, "hash", int64(1), 2.5)
	if want := int64(int32(murmurLong(doubleBits(2.5), murmurLong(1, hashSeed)))); got != want {
		t.Errorf("hash(1, 2.5) = %v, want %d", got, want)
	}
	a, _ := call(t, "hash", math.Copysign(0, -1))
	b, _ := call(t, "hash", 0.0)
	if a != b {
		t.Errorf("hash(-0.0) = %v, hash(0.0) = %v", a, b)
	}
	// long inputs of every length exercise the tails and the 32-byte lanes
	for n := 0; n < 70; n++ {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = byte(i*7 + 200)
		}
		murmurBytes(buf, hashSeed)
		xxBytes(buf, hashSeed)
	}
	if got, _ := call(t, "xxhash64", string(make([]byte, 40))); got == int64(42) {
		t.Error("xxhash64 of 40 bytes kept the seed")
	}
}
