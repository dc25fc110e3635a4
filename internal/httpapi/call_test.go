package httpapi

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/cem"
)

// TestDecodeRequiredFields: required body fields (no omitempty) must be
// present and not null; a present zero value counts as sent. The check
// skips re-parsing the body when every required field decoded non-zero
// (issue #5 item 10), which must not change these answers.
func TestDecodeRequiredFields(t *testing.T) {
	type in struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
		Note  string `json:"note,omitempty"`
		Code  string `path:"code"`
	}
	for _, tc := range []struct {
		body    string
		missing string // comma-separated, "" for none
	}{
		{`{"name":"a","count":2}`, ""},
		{`{"name":"","count":0}`, ""},
		{`{"name":"a"}`, "count"},
		{`{"name":null,"count":1}`, "name"},
		{`{"note":"x"}`, "name,count"},
		{``, "name,count"},
	} {
		r := httptest.NewRequest("POST", "/x/abc", strings.NewReader(tc.body))
		r.Header.Set("Content-Type", "application/json")
		r.SetPathValue("code", "abc")
		c := &Call{W: httptest.NewRecorder(), R: r, Op: &Op{}}
		var v in
		err := c.decode(&v)
		var got []string
		if e, ok := err.(*cem.Error); ok {
			for _, f := range e.Fields {
				if f.Reason == "required" {
					got = append(got, f.Name)
				}
			}
		} else if err != nil {
			t.Fatalf("%s: %v", tc.body, err)
		}
		if strings.Join(got, ",") != tc.missing {
			t.Errorf("%s: missing %v, want %q", tc.body, got, tc.missing)
		}
		if err == nil && v.Code != "abc" {
			t.Errorf("%s: path value %q", tc.body, v.Code)
		}
	}
}
