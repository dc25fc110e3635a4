package response_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/app"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/survey"
)

// TestSubmitReadsSurveyFresh: the submit path caches the survey behind a
// code (issue #5 item 10), but every change made through this process —
// settings, close, reopen, delete, by the survey service's own store
// instance — counts for the very next submit. (Writes by another process
// are seen within store.PublicSurveyMaxAge: storetest's PublicSurveyCache.)
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

		// A page save, then the final submit of the same id: it finds the
		// partial and completes it; a retry returns the first outcome.
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

// TestFinalSubmitOfAnUnseenID: a final submit of an id this process has
// not stored is taken as new without a read (issue #5 item 10). When the
// id exists after all — a page saved by another process or before a
// restart, a retry, another survey's response — the answer must be the
// same as with a read first. A second service over the same database
// plays the other process.
func TestFinalSubmitOfAnUnseenID(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		sv, ctx := publish(t, srv, []survey.Quota{{ID: "w", Name: "w", Condition: "{gender} = 'f'", Limit: 100, Action: survey.QuotaEnd}}, false)
		other := response.NewService(store.NewResponses(srv.DB), store.NewSurveys(srv.DB), srv.DB, nil, srv.Audit, nil)

		// A page saved here, finished there: completed once, counted once.
		id := newID()
		part := final(sv.Code, id, "f", "u1")
		part.Final, part.CurrentPage = false, "p1"
		mustSubmit(t, srv, part, response.StatusPartial)
		out, err := other.Submit(context.Background(), final(sv.Code, id, "f", "u1"))
		if err != nil || out.Status != response.StatusComplete {
			t.Fatalf("final of a partial saved elsewhere: %+v %v", out, err)
		}
		if n := quotaCount(t, srv, ctx, sv); n != 1 {
			t.Fatalf("quota count %d after one completed response", n)
		}
		// Retries there and here return the first outcome; nothing is
		// counted again.
		for _, s := range []*response.Service{other, srv.Responses} {
			if out, err := s.Submit(context.Background(), final(sv.Code, id, "f", "u1")); err != nil || out.Status != response.StatusComplete {
				t.Fatalf("retry: %+v %v", out, err)
			}
		}
		if n := quotaCount(t, srv, ctx, sv); n != 1 {
			t.Fatalf("quota count %d after retries", n)
		}
		r, err := srv.Responses.Get(ctx, id)
		if err != nil || r.Status != response.StatusComplete || !r.Counted {
			t.Fatalf("stored: %+v %v", r, err)
		}
		var rows int
		if err := srv.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM responses WHERE id = ?`, id).Scan(&rows); err != nil || rows != 1 {
			t.Fatalf("%d rows for one id (%v)", rows, err)
		}
		// A finished response of another survey keeps its id.
		sv2, _ := publish(t, srv, nil, false)
		if _, err := other.Submit(context.Background(), final(sv2.Code, id, "f", "u2")); cem.CodeOf(err) != response.CodeResponseIDTaken {
			t.Fatalf("an id of another survey, unseen: %v", err)
		}
		// A first submit through a service that never saw anything is new.
		mustSubmitWith(t, other, final(sv.Code, newID(), "m", "u3"), response.StatusComplete)
	})
}

func mustSubmitWith(t *testing.T, s *response.Service, in response.Submission, status string) {
	t.Helper()
	if out, err := s.Submit(context.Background(), in); err != nil || out.Status != status {
		t.Fatalf("submit %s: %+v %v; want %s", in.ID, out, err, status)
	}
}

// TestRefusedFinalOfAnUnseenID: a final submit with missing answers for an
// id this process never stored must still keep its answers in the stored
// partial (nothing is lost) and, for an id already finished, answer with
// the first outcome — as if the response had been read first.
func TestRefusedFinalOfAnUnseenID(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		sv, ctx := publish(t, srv, nil, false)
		other := response.NewService(store.NewResponses(srv.DB), store.NewSurveys(srv.DB), srv.DB, nil, srv.Audit, nil)
		other.IPRate = 1 << 30

		id := newID()
		part := final(sv.Code, id, "f", "r1")
		part.Final, part.CurrentPage = false, "p1"
		mustSubmit(t, srv, part, response.StatusPartial)
		incomplete := final(sv.Code, id, "f", "r1")
		incomplete.Answers = map[string]json.RawMessage{"why": json.RawMessage(`"kept"`)}
		if _, err := other.Submit(context.Background(), incomplete); cem.CodeOf(err) != response.CodeAnswersInvalid {
			t.Fatalf("an incomplete final of a partial saved elsewhere: %v", err)
		}
		r, err := srv.Responses.Get(ctx, id)
		if err != nil || r.Status != response.StatusPartial || !strings.Contains(string(r.RawAnswers), "kept") {
			t.Fatalf("the refused final's answers were not kept: %+v %v", r, err)
		}

		done := newID()
		mustSubmit(t, srv, final(sv.Code, done, "f", "r2"), response.StatusComplete)
		late := final(sv.Code, done, "f", "r2")
		late.Answers = map[string]json.RawMessage{}
		if out, err := other.Submit(context.Background(), late); err != nil || out.Status != response.StatusComplete {
			t.Fatalf("an incomplete retry of a finished response elsewhere: %+v %v", out, err)
		}
	})
}
