package org

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/opencem/opencem/internal/cem"
)

// Format is the file format of an import or export.
type Format string

// The supported file formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// ParseFormat returns the format named s ("csv" or "xlsx", any case).
// Errors: CodeUnknownFormat.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatCSV, FormatXLSX:
		return f, nil
	}
	return "", &cem.Error{Kind: cem.KindInvalid, Code: CodeUnknownFormat, Message: fmt.Sprintf("The format %q is not supported; use csv or xlsx.", s),
		Fields: []cem.FieldError{{Name: "format", Reason: "must be csv or xlsx"}}}
}

// ContentType is the media type of files in format f.
func (f Format) ContentType() string {
	if f == FormatXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Columns are the header of import and export files, in export order.
var Columns = []string{"code", "name", "parent_code"}

// columnAliases maps accepted header names (lower case) to columns, so a
// sheet with Chinese headers imports too.
var columnAliases = map[string]string{
	"code": "code", "编码": "code", "代码": "code",
	"name": "name", "名称": "name",
	"parent_code": "parent_code", "上级编码": "parent_code", "上级代码": "parent_code",
}

// MaxImportRows bounds the data rows of one import file.
const MaxImportRows = 20000

// maxReported bounds the row errors reported for one file.
const maxReported = 200

// row is one data row of an import file; line is its row number as a
// spreadsheet shows it (the header is row 1).
type row struct {
	line                   int
	code, name, parentCode string
}

// record is one row of cells as read from a file.
type record struct {
	line  int
	cells []string
}

const bom = "\ufeff"

// readFile parses an import file into rows, or returns every problem found
// in the file's shape (header, encoding, size) as an import error.
func readFile(format Format, data []byte) ([]row, error) {
	var recs []record
	var err error
	switch format {
	case FormatCSV:
		recs, err = readCSV(data)
	case FormatXLSX:
		recs, err = readXLSX(data)
	default:
		_, err = ParseFormat(string(format))
		return nil, err
	}
	if err != nil {
		return nil, importError(cem.FieldError{Name: "file", Reason: err.Error()})
	}
	if len(recs) == 0 {
		return nil, importError(cem.FieldError{Name: "row 1", Reason: "the header row code, name, parent_code is missing"})
	}
	cols, fields := headerColumns(recs[0].cells)
	if len(fields) > 0 {
		return nil, importError(fields...)
	}
	var rows []row
	for _, r := range recs[1:] {
		get := func(col string) string {
			if i := cols[col]; i < len(r.cells) {
				return unescapeCell(strings.TrimSpace(r.cells[i]))
			}
			return ""
		}
		x := row{line: r.line, code: get("code"), name: get("name"), parentCode: get("parent_code")}
		if x.code == "" && x.name == "" && x.parentCode == "" {
			continue // blank rows are common at the end of sheets
		}
		rows = append(rows, x)
	}
	switch {
	case len(rows) == 0:
		return nil, importError(cem.FieldError{Name: "file", Reason: "the file has no units below the header row"})
	case len(rows) > MaxImportRows:
		return nil, importError(cem.FieldError{Name: "file", Reason: fmt.Sprintf("the file has %d units; at most %d can be imported at once", len(rows), MaxImportRows)})
	}
	return rows, nil
}

// headerColumns maps each required column to its index in the header.
func headerColumns(cells []string) (map[string]int, []cem.FieldError) {
	cols := map[string]int{}
	var fields []cem.FieldError
	for i, c := range cells {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c, bom)))
		col, ok := columnAliases[name]
		if !ok {
			continue // extra columns are ignored
		}
		if _, dup := cols[col]; dup {
			fields = append(fields, cem.FieldError{Name: "row 1", Reason: fmt.Sprintf("column %s appears twice", col)})
		}
		cols[col] = i
	}
	for _, col := range Columns {
		if _, ok := cols[col]; !ok {
			fields = append(fields, cem.FieldError{Name: "row 1", Reason: fmt.Sprintf("the header lacks the column %s (the header must name code, name and parent_code)", col)})
		}
	}
	return cols, fields
}

func importError(fields ...cem.FieldError) error {
	if len(fields) > maxReported {
		more := len(fields) - maxReported
		fields = append(fields[:maxReported:maxReported], cem.FieldError{Name: "file", Reason: fmt.Sprintf("and %d more errors", more)})
	}
	return &cem.Error{Kind: cem.KindInvalid, Code: CodeImportInvalid, Message: "The file has errors; nothing was imported.", Fields: fields}
}

func readCSV(data []byte) ([]record, error) {
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		return nil, errors.New("the file is not UTF-8 text; save it as \"CSV UTF-8\"")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out []record
	for {
		cells, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("row %d is not valid CSV: %v", pe.StartLine, pe.Err)
			}
			return nil, err
		}
		line, _ := r.FieldPos(0)
		out = append(out, record{line: line, cells: cells})
		if len(out) > MaxImportRows+1 {
			return nil, fmt.Errorf("the file has more than %d rows", MaxImportRows)
		}
	}
}

// xlsxLimits bound what a small XLSX may unpack to (zip bombs).
var xlsxLimits = excelize.Options{UnzipSizeLimit: 256 << 20, UnzipXMLSizeLimit: 64 << 20}

func readXLSX(data []byte) ([]record, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), xlsxLimits)
	if err != nil {
		return nil, errors.New("the file is not a readable XLSX workbook")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("the workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, errors.New("the first sheet of the workbook cannot be read")
	}
	defer rows.Close()
	var out []record
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("row %d cannot be read", n)
		}
		if len(cells) > 0 {
			out = append(out, record{line: n, cells: cells})
		} else if len(out) == 0 {
			continue // leading empty rows before the header
		}
		if len(out) > MaxImportRows+1 {
			return nil, fmt.Errorf("the sheet has more than %d rows", MaxImportRows)
		}
	}
	if err := rows.Error(); err != nil {
		return nil, errors.New("the first sheet of the workbook cannot be read")
	}
	return out, nil
}

// Spreadsheet programs run a CSV cell that starts with one of these as a
// formula. Export prefixes such cells with an apostrophe (which spreadsheets
// hide) and import strips it again, so round trips are exact.
const formulaStarts = "=+-@\t\r"

func escapeCell(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

func unescapeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// Export is the caller's part of the tree, ready to be written as a file.
// Rows are ordered by path, so parents precede children; parent_code is
// empty for top-level units and for units whose parent the caller cannot
// see, which is also how Import reads such rows back.
type Export struct {
	Format Format
	Units  []*Unit
	At     time.Time
}

// ContentType is the media type of the file.
func (e *Export) ContentType() string { return e.Format.ContentType() }

// Filename is a suggested name for the file, e.g. org-units-20260304.csv.
func (e *Export) Filename() string {
	return "org-units-" + e.At.Format("20060102") + "." + string(e.Format)
}

// Write writes the file to w, row by row.
func (e *Export) Write(w io.Writer) error {
	if e.Format == FormatXLSX {
		return e.writeXLSX(w)
	}
	return e.writeCSV(w)
}

// writeCSV writes UTF-8 with a byte order mark, which spreadsheet programs
// need to read Chinese text correctly.
func (e *Export) writeCSV(w io.Writer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, u := range e.Units {
		if err := cw.Write([]string{escapeCell(u.Code), escapeCell(u.Name), escapeCell(u.ParentCode)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (e *Export) writeXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "org_units"
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 3, 24); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{Columns[0], Columns[1], Columns[2]}); err != nil {
		return err
	}
	for i, u := range e.Units {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{u.Code, u.Name, u.ParentCode}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
