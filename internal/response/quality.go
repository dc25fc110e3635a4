package response

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/opencem/opencem/internal/survey"
)

// Quality flags and what each costs from the score of 100. A response
// scoring below FlagBelow is flagged and not counted until a researcher
// restores it.
const (
	FlagHoneypot   = "honeypot"        // the hidden field robots fill was filled
	FlagNoToken    = "no_token"        // the page's proof-of-work token is missing or wrong
	FlagTooFast    = "too_fast"        // finished faster than a person could read it
	FlagStraight   = "straight_lining" // every row of a matrix got the same answer
	FlagGibberish  = "gibberish"       // open text that is keyboard mashing
	FlagBurst      = "burst"           // many submits from one address in a short time
	FlagForwarded  = "forwarded"       // an invitation used from another device or openid
	FlagOverQuota  = "over_quota"      // accepted past a full quota (action flag)
	FlagDuplicate  = "duplicate"       // a second answer from one device, openid, invitation or contact
	FlagIPLimit    = "ip_limit"        // over the per-address limit
	FlagBelow      = 60
	PowBits        = 12 // leading zero bits of the proof-of-work hash
	burstLimit     = 20
	burstWindow    = 10 * time.Minute
	minSecondsFlat = 5
)

var penalty = map[string]int{FlagHoneypot: 100, FlagNoToken: 60, FlagTooFast: 50, FlagStraight: 20, FlagGibberish: 20, FlagBurst: 30, FlagForwarded: 40}

// score is 100 minus the penalties of flags, at least 0.
func score(flags []string) int {
	s := 100
	for _, f := range flags {
		s -= penalty[f]
	}
	return max(s, 0)
}

// ValidToken checks the proof of work: SHA-256 of "id:code:token" starts
// with PowBits zero bits. It costs a browser a few milliseconds and a
// robot farm real money at scale.
func ValidToken(id, code, token string) bool {
	if token == "" || len(token) > 64 {
		return false
	}
	sum := sha256.Sum256([]byte(id + ":" + code + ":" + token))
	return binary.BigEndian.Uint32(sum[:4])>>(32-PowBits) == 0
}

// minSeconds is the fastest plausible completion: the survey's setting, or
// a third of the length estimate.
func minSeconds(def *survey.Definition, st survey.Settings) int {
	if st.Validity.MinSeconds > 0 {
		return st.Validity.MinSeconds
	}
	return max(derive(def).estimateSeconds/3, minSecondsFlat)
}

// straightLined reports a matrix with four or more answered rows that all
// got the same single answer.
func straightLined(def *survey.Definition, answers map[string]json.RawMessage) bool {
	for _, p := range def.Pages {
		for _, q := range p.Questions {
			if q.Type != survey.TypeMatrix {
				continue
			}
			raw := answers[q.ID]
			// An object of four members has four colons: most matrices
			// are smaller, and need not be decoded to know it.
			if bytes.Count(raw, colon) < 4 {
				continue
			}
			var rows map[string]json.RawMessage
			if json.Unmarshal(raw, &rows) != nil || len(rows) < 4 {
				continue
			}
			first, same := "", true
			for _, v := range rows {
				s := string(v)
				if first == "" {
					first = s
				} else if s != first {
					same = false
					break
				}
			}
			if same {
				return true
			}
		}
	}
	return false
}

// gibberish reports open text that looks like keyboard mashing: one
// character repeated, or a long run of Latin letters without vowels.
func gibberish(def *survey.Definition, answers map[string]json.RawMessage) bool {
	for _, p := range def.Pages {
		for _, q := range p.Questions {
			if q.Type != survey.TypeText || (q.Input != "" && q.Input != "line" && q.Input != "multiline") {
				continue
			}
			if textMash(answers[q.ID]) {
				return true
			}
		}
	}
	return false
}

var colon = []byte{':'}

// textMash reports whether raw is a JSON string that looksLikeMash. A
// string without escapes, control characters or invalid UTF-8 (what the
// page sends) is read in place; json.Unmarshal decodes the others.
func textMash(raw []byte) bool {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' && plainJSONString(raw[1:n-1]) {
		return looksLikeMash(string(raw[1 : n-1])) // not kept: no copy for short texts
	}
	var s string
	return json.Unmarshal(raw, &s) == nil && looksLikeMash(s)
}

// plainJSONString reports whether b is the inside of a JSON string that
// decodes to itself.
func plainJSONString(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.Valid(b)
}

// looksLikeMash counts in one pass over s, without a rune slice or a set
// of runes: the set only has to tell two distinct runes from three.
func looksLikeMash(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 6 || utf8.RuneCountInString(s) < 6 {
		return false
	}
	var distinct [3]rune
	nd, runes, letters, vowels := 0, 0, 0, 0
	for _, c := range s {
		runes++
		if l := unicode.ToLower(c); nd < 3 && !slices.Contains(distinct[:nd], l) {
			distinct[nd] = l
			nd++
		}
		if c < unicode.MaxASCII && unicode.IsLetter(c) {
			letters++
			if strings.ContainsRune("aeiouyAEIOUY", c) {
				vowels++
			}
		}
	}
	if nd <= 2 {
		return true
	}
	return letters >= 8 && letters == runes && vowels*10 < letters
}

// anonymise keeps the network part of an address: /24 for IPv4, /48 for IPv6.
func anonymise(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	a = a.Unmap()
	bits := 24
	if a.Is6() {
		bits = 48
	}
	p, _ := a.Prefix(bits)
	return p.Addr().String()
}
