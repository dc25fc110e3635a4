package response_test

import (
	"context"
	"testing"

	"github.com/opencem/opencem/internal/app"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/survey"
)

// TestSubmitReadsSurveyFresh: the submit path reads the survey behind a
// code without its draft and keeps decoded settings by their stored text
// (issue #5 item 10). Every change — settings, close, reopen, delete, and
// a write by another process (a direct UPDATE here) — must count for the
// very next submit.
func TestSubmitReadsSurveyFresh(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		sv, ctx := publish(t, srv, nil, false)
		mustSubmit(t, srv, final(sv.Code, newID(), "f", "d1"), response.StatusComplete)

		// A settings change: a quota of one place, filled by the next
		// submit, ends the one after.
		st := sv.Settings
		st.Quotas = []survey.Quota{{ID: "one", Name: "one", Condition: "{gender} = 'f'", Limit: 1, Action: survey.QuotaEnd}}
		if _, err := srv.Surveys.UpdateSettings(ctx, sv.ID, st); err != nil {
			t.Fatal(err)
		}
		mustSubmit(t, srv, final(sv.Code, newID(), "f", "d2"), response.StatusComplete)
		mustSubmit(t, srv, final(sv.Code, newID(), "f", "d2b"), response.StatusQuotaFull)
		st.Quotas = nil
		if _, err := srv.Surveys.UpdateSettings(ctx, sv.ID, st); err != nil {
			t.Fatal(err)
		}
		mustSubmit(t, srv, final(sv.Code, newID(), "f", "d3"), response.StatusComplete)

		if _, err := srv.Surveys.SetOpen(ctx, sv.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Responses.Submit(context.Background(), final(sv.Code, newID(), "f", "d4")); cem.CodeOf(err) != response.CodeSurveyClosed {
			t.Fatalf("submit to a closed survey: %v", err)
		}
		if _, err := srv.Surveys.SetOpen(ctx, sv.ID, true); err != nil {
			t.Fatal(err)
		}
		mustSubmit(t, srv, final(sv.Code, newID(), "f", "d5"), response.StatusComplete)

		// Another process closes it: nothing here is told.
		if _, err := srv.DB.Exec(context.Background(), `UPDATE surveys SET status = ? WHERE id = ?`, survey.StatusClosed, sv.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Responses.Submit(context.Background(), final(sv.Code, newID(), "f", "d6")); cem.CodeOf(err) != response.CodeSurveyClosed {
			t.Fatalf("submit after another process closed the survey: %v", err)
		}
		if _, err := srv.DB.Exec(context.Background(), `UPDATE surveys SET status = ? WHERE id = ?`, sv.Status, sv.ID); err != nil {
			t.Fatal(err)
		}

		// A page save, then the final submit of the same id: it finds the
		// partial (the lookup said the id exists) and completes it; a retry
		// returns the first outcome.
		id := newID()
		part := final(sv.Code, id, "f", "d7")
		part.Final, part.CurrentPage = false, "p1"
		mustSubmit(t, srv, part, response.StatusPartial)
		mustSubmit(t, srv, final(sv.Code, id, "f", "d7"), response.StatusComplete)
		mustSubmit(t, srv, final(sv.Code, id, "f", "d7"), response.StatusComplete)
		if r, err := srv.Responses.Get(ctx, id); err != nil || r.Status != response.StatusComplete || r.SubmittedAt.IsZero() {
			t.Fatalf("partial then final: %+v %v", r, err)
		}
		// The id of a response of another survey is refused.
		other, _ := publish(t, srv, nil, false)
		if _, err := srv.Responses.Submit(context.Background(), final(other.Code, id, "f", "d8")); cem.CodeOf(err) != response.CodeResponseIDTaken {
			t.Fatalf("an id of another survey: %v", err)
		}

		if err := srv.Surveys.Delete(ctx, sv.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Responses.Submit(context.Background(), final(sv.Code, newID(), "f", "d9")); cem.CodeOf(err) != response.CodeSurveyNotOpen {
			t.Fatalf("submit to a deleted survey: %v", err)
		}
		if _, err := srv.Responses.Public(context.Background(), sv.Code); cem.CodeOf(err) != response.CodeSurveyNotOpen {
			t.Fatalf("load a deleted survey: %v", err)
		}
	})
}
