package functions

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

func hashFuncs() []scalar {
	return []scalar{
		{"md5", 1, 1, strictNull(fn1(func(v any) any { b, _ := toBytes(v); s := md5.Sum(b); return hex.EncodeToString(s[:]) })), true},
		{"sha1", 1, 1, strictNull(fn1(sha1Func)), true},
		{"sha", 1, 1, strictNull(fn1(sha1Func)), true},
		{"sha2", 2, 2, strictNull(fn2(sha2)), true},
		{"crc32", 1, 1, strictNull(fn1(func(v any) any { b, _ := toBytes(v); return int64(crc32.ChecksumIEEE(b)) })), true},
		{"hash", 1, -1, fnN(murmurHash), true},
		{"xxhash64", 1, -1, fnN(xxHash64), true},
		{"hex", 1, 1, strictNull(fn1(hexFunc)), true},
		{"unhex", 1, 1, strictNull(fn1(unhex)), true},
	}
}

func sha1Func(v any) any {
	b, _ := toBytes(v)
	s := sha1.Sum(b)
	return hex.EncodeToString(s[:])
}

func sha2(v, n any) any {
	b, _ := toBytes(v)
	bitsLen, ok := toInt(n)
	if !ok {
		return nil
	}
	switch bitsLen {
	case 224:
		s := sha256.Sum224(b)
		return hex.EncodeToString(s[:])
	case 0, 256:
		s := sha256.Sum256(b)
		return hex.EncodeToString(s[:])
	case 384:
		s := sha512.Sum384(b)
		return hex.EncodeToString(s[:])
	case 512:
		s := sha512.Sum512(b)
		return hex.EncodeToString(s[:])
	}
	return nil
}

// hexFunc is hex: a number as the upper-case hex of its long value (two's
// complement for a negative one, as Long.toHexString), a string or binary
// as the hex of its bytes.
func hexFunc(v any) any {
	switch x := v.(type) {
	case int64:
		return strings.ToUpper(strconv.FormatUint(uint64(x), 16))
	case float64:
		n, ok := floatToInt(x)
		if !ok {
			return nil
		}
		return strings.ToUpper(strconv.FormatUint(uint64(n), 16))
	}
	b, _ := toBytes(v)
	return strings.ToUpper(hex.EncodeToString(b))
}

