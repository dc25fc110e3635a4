package survey

import (
	"encoding/json"
	"strconv"

	"github.com/opencem/opencem/internal/jsonx"
	"github.com/opencem/opencem/internal/survey/logic"
)

// Cleaned answers are encoded as they are made, into one buffer per
// response, by an encoder for their few shapes that writes exactly what
// json.Marshal writes (TestAppendJSONMatchesMarshal, FuzzAppendJSON) and
// leaves the rest to json.Marshal: one json.Marshal per answer, and the
// boxing of each answer into an interface, were a tenth of Evaluate on the
// submit path (issue #5 item 10).

// setClean records a question's cleaned answer (the result's Answers).
func (ev *evaluator) setClean(st *qstate, v any) {
	start := ev.jsonStart()
	if b, ok := appendJSON(ev.json, v); ok {
		ev.keepClean(st, b, start)
		return
	}
	ev.json = ev.json[:start]
	st.clean = nil
	if b, err := json.Marshal(v); err == nil {
		st.clean = b
	}
}

// setCleanString is setClean for a string, without boxing it.
func (ev *evaluator) setCleanString(st *qstate, s string) {
	start := ev.jsonStart()
	ev.keepClean(st, appendJSONString(ev.json, s), start)
}

// setCleanStrings is setClean for a list of strings, without boxing it.
func (ev *evaluator) setCleanStrings(st *qstate, ss []string) {
	start := ev.jsonStart()
	ev.keepClean(st, jsonx.AppendStrings(ev.json, ss, true), start)
}

// setCleanValue is setClean for a logic value, without boxing it.
func (ev *evaluator) setCleanValue(st *qstate, v logic.Value) {
	start := ev.jsonStart()
	if b, ok := appendJSONLogic(ev.json, v); ok {
		ev.keepClean(st, b, start)
		return
	}
	ev.json = ev.json[:start]
	ev.setClean(st, v)
}

// jsonStart returns where the next answer starts in the buffer, made with
// room for the usual answers rather than grown answer by answer.
func (ev *evaluator) jsonStart() int {
	if ev.json == nil {
		ev.json = make([]byte, 0, max(256, 24*len(ev.c.qs)))
	}
	return len(ev.json)
}

// keepClean takes b[start:] as the answer; its capacity ends there, so
// that an append by a caller of Evaluate copies rather than overwrites.
func (ev *evaluator) keepClean(st *qstate, b []byte, start int) {
	ev.json = b
	st.clean = b[start:len(b):len(b)]
}

// appendJSON appends v as json.Marshal encodes it; ok is false (and b
// unusable) for a value it does not handle.
func appendJSON(b []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), true
	case string:
		return appendJSONString(b, x), true
	case []string:
		return jsonx.AppendStrings(b, x, true), true
	case logic.Value:
		return appendJSONLogic(b, x)
	case map[string]any:
		if x == nil {
			return append(b, "null"...), true
		}
		b = append(b, '{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendJSONString(b, k), ':')
			var ok bool
			if b, ok = appendJSON(b, x[k]); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	case map[string]string:
		return jsonx.AppendStringMap(b, x, true), true
	}
	return b, false
}

// appendJSONLogic handles the scalar values, as logic.Value.MarshalJSON
// writes them.
func appendJSONLogic(b []byte, v logic.Value) ([]byte, bool) {
	switch v.Kind() {
	case logic.KindNull:
		return append(b, "null"...), true
	case logic.KindNumber:
		f, _ := v.AsNumber()
		return strconv.AppendFloat(b, f, 'f', -1, 64), true
	case logic.KindString:
		s, _ := v.AsString()
		return appendJSONString(b, s), true
	case logic.KindBool:
		t, _ := v.AsBool()
		return strconv.AppendBool(b, t), true
	}
	return b, false
}

// appendJSONString quotes s as json.Marshal does (jsonx).
func appendJSONString(b []byte, s string) []byte {
	return jsonx.AppendString(b, s, true)
}
