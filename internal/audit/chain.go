package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TimeLayout is how At enters the hash: fixed-width UTC with microseconds,
// the precision both databases keep.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// sealedContent is what an entry's hash covers besides PrevHash. Its JSON
// names are part of the hash format; change them only with a new "v".
type sealedContent struct {
	V          int      `json:"v"`
	ID         string   `json:"id"`
	Seq        int64    `json:"seq"`
	At         string   `json:"at"`
	ActorKind  string   `json:"actor_kind"`
	ActorID    string   `json:"actor_id"`
	ActorName  string   `json:"actor_name"`
	Roles      []string `json:"roles"`
	UnitIDs    []string `json:"unit_ids"`
	IP         string   `json:"ip"`
	UserAgent  string   `json:"user_agent"`
	RequestID  string   `json:"request_id"`
	Action     string   `json:"action"`
	TargetType string   `json:"target_type"`
	TargetID   string   `json:"target_id"`
	Outcome    string   `json:"outcome"`
	Detail     string   `json:"detail"`
	Changes    []Change `json:"changes"`
}

// Seal returns the hash e should carry: hex(SHA-256(e.PrevHash || canonical
// JSON of its content)). It ignores e.Hash. Anyone may call it, e.g. an
// external tool re-checking an export.
func Seal(e *Entry) (string, error) {
	c := sealedContent{V: 1, ID: e.ID, Seq: e.Seq, At: e.At.UTC().Format(TimeLayout),
		ActorKind: e.ActorKind, ActorID: e.ActorID, ActorName: e.ActorName, Roles: nonNil(e.Roles), UnitIDs: nonNil(e.UnitIDs),
		IP: e.IP, UserAgent: e.UserAgent, RequestID: e.RequestID, Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID,
		Outcome: e.Outcome, Detail: e.Detail, Changes: e.Changes}
	if c.Changes == nil {
		c.Changes = []Change{}
	}
	b, err := Canonical(c)
	if err != nil {
		return "", fmt.Errorf("audit: seal seq %d: %w", e.Seq, err)
	}
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Canonical encodes v as canonical JSON: object keys sorted, no white
// space, strings without NUL characters, and numbers in one normal form
// (integers that fit in 64 bits as such, others as the shortest float64).
// Databases that store JSON as a parsed value (PostgreSQL's JSONB) may hand
// back a differently spelled document; its canonical form is the same.
func Canonical(v any) ([]byte, error) {
	x, err := normalized(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(x)
}

// normalized turns v into plain JSON values (maps, slices, strings, bools,
// json.Number, nil) in normal form.
func normalized(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return decodeNormal(b)
}

// decodeNormal decodes JSON text into normal-form values.
func decodeNormal(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, err
	}
	return normalize(x), nil
}

func normalize(x any) any {
	switch v := x.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[stripNUL(k)] = normalize(e)
		}
		return out
	case []any:
		for i := range v {
			v[i] = normalize(v[i])
		}
		return v
	case string:
		return stripNUL(v)
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return json.Number(strconv.FormatInt(i, 10))
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil { // out of float64 range: keep the text, it is valid JSON
			return v
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return x
}

func stripNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

// DecodeChanges reads changes stored as JSON text, keeping numbers exact.
func DecodeChanges(b []byte) ([]Change, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return []Change{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out []Change
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("audit: decode changes: %w", err)
	}
	for i := range out {
		out[i].Old, out[i].New = normalize(out[i].Old), normalize(out[i].New)
	}
	if out == nil {
		out = []Change{}
	}
	return out, nil
}

// secretWords mark keys whose values never enter the trail.
var secretWords = []string{"password", "secret", "token", "hash", "private", "key_material", "recovery", "totp"}

// IsSecretKey reports whether a field name (any path segment) names a
// secret: it contains password, secret, token, hash, private, key_material,
// recovery or totp, in any case.
func IsSecretKey(key string) bool {
	k := strings.ToLower(key)
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// maxValueBytes bounds one value in a diff; larger values are replaced by a
// note of their size so one huge document cannot bloat the trail.
const maxValueBytes = 8 << 10

// Diff compares before and after, each marshalled to JSON, and returns the
// changed fields sorted by path. Nested objects are compared field by field
// ("settings.smtp_host"); arrays as a whole. A value that is not an object
// is compared under the key "value". Secret fields keep their path but their
// values become Redacted, and secret keys inside kept values are redacted
// too. A nil before (creation) or after (deletion) lists every field.
func Diff(before, after any) ([]Change, error) {
	b, err := flatten(before)
	if err != nil {
		return nil, fmt.Errorf("audit: diff before: %w", err)
	}
	a, err := flatten(after)
	if err != nil {
		return nil, fmt.Errorf("audit: diff after: %w", err)
	}
	keys := make([]string, 0, len(a)+len(b))
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := []Change{}
	for _, k := range keys {
		ov, hadOld := b[k]
		nv, hasNew := a[k]
		if hadOld && hasNew && sameJSON(ov, nv) {
			continue
		}
		c := Change{Key: k, Old: ov, New: nv}
		if IsSecretKey(k) && !flag(ov) && !flag(nv) {
			if hadOld {
				c.Old = Redacted
			}
			if hasNew {
				c.New = Redacted
			}
		} else {
			c.Old, c.New = bounded(redact(ov)), bounded(redact(nv))
		}
		out = append(out, c)
	}
	return out, nil
}

// flatten turns v into path → value for every leaf of its nested objects.
func flatten(v any) (map[string]any, error) {
	out := map[string]any{}
	if v == nil {
		return out, nil
	}
	x, err := normalized(v)
	if err != nil {
		return nil, err
	}
	m, ok := x.(map[string]any)
	if !ok {
		if x != nil {
			out["value"] = x
		}
		return out, nil
	}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, e := range m {
			path := prefix + k
			if sub, ok := e.(map[string]any); ok && len(sub) > 0 {
				walk(path+".", sub)
				continue
			}
			out[path] = e
		}
	}
	walk("", m)
	return out, nil
}

// flag reports whether v is a yes/no value, which reveals no secret even
// under a secret-sounding key (must_change_password, totp_enabled).
func flag(v any) bool {
	_, ok := v.(bool)
	return ok
}

// redact replaces the values of secret keys anywhere inside x.
func redact(x any) any {
	switch v := x.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			if IsSecretKey(k) && !flag(e) {
				out[k] = Redacted
			} else {
				out[k] = redact(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = redact(e)
		}
		return out
	}
	return x
}

func bounded(x any) any {
	b, err := json.Marshal(x)
	if err == nil && len(b) > maxValueBytes {
		return fmt.Sprintf("[omitted: %d bytes]", len(b))
	}
	return x
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// clean makes s storable in any database and bounded: valid UTF-8, no NUL,
// at most max runes.
func clean(s string, max int) string {
	s = stripNUL(strings.ToValidUTF8(s, "\uFFFD"))
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

func cleanAll(in []string, max int) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		out = append(out, clean(s, max))
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// entryTime is the instant stored for now: UTC, microsecond precision.
func entryTime(now time.Time) time.Time { return now.UTC().Truncate(time.Microsecond) }
