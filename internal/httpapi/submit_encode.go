package httpapi

import (
	"strconv"

	"github.com/opencem/opencem/internal/jsonx"
)

// appendJSON encodes the submit's answer as encoding/json does (field
// order, omitempty, sorted map keys, HTML escaping off), without
// reflection: it is written once per submit (issue #5 item 10).
// TestSubmitOutputEncoding holds it to encoding/json.
func (o SubmitOutput) appendJSON(b []byte) ([]byte, bool) {
	b = append(b, `{"id":`...)
	b = jsonx.AppendString(b, o.ID, false)
	b = append(b, `,"status":`...)
	b = jsonx.AppendString(b, o.Status, false)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(o.Version), 10)
	b = append(b, `,"ending":`...)
	b = jsonx.AppendString(b, o.Ending, false)
	b = append(b, `,"message":`...)
	b = jsonx.AppendStringMap(b, o.Message, false)
	b = append(b, `,"redirect":`...)
	b = jsonx.AppendString(b, o.Redirect, false)
	if o.ResumeToken != "" {
		b = append(b, `,"resume_token":`...)
		b = jsonx.AppendString(b, o.ResumeToken, false)
	}
	if o.ResumeUntil != nil {
		b = append(b, `,"resume_until":"`...)
		var err error
		// Time.MarshalJSON's format and its refusals (years outside 0–9999).
		if b, err = o.ResumeUntil.AppendText(b); err != nil {
			return nil, false
		}
		b = append(b, '"')
	}
	return append(b, '}'), true
}
