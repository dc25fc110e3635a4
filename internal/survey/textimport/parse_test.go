package textimport

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/survey"
)

// summary is a question reduced to what the import decides.
type summary struct {
	ID, Type, Title string
	Required        bool
	Extra           string   // input, scale, matrix, points, labels
	Options         []string // "code:label" plus "+other", "+exclusive"
	Rows            []string
}

func summarise(t *testing.T, d *survey.Definition) ([]string, []summary) {
	t.Helper()
	var pages []string
	var out []summary
	loc := d.Locale()
	for _, p := range d.Pages {
		var ids []string
		for _, q := range p.Questions {
			ids = append(ids, q.ID)
			s := summary{ID: q.ID, Type: q.Type, Title: q.Title[loc], Required: q.Required}
			var extra []string
			for k, v := range map[string]string{"input": q.Input, "scale": q.Scale, "matrix": q.Matrix, "mode": q.DateMode,
				"min": q.MinLabel[loc], "max": q.MaxLabel[loc], "desc": q.Description[loc]} {
				if v != "" {
					extra = append(extra, k+"="+v)
				}
			}
			if q.Points != 0 {
				extra = append(extra, fmt.Sprintf("points=%d", q.Points))
			}
			if q.Start != nil {
				extra = append(extra, fmt.Sprintf("start=%d", *q.Start))
			}
			sortStrings(extra)
			s.Extra = strings.Join(extra, " ")
			for _, o := range append(append([]*survey.Option{}, q.Options...), q.Columns...) {
				x := o.Code + ":" + o.Label[loc]
				if o.Other {
					x += "+other"
				}
				if o.Exclusive {
					x += "+exclusive"
				}
				s.Options = append(s.Options, x)
			}
			for _, r := range q.Rows {
				s.Rows = append(s.Rows, r.ID+":"+r.Label[loc])
			}
			out = append(out, s)
		}
		pages = append(pages, p.ID+"="+strings.Join(ids, ","))
	}
	return pages, out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// mustPass asserts the engine accepts the definition as JSON (issue #6:
// the result passes survey.Parse and Check).
func mustPass(t *testing.T, d *survey.Definition) {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := survey.Parse(b)
	if err != nil {
		t.Fatalf("survey.Parse refuses the import: %v\n%s", err, b)
	}
	if rep := survey.Check(parsed, survey.CheckOptions{}); len(rep.Errors) > 0 {
		t.Fatalf("Check errors: %v", rep.Errors)
	}
}

// The paste of issue #6 "Done when": ten questions as a 问卷星 user writes
// them, with title, description, page break, numbering styles, markers and
// option flags; every question and option is asserted.
const tenQuestions = `门店满意度调查
感谢您抽出时间参与！

1. 您的性别 [单选题]
A. 男
B. 女

2、您通常在哪些时段光顾？（多选）
A、早餐
B、午餐
C、晚餐
D、都不固定 [互斥]
E、其他____

Q3. 您的姓名 [填空题]（选填）

（4）请为本次服务打分 [量表题]
非常不满意
非常满意

=== 分页 ===

*5. 您向朋友推荐本店的可能性有多大？ [NPS]

6. 请评价以下方面 [矩阵单选题]
环境
口味
---
满意
一般
不满意

7. 您最近一次到店的日期 [日期]
8. 您所在的城市 [城市] [选填]

9. 请按重要性排序 [排序题]
- 价格
- 口味
- 服务

10. 还有什么建议？ [简答题]
`

func TestTenQuestionPaste(t *testing.T) {
	d, warns := Parse(tenQuestions, "zh-CN")
	if d == nil {
		t.Fatalf("no definition; warnings %v", warns)
	}
	mustPass(t, d)
	if d.Title["zh-CN"] != "门店满意度调查" || d.Description["zh-CN"] != "感谢您抽出时间参与！" {
		t.Errorf("title %v description %v", d.Title, d.Description)
	}
	pages, qs := summarise(t, d)
	wantPages := []string{"p1=q1,q2,q3,q4", "p2=q5,q6,q7,q8,q9,q10"}
	if !reflect.DeepEqual(pages, wantPages) {
		t.Errorf("pages %v, want %v", pages, wantPages)
	}
	want := []summary{
		{ID: "q1", Type: "single", Title: "您的性别", Required: true, Options: []string{"1:男", "2:女"}},
		{ID: "q2", Type: "multiple", Title: "您通常在哪些时段光顾？（多选）", Required: true,
			Options: []string{"1:早餐", "2:午餐", "3:晚餐", "4:都不固定+exclusive", "5:其他+other"}},
		{ID: "q3", Type: "text", Title: "您的姓名"},
		{ID: "q4", Type: "rating", Title: "请为本次服务打分", Required: true, Extra: "max=非常满意 min=非常不满意"},
		{ID: "q5", Type: "rating", Title: "您向朋友推荐本店的可能性有多大？", Required: true, Extra: "scale=nps"},
		{ID: "q6", Type: "matrix", Title: "请评价以下方面", Required: true,
			Options: []string{"1:满意", "2:一般", "3:不满意"}, Rows: []string{"r1:环境", "r2:口味"}},
		{ID: "q7", Type: "date", Title: "您最近一次到店的日期", Required: true},
		{ID: "q8", Type: "city", Title: "您所在的城市"},
		{ID: "q9", Type: "ranking", Title: "请按重要性排序", Required: true, Options: []string{"1:价格", "2:口味", "3:服务"}},
		{ID: "q10", Type: "text", Title: "还有什么建议？", Required: true, Extra: "input=multiline"},
	}
	if len(qs) != len(want) {
		t.Fatalf("%d questions, want %d: %+v", len(qs), len(want), qs)
	}
	for i := range want {
		if !reflect.DeepEqual(qs[i], want[i]) {
			t.Errorf("question %d:\n got %+v\nwant %+v", i+1, qs[i], want[i])
		}
	}
	// q8 follows q7 without a blank line: split, with a warning on its line.
	if !reflect.DeepEqual(warns, []Warning{{Line: 34, Reason: "a new question starts here without a blank line before it"}}) {
		t.Errorf("warnings %v", warns)
	}
}

// Every type marker, Chinese and English, gives its type and variant.
func TestMarkers(t *testing.T) {
	cases := []struct {
		marker, body string
		want         summary
	}{
		{"单选题", "甲\n乙", summary{Type: "single", Options: []string{"1:甲", "2:乙"}}},
		{"single", "甲\n乙", summary{Type: "single", Options: []string{"1:甲", "2:乙"}}},
		{"多选题", "甲\n乙", summary{Type: "multiple", Options: []string{"1:甲", "2:乙"}}},
		{"multiple", "甲\n乙 [exclusive]", summary{Type: "multiple", Options: []string{"1:甲", "2:乙+exclusive"}}},
		{"填空题", "", summary{Type: "text"}},
		{"text", "", summary{Type: "text"}},
		{"多行填空", "", summary{Type: "text", Extra: "input=multiline"}},
		{"简答题", "", summary{Type: "text", Extra: "input=multiline"}},
		{"问答题", "", summary{Type: "text", Extra: "input=multiline"}},
		{"multiline", "", summary{Type: "text", Extra: "input=multiline"}},
		{"下拉题", "甲\n乙\n丙 [其他]", summary{Type: "dropdown", Options: []string{"1:甲", "2:乙", "3:丙+other"}}},
		{"dropdown", "甲\n乙", summary{Type: "dropdown", Options: []string{"1:甲", "2:乙"}}},
		{"排序题", "甲\n乙", summary{Type: "ranking", Options: []string{"1:甲", "2:乙"}}},
		{"ranking", "甲\n乙", summary{Type: "ranking", Options: []string{"1:甲", "2:乙"}}},
		{"量表题", "", summary{Type: "rating"}},
		{"rating", "0\n1\n2\n3\n4\n5\n6", summary{Type: "rating", Extra: "points=7 start=0"}},
		{"量表题", "1分\n2分\n3分", summary{Type: "rating", Extra: "points=3"}},
		{"量表题", "很差\n较差\n一般\n较好\n很好", summary{Type: "rating", Extra: "max=很好 min=很差 points=5"}},
		{"NPS", "不可能\n极有可能", summary{Type: "rating", Extra: "max=极有可能 min=不可能 scale=nps"}},
		{"nps", "", summary{Type: "rating", Extra: "scale=nps"}},
		{"矩阵单选题", "行一\n行二\n---\n是\n否", summary{Type: "matrix", Options: []string{"1:是", "2:否"}, Rows: []string{"r1:行一", "r2:行二"}}},
		{"matrix", "行一\n---\n是\n否", summary{Type: "matrix", Options: []string{"1:是", "2:否"}, Rows: []string{"r1:行一"}}},
		{"矩阵多选题", "行一\n---\n是\n都不 [互斥]", summary{Type: "matrix", Extra: "matrix=multiple", Options: []string{"1:是", "2:都不+exclusive"}, Rows: []string{"r1:行一"}}},
		{"矩阵量表题", "行一\n行二\n---\n差\n好", summary{Type: "matrix", Extra: "matrix=rating max=好 min=差", Rows: []string{"r1:行一", "r2:行二"}}},
		{"日期", "", summary{Type: "date"}},
		{"date", "", summary{Type: "date"}},
		{"time", "", summary{Type: "date", Extra: "mode=time"}},
		{"城市", "", summary{Type: "city"}},
		{"city", "", summary{Type: "city"}},
		{"段落说明", "第一行\n第二行", summary{Type: "description", Extra: "desc=第一行\n第二行"}},
		{"description", "", summary{Type: "description"}},
		{"slider", "", summary{Type: "slider"}},
		{"邮箱", "", summary{Type: "text", Extra: "input=email"}},
		{"phone", "", summary{Type: "text", Extra: "input=phone"}},
		{"数字", "", summary{Type: "text", Extra: "input=number"}},
		{"星级", "", summary{Type: "rating", Extra: "scale=star"}},
	}
	for _, c := range cases {
		t.Run(c.marker, func(t *testing.T) {
			src := "1. 题目 [" + c.marker + "]"
			if c.body != "" {
				src += "\n" + c.body
			}
			d, w := Parse(src, "")
			if d == nil {
				t.Fatalf("nil definition: %v", w)
			}
			mustPass(t, d)
			_, qs := summarise(t, d)
			got := qs[0]
			got.ID, got.Title, got.Required = "", "", false
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v\nwant %+v (warnings %v)", got, c.want, w)
			}
		})
	}
}

