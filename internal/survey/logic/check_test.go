package logic

import (
	"strings"
	"testing"
)

// surveyTypes is the TypeEnv of a small survey used by the checker tests.
var surveyTypes = TypeMap{
	"q1":           TypeCode,   // single choice
	"q1.text":      TypeString, // its label
	"q1.other":     TypeString,
	"q2":           TypeCodes, // multiple choice
	"q2.text":      TypeList,
	"q3":           TypeString, // open text
	"nps":          TypeNumber,
	"qd":           TypeDate,
	"q5.r1":        TypeCode, // matrix row
	"$param.ch":    TypeString,
	"$var.score":   TypeNumber,
	"$var.vip":     TypeBool,
	"$contact.age": TypeAny,
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src   string
		codes []string // expected diagnostic codes in order; nil = clean
		frag  string   // fragment of the first message
	}{
		{"{q1} = 'A' and {q2} anyof ['B', 'C']", nil, ""},
		{"{nps} >= 9 and {$param.ch} = 'store' or {$var.vip}", nil, ""},
		{"{q2} contains 'A' and count({q2}) >= 2", nil, ""},
		{"{q1} in ['A', 'B'] and selected({q2}, 'X')", nil, ""},
		{"{qd} < '2024-01-01' and age({qd}) >= 18", nil, ""},
		{"{q3} contains 'refund' and matches({q3}, '^[0-9]+$')", nil, ""},
		{"iif({nps} > 8, 'promoter', concat('x', {nps}))", nil, ""},
		{"sum({nps}, {$var.score}, {q2}) / 3 > round(avg(1, 2), 1)", nil, ""},
		{"{$contact.age} + 1 > 3 and {$contact.age} contains 'x'", nil, ""},
		{"{q9} = 1", []string{CodeUnknownRef}, "unknown reference {q9}"},
		{"{q1.other} = 'x' and {q2.other} = 'y'", []string{CodeUnknownRef}, "{q2.other}"},
		{"foo({q1})", []string{CodeUnknownFunction}, "foo()"},
		{"count({q1}, {q2})", []string{CodeArity}, "takes 1"},
		{"sum()", []string{CodeArity}, "at least 1"},
		{"round(1, 2, 3)", []string{CodeArity}, "1 or 2"},
		{"{q2} + 1", []string{CodeTypeMismatch}, "expects a number"},
		{"'a' + 'b'", []string{CodeTypeMismatch, CodeTypeMismatch}, "concat()"},
		{"{qd} = 'yesterday'", []string{CodeTypeMismatch}, "not a date"},
		{"{nps} = 'high'", []string{CodeTypeMismatch}, "not a number"},
		{"{nps} = '9'", nil, ""},
		{"{qd} > 5", []string{CodeTypeMismatch}, "never true"},
		{"{q2} = 'A'", []string{CodeTypeMismatch}, "use contains"},
		{"{$var.vip} = 'yes'", []string{CodeTypeMismatch}, "bool"},
		{"{$var.vip} > false", []string{CodeTypeMismatch}, "cannot order"},
		{"{nps} > null", []string{CodeTypeMismatch}, "isEmpty"},
		{"{q1} = null", nil, ""},
		{"{q1} contains 'A'", []string{CodeTypeMismatch}, "use = or anyof"},
		{"{q2} contains ['A']", []string{CodeTypeMismatch}, "allof or anyof"},
		{"{nps} contains 1", []string{CodeTypeMismatch}, "inside a list"},
		{"['A'] in {q2}", []string{CodeTypeMismatch}, "single value"},
		{"{nps} and true", []string{CodeTypeMismatch}, "true or false"},
		{"not {q3}", []string{CodeTypeMismatch}, "true or false"},
		{"{$var.vip} anyof [true]", []string{CodeTypeMismatch}, "sets"},
		{"len({nps})", []string{CodeTypeMismatch}, "argument 1 of len()"},
		{"upper({q2})", []string{CodeTypeMismatch}, "a text"},
		{"date('2024-02-30')", []string{CodeBadArgument}, "not a date"},
		{"datediff({qd}, today(), 'week')", []string{CodeBadArgument}, "unit"},
		{"matches({q3}, '(')", []string{CodeBadRegex}, "invalid pattern"},
		{"matches({q3}, '" + strings.Repeat("a", MaxPatternLen+1) + "')", []string{CodeBadRegex}, "longer"},
		{"round({nps}, 1.5)", []string{CodeBadArgument}, "digits"},
		{"round({nps}, -1)", []string{CodeBadArgument}, "digits"},
		{"round({nps}, {q2})", []string{CodeTypeMismatch}, "argument 2 of round()"},
		{"iif({q1}, 1, 2)", []string{CodeTypeMismatch}, "argument 1 of iif()"},
		{"sum(1, true)", []string{CodeTypeMismatch}, "argument 2 of sum()"},
		{"foo({q9} + [1])", []string{CodeUnknownFunction, CodeUnknownRef, CodeTypeMismatch}, "foo()"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		diags := Check(e, surveyTypes)
		var codes []string
		for _, d := range diags {
			codes = append(codes, d.Code)
		}
		if strings.Join(codes, ",") != strings.Join(tt.codes, ",") {
			t.Errorf("Check(%q) = %v, want codes %v", tt.src, diags, tt.codes)
			continue
		}
		if len(diags) > 0 && !strings.Contains(diags[0].Msg, tt.frag) {
			t.Errorf("Check(%q): message %q lacks %q", tt.src, diags[0].Msg, tt.frag)
		}
	}
}

