package main

import "unicode"

// unicodeTables is Go's view of case: simple upper and lower case
// mappings, fold orbits, and the unassigned ranges (whose characters a
// newer JavaScript engine may know and Go does not).
func unicodeTables() any {
	var t struct {
		Version    string    `json:"version"`
		Upper      [][2]rune `json:"upper"`
		Lower      [][2]rune `json:"lower"`
		Orbits     [][]rune  `json:"orbits"`
		Unassigned [][2]rune `json:"unassigned"`
	}
	t.Version = unicode.Version
	for c := rune(0); c <= unicode.MaxRune; c++ {
		if u := unicode.ToUpper(c); u != c {
			t.Upper = append(t.Upper, [2]rune{c, u})
		}
		if l := unicode.ToLower(c); l != c {
			t.Lower = append(t.Lower, [2]rune{c, l})
		}
		if f := unicode.SimpleFold(c); f > c && isMinOfOrbit(c) {
			o := []rune{c}
			for ; f != c; f = unicode.SimpleFold(f) {
				o = append(o, f)
			}
			t.Orbits = append(t.Orbits, o)
		}
		if !assigned(c) && !unicode.Is(unicode.Cs, c) {
			if n := len(t.Unassigned); n > 0 && t.Unassigned[n-1][1] == c-1 {
				t.Unassigned[n-1][1] = c
			} else {
				t.Unassigned = append(t.Unassigned, [2]rune{c, c})
			}
		}
	}
	return t
}

func isMinOfOrbit(c rune) bool {
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		if f < c {
			return false
		}
	}
	return true
}

// assigned reports whether Go's Unicode tables assign c (surrogates excluded).
func assigned(c rune) bool {
	return unicode.IsOneOf([]*unicode.RangeTable{unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z,
		unicode.Cc, unicode.Cf, unicode.Co}, c)
}

// stable reports whether c means the same in Go's Unicode 15.0 and in the
// Unicode 16.0 of current JavaScript engines: assigned in both, and not one
// of the few existing characters that Unicode 16 changed (U+0295 and
// U+1171E changed category; U+019B, U+0264, U+A7D3 and U+A7D5 gained
// upper-case letters).
func stable(c rune) bool {
	switch c {
	case 0x0295, 0x1171E, 0x019B, 0x0264, 0xA7D3, 0xA7D5:
		return false
	}
	return assigned(c)
}
