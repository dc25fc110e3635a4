package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/opencem/opencem/internal/cem"
)

// Call is one request to an operation, as seen by its handler.
type Call struct {
	W         http.ResponseWriter
	R         *http.Request
	Ctx       context.Context
	Op        *Op
	RequestID string
	api       *API
	// sessionToken is the cookie token when the caller used a session.
	sessionToken string
}

// Actor returns the authenticated caller (nil on public operations).
func (c *Call) Actor() *cem.Actor { return cem.ActorFrom(c.Ctx) }

// decode fills in from the body, query string and path of the request.
func (c *Call) decode(in any) error {
	v := reflect.ValueOf(in).Elem()
	if v.Kind() != reflect.Struct {
		return nil
	}
	if inputFieldsOf(v.Type()).hasBody {
		if err := c.decodeBody(in); err != nil {
			return err
		}
	}
	var fields []cem.FieldError
	setParams(v, func(f reflect.StructField) (string, string, bool) {
		if name := f.Tag.Get("path"); name != "" {
			return name, c.R.PathValue(name), true
		}
		if name := f.Tag.Get("query"); name != "" {
			q := c.R.URL.Query()
			if !q.Has(name) {
				return name, "", false
			}
			return name, strings.Join(q[name], ","), true
		}
		return "", "", false
	}, &fields)
	if len(fields) > 0 {
		return &cem.Error{Kind: cem.KindInvalid, Code: cem.CodeInvalidQueryParam, Message: "Some parameters are invalid.", Fields: fields}
	}
	return nil
}

func (c *Call) decodeBody(in any) error {
	limit := c.Op.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := readBody(http.MaxBytesReader(c.W, c.R.Body, limit), c.R.ContentLength, limit)
	if err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return cem.E(cem.CodeBodyTooLarge, "The request body is larger than %d bytes.", limit)
		}
		return cem.E(cem.CodeInvalidJSON, "The request body could not be read.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	} else if ct := c.R.Header.Get("Content-Type"); ct != "" && ct != "application/json" && ct != "application/json; charset=utf-8" {
		// The two exact forms clients send are JSON without parsing.
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
			return cem.E(cem.CodeUnsupportedMedia, "Send the body as application/json, not %s.", mt)
		}
	}
	if err := decodeJSON(body, in); err != nil {
		return err
	}
	// Fields the document marks required must be present (§7.2d says what
	// is required; enforcing it here keeps the document true). A required
	// field that decoded to a non-zero value was sent and not null (null
	// leaves a field as it was), so the body is parsed again only when one
	// is zero.
	required := inputFieldsOf(reflect.TypeOf(in).Elem()).required
	v := reflect.ValueOf(in).Elem()
	allSet := true
	for _, f := range required {
		if fv, err := v.FieldByIndexErr(f.index); err != nil || fv.IsZero() {
			allSet = false
			break
		}
	}
	if !allSet {
		return missingRequired(body, required)
	}
	return nil
}

// missingRequired parses body again to tell an absent or null required
// field from one sent as its zero value.
func missingRequired(body []byte, required []requiredField) error {
	var present map[string]json.RawMessage
	if json.Unmarshal(body, &present) != nil {
		return nil
	}
	var missing []cem.FieldError
	for _, f := range required {
		if raw, has := present[f.name]; !has || string(raw) == "null" {
			missing = append(missing, cem.FieldError{Name: f.name, Reason: "required"})
		}
	}
	if len(missing) > 0 {
		return cem.Invalid("Some required fields are missing.", missing...)
	}
	return nil
}

