package cem

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

// crockford is Crockford's base32 alphabet: no I, L, O, U, so ids read aloud
// and typed by hand are unambiguous.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

var idMu sync.Mutex
var lastMS int64
var lastRand [10]byte

// NewID returns a 26-character, time-ordered, globally unique identifier
// (ULID layout: 48-bit millisecond time, 80 random bits; monotonic within a
// millisecond in one process). Ordering by id is ordering by creation time,
// which is what cursor pagination relies on. Safe for concurrent use.
func NewID() string {
	return newIDAt(time.Now())
}

func newIDAt(t time.Time) string {
	ms := t.UnixMilli()
	idMu.Lock()
	var r [10]byte
	if ms <= lastMS {
		// Same (or earlier, clock stepped back) millisecond: increment the
		// random part so ids stay strictly increasing within the process.
		ms = lastMS
		r = lastRand
		for i := len(r) - 1; i >= 0; i-- {
			r[i]++
			if r[i] != 0 {
				break
			}
		}
	} else {
		if _, err := rand.Read(r[:]); err != nil {
			panic("cem: crypto/rand failed: " + err.Error())
		}
	}
	lastMS, lastRand = ms, r
	idMu.Unlock()

	var b [16]byte
	var tb [8]byte
	binary.BigEndian.PutUint64(tb[:], uint64(ms))
	copy(b[:6], tb[2:])
	copy(b[6:], r[:])
	return encode128(b)
}

// encode128 writes 128 bits as 26 base32 characters (the first carries 3 bits).
func encode128(b [16]byte) string {
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// ValidID reports whether s has the shape of an id made by NewID.
func ValidID(s string) bool {
	if len(s) != 26 || s[0] > '7' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U') {
			return false
		}
	}
	return true
}

// RandomToken returns n random bytes encoded as unpadded base32 (lower case),
// for session tokens, passwords and nonces.
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("cem: crypto/rand failed: " + err.Error())
	}
	const alpha = "abcdefghijklmnopqrstuvwxyz234567"
	out := make([]byte, 0, (n*8+4)/5)
	var acc uint32
	bits := 0
	for _, c := range b {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= 5 {
			out = append(out, alpha[(acc>>(uint(bits)-5))&31])
			bits -= 5
		}
	}
	if bits > 0 {
		out = append(out, alpha[(acc<<(5-uint(bits)))&31])
	}
	return string(out)
}
