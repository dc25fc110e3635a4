package surveytest

import (
	"encoding/json"
	"testing"

	"github.com/opencem/opencem/internal/survey"
)

// TestCompareStepStatedNull makes sure an explicit null (or "") for
// next_page, prev_page, outcome and ending is compared as "", and only an
// absent field is skipped (docs/survey-format.md §13).
func TestCompareStepStatedNull(t *testing.T) {
	t.Parallel()
	res := &survey.Result{NextPage: "p2", PrevPage: "p1", Outcome: "complete", Ending: "thanks"}
	for _, tc := range []struct {
		expect string
		bad    int
	}{
		{`{}`, 0},
		{`{"next_page": "p2", "prev_page": "p1", "outcome": "complete", "ending": "thanks"}`, 0},
		{`{"next_page": null}`, 1},
		{`{"next_page": ""}`, 1},
		{`{"prev_page": null, "outcome": null, "ending": ""}`, 3},
	} {
		var e confExpect
		if err := json.Unmarshal([]byte(tc.expect), &e); err != nil {
			t.Fatal(err)
		}
		if got := compareStep(res, e, "zh-CN"); len(got) != tc.bad {
			t.Errorf("%s: %d differences %q, want %d", tc.expect, len(got), got, tc.bad)
		}
	}
	empty := &survey.Result{}
	var e confExpect
	if err := json.Unmarshal([]byte(`{"next_page": null, "prev_page": "", "outcome": null, "ending": null}`), &e); err != nil {
		t.Fatal(err)
	}
	if got := compareStep(empty, e, "zh-CN"); len(got) != 0 {
		t.Errorf("null expectations against empty results: %q", got)
	}
	for _, bad := range []string{`{"visible_pages": null}`, `{"errors": null}`, `{"complete": null}`, `{"answers": null}`, `{"nope": 1}`} {
		if err := json.Unmarshal([]byte(bad), new(confExpect)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}
