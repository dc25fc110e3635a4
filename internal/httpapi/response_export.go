package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/survey"
	"github.com/xuri/excelize/v2"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// rowSink receives the rows of an export, header first.
type rowSink interface{ row([]string) error }

type csvSink struct{ w *csv.Writer }

func (s csvSink) row(r []string) error { return s.w.Write(r) }

// writeCSV streams rows as UTF-8 CSV with a byte order mark, so that
// spreadsheets show Chinese correctly.
func writeCSV(w io.Writer, rows func(rowSink) error) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	err := rows(csvSink{cw})
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}

type xlsxSink struct {
	sw *excelize.StreamWriter
	n  int
}

func (s *xlsxSink) row(r []string) error {
	s.n++
	cell, _ := excelize.CoordinatesToCellName(1, s.n)
	vals := make([]any, len(r))
	for i, v := range r {
		vals[i] = v
	}
	return s.sw.SetRow(cell, vals)
}

// writeXLSX streams rows into one sheet; excelize spills rows to a
// temporary file, so memory stays flat.
func writeXLSX(w io.Writer, rows func(rowSink) error) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "responses"
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := rows(&xlsxSink{sw: sw}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// exporter turns responses into rows: fixed columns, then one per question.
type exporter struct {
	questions []string
	labels    map[string]map[string]string // question → option code → label; nil for codes
}

func newExporter(sv *survey.Survey, withLabels bool) *exporter {
	x := &exporter{}
	def, _, err := survey.Load(sv.Draft, survey.CheckOptions{})
	if err != nil {
		return x
	}
	if withLabels {
		x.labels = map[string]map[string]string{}
	}
	loc := def.Locale()
	for _, p := range def.Pages {
		for _, q := range p.Questions {
			if q.Type == survey.TypeDescription {
				continue
			}
			x.questions = append(x.questions, q.ID)
			if x.labels != nil && len(q.Options) > 0 {
				m := map[string]string{}
				for _, o := range q.Options {
					m[o.Code] = o.Label.Resolve(loc, loc, def.Locales)
				}
				x.labels[q.ID] = m
			}
		}
	}
	return x
}

func (x *exporter) header() []string {
	return append([]string{"id", "status", "counted", "quality_score", "quality_flags", "channel", "version", "started_at", "submitted_at"}, x.questions...)
}

func (x *exporter) row(r *response.Response) []string {
	var answers map[string]json.RawMessage
	_ = json.Unmarshal(r.Answers, &answers)
	flags, _ := json.Marshal(nonNil(r.QualityFlags))
	submitted := ""
	if !r.SubmittedAt.IsZero() {
		submitted = r.SubmittedAt.Format(time.RFC3339)
	}
	row := []string{r.ID, r.Status, strconv.FormatBool(r.Counted), strconv.Itoa(r.QualityScore), string(flags), r.Channel,
		strconv.Itoa(r.Version), r.StartedAt.Format(time.RFC3339), submitted}
	for _, q := range x.questions {
		row = append(row, spreadsheetSafe(x.cell(q, answers[q])))
	}
	return row
}

// cell writes one answer: text as is, option codes (or labels), structured
// answers as compact JSON.
func (x *exporter) cell(q string, raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	label := func(code string) string {
		if l, ok := x.labels[q][code]; ok && l != "" {
			return l
		}
		return code
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return label(s)
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		for i, c := range list {
			list[i] = label(c)
		}
		return strings.Join(list, "、")
	}
	var other struct {
		Value json.RawMessage `json:"value"`
		Other string          `json:"other"`
	}
	if json.Unmarshal(raw, &other) == nil && len(other.Value) > 0 {
		return x.cell(q, other.Value) + "（" + other.Other + "）"
	}
	return string(raw)
}

// spreadsheetSafe stops a spreadsheet from running a cell as a formula.
func spreadsheetSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}