func TestRequiredRules(t *testing.T) {
	cases := map[string]bool{
		"1. 标题":            true, // required by default, like 问卷星
		"1. 标题（选填）":        false,
		"1. 标题 (optional)": false,
		"1. 标题 [选填]":       false,
		"*1. 标题（选填）":       false,
		"1. 标题（必答）":        true,
		"1. 标题 *":          true,
		"1. 标题 [说明]":       false, // a description is never required
	}
	for src, want := range cases {
		d, _ := Parse(src, "")
		if q := d.Pages[0].Questions[0]; q.Required != want || strings.ContainsAny(q.Title["zh-CN"], "（(*[") {
			t.Errorf("%q: required %v title %q, want required %v", src, q.Required, q.Title["zh-CN"], want)
		}
	}
}

func TestDefaultsAndWarnings(t *testing.T) {
	// No title paragraph; no markers: options → single, none → text;
	// English locale; braces and HTML show as written.
	d, w := Parse("Your name? [text]\n\nPick one {x} <b>\na) Yes\nb) No\n\n---page---\n\nWhy?", "en")
	mustPass(t, d)
	pages, qs := summarise(t, d)
	if !reflect.DeepEqual(pages, []string{"p1=q1,q2", "p2=q3"}) || d.Title["en"] != "Imported survey" {
		t.Fatalf("pages %v title %v", pages, d.Title)
	}
	if qs[0].Type != "text" || qs[1].Type != "single" || qs[2].Type != "text" || !reflect.DeepEqual(qs[1].Options, []string{"1:Yes", "2:No"}) {
		t.Errorf("%+v", qs)
	}
	if qs[1].Title != "Pick one {{x}} &lt;b&gt;" {
		t.Errorf("title %q", qs[1].Title)
	}
	r := survey.Evaluate(d, survey.Input{})
	if got := r.Texts["q2"]["en"]; got != "Pick one {x} &lt;b&gt;" {
		t.Errorf("rendered title %q", got)
	}
	if len(w) != 0 {
		t.Errorf("warnings %v", w)
	}
	// A choice marker without options, an unknown marker, a bad locale.
	d, w = Parse("1. 题 [多选题]\n\n2. 题 [奇怪]\n甲", "ZH")
	mustPass(t, d)
	_, qs = summarise(t, d)
	if qs[0].Type != "text" || qs[1].Type != "single" || qs[1].Title != "题 [奇怪]" || d.DefaultLocale != "zh-CN" {
		t.Errorf("%+v %s", qs, d.DefaultLocale)
	}
	wantLines := []int{0, 1, 3}
	if len(w) != 3 {
		t.Fatalf("warnings %v", w)
	}
	for i, l := range wantLines {
		if w[i].Line != l {
			t.Errorf("warning %d at line %d, want %d: %v", i, w[i].Line, l, w)
		}
	}
	// Nothing but blank lines: no definition.
	if d, _ := Parse(" \n\n=== page ===\n", ""); d != nil {
		t.Errorf("definition from empty text")
	}
}