// unhex is unhex: an odd number of digits reads the first alone; a
// character that is not a hex digit gives NULL.
func unhex(v any) any {
	s, _ := toStr(v)
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

// ---- Spark's Murmur3 (hash) and XxHash64 (xxhash64), seed 42 ----
//
// Each argument is hashed with the previous result as the seed, as
// Spark's HashExpression: a SQLite integer as a LONG, a double by its bits
// (-0.0 as 0.0), text and binary by their bytes; NULL leaves the seed.

const hashSeed = 42

func murmurHash(args []any) any {
	h := uint32(hashSeed)
	for _, a := range args {
		switch x := a.(type) {
		case nil:
		case int64:
			h = murmurLong(x, h)
		case float64:
			h = murmurLong(doubleBits(x), h)
		case string:
			h = murmurBytes([]byte(x), h)
		case []byte:
			h = murmurBytes(x, h)
		}
	}
	return int64(int32(h))
}

func doubleBits(f float64) int64 {
	if f == 0 {
		f = 0
	}
	if math.IsNaN(f) {
		return 0x7ff8000000000000
	}
	return int64(math.Float64bits(f))
}

func mixK1(k uint32) uint32 {
	k *= 0xcc9e2d51
	k = bits.RotateLeft32(k, 15)
	return k * 0x1b873593
}

func mixH1(h, k uint32) uint32 {
	h ^= k
	h = bits.RotateLeft32(h, 13)
	return h*5 + 0xe6546b64
}

func fmix32(h uint32, length uint32) uint32 {
	h ^= length
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

func murmurInt(i int32, seed uint32) uint32 {
	return fmix32(mixH1(seed, mixK1(uint32(i))), 4)
}

func murmurLong(v int64, seed uint32) uint32 {
	h := mixH1(seed, mixK1(uint32(v)))
	h = mixH1(h, mixK1(uint32(uint64(v)>>32)))
	return fmix32(h, 8)
}

// murmurBytes is Murmur3_x86_32.hashUnsafeBytes: the tail bytes are mixed
// one by one, sign-extended (not the standard Murmur3 tail).
func murmurBytes(b []byte, seed uint32) uint32 {
	h := seed
	aligned := len(b) - len(b)%4
	for i := 0; i < aligned; i += 4 {
		h = mixH1(h, mixK1(binary.LittleEndian.Uint32(b[i:])))
	}
	for i := aligned; i < len(b); i++ {
		h = mixH1(h, mixK1(uint32(int32(int8(b[i])))))
	}
	return fmix32(h, uint32(len(b)))
}

const (
	prime64_1 = 0x9E3779B185EBCA87
	prime64_2 = 0xC2B2AE3D27D4EB4F
	prime64_3 = 0x165667B19E3779F9
	prime64_4 = 0x85EBCA77C2B2AE63
	prime64_5 = 0x27D4EB2F165667C5
)

func xxHash64(args []any) any {
	h := uint64(hashSeed)
	for _, a := range args {
		switch x := a.(type) {
		case nil:
		case int64:
			h = xxLong(uint64(x), h)
		case float64:
			h = xxLong(uint64(doubleBits(x)), h)
		case string:
			h = xxBytes([]byte(x), h)
		case []byte:
			h = xxBytes(x, h)
		}
	}
	return int64(h)
}

func xxFmix(h uint64) uint64 {
	h ^= h >> 33
	h *= prime64_2
	h ^= h >> 29
	h *= prime64_3
	h ^= h >> 32
	return h
}

func xxInt(i int32, seed uint64) uint64 {
	h := seed + prime64_5 + 4
	h ^= uint64(uint32(i)) * prime64_1
	h = bits.RotateLeft64(h, 23)*prime64_2 + prime64_3
	return xxFmix(h)
}

func xxLong(v, seed uint64) uint64 {
	h := seed + prime64_5 + 8
	h ^= bits.RotateLeft64(v*prime64_2, 31) * prime64_1
	h = bits.RotateLeft64(h, 27)*prime64_1 + prime64_4
	return xxFmix(h)
}

func xxRound(acc, input uint64) uint64 {
	acc += input * prime64_2
	acc = bits.RotateLeft64(acc, 31)
	return acc * prime64_1
}

func xxMerge(h, v uint64) uint64 {
	v *= prime64_2
	v = bits.RotateLeft64(v, 31)
	v *= prime64_1
	h ^= v
	return h*prime64_1 + prime64_4
}

// xxBytes is Spark's XXH64.hashUnsafeBytes.
func xxBytes(b []byte, seed uint64) uint64 {
	n := len(b)
	var h uint64
	off := 0
	if n >= 32 {
		v1 := seed + prime64_1 + prime64_2
		v2 := seed + prime64_2
		v3 := seed
		v4 := seed - prime64_1
		for ; off <= n-32; off += 32 {
			v1 = xxRound(v1, binary.LittleEndian.Uint64(b[off:]))
			v2 = xxRound(v2, binary.LittleEndian.Uint64(b[off+8:]))
			v3 = xxRound(v3, binary.LittleEndian.Uint64(b[off+16:]))
			v4 = xxRound(v4, binary.LittleEndian.Uint64(b[off+24:]))
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = seed + prime64_5
	}
	h += uint64(n)
	for ; off <= n-8; off += 8 {
		k := binary.LittleEndian.Uint64(b[off:])
		h ^= bits.RotateLeft64(k*prime64_2, 31) * prime64_1
		h = bits.RotateLeft64(h, 27)*prime64_1 + prime64_4
	}
	if off+4 <= n {
		h ^= uint64(binary.LittleEndian.Uint32(b[off:])) * prime64_1
		h = bits.RotateLeft64(h, 23)*prime64_2 + prime64_3
		off += 4
	}
	for ; off < n; off++ {
		h ^= uint64(b[off]) * prime64_5
		h = bits.RotateLeft64(h, 11) * prime64_1
	}
	return xxFmix(h)
}
