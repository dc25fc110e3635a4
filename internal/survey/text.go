package survey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// DefaultLocale is the locale of a definition that names none.
const DefaultLocale = "zh-CN"

// Text is display text in several languages: a map from locale (BCP 47,
// e.g. "zh-CN", "en") to text. In JSON it is either such an object or a
// plain string, which is the text for every locale (stored under the key
// ""). Resolve picks the text for a locale by the fallback rules of
// docs/survey-format.md.
type Text map[string]string

// UnmarshalJSON accepts a string or an object of strings.
func (t *Text) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*t = Text{"": s}
		return nil
	}
	if bytes.Equal(data, []byte("null")) {
		*t = nil
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("survey: a text is a string or an object of locale → string: %w", err)
	}
	*t = m
	return nil
}

// MarshalJSON writes a plain string when the text has no locales.
func (t Text) MarshalJSON() ([]byte, error) {
	if s, ok := t[""]; ok && len(t) == 1 {
		return json.Marshal(s)
	}
	return json.Marshal(map[string]string(t))
}

// IsZero reports whether the text is empty in every locale.
func (t Text) IsZero() bool {
	for _, s := range t {
		if s != "" {
			return false
		}
	}
	return true
}

// Resolve returns the text for locale. The first non-empty of: the exact
// locale; a locale with the same primary language ("en" for "en-US" and
// vice versa; the first in locales order, then alphabetical); the default
// locale; the plain string (key ""); the first locale in locales order;
// the alphabetically first locale.
func (t Text) Resolve(locale, defaultLocale string, locales []string) string {
	if len(t) == 0 {
		return ""
	}
	if s := t[locale]; s != "" {
		return s
	}
	if lang := primary(locale); lang != "" {
		keys := append(append([]string{}, locales...), t.sortedKeys()...)
		for _, k := range keys {
			if k != "" && primary(k) == lang && t[k] != "" {
				return t[k]
			}
		}
	}
	if s := t[defaultLocale]; s != "" {
		return s
	}
	if s := t[""]; s != "" {
		return s
	}
	for _, k := range append(append([]string{}, locales...), t.sortedKeys()...) {
		if s := t[k]; s != "" {
			return s
		}
	}
	return ""
}

func (t Text) sortedKeys() []string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func primary(locale string) string {
	lang, _, _ := strings.Cut(locale, "-")
	return strings.ToLower(lang)
}

// each calls f for every locale variant of the text in a fixed order.
func (t Text) each(f func(locale, s string)) {
	for _, k := range t.sortedKeys() {
		f(k, t[k])
	}
}