func TestLimits(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 450; i++ {
		fmt.Fprintf(&b, "%d. 问题\n\n", i+1)
	}
	b.WriteString("501. 选项很多\n")
	for i := 0; i < 600; i++ {
		fmt.Fprintf(&b, "选项%d\n", i)
	}
	d, w := Parse(b.String(), "")
	mustPass(t, d)
	if len(d.Pages) != 3 || len(d.Pages[0].Questions) != survey.MaxQuestions || len(d.Pages[2].Questions[50].Options) != survey.MaxOptions {
		t.Errorf("pages %d", len(d.Pages))
	}
	if len(w) != 3 {
		t.Errorf("warnings %v", w)
	}
}

func TestOptionalWins(t *testing.T) {
	for _, src := range []string{"1. 标题 [必答] [选填]", "1. 标题 [选填] [必答]", "*1. 标题 (optional) *"} {
		d, _ := Parse(src, "")
		if q := d.Pages[0].Questions[0]; q.Required || q.Title["zh-CN"] != "标题" {
			t.Errorf("%q: required %v title %q", src, q.Required, q.Title["zh-CN"])
		}
	}
}

// The imported survey is answerable: the logic test completes every run
// and reaches every question.
func TestImportedSurveySimulates(t *testing.T) {
	d, _ := Parse(tenQuestions, "zh-CN")
	rep := survey.Simulate(d, survey.SimulateOptions{Runs: 50, Seed: 1})
	if rep.Completed != 50 || rep.Stuck != 0 || len(rep.UnreachedQuestions) != 0 || len(rep.Problems) != 0 {
		t.Errorf("%+v", rep)
	}
}