// readBody reads r to its end. A declared length within the limit sizes
// the buffer once (io.ReadAll grows it from 512 bytes); the reader still
// decides where the body ends.
func readBody(r io.Reader, length, limit int64) ([]byte, error) {
	if length <= 0 || length > limit {
		return io.ReadAll(r)
	}
	// One byte more than declared, so that reaching the end needs no growth.
	b := make([]byte, 0, length+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// decodeJSON decodes exactly one JSON value into dst, mapping decoder errors
// to invalid_json with the offending field where known. Unknown fields are
// ignored so that newer clients keep working against this server (§7.4).
// A dst with a fast path (fastDecoder) that takes the body skips
// encoding/json; every other body, and every error, goes through it.
func decodeJSON(body []byte, dst any) error {
	if f, ok := dst.(fastDecoder); ok && f.decodeFast(body) {
		return nil
	}
	return decodeJSONStd(body, dst)
}

// decodeJSONStd is decodeJSON with encoding/json alone.
func decodeJSONStd(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(dst); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return &cem.Error{Kind: cem.KindInvalid, Code: cem.CodeInvalidJSON, Message: fmt.Sprintf("The body is not valid JSON (at byte %d).", se.Offset)}
		case errors.As(err, &te):
			name := te.Field
			if name == "" {
				name = "(body)"
			}
			return &cem.Error{Kind: cem.KindInvalid, Code: cem.CodeInvalidJSON, Message: "A field has the wrong type.",
				Fields: []cem.FieldError{{Name: name, Reason: "must be " + jsonTypeName(te.Type)}}}
		default:
			return &cem.Error{Kind: cem.KindInvalid, Code: cem.CodeInvalidJSON, Message: "The body is not valid JSON."}
		}
	}
	if dec.More() {
		return &cem.Error{Kind: cem.KindInvalid, Code: cem.CodeInvalidJSON, Message: "The body has data after the JSON value."}
	}
	return nil
}

func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	default:
		return "an object"
	}
}

// hasBody reports whether t has any field decoded from the JSON body.
// inputFields is what decoding needs to know of an input type, worked out
// once per type: reflect.VisibleFields and tag lookups on every request
// were a measurable share of the submit path (issue #5 item 10).
type inputFields struct {
	hasBody  bool
	required []requiredField       // required body fields, in field order
	params   []reflect.StructField // non-embedded fields tagged path or query
}

type requiredField struct {
	name  string // JSON name
	index []int  // for reflect.Value.FieldByIndex
}

var inputFieldsByType sync.Map // reflect.Type → *inputFields

func inputFieldsOf(t reflect.Type) *inputFields {
	if f, ok := inputFieldsByType.Load(t); ok {
		return f.(*inputFields)
	}
	info := &inputFields{}
	if t.Kind() == reflect.Struct {
		info.hasBody = hasBody(t)
		for _, f := range reflect.VisibleFields(t) {
			if name, required, ok := jsonField(f); ok && required {
				info.required = append(info.required, requiredField{name, f.Index})
			}
			if !f.Anonymous && (f.Tag.Get("path") != "" || f.Tag.Get("query") != "") {
				info.params = append(info.params, f)
			}
		}
	}
	f, _ := inputFieldsByType.LoadOrStore(t, info)
	return f.(*inputFields)
}

func hasBody(t reflect.Type) bool {
	for _, f := range reflect.VisibleFields(t) {
		if _, _, ok := jsonField(f); ok {
			return true
		}
	}
	return false
}

// jsonField returns the JSON name of a body field and whether it is required
// (no omitempty/omitzero). Fields tagged path/query or json:"-" are not body fields.
func jsonField(f reflect.StructField) (name string, required, ok bool) {
	if !f.IsExported() || f.Tag.Get("path") != "" || f.Tag.Get("query") != "" {
		return "", false, false
	}
	if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
		return "", false, false // embedded: its fields stand in for it (reflect.VisibleFields)
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	required = !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && f.Type.Kind() != reflect.Pointer
	return name, required, true
}

// setParams assigns path and query values to tagged fields, collecting type errors.
// Fields of embedded structs count as the input's own, so inputs can share
// a set of filter parameters.
func setParams(v reflect.Value, get func(reflect.StructField) (string, string, bool), errs *[]cem.FieldError) {
	for _, f := range inputFieldsOf(v.Type()).params {
		name, raw, ok := get(f)
		if !ok {
			continue
		}
		fv := v.FieldByIndex(f.Index)
		switch fv.Kind() {
		case reflect.String:
			fv.SetString(raw)
		case reflect.Int, reflect.Int64, reflect.Int32:
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				*errs = append(*errs, cem.FieldError{Name: name, Reason: "must be an integer"})
				continue
			}
			fv.SetInt(n)
		case reflect.Bool:
			b, err := strconv.ParseBool(raw)
			if err != nil {
				*errs = append(*errs, cem.FieldError{Name: name, Reason: "must be true or false"})
				continue
			}
			fv.SetBool(b)
		case reflect.Slice:
			if fv.Type().Elem().Kind() == reflect.String {
				parts := strings.Split(raw, ",")
				fv.Set(reflect.ValueOf(parts))
			}
		}
	}
}

// Page returns the paging request from query fields named cursor and limit.
func Page(cursor string, limit int) cem.PageRequest {
	return cem.PageRequest{Cursor: cursor, Limit: limit}.Normalize()
}
