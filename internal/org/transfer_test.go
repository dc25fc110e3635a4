package org_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/org"
)

// threeLevels is a tree whose children come before their parents.
var threeLevels = [][]string{
	{"parent_code", "code", "name"}, // columns in any order
	{"BJ", "BJ-001", "北京朝阳店"},
	{"BJ", "BJ-002", "北京海淀店"},
	{"HQ", "BJ", "北京大区"},
	{"", "HQ", "总部"},
	{"HQ", "SH", "上海大区"},
	{"SH", "SH-001", "=上海徐汇店"}, // looks like a formula
}

var threeLevelsShape = []string{
	"HQ<:总部", "BJ<HQ:北京大区", "BJ-001<BJ:北京朝阳店", "BJ-002<BJ:北京海淀店", "SH<HQ:上海大区", "SH-001<SH:=上海徐汇店",
}

func csvOf(rows [][]string) []byte {
	var b strings.Builder
	b.WriteString("\ufeff")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\r\n")
	}
	return []byte(b.String())
}

func xlsxOf(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImportThreeLevels(t *testing.T) {
	files := map[org.Format]func(t *testing.T, rows [][]string) []byte{
		org.FormatCSV:  func(_ *testing.T, rows [][]string) []byte { return csvOf(rows) },
		org.FormatXLSX: xlsxOf,
	}
	for format, file := range files {
		t.Run(string(format), func(t *testing.T) {
			eachDB(t, func(t *testing.T, e *env) {
				admin := e.admin()
				res, err := e.svc.Import(admin, format, file(t, threeLevels), false)
				if err != nil {
					t.Fatal(err)
				}
				if *res != (org.ImportResult{Created: 6}) {
					t.Fatalf("result: %+v", res)
				}
				if got := e.shape(); !equal(got, threeLevelsShape) {
					t.Fatalf("tree:\n%v\nwant\n%v", got, threeLevelsShape)
				}
				if d := e.unit("BJ-001").Depth; d != 2 {
					t.Fatalf("BJ-001 depth %d", d)
				}
				if ev := e.rec.last(); ev.Action != "org_unit.import" || len(ev.After.(map[string]any)["created"].([]string)) != 6 {
					t.Fatalf("import event: %+v", ev)
				}

				// Again, renaming one store and moving BJ-002 under SH: the
				// rest is unchanged.
				again := append([][]string(nil), threeLevels...)
				again[1] = []string{"BJ", "BJ-001", "北京朝阳门店"}
				again[2] = []string{"SH", "BJ-002", "北京海淀店"}
				res, err = e.svc.Import(admin, format, file(t, again), false)
				if err != nil {
					t.Fatal(err)
				}
				if *res != (org.ImportResult{Updated: 1, Moved: 1, Unchanged: 4}) {
					t.Fatalf("second import: %+v", res)
				}
				if u := e.unit("BJ-002"); u.ParentCode != "SH" || e.unit("BJ-001").Name != "北京朝阳门店" {
					t.Fatalf("after the second import: %+v", u)
				}
			})
		})
	}
}

func TestImportReportsEveryRow(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		admin := e.admin()
		before := e.shape()
		rows := [][]string{
			{"code", "name", "parent_code"},
			{"NEW-1", "新店", "NOPE"},         // row 2: unknown parent
			{"bad code", "x", "HQ"},         // row 3: invalid code
			{"NEW-2", "", "HQ"},             // row 4: no name
			{"NEW-1", "again", "HQ"},        // row 5: repeated code
			{"NORTH", "华北", "N-S1"},         // row 6: cycle through the existing tree
			{"A", "a", "B"},                 // row 7: cycle in the file
			{"B", "b", "A"},                 // row 8
			{"SELF", "self", "SELF"},        // row 9
			{"CHILD", "of bad", "bad code"}, // row 10: parent refused on its own; not repeated
		}
		_, err := e.svc.Import(admin, org.FormatCSV, csvOf(rows), false)
		wantCode(t, "import", err, org.CodeImportInvalid)
		got := map[string]string{}
		for _, f := range cem.AsError(err).Fields {
			got[f.Name] += f.Reason
		}
		want := map[string]string{
			"row 2": "parent_code NOPE not found",
			"row 3": "code must be",
			"row 4": "name required",
			"row 5": "code NEW-1 repeats row 2",
			"row 6": "parent_code N-S1 would make a cycle (NORTH → N-S1 → NORTH)",
			"row 7": "parent_code B would make a cycle (A → B → A)",
			"row 8": "parent_code A would make a cycle (A → B → A)",
			"row 9": "is the unit itself",
		}
		for row, reason := range want {
			if !strings.Contains(got[row], reason) {
				t.Errorf("%s: got %q, want %q", row, got[row], reason)
			}
		}
		if len(got) != len(want) || got["row 10"] != "" {
			t.Errorf("errors: %v", got)
		}
		if f := cem.AsError(err).Fields; f[0].Name != "row 2" || f[len(f)-1].Name != "row 9" {
			t.Errorf("errors are not in row order: %v", f)
		}
		if !equal(e.shape(), before) {
			t.Fatal("a refused import changed the tree")
		}

		for name, data := range map[string]string{
			"no header":       "NEW,x,HQ\n",
			"missing column":  "code,name\nNEW,x\n",
			"empty":           "",
			"only the header": "code,name,parent_code\n",
			"not UTF-8":       "code,name,parent_code\nNEW,\xb1\xb1\xbe\xa9,HQ\n",
			"broken quotes":   "code,name,parent_code\n\"NEW,x,HQ\n",
		} {
			_, err := e.svc.Import(admin, org.FormatCSV, []byte(data), false)
			wantCode(t, name, err, org.CodeImportInvalid)
		}
		_, err = e.svc.Import(admin, org.FormatXLSX, []byte("PK not really"), false)
		wantCode(t, "not a workbook", err, org.CodeImportInvalid)
		_, err = e.svc.Import(admin, "sav", []byte("x"), false)
		wantCode(t, "unknown format", err, org.CodeUnknownFormat)
	})
}

