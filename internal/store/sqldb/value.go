package sqldb

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/opencem/opencem/internal/jsonx"
)

// timeLayout is fixed-width UTC with microseconds, so that on SQLite (where
// times are TEXT) string order is time order. PostgreSQL parses it into
// TIMESTAMPTZ.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Time stores a time.Time in UTC on both databases. Use it for parameters
// (sqldb.Time{t}) and scan targets (&sqldb.Time{}); the zero value is NULL.
type Time struct{ time.Time }

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) {
	if t.IsZero() {
		return nil, nil
	}
	return t.UTC().Format(timeLayout), nil
}

// Scan implements sql.Scanner for TEXT (SQLite) and TIMESTAMPTZ (PostgreSQL).
func (t *Time) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		t.Time = time.Time{}
	case time.Time:
		t.Time = v.UTC()
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	default:
		return fmt.Errorf("sqldb: cannot scan %T into Time", src)
	}
	return nil
}

func (t *Time) parse(s string) error {
	for _, layout := range []string{timeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("sqldb: cannot parse time %q", s)
}

// JSON returns a parameter that stores v as JSON text (TEXT on SQLite,
// JSONB on PostgreSQL).
func JSON(v any) driver.Valuer { return jsonValue{v} }

type jsonValue struct{ v any }

func (j jsonValue) Value() (driver.Value, error) {
	// The shapes every response write has are encoded without reflection,
	// byte for byte as json.Marshal would (jsonx, fuzzed against it).
	switch v := j.v.(type) {
	case []string:
		return string(jsonx.AppendStrings(nil, v, true)), nil
	case map[string]string:
		return string(jsonx.AppendStringMap(nil, v, true)), nil
	case map[string]int:
		return string(jsonx.AppendIntMap(nil, v, true)), nil
	}
	b, err := json.Marshal(j.v)
	if err != nil {
		return nil, fmt.Errorf("sqldb: marshal json: %w", err)
	}
	return string(b), nil
}

// ScanJSON returns a scan target that decodes a JSON column into dst.
// NULL leaves dst untouched.
func ScanJSON(dst any) interface{ Scan(any) error } { return jsonScanner{dst} }

type jsonScanner struct{ dst any }

func (j jsonScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(v), j.dst)
	case []byte:
		return json.Unmarshal(v, j.dst)
	default:
		return fmt.Errorf("sqldb: cannot scan %T as JSON", src)
	}
}
