package storetest

import (
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/sqldb"
	"github.com/opencem/opencem/internal/survey"
)

// MigrateFactsByResponse checks migrations 0007 and 0008 on an empty,
// unmigrated database: facts written in the 0005 layout keep their values
// (code or text as the value) and their order per response, each response
// finds exactly its own facts through its range, and the store writes
// facts in the new layout afterwards. Adapters call it with their own
// migrations.
func MigrateFactsByResponse(t *testing.T, db *sqldb.DB, migrations fs.FS) {
	c := ctx(t)
	before := fstest.MapFS{}
	err := fs.WalkDir(migrations, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path >= "0007" {
			return err
		}
		b, err := fs.ReadFile(migrations, path)
		before[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(c, before); err != nil {
		t.Fatal(err)
	}
	owner := &auth.User{ID: cem.NewID(), Username: "mo", Name: "o", PasswordHash: "h", CreatedAt: ts, UpdatedAt: ts}
	if err := db.InTx(c, func(c context.Context) error { return store.NewAuth(db).CreateUser(c, owner) }); err != nil {
		t.Fatal(err)
	}
	sv := &survey.Survey{ID: cem.NewID(), Code: "mcode001", Title: "t", Status: survey.StatusPublished, OwnerID: owner.ID,
		Draft: json.RawMessage(`{}`), DraftRev: 1, Settings: survey.DefaultSettings(), CreatedAt: ts, UpdatedAt: ts}
	if err := store.NewSurveys(db).CreateSurvey(c, sv); err != nil {
		t.Fatal(err)
	}
	s := store.NewResponses(db)
	for _, id := range []string{"mig-aaaaaaaaaaaaaaaa", "mig-bbbbbbbbbbbbbbbb"} {
		r := &response.Response{ID: id, SurveyID: sv.ID, Version: 1, Status: response.StatusComplete, Validity: response.ValidityAuto,
			Answers: json.RawMessage(`{}`), RawAnswers: json.RawMessage(`{}`), StartedAt: ts, UpdatedAt: ts, SubmittedAt: ts}
		if err := s.InsertResponse(c, r); err != nil {
			t.Fatal(err)
		}
	}
	// The 0005 layout: no seq; rows of two responses interleaved.
	if _, err := db.Exec(c, `INSERT INTO response_facts (response_id, survey_id, question_id, item, code, num, text) VALUES
		('mig-bbbbbbbbbbbbbbbb', ?, 'q1', '', 'x', NULL, ''),
		('mig-aaaaaaaaaaaaaaaa', ?, 'q1', '', '', 9, ''),
		('mig-aaaaaaaaaaaaaaaa', ?, 'q2', 'r1', 'g', NULL, ''),
		('mig-bbbbbbbbbbbbbbbb', ?, 'q3', '', '', NULL, 'free text'),
		('mig-aaaaaaaaaaaaaaaa', ?, 'q3', '', '', NULL, '很好')`, sv.ID, sv.ID, sv.ID, sv.ID, sv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(c, migrations); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(c, `SELECT r.id, rf.id - r.facts_from, rf.question_id, rf.item, rf.value, COALESCE(rf.num, -1)
		FROM response_facts rf JOIN responses r ON `+store.FactsOf("r")+` ORDER BY r.id, rf.id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id, q, item, value string
		var seq int
		var num float64
		if err := rows.Scan(&id, &seq, &q, &item, &value, &num); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{id[4:5], string(rune('0' + seq)), q, item, value}, "|")+"|"+jsonNum(num))
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{"a|0|q1|||9", "a|1|q2|r1|g|-1", "a|2|q3||很好|-1", "b|0|q1||x|-1", "b|1|q3||free text|-1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("migrated facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var all int
	if err := db.QueryRow(c, `SELECT COUNT(*) FROM response_facts`).Scan(&all); err != nil || all != len(want) {
		t.Fatalf("%d facts stored, want %d (%v)", all, len(want), err)
	}
	// The store writes the new layout: replacing a response's facts
	// gives them a new range and leaves the other response's alone.
	r, err := s.Response(c, "mig-aaaaaaaaaaaaaaaa")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(c, func(c context.Context) error {
		return s.ReplaceFacts(c, r, []response.Fact{{QuestionID: "q9", Code: "z"}, {QuestionID: "q9", Code: "y"}})
	}); err != nil {
		t.Fatal(err)
	}
	var n, maxSeq, other int
	if err := db.QueryRow(c, `SELECT COUNT(*), MAX(rf.id - r.facts_from) FROM response_facts rf JOIN responses r ON `+store.FactsOf("r")+`
		WHERE r.id = 'mig-aaaaaaaaaaaaaaaa' AND rf.question_id = 'q9'`).Scan(&n, &maxSeq); err != nil || n != 2 || maxSeq != 1 {
		t.Fatalf("replaced facts: %d rows, max seq %d (%v)", n, maxSeq, err)
	}
	if err := db.QueryRow(c, `SELECT COUNT(*) FROM response_facts rf JOIN responses r ON `+store.FactsOf("r")+`
		WHERE r.id = 'mig-bbbbbbbbbbbbbbbb'`).Scan(&other); err != nil || other != 2 {
		t.Fatalf("other response's facts: %d (%v)", other, err)
	}
	if err := db.QueryRow(c, `SELECT COUNT(*) FROM response_facts`).Scan(&all); err != nil || all != 4 {
		t.Fatalf("%d facts stored after the replacement, want 4 (%v)", all, err)
	}
}

func jsonNum(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}
