package app

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/response"
	"github.com/xuri/excelize/v2"
)

const quotaSurvey = `{"format_version":1,"title":"配额","params":[{"id":"store"}],"pages":[
 {"id":"p1","questions":[{"id":"gender","type":"single","title":"性别","required":true,"options":[{"code":"f","label":"女"},{"code":"m","label":"男"}]}]},
 {"id":"p2","questions":[{"id":"why","type":"text","title":"原因","required":true}]}]}`

// publishSurvey creates and publishes a survey with settings and returns
// its id and public code.
func publishSurvey(t *testing.T, adm *client, def string, settings map[string]any) (string, string) {
	t.Helper()
	d := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"definition": rawJSON(def)}), nil), 201)
	id, code := d["id"].(string), d["code"].(string)
	if settings != nil {
		mustOK(t, adm.do("PATCH", "/api/v1/surveys/"+id+"/settings", toJSON(settings), nil), 200)
	}
	mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/publish", `{"note":"v1"}`, nil), 200)
	return id, code
}

// pow finds a proof-of-work token for a response, as the page does.
func pow(id, code string) string {
	for i := 0; ; i++ {
		if tok := fmt.Sprint(i); response.ValidToken(id, code, tok) {
			return tok
		}
	}
}

func submit(c *client, code, id string, answers map[string]any, final bool, extra map[string]any) reply {
	// A person takes a while: the page reports when it opened.
	body := map[string]any{"id": id, "survey_code": code, "answers": answers, "final": final, "token": pow(id, code),
		"started_at": time.Now().Add(-2 * time.Minute).UTC().Format(time.RFC3339)}
	for k, v := range extra {
		body[k] = v
	}
	return c.do("POST", "/api/v1/responses", toJSON(body), nil)
}

func respID() string { return "r-" + strings.ToLower(cem.NewID()) }

