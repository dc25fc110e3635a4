package response_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/app"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/survey"
)

// Service tests run the response service of a real server on SQLite and
// PostgreSQL.

const genderSurvey = `{"format_version":1,"title":"配额","pages":[{"id":"p1","questions":[
 {"id":"gender","type":"single","title":"性别","required":true,"options":[{"code":"f","label":"女"},{"code":"m","label":"男"}]},
 {"id":"why","type":"text","title":"为什么"}]}]}`

// publish creates and publishes a survey with quotas as the first admin
// and returns it with a context allowed to manage responses.
func publish(t *testing.T, srv *app.Server, quotas []survey.Quota, dedupeDevice bool, more ...func(*survey.Settings)) (*survey.Survey, context.Context) {
	t.Helper()
	var admin string
	if err := srv.DB.QueryRow(context.Background(), `SELECT id FROM users WHERE username = 'admin'`).Scan(&admin); err != nil {
		t.Fatal(err)
	}
	perms := map[string]bool{}
	for _, p := range []string{"surveys.read", "surveys.manage", "surveys.publish", "responses.read", "responses.manage"} {
		perms[p] = true
	}
	ctx := cem.WithActor(context.Background(), &cem.Actor{Kind: "user", ID: admin, Name: "test", Permissions: perms, Scope: cem.Scope{All: true}})
	sv, _, err := srv.Surveys.Create(ctx, survey.NewSurvey{Definition: json.RawMessage(genderSurvey)})
	if err != nil {
		t.Fatal(err)
	}
	st := sv.Settings
	st.Quotas, st.Dedupe.Device = quotas, dedupeDevice
	st.Validity = survey.Validity{MinSeconds: 1}
	st.Privacy.Collects = []string{"answers"}
	for _, f := range more {
		f(&st)
	}
	if _, err := srv.Surveys.UpdateSettings(ctx, sv.ID, st); err != nil {
		t.Fatal(err)
	}
	if sv, _, err = srv.Surveys.Publish(ctx, sv.ID, "test"); err != nil {
		t.Fatal(err)
	}
	srv.Responses.IPRate = 1 << 30
	return sv, ctx
}

func final(code, id, gender, device string) response.Submission {
	return response.Submission{ID: id, SurveyCode: code, Final: true, DeviceID: device, IP: "192.0.2.1",
		StartedAt: time.Now().Add(-time.Minute), Answers: map[string]json.RawMessage{"gender": json.RawMessage(`"` + gender + `"`)}}
}

func newID() string { return "t-" + strings.ToLower(cem.NewID()) }

func quotaCount(t *testing.T, srv *app.Server, ctx context.Context, sv *survey.Survey) int {
	t.Helper()
	prog, _, _, err := srv.Responses.Progress(ctx, sv.ID)
	if err != nil || len(prog) == 0 {
		t.Fatalf("progress: %v %v", prog, err)
	}
	return prog[0].Count
}

