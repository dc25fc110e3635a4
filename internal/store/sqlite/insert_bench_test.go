package sqlite_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/sqlite"
	"github.com/opencem/opencem/internal/survey"
)

// BenchmarkInsertResponses is one group commit of the submit path (issue #5
// item 10): 16 new responses of a 10-question survey with 13 facts each,
// inserted in one transaction. Per op = one transaction.
func BenchmarkInsertResponses(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, sqlite.Migrations()); err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	owner := &auth.User{ID: cem.NewID(), Username: "b", Name: "b", PasswordHash: "h", CreatedAt: now, UpdatedAt: now}
	sv := &survey.Survey{ID: cem.NewID(), Code: "bench001", Title: "t", Status: survey.StatusPublished, OwnerID: owner.ID,
		Draft: json.RawMessage(`{}`), DraftRev: 1, Settings: survey.DefaultSettings(), CreatedAt: now, UpdatedAt: now}
	if err := db.InTx(ctx, func(c context.Context) error {
		if err := store.NewAuth(db).CreateUser(c, owner); err != nil {
			return err
		}
		return store.NewSurveys(db).CreateSurvey(c, sv)
	}); err != nil {
		b.Fatal(err)
	}
	s := store.NewResponses(db)
	answers := json.RawMessage(`{"q1":"a","q2":["a","c"],"q3":{"r1":"3","r2":"4","r3":"5"},"q4":"very good service, quick","q5":9,"q6":"b","q7":"c","q8":"a","q9":"shanghai","q10":"f"}`)
	nine := 9.0
	facts := []response.Fact{{QuestionID: "q1", Code: "a"}, {QuestionID: "q2", Code: "a"}, {QuestionID: "q2", Code: "c"},
		{QuestionID: "q3", Item: "r1", Code: "3"}, {QuestionID: "q3", Item: "r2", Code: "4"}, {QuestionID: "q3", Item: "r3", Code: "5"},
		{QuestionID: "q4", Text: "very good service, quick"}, {QuestionID: "q5", Num: &nine}, {QuestionID: "q6", Code: "b"},
		{QuestionID: "q7", Code: "c"}, {QuestionID: "q8", Code: "a"}, {QuestionID: "q9", Code: "shanghai"}, {QuestionID: "q10", Code: "f"}}
	batch := func() []response.NewResponse {
		out := make([]response.NewResponse, 16)
		for i := range out {
			r := &response.Response{ID: "bench-" + cem.NewID(), SurveyID: sv.ID, Version: 1, Status: response.StatusComplete,
				Validity: response.ValidityAuto, QualityScore: 100, Counted: true, Answers: answers, RawAnswers: answers,
				Params: map[string]string{"ch": "h5", "store": "S" + strconv.Itoa(i)}, Channel: "h5",
				Timing: map[string]int{"p1": 4000, "p2": 5000}, Consent: response.Consent{Given: true, At: now},
				DeviceID: "d" + cem.NewID(), IP: "127.0.0.1", UserAgent: "Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0",
				StartedAt: now, UpdatedAt: now, SubmittedAt: now}
			out[i] = s.PrepareNew(r, facts)
		}
		return out
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		rs := batch()
		b.StartTimer()
		if err := db.InTx(ctx, func(c context.Context) error { return s.InsertResponses(c, rs) }); err != nil {
			b.Fatal(err)
		}
	}
}
