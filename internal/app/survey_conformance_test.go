package app

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/surveytest"
)

// TestEvaluateEndpointConformance runs every definition-level conformance
// case through POST /api/v1/surveys/evaluate: the API returns what the
// cases expect, exactly as the engine does.
func TestEvaluateEndpointConformance(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	surveytest.Run(t, surveytest.Dir(2), func(def json.RawMessage, in survey.Input) (*survey.Result, error) {
		body := map[string]any{"definition": json.RawMessage(def), "answers": in.Answers, "params": in.Params, "contact": in.Contact,
			"current_page": in.CurrentPage, "seed": in.Seed}
		if !in.Now.IsZero() {
			body["now"] = in.Now.Format(time.RFC3339)
		}
		r := adm.do("POST", "/api/v1/surveys/evaluate", toJSON(body), nil)
		if r.Status != 200 {
			return nil, fmt.Errorf("evaluate answered %d: %.300s", r.Status, r.Body)
		}
		var env struct{ Data survey.Result }
		if err := json.Unmarshal([]byte(r.Body), &env); err != nil {
			return nil, cem.Internal(err)
		}
		return &env.Data, nil
	})
}