func TestRespondentFlow(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)
		sid, code := publishSurvey(t, adm, quotaSurvey, map[string]any{"validity": map[string]any{"min_seconds": 1, "require_token": true},
			"privacy": map[string]any{"collects": []string{"answers", "device"}, "purpose": "改进服务"}, "dedupe": map[string]any{"device": true},
			"resume": map[string]any{"enabled": true, "expiry_days": 7}, "mode": "paged"})
		r1 := newClient(t, srv)
		pub := mustOK(t, r1.do("GET", "/api/v1/public/surveys/"+code, "", nil), 200)
		if pub["version"].(float64) != 1 || !strings.Contains(toJSON(pub["settings"]), `"personal_info":true`) {
			t.Fatalf("public survey: %v", pub)
		}
		if r := newClient(t, srv).do("GET", "/api/v1/public/surveys/nope1234", "", nil); errCode(r) != "survey_not_open" {
			t.Fatalf("unknown code: %s", r.Body)
		}
		id := respID()
		consent := map[string]any{"consent": map[string]any{"given": true}, "params": map[string]string{"ch": "wechat", "store": "S001"}, "current_page": "p1"}
		if r := submit(r1, code, id, map[string]any{"gender": "f"}, false, nil); errCode(r) != "consent_required" {
			t.Fatalf("no consent: %d %s", r.Status, r.Body)
		}
		// Page save → resume token; resume gives the answers back.
		d := mustOK(t, submit(r1, code, id, map[string]any{"gender": "f"}, false, consent), 200)
		tok := d["resume_token"].(string)
		if d["status"] != "partial" || tok == "" {
			t.Fatalf("partial: %v", d)
		}
		res := mustOK(t, r1.do("GET", "/api/v1/responses/resume?token="+tok, "", nil), 200)
		if res["id"] != id || !strings.Contains(toJSON(res["answers"]), `"gender":"f"`) || res["current_page"] != "p1" {
			t.Fatalf("resume: %v", res)
		}
		// A final submit with a missing answer keeps the answers and names the question.
		if r := submit(r1, code, id, map[string]any{"gender": "f"}, true, consent); r.Status != 400 || errCode(r) != "answers_invalid" || !strings.Contains(r.Body, `"name":"why"`) {
			t.Fatalf("incomplete final: %d %s", r.Status, r.Body)
		}
		d = mustOK(t, submit(r1, code, id, map[string]any{"gender": "f", "why": "店员很热情"}, true, consent), 200)
		if d["status"] != "complete" {
			t.Fatalf("final: %v", d)
		}
		// A retry returns the first outcome; the resume token is spent.
		if d := mustOK(t, submit(r1, code, id, map[string]any{"gender": "m", "why": "x"}, true, consent), 200); d["status"] != "complete" {
			t.Fatalf("retry: %v", d)
		}
		if r := r1.do("GET", "/api/v1/responses/resume?token="+tok, "", nil); errCode(r) != "resume_expired" {
			t.Fatalf("resume after submit: %s", r.Body)
		}
		// The same browser (device cookie) answering again is kept but flagged.
		id2 := respID()
		d = mustOK(t, submit(r1, code, id2, map[string]any{"gender": "m", "why": "再来一次"}, true, consent), 200)
		// A robot: honeypot filled, no token.
		bot := newClient(t, srv)
		botID := respID()
		botBody := map[string]any{"id": botID, "survey_code": code, "answers": map[string]any{"gender": "m", "why": "asdfghjkl"}, "final": true,
			"website": "http://spam", "consent": map[string]any{"given": true}}
		mustOK(t, bot.do("POST", "/api/v1/responses", toJSON(botBody), nil), 200)

		list := adm.do("GET", "/api/v1/surveys/"+sid+"/responses", "", nil)
		byID := map[string]map[string]any{}
		for _, x := range list.JSON["data"].([]any) {
			m := x.(map[string]any)
			byID[m["id"].(string)] = m
		}
		first, dup, robot := byID[id], byID[id2], byID[botID]
		if first == nil || first["counted"] != true || first["channel"] != "wechat" || !strings.Contains(toJSON(first["params"]), `"store":"S001"`) {
			t.Fatalf("first response: %v", first)
		}
		if dup == nil || dup["duplicate"] != true || dup["counted"] != false {
			t.Fatalf("duplicate response: %v", dup)
		}
		if robot == nil || robot["counted"] != false || !strings.Contains(toJSON(robot["quality_flags"]), "honeypot") || !strings.Contains(toJSON(robot["quality_flags"]), "no_token") {
			t.Fatalf("robot response: %v", robot)
		}
		// A researcher restores the robot (audited), then exports.
		mustOK(t, adm.do("PATCH", "/api/v1/responses/"+botID, `{"validity":"valid"}`, nil), 200)
		if r := adm.do("GET", "/api/v1/responses/"+botID, "", nil); !strings.Contains(r.Body, `"counted":true`) {
			t.Fatalf("restored response: %s", r.Body)
		}
		exp := adm.do("GET", "/api/v1/surveys/"+sid+"/responses/export?format=csv", "", nil)
		if exp.Status != 200 || !strings.Contains(exp.Body, "店员很热情") || strings.Count(exp.Body, "\n") != 4 {
			t.Fatalf("export: %d %s", exp.Status, exp.Body)
		}
		if lab := adm.do("GET", "/api/v1/surveys/"+sid+"/responses/export?format=csv&labels=labels", "", nil); !strings.Contains(lab.Body, ",女,") {
			t.Fatalf("export with labels: %s", lab.Body)
		}
		if x := adm.do("GET", "/api/v1/surveys/"+sid+"/responses/export?format=xlsx", "", nil); x.Status != 200 || !strings.HasPrefix(x.Body, "PK") ||
			x.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("xlsx export: %d %s", x.Status, x.Header.Get("Content-Type"))
		} else {
			f, err := excelize.OpenReader(strings.NewReader(x.Body))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := f.GetRows("responses")
			if len(rows) != 4 || rows[0][0] != "id" || !strings.Contains(strings.Join(rows[1], ","), "店员很热情") {
				t.Fatalf("xlsx rows: %v", rows)
			}
		}
		if r := adm.do("GET", "/api/v1/surveys/"+sid+"/responses?from=yesterday", "", nil); errCode(r) != "invalid_query_parameter" || !strings.Contains(r.Body, `"name":"from"`) {
			t.Fatalf("bad from: %s", r.Body)
		}
		if r := adm.do("GET", "/api/v1/surveys/"+sid+"/responses?q=热情", "", nil); len(r.JSON["data"].([]any)) != 1 {
			t.Fatalf("search by answer text: %s", r.Body)
		}
		prog := mustOK(t, adm.do("GET", "/api/v1/surveys/"+sid+"/progress", "", nil), 200)
		if prog["counts"].(map[string]any)["complete"].(float64) != 3 || prog["counts"].(map[string]any)["counted"].(float64) != 2 {
			t.Fatalf("progress: %v", prog)
		}
		mustOK(t, r1.do("POST", "/api/v1/public/surveys/"+code+"/decline", "", nil), 204)
		mustOK(t, adm.do("DELETE", "/api/v1/responses/"+id2, "", nil), 204)
		if r := adm.do("GET", "/api/v1/responses/"+id2, "", nil); errCode(r) != "response_not_found" {
			t.Fatalf("deleted response readable: %s", r.Body)
		}
		// Closed surveys take no answers.
		mustOK(t, adm.do("POST", "/api/v1/surveys/"+sid+"/close", "", nil), 200)
		if r := submit(newClient(t, srv), code, respID(), map[string]any{"gender": "f"}, false, consent); errCode(r) != "survey_closed" {
			t.Fatalf("closed survey: %s", r.Body)
		}
	})
}