// TestRestoreRecountsQuota: a restored response takes its quota place
// again when one is free, and stays not counted (flagged over_quota and
// quota:<id>) when the quota is full (clause 6.3.2e, issue #5 item 8).
func TestRestoreRecountsQuota(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		for _, action := range []string{survey.QuotaEnd, survey.QuotaFlag} {
			t.Run(action, func(t *testing.T) {
				sv, ctx := publish(t, srv, []survey.Quota{{ID: "women", Name: "w", Condition: "{gender} = 'f'", Limit: 1, Action: action}}, false)
				a, b := newID(), newID()
				mustSubmit(t, srv, final(sv.Code, a, "f", ""), response.StatusComplete)
				if r := setValidity(t, srv, ctx, a, response.ValidityInvalid); r.Counted || len(r.Quotas) != 0 || quotaCount(t, srv, ctx, sv) != 0 {
					t.Fatalf("invalidated: counted %v quotas %v count %d", r.Counted, r.Quotas, quotaCount(t, srv, ctx, sv))
				}
				mustSubmit(t, srv, final(sv.Code, b, "f", ""), response.StatusComplete)

				// Full: a stays out and says why.
				r := setValidity(t, srv, ctx, a, response.ValidityValid)
				if r.Counted || len(r.Quotas) != 0 || !slices.Contains(r.QualityFlags, response.FlagOverQuota) ||
					!slices.Contains(r.QualityFlags, "quota:women") || quotaCount(t, srv, ctx, sv) != 1 {
					t.Fatalf("restored into a full quota: %+v count %d", r, quotaCount(t, srv, ctx, sv))
				}
				if got, _ := srv.Responses.Get(ctx, a); got.Counted || !slices.Contains(got.QualityFlags, response.FlagOverQuota) {
					t.Fatalf("stored after a refused restore: %+v", got)
				}

				// A place frees up: restoring again counts it, once.
				setValidity(t, srv, ctx, b, response.ValidityInvalid)
				r = setValidity(t, srv, ctx, a, response.ValidityValid)
				if !r.Counted || !slices.Equal(r.Quotas, []string{"women"}) || slices.Contains(r.QualityFlags, response.FlagOverQuota) ||
					slices.Contains(r.QualityFlags, "quota:women") || quotaCount(t, srv, ctx, sv) != 1 {
					t.Fatalf("restored with a free place: %+v count %d", r, quotaCount(t, srv, ctx, sv))
				}
				if r = setValidity(t, srv, ctx, a, response.ValidityValid); !r.Counted || quotaCount(t, srv, ctx, sv) != 1 {
					t.Fatalf("restoring a counted response again must not count it twice: count %d", quotaCount(t, srv, ctx, sv))
				}
				// b was invalidated; back to auto it finds the quota full.
				if r = setValidity(t, srv, ctx, b, response.ValidityAuto); r.Counted || !slices.Contains(r.QualityFlags, "quota:women") {
					t.Fatalf("b back to auto with the quota full: %+v", r)
				}
			})
		}
		t.Run("many restores at once never over-fill", func(t *testing.T) {
			sv, ctx := publish(t, srv, []survey.Quota{{ID: "women", Name: "w", Condition: "{gender} = 'f'", Limit: 5, Action: survey.QuotaEnd}}, false)
			var ids []string
			for i := 0; i < 12; i++ {
				id := newID()
				ids = append(ids, id)
				want := response.StatusComplete
				if i >= 5 {
					want = response.StatusQuotaFull
				}
				mustSubmit(t, srv, final(sv.Code, id, "f", ""), want)
			}
			for _, id := range ids[:5] {
				setValidity(t, srv, ctx, id, response.ValidityInvalid)
			}
			// The five invalidated ones come back while five new submits race them.
			var wg sync.WaitGroup
			var mu sync.Mutex
			counted := 0
			for i := 0; i < 10; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					ok := false
					if i < 5 {
						r, err := srv.Responses.SetValidity(ctx, ids[i], response.ValidityValid)
						if err != nil {
							t.Error(err)
							return
						}
						ok = r.Counted
					} else {
						out, err := srv.Responses.Submit(context.Background(), final(sv.Code, newID(), "f", ""))
						if err != nil {
							t.Error(err)
							return
						}
						ok = out.Status == response.StatusComplete
					}
					mu.Lock()
					defer mu.Unlock()
					if ok {
						counted++
					}
				}(i)
			}
			wg.Wait()
			if counted != 5 || quotaCount(t, srv, ctx, sv) != 5 {
				t.Fatalf("%d counted, quota count %d; want 5 and 5", counted, quotaCount(t, srv, ctx, sv))
			}
		})
	})
}

