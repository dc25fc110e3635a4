package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/survey"
)

func testResponse(t *testing.T, open Opener) {
	db := open(t)
	s := store.NewResponses(db)
	c := ctx(t)
	owner := &auth.User{ID: cem.NewID(), Username: "ro", Name: "o", PasswordHash: "h", CreatedAt: ts, UpdatedAt: ts}
	if err := db.InTx(c, func(c context.Context) error { return store.NewAuth(db).CreateUser(c, owner) }); err != nil {
		t.Fatal(err)
	}
	hq := insertUnit(t, db, "RU-HQ", "R-HQ", "/")
	insertUnit(t, db, "RU-A", "R-A", hq)
	sv := &survey.Survey{ID: cem.NewID(), Code: "rcode001", Title: "t", Status: survey.StatusPublished, OwnerID: owner.ID, UnitID: "RU-A",
		Draft: json.RawMessage(`{}`), DraftRev: 1, Settings: survey.DefaultSettings(), CreatedAt: ts, UpdatedAt: ts}
	if err := store.NewSurveys(db).CreateSurvey(c, sv); err != nil {
		t.Fatal(err)
	}
	mk := func(id string, at time.Time) *response.Response {
		r := &response.Response{ID: id, SurveyID: sv.ID, Version: 1, UnitID: "RU-A", Status: response.StatusComplete, Validity: response.ValidityAuto,
			QualityScore: 90, QualityFlags: []string{"too_fast"}, Counted: true, Answers: json.RawMessage(`{"q1":"A"}`), RawAnswers: json.RawMessage(`{"q1":"A"}`),
			Params: map[string]string{"ch": "wechat"}, Channel: "wechat", Timing: map[string]int{"p1": 1200}, Consent: response.Consent{Given: true, At: ts},
			StartedAt: at, UpdatedAt: at, SubmittedAt: at}
		if err := s.InsertResponse(c, r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := mk("resp-aaaaaaaaaaaaaaaa", ts)
	mk("resp-bbbbbbbbbbbbbbbb", ts.Add(time.Second))

	t.Run("RoundTripAndConflict", func(t *testing.T) {
		got, err := s.Response(c, a.ID)
		if err != nil || got.Channel != "wechat" || got.Params["ch"] != "wechat" || got.Timing["p1"] != 1200 || !got.Consent.Given ||
			len(got.QualityFlags) != 1 || !got.SubmittedAt.Equal(ts) || got.UnitID != "RU-A" {
			t.Fatalf("round trip: %+v %v", got, err)
		}
		if err := s.InsertResponse(c, a); cem.CodeOf(err) != response.CodeResponseExists {
			t.Fatalf("second insert: %v", err)
		}
		if _, err := s.ResponseInScope(c, cem.Scope{UnitIDs: []string{"nope"}}, a.ID); cem.CodeOf(err) != response.CodeResponseNotFound {
			t.Fatalf("out of scope: %v", err)
		}
	})
	t.Run("UpdatePartialOnlyWhilePartial", func(t *testing.T) {
		p := *a
		p.ID, p.Status, p.Counted = "resp-pppppppppppppppp", response.StatusPartial, false
		if err := s.InsertResponse(c, &p); err != nil {
			t.Fatal(err)
		}
		p.Status, p.Counted, p.Quotas = response.StatusComplete, true, []string{"women"}
		if err := s.UpdatePartial(c, &p); err != nil {
			t.Fatalf("finishing a partial response: %v", err)
		}
		// A second writer that read the response while it was partial loses.
		late := p
		late.Status, late.Counted, late.Quotas = response.StatusPartial, false, []string{}
		if err := s.UpdatePartial(c, &late); cem.CodeOf(err) != response.CodeResponseExists {
			t.Fatalf("update of a finished response: %v", err)
		}
		if got, err := s.Response(c, p.ID); err != nil || got.Status != response.StatusComplete || !got.Counted || len(got.Quotas) != 1 {
			t.Fatalf("finished response changed: %+v %v", got, err)
		}
		p.DeletedAt = ts // out of the lists and counts the later cases check
		if err := s.UpdateResponse(c, &p); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("UpdateAndFacts", func(t *testing.T) {
		a.Validity, a.Counted, a.UpdatedAt = response.ValidityInvalid, false, ts.Add(time.Hour)
		if err := s.UpdateResponse(c, a); err != nil {
			t.Fatal(err)
		}
		n := 4.0
		if err := s.ReplaceFacts(c, a, []response.Fact{{QuestionID: "q1", Code: "A"}, {QuestionID: "r", Num: &n}, {QuestionID: "t", Text: "店员很热情"}}); err != nil {
			t.Fatal(err)
		}
		many := make([]response.Fact, 250)
		for i := range many {
			many[i] = response.Fact{QuestionID: fmt.Sprintf("q%d", i), Code: "A"}
		}
		b := &response.Response{ID: "resp-bbbbbbbbbbbbbbbb", SurveyID: sv.ID}
		if err := s.ReplaceFacts(c, b, many); err != nil {
			t.Fatal(err)
		}
		var count int
		if err := db.QueryRow(c, `SELECT COUNT(*) FROM response_facts rf JOIN responses r ON `+store.FactsOf("r")+` WHERE r.id = ?`, b.ID).Scan(&count); err != nil || count != 250 {
			t.Fatalf("250 facts in chunks: %d %v", count, err)
		}
		// Facts of a response that is not stored are refused and not kept.
		var before, after int
		_ = db.QueryRow(c, `SELECT COUNT(*) FROM response_facts`).Scan(&before)
		ghost := &response.Response{ID: "resp-not-stored", SurveyID: sv.ID}
		if err := s.InsertFacts(c, ghost, many[:3]); cem.CodeOf(err) != response.CodeResponseNotFound {
			t.Fatalf("facts of no response: %v", err)
		}
		if _ = db.QueryRow(c, `SELECT COUNT(*) FROM response_facts`).Scan(&after); after != before {
			t.Fatalf("facts of no response kept: %d → %d", before, after)
		}
		page, err := s.Responses(c, response.Filter{SurveyID: sv.ID, Query: "热情", Scope: cem.Scope{All: true}}, cem.PageRequest{Limit: 10})
		if err != nil || len(page.Items) != 1 || page.Items[0].Validity != response.ValidityInvalid {
			t.Fatalf("search by fact: %+v %v", page.Items, err)
		}
	})
	t.Run("PagesAndStreams", func(t *testing.T) {
		all := cem.Scope{All: true}
		p1, err := s.Responses(c, response.Filter{SurveyID: sv.ID, Scope: all}, cem.PageRequest{Limit: 1})
		if err != nil || len(p1.Items) != 1 || p1.NextCursor == "" || p1.Items[0].ID != a.ID {
			t.Fatalf("page 1: %+v %v", p1, err)
		}
		p2, _ := s.Responses(c, response.Filter{SurveyID: sv.ID, Scope: all}, cem.PageRequest{Limit: 1, Cursor: p1.NextCursor})
		if len(p2.Items) != 1 || p2.NextCursor != "" {
			t.Fatalf("page 2: %+v", p2)
		}
		for i := 0; i < 600; i++ {
			mk(fmt.Sprintf("resp-bulk-%010d", i), ts.Add(time.Duration(i+2)*time.Second))
		}
		n := 0
		if err := s.EachResponse(c, response.Filter{SurveyID: sv.ID, Scope: all}, func(*response.Response) error { n++; return nil }); err != nil || n != 602 {
			t.Fatalf("stream: %d %v", n, err)
		}
		counts, _ := s.CountResponses(c, sv.ID)
		if counts["complete"] != 602 || counts["counted"] != 601 {
			t.Fatalf("counts: %v", counts)
		}
	})
	t.Run("KeysAndQuotas", func(t *testing.T) {
		if ok, _ := s.ClaimKey(c, sv.ID, "device", "d1", "r1"); !ok {
			t.Fatal("first claim refused")
		}
		if ok, _ := s.ClaimKey(c, sv.ID, "device", "d1", "r2"); ok {
			t.Fatal("second response claimed the same device")
		}
		if ok, _ := s.ClaimKey(c, sv.ID, "device", "d1", "r1"); !ok {
			t.Fatal("a retry of the owner was refused")
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for i := 0; i < 25; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.AddQuota(c, sv.ID, "q", 10)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					won++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		counts, _ := s.QuotaCounts(c, sv.ID)
		if won != 10 || counts["q"] != 10 {
			t.Fatalf("25 concurrent increments under a limit of 10: %d won, count %d", won, counts["q"])
		}
		if ok, err := s.AddQuota(c, sv.ID, "closed", 0); ok || err != nil {
			t.Fatalf("a quota of 0 took a place: %v %v", ok, err)
		}
		if err := s.ReleaseQuota(c, sv.ID, "q"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.AddQuota(c, sv.ID, "q", 10); !ok {
			t.Fatal("a released place was not free again")
		}
		if ok, _ := s.AddQuota(c, sv.ID, "q", 10); ok {
			t.Fatal("the quota passed its limit")
		}
		// Batch-level writes (issue #5 item 10): owners read in one
		// statement, keys inserted in one (a taken key fails it), places
		// added n at a time within the limit.
		owners, err := s.KeyOwners(c, sv.ID, "device", []string{"d1", "nobody", "d1"})
		if err != nil || len(owners) != 1 || owners["d1"] != "r1" {
			t.Fatalf("key owners: %v %v", owners, err)
		}
		if err := s.InsertKeys(c, []response.Key{{SurveyID: sv.ID, Kind: "device", Key: "k1", ResponseID: "r7"},
			{SurveyID: sv.ID, Kind: "openid", Key: "k1", ResponseID: "r8"}}); err != nil {
			t.Fatal(err)
		}
		if owners, _ := s.KeyOwners(c, sv.ID, "openid", []string{"k1"}); owners["k1"] != "r8" {
			t.Fatalf("inserted key owners: %v", owners)
		}
		if err := db.InTx(c, func(c context.Context) error {
			return s.InsertKeys(c, []response.Key{{SurveyID: sv.ID, Kind: "device", Key: "k2", ResponseID: "r9"},
				{SurveyID: sv.ID, Kind: "device", Key: "d1", ResponseID: "r9"}})
		}); err == nil || errors.As(err, new(*cem.Error)) {
			t.Fatalf("inserting a taken key: %v (want a database error)", err)
		}
		if owners, _ := s.KeyOwners(c, sv.ID, "device", []string{"k2", "d1"}); owners["k2"] != "" || owners["d1"] != "r1" {
			t.Fatalf("a failed insert left %v", owners)
		}
		for _, step := range []struct {
			n, limit int
			ok       bool
			count    int
		}{{3, 5, true, 3}, {3, 5, false, 3}, {2, 5, true, 5}, {1, 5, false, 5}, {0, 5, false, 5}, {6, 5, false, 5}} {
			ok, err := s.AddQuotaN(c, sv.ID, "qn", step.n, step.limit)
			counts, _ := s.QuotaCounts(c, sv.ID)
			if err != nil || ok != step.ok || counts["qn"] != step.count {
				t.Fatalf("add %d under %d: %v %v, count %d; want %v, %d", step.n, step.limit, ok, err, counts["qn"], step.ok, step.count)
			}
		}
		_ = s.AddRefusal(c, sv.ID, ts)
		_ = s.AddRefusal(c, sv.ID, ts)
		if n, _ := s.Refusals(c, sv.ID); n != 2 {
			t.Fatalf("refusals %d", n)
		}
	})
	t.Run("SavepointsIsolateOneSubmitOfABatch", func(t *testing.T) {
		// The group commit (response/batch.go) relies on this: a failed
		// insert inside a savepoint undoes only its own writes and leaves
		// the transaction usable (PostgreSQL aborts it otherwise).
		ids := []string{"resp-sp-ok-00000001", a.ID, "resp-sp-ok-00000002"}
		var errs []error
		err := db.InTx(c, func(c context.Context) error {
			for _, id := range ids {
				fnErr, err := db.InSavepoint(c, func(c context.Context) error {
					r := &response.Response{ID: id, SurveyID: sv.ID, Version: 1, Status: response.StatusComplete, Validity: response.ValidityAuto,
						StartedAt: ts, UpdatedAt: ts, SubmittedAt: ts}
					if ok, err := s.ClaimKey(c, sv.ID, "device", "sp-"+id, id); err != nil || !ok {
						return fmt.Errorf("claim: %v %v", ok, err)
					}
					if err := s.InsertResponse(c, r); err != nil {
						return err
					}
					return s.InsertFacts(c, r, []response.Fact{{QuestionID: "sp1", Code: "A"}, {QuestionID: "sp2", Text: "x"}})
				})
				if err != nil {
					return err
				}
				errs = append(errs, fnErr)
			}
			return nil
		})
		if err != nil || errs[0] != nil || cem.CodeOf(errs[1]) != response.CodeResponseExists || errs[2] != nil {
			t.Fatalf("batch: %v %v", err, errs)
		}
		for i, id := range ids {
			var facts, keys int
			_ = db.QueryRow(c, `SELECT COUNT(*) FROM response_facts rf JOIN responses r ON `+store.FactsOf("r")+` WHERE r.id = ? AND rf.question_id IN ('sp1', 'sp2')`, id).Scan(&facts)
			_ = db.QueryRow(c, `SELECT COUNT(*) FROM response_keys WHERE key = ?`, "sp-"+id).Scan(&keys)
			if want := 2 * (1 - i%2); facts != want || keys != want/2 {
				t.Fatalf("%s: %d facts, %d keys; want %d and %d", id, facts, keys, want, want/2)
			}
		}
		if _, err := db.InSavepoint(c, func(context.Context) error { return nil }); err == nil {
			t.Fatal("a savepoint outside a transaction")
		}
	})
	t.Run("InsertResponsesInBulk", func(t *testing.T) {
		var news []response.NewResponse
		for i := 0; i < 120; i++ { // more than one statement of each kind
			r := &response.Response{ID: fmt.Sprintf("resp-bulk2-%08d", i), SurveyID: sv.ID, Version: 1, UnitID: "RU-A", Status: response.StatusComplete,
				Validity: response.ValidityAuto, QualityScore: 100, Counted: i%2 == 0, Params: map[string]string{"i": fmt.Sprint(i)},
				StartedAt: ts, UpdatedAt: ts, SubmittedAt: ts}
			num := float64(i)
			facts := []response.Fact{{QuestionID: "bq1", Num: &num}, {QuestionID: "bq2", Text: "t"}}
			if i%3 != 0 {
				news = append(news, response.NewResponse{R: r, Facts: facts})
				continue
			}
			// Encoded before the transaction; what the group commit decides
			// afterwards must still be what is stored.
			n := s.PrepareNew(r, facts)
			r.Status, r.QualityScore, r.QualityFlags, r.Duplicate, r.Quotas = response.StatusQuotaFull, 40, []string{"quota:q"}, i%2 == 1, []string{"q"}
			r.Counted = !r.Counted
			news = append(news, n)
		}
		if err := db.InTx(c, func(c context.Context) error { return s.InsertResponses(c, news) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.Response(c, "resp-bulk2-00000077")
		if err != nil || got.Params["i"] != "77" || got.Counted || got.UnitID != "RU-A" || got.Status != response.StatusComplete {
			t.Fatalf("bulk round trip: %+v %v", got, err)
		}
		got, err = s.Response(c, "resp-bulk2-00000081")
		if err != nil || got.Params["i"] != "81" || got.Status != response.StatusQuotaFull || got.QualityScore != 40 || !got.Duplicate ||
			len(got.QualityFlags) != 1 || got.QualityFlags[0] != "quota:q" || len(got.Quotas) != 1 || !got.Counted || !got.SubmittedAt.Equal(ts) {
			t.Fatalf("prepared, then decided: %+v %v", got, err)
		}
		var facts int
		var sum float64
		_ = db.QueryRow(c, `SELECT COUNT(*), SUM(num) FROM response_facts WHERE question_id IN ('bq1', 'bq2')`).Scan(&facts, &sum)
		if facts != 240 || sum != 119*120/2 {
			t.Fatalf("bulk facts: %d rows, sum %v", facts, sum)
		}
		// Each response finds exactly its own facts, in answer order, through
		// its range (migration 0008).
		for _, i := range []int{0, 49, 50, 77, 119} {
			rows, err := db.Query(c, `SELECT rf.question_id, COALESCE(rf.num, -1) FROM response_facts rf JOIN responses r ON `+store.FactsOf("r")+`
				WHERE r.id = ? ORDER BY rf.id`, fmt.Sprintf("resp-bulk2-%08d", i))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var q string
				var num float64
				if err := rows.Scan(&q, &num); err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%s=%v", q, num))
			}
			rows.Close()
			if want := fmt.Sprintf("[bq1=%d bq2=-1]", i); fmt.Sprint(got) != want {
				t.Fatalf("facts of response %d: %v, want %s", i, got, want)
			}
		}
		again := []response.NewResponse{{R: &response.Response{ID: "resp-bulk2-new", SurveyID: sv.ID, Version: 1, Status: response.StatusComplete,
			Validity: response.ValidityAuto, StartedAt: ts, UpdatedAt: ts}}, news[5]}
		err = db.InTx(c, func(c context.Context) error { return s.InsertResponses(c, again) })
		if cem.CodeOf(err) != response.CodeResponseExists {
			t.Fatalf("an existing id in the bulk: %v", err)
		}
		if _, err := s.Response(c, "resp-bulk2-new"); cem.CodeOf(err) != response.CodeResponseNotFound {
			t.Fatalf("the failed bulk left a row: %v", err)
		}
	})
}