func TestCheckWithoutTypes(t *testing.T) {
	t.Parallel()
	if d := Check(MustParse("{anything} = 1 and {$param.x} > 2"), nil); d != nil {
		t.Errorf("nil TypeEnv: got %v", d)
	}
}

func TestInferAndCheckCondition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src     string
		typ     Type
		condErr bool
	}{
		{"{q1}", TypeCode, true},
		{"{q1} = 'A'", TypeBool, false},
		{"{nps} + 1", TypeNumber, true},
		{"iif(true, {q1}, {q3})", TypeString, true},
		{"iif(true, null, {nps})", TypeNumber, true},
		{"iif(true, 1, 'a')", TypeAny, false},
		{"{$contact.age}", TypeAny, false},
		{"null", TypeNull, false},
		{"today()", TypeDate, true},
		{"[1]", TypeList, true},
		{"concat({q1})", TypeString, true},
		{"isEmpty({q2})", TypeBool, false},
	}
	for _, tt := range tests {
		e := MustParse(tt.src)
		typ, diags := Infer(e, surveyTypes)
		if typ != tt.typ || len(diags) != 0 {
			t.Errorf("Infer(%q) = %s %v, want %s", tt.src, typ, diags, tt.typ)
		}
		cd := CheckCondition(e, surveyTypes)
		if (len(cd) > 0) != tt.condErr {
			t.Errorf("CheckCondition(%q) = %v, want error %v", tt.src, cd, tt.condErr)
		}
	}
}

func TestParseType(t *testing.T) {
	t.Parallel()
	for i := range typeNames {
		typ := Type(i)
		got, err := ParseType(typ.String())
		if err != nil || got != typ {
			t.Errorf("ParseType(%q) = %v, %v", typ.String(), got, err)
		}
	}
	if _, err := ParseType("float"); err == nil {
		t.Error("ParseType accepted an unknown type")
	}
}

func TestCheckTemplate(t *testing.T) {
	t.Parallel()
	tmpl, err := ParseTemplate("You chose {q1.text}; NPS {nps}; {q9} and {$param.nope}")
	if err != nil {
		t.Fatal(err)
	}
	diags := CheckTemplate(tmpl, surveyTypes)
	if len(diags) != 2 || !strings.Contains(diags[0].Msg, "{q9}") || diags[0].Pos.Col != 33 {
		t.Errorf("CheckTemplate = %v", diags)
	}
}