// TestConcurrentFinalsAfterAPageSave: final submits of one id that all read
// the response while it was partial finish it once; the quota counts it
// once (clause 6.3.2e).
func TestConcurrentFinalsAfterAPageSave(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		sv, ctx := publish(t, srv, []survey.Quota{{ID: "women", Name: "w", Condition: "{gender} = 'f'", Limit: 5, Action: survey.QuotaEnd}}, false)
		id := newID()
		save := final(sv.Code, id, "f", "dev-1")
		save.Final = false
		mustSubmit(t, srv, save, response.StatusPartial)
		var wg sync.WaitGroup
		errs := make([]error, 16)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := srv.Responses.Submit(context.Background(), final(sv.Code, id, "f", "dev-1"))
				if err == nil && out.Status != response.StatusComplete {
					err = fmt.Errorf("status %s", out.Status)
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := quotaCount(t, srv, ctx, sv); n != 1 {
			t.Fatalf("quota counted %d times for one response", n)
		}
	})
}

// TestResumeTokenAfterARefusedFinal: a response first stored by a refused
// final submit still gets its resume token, on its first page save.
func TestResumeTokenAfterARefusedFinal(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		sv, _ := publish(t, srv, nil, false)
		id := newID()
		refused := final(sv.Code, id, "f", "dev-1")
		refused.Answers = map[string]json.RawMessage{"why": json.RawMessage(`"因为"`)} // gender is required
		if _, err := srv.Responses.Submit(context.Background(), refused); cem.CodeOf(err) != response.CodeAnswersInvalid {
			t.Fatalf("final without the required answer: %v", err)
		}
		save := final(sv.Code, id, "f", "dev-1")
		save.Final = false
		if out := mustSubmit(t, srv, save, response.StatusPartial); out.ResumeToken == "" {
			t.Fatal("no resume token for the response a refused final submit stored")
		}
		again := mustSubmit(t, srv, save, response.StatusPartial)
		if again.ResumeToken != "" {
			t.Fatal("a second token for the same response")
		}
	})
}

func mustSubmit(t *testing.T, srv *app.Server, in response.Submission, status string) *response.Outcome {
	t.Helper()
	out, err := srv.Responses.Submit(context.Background(), in)
	if err != nil || out.Status != status {
		t.Fatalf("submit %s: %+v %v; want %s", in.ID, out, err, status)
	}
	return out
}

func setValidity(t *testing.T, srv *app.Server, ctx context.Context, id, v string) *response.Response {
	t.Helper()
	r, err := srv.Responses.SetValidity(ctx, id, v)
	if err != nil {
		t.Fatalf("set validity %s: %v", v, err)
	}
	return r
}