// TestQuotaUnderConcurrency: many submitters at once never over-fill a
// quota (clause 6.3.2e), on SQLite, PostgreSQL, and two servers sharing one
// PostgreSQL.
func TestQuotaUnderConcurrency(t *testing.T) {
	run := func(t *testing.T, servers []*Server) {
		adm := admin(t, servers[0])
		sid, code := publishSurvey(t, adm, quotaSurvey, map[string]any{"validity": map[string]any{"min_seconds": 1},
			"dedupe": map[string]any{"device": false}, "mode": "paged", "resume": map[string]any{"enabled": false},
			"privacy": map[string]any{"collects": []string{"answers"}},
			"quotas":  []map[string]any{{"id": "women", "name": "女性", "condition": "{gender} = 'f'", "limit": 10, "action": "end", "message": "名额已满"}}})
		const n = 40
		var wg sync.WaitGroup
		statuses := make(chan string, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				c := newClient(t, servers[i%len(servers)])
				c.http = &http.Client{}
				r := submit(c, code, respID(), map[string]any{"gender": "f", "why": "并发"}, true, nil)
				d, _ := r.JSON["data"].(map[string]any)
				statuses <- fmt.Sprint(d["status"])
			}(i)
		}
		wg.Wait()
		close(statuses)
		count := map[string]int{}
		for s := range statuses {
			count[s]++
		}
		if count["complete"] != 10 || count["quota_full"] != n-10 {
			t.Fatalf("outcomes %v: want 10 complete and %d quota_full", count, n-10)
		}
		prog := mustOK(t, adm.do("GET", "/api/v1/surveys/"+sid+"/progress", "", nil), 200)
		q := prog["quotas"].([]any)[0].(map[string]any)
		if q["count"].(float64) != 10 || prog["counts"].(map[string]any)["quota_full"].(float64) != n-10 {
			t.Fatalf("progress after the rush: %v", prog)
		}
		// Marking a counted response invalid gives its place back.
		list := adm.do("GET", "/api/v1/surveys/"+sid+"/responses?status=complete&limit=1", "", nil)
		rid := list.JSON["data"].([]any)[0].(map[string]any)["id"].(string)
		mustOK(t, adm.do("PATCH", "/api/v1/responses/"+rid, `{"validity":"invalid"}`, nil), 200)
		prog = mustOK(t, adm.do("GET", "/api/v1/surveys/"+sid+"/progress", "", nil), 200)
		if c := prog["quotas"].([]any)[0].(map[string]any)["count"].(float64); c != 9 {
			t.Fatalf("quota after invalidating one response: %v", c)
		}
	}
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		run(t, []*Server{StartTest(t, cfg)})
	})
	t.Run("two servers on one postgres", func(t *testing.T) {
		dsn := postgresDSN(t)
		var servers []*Server
		for i := 0; i < 2; i++ {
			cfg := config.Default()
			cfg.DB, cfg.DataDir = dsn, t.TempDir()
			servers = append(servers, StartTest(t, cfg))
		}
		run(t, servers)
	})
}

func TestPublicRegions(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	c := newClient(t, srv)
	if r := c.do("GET", "/api/v1/public/regions", "", nil); len(r.JSON["data"].([]any)) != 34 || !strings.Contains(r.Body, "浙江省") {
		t.Fatalf("provinces: %.300s", r.Body)
	}
	if r := c.do("GET", "/api/v1/public/regions/330100", "", nil); !strings.Contains(r.Body, `"name":"西湖区"`) {
		t.Fatalf("districts of Hangzhou: %.300s", r.Body)
	}
	if r := c.do("GET", "/api/v1/public/regions/999999", "", nil); r.Status != 200 || len(r.JSON["data"].([]any)) != 0 {
		t.Fatalf("unknown code: %d %s", r.Status, r.Body)
	}
}

// The respondent page gets the sanitised definition, never stored markup.
func TestPublicDefinitionIsSanitised(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	_, code := publishSurvey(t, adm, `{"format_version":1,"title":"t","pages":[{"id":"p1","questions":[
		{"id":"q1","type":"text","title":"<b>粗体</b><script>alert(1)</script><img src=x onerror=alert(1)>"}]}]}`, nil)
	r := newClient(t, srv).do("GET", "/api/v1/public/surveys/"+code, "", nil)
	if r.Status != 200 || strings.Contains(r.Body, "script") || strings.Contains(r.Body, "onerror") || !strings.Contains(r.Body, "粗体") {
		t.Fatalf("public definition: %s", r.Body)
	}
}