// A region user may re-import its own export, and may not reach outside.
func TestImportInScope(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		region := e.as(manage, "NORTH")
		var b bytes.Buffer
		ex, err := e.svc.Export(region, org.FormatCSV)
		if err != nil {
			t.Fatal(err)
		}
		if err := ex.Write(&b); err != nil {
			t.Fatal(err)
		}
		res, err := e.svc.Import(region, org.FormatCSV, b.Bytes(), false)
		if err != nil || *res != (org.ImportResult{Unchanged: 3}) {
			t.Fatalf("re-import: %+v %v", res, err)
		}
		rows := [][]string{
			{"code", "name", "parent_code"},
			{"S-S1", "taken over", "NORTH"}, // row 2: someone else's unit
			{"N-NEW", "new", "SOUTH"},       // row 3: parent outside
			{"N-TOP", "new", ""},            // row 4: top level
			{"N-S1", "moved up", ""},        // row 5: to the top level
		}
		_, err = e.svc.Import(region, org.FormatCSV, csvOf(rows), false)
		wantCode(t, "import outside the scope", err, org.CodeImportInvalid)
		fields := cem.AsError(err).Fields
		if len(fields) != 4 || !strings.Contains(fields[0].Reason, "already used") || !strings.Contains(fields[1].Reason, "SOUTH not found") ||
			!strings.Contains(fields[2].Reason, "required") || !strings.Contains(fields[3].Reason, "required") {
			t.Fatalf("fields: %+v", fields)
		}
		res, err = e.svc.Import(region, org.FormatCSV, csvOf([][]string{{"code", "name", "parent_code"}, {"N-S3", "三号店", "NORTH"}}), false)
		if err != nil || res.Created != 1 || e.unit("N-S3").ParentCode != "NORTH" {
			t.Fatalf("import inside the scope: %+v %v", res, err)
		}
	})
}

// Export writes parents before children, and a fresh database importing
// the file gets the same tree, in both formats.
func TestExportRoundTrip(t *testing.T) {
	for _, format := range []org.Format{org.FormatCSV, org.FormatXLSX} {
		t.Run(string(format), func(t *testing.T) {
			eachDB(t, func(t *testing.T, e *env) {
				if _, err := e.svc.Import(e.admin(), org.FormatCSV, csvOf(threeLevels), false); err != nil {
					t.Fatal(err)
				}
				e.create("HQ2", "") // a second root
				e.create("GZ", "HQ2")
				want := e.shape()
				ex, err := e.svc.Export(e.admin(), format)
				if err != nil {
					t.Fatal(err)
				}
				if ex.Filename() != "org-units-20260304."+string(format) || !strings.Contains(ex.ContentType(), map[org.Format]string{"csv": "text/csv", "xlsx": "spreadsheetml"}[format]) {
					t.Fatalf("file: %s %s", ex.Filename(), ex.ContentType())
				}
				var b bytes.Buffer
				if err := ex.Write(&b); err != nil {
					t.Fatal(err)
				}
				if format == org.FormatCSV && !strings.Contains(b.String(), "SH-001,'=上海徐汇店,SH") {
					t.Fatalf("a formula-like name is not neutralised:\n%s", b.String())
				}
				if ev := e.rec.last(); ev.Action != "org_unit.export" {
					t.Fatalf("export not audited: %+v", ev)
				}
				res, err := e.svc.Import(e.admin(), format, b.Bytes(), false)
				if err != nil || *res != (org.ImportResult{Unchanged: 8}) {
					t.Fatalf("re-import into the same tree: %+v %v", res, err)
				}
				fresh := newEnv(t, freshDB(t, e))
				res, err = fresh.svc.Import(fresh.admin(), format, b.Bytes(), false)
				if err != nil || res.Created != 8 {
					t.Fatalf("import into a fresh database: %+v %v", res, err)
				}
				if got := fresh.shape(); !equal(got, want) {
					t.Fatalf("round trip:\n%v\nwant\n%v", got, want)
				}
			})
		})
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]org.Format{"csv": org.FormatCSV, " XLSX": org.FormatXLSX} {
		if got, err := org.ParseFormat(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := org.ParseFormat("xls"); cem.CodeOf(err) != org.CodeUnknownFormat {
		t.Errorf("xls: %v", err)
	}
}

// A dry run reports what an import would do and changes nothing.
func TestImportDryRun(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		before := e.shape()
		res, err := e.svc.Import(e.admin(), org.FormatCSV, csvOf(threeLevels), true)
		if err != nil {
			t.Fatal(err)
		}
		if !res.DryRun || res.Created == 0 {
			t.Fatalf("dry run result: %+v", res)
		}
		if after := e.shape(); len(after) != len(before) {
			t.Fatalf("dry run changed the tree: %v → %v", before, after)
		}
	})
}