// TestConcurrentSubmitsShareCommits drives the group commit (batch.go) with
// many concurrent submits mixing new responses, retries of one id, second
// answers from one device, incomplete submits and a quota that fills: every
// call gets its own correct answer and the stored state matches exactly.
func TestConcurrentSubmitsShareCommits(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		sv, ctx := publish(t, srv, []survey.Quota{{ID: "women", Name: "w", Condition: "{gender} = 'f'", Limit: 20, Action: survey.QuotaEnd}}, true)
		const n = 96
		retried := newID()
		type result struct {
			in  response.Submission
			out *response.Outcome
			err error
		}
		results := make([]result, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			in := final(sv.Code, newID(), "f", fmt.Sprintf("dev-%d", i))
			switch i % 8 {
			case 1:
				in.ID = retried // one respondent's retries, all at once
			case 2:
				in.DeviceID = "shared-device" // one device, many answers
			case 3:
				in.Answers = map[string]json.RawMessage{} // incomplete: stored as partial, refused
			case 4:
				in.Answers["gender"] = json.RawMessage(`"m"`)
			}
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				out, err := srv.Responses.Submit(context.Background(), in)
				results[i] = result{in, out, err}
			}(i)
		}
		wg.Wait()
		status := map[string]int{}
		var retriedStatus string
		for _, r := range results {
			switch {
			case r.in.ID == retried:
				if r.err != nil {
					t.Fatalf("retry: %v", r.err)
				}
				if retriedStatus != "" && r.out.Status != retriedStatus {
					t.Fatalf("retries of one id got %s and %s", retriedStatus, r.out.Status)
				}
				retriedStatus = r.out.Status
			case len(r.in.Answers) == 0:
				if cem.CodeOf(r.err) != response.CodeAnswersInvalid {
					t.Fatalf("incomplete submit: %v", r.err)
				}
			default:
				if r.err != nil {
					t.Fatalf("submit: %v", r.err)
				}
				status[r.out.Status]++
			}
		}
		women := quotaCount(t, srv, ctx, sv)
		var stored, partial, facts, countedWomen, dup, full int
		db, bg := srv.DB, context.Background()
		q := func(sql string, dst *int) {
			if err := db.QueryRow(bg, sql, sv.ID).Scan(dst); err != nil {
				t.Fatal(err)
			}
		}
		q(`SELECT COUNT(*) FROM responses WHERE survey_id = ? AND status <> 'partial'`, &stored)
		q(`SELECT COUNT(*) FROM responses WHERE survey_id = ? AND status = 'partial'`, &partial)
		q(`SELECT COUNT(DISTINCT r.id) FROM response_facts rf JOIN responses r ON `+store.FactsOf("r")+` WHERE r.survey_id = ?`, &facts)
		q(`SELECT COUNT(*) FROM responses WHERE survey_id = ? AND counted = `+boolSQL(db.Dialect == "postgres")+` AND CAST(answers AS TEXT) LIKE '%"f"%'`, &countedWomen)
		q(`SELECT COUNT(*) FROM responses WHERE survey_id = ? AND duplicate = `+boolSQL(db.Dialect == "postgres"), &dup)
		q(`SELECT COUNT(*) FROM responses WHERE survey_id = ? AND status = 'quota_full'`, &full)
		finals := n - n/8 - n/8 + 1 // all but the incomplete ones, the retries as one
		if stored != finals || partial != n/8 || facts != finals {
			t.Fatalf("stored %d final (want %d), %d partial (want %d), facts for %d", stored, finals, partial, n/8, facts)
		}
		if women != 20 || countedWomen != 20 || full != status[response.StatusQuotaFull]+b2i(retriedStatus == response.StatusQuotaFull) {
			t.Fatalf("quota count %d, counted women %d, %d stored quota_full, outcomes %v", women, countedWomen, full, status)
		}
		if dup != n/8-1 {
			t.Fatalf("%d duplicates from the shared device, want %d", dup, n/8-1)
		}
	})
}

func boolSQL(pg bool) string {
	if pg {
		return "TRUE"
	}
	return "1"
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestForwardedInvitationInOneBatch: an invitation answered at once from
// many devices is owned by one response; the others are duplicates flagged
// forwarded, whether or not the owner was committed in the same batch.
func TestForwardedInvitationInOneBatch(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		sv, ctx := publish(t, srv, nil, true, func(st *survey.Settings) { st.Dedupe.Invite = true })
		const n = 24
		var wg sync.WaitGroup
		ids := make([]string, n)
		for i := range ids {
			ids[i] = newID()
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				in := final(sv.Code, ids[i], "m", fmt.Sprintf("dev-%d", i))
				in.InviteToken = "invite-1"
				if _, err := srv.Responses.Submit(context.Background(), in); err != nil {
					t.Error(err)
				}
			}(i)
		}
		wg.Wait()
		owners, forwarded := 0, 0
		for _, id := range ids {
			r, err := srv.Responses.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Duplicate {
				owners++
			} else if slices.Contains(r.QualityFlags, response.FlagForwarded) {
				forwarded++
			}
		}
		if owners != 1 || forwarded != n-1 {
			t.Fatalf("%d owners and %d forwarded of %d", owners, forwarded, n)
		}
	})
}
