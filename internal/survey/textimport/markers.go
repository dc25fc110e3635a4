package textimport

import (
	"regexp"
	"strings"
)

// kind is what a type marker asks for: a question type plus the settings
// that distinguish variants of it (text input, rating scale, matrix kind).
type kind struct {
	typ    string // survey question type
	input  string // text: multiline, number, email, phone
	scale  string // rating: star, nps
	matrix string // matrix: single, multiple, rating
	mode   string // date: time, datetime
}

// typeMarkers maps a bracketed marker (lower-cased, spaces removed) to the
// question kind it sets. Chinese names follow 问卷星's question-type names;
// the English ones are the engine's type names.
var typeMarkers = map[string]kind{
	"单选题": {typ: "single"}, "单选": {typ: "single"}, "single": {typ: "single"},
	"多选题": {typ: "multiple"}, "多选": {typ: "multiple"}, "multiple": {typ: "multiple"},
	"填空题": {typ: "text"}, "单行填空": {typ: "text"}, "填空": {typ: "text"}, "text": {typ: "text"},
	"多行填空": {typ: "text", input: "multiline"}, "简答题": {typ: "text", input: "multiline"},
	"问答题": {typ: "text", input: "multiline"}, "multiline": {typ: "text", input: "multiline"},
	"数字": {typ: "text", input: "number"}, "number": {typ: "text", input: "number"},
	"邮箱": {typ: "text", input: "email"}, "email": {typ: "text", input: "email"},
	"手机": {typ: "text", input: "phone"}, "手机号": {typ: "text", input: "phone"}, "phone": {typ: "text", input: "phone"},
	"下拉题": {typ: "dropdown"}, "下拉框": {typ: "dropdown"}, "dropdown": {typ: "dropdown"},
	"排序题": {typ: "ranking"}, "排序": {typ: "ranking"}, "ranking": {typ: "ranking"},
	"量表题": {typ: "rating"}, "量表": {typ: "rating"}, "评分题": {typ: "rating"}, "rating": {typ: "rating"},
	"星级": {typ: "rating", scale: "star"}, "星级评分": {typ: "rating", scale: "star"}, "star": {typ: "rating", scale: "star"},
	"nps": {typ: "rating", scale: "nps"}, "nps量表": {typ: "rating", scale: "nps"},
	"矩阵单选题": {typ: "matrix", matrix: "single"}, "矩阵单选": {typ: "matrix", matrix: "single"},
	"矩阵题": {typ: "matrix", matrix: "single"}, "matrix": {typ: "matrix", matrix: "single"},
	"矩阵多选题": {typ: "matrix", matrix: "multiple"}, "矩阵多选": {typ: "matrix", matrix: "multiple"},
	"matrix-multiple": {typ: "matrix", matrix: "multiple"},
	"矩阵量表题":           {typ: "matrix", matrix: "rating"}, "矩阵量表": {typ: "matrix", matrix: "rating"},
	"matrix-rating": {typ: "matrix", matrix: "rating"},
	"日期":            {typ: "date"}, "日期题": {typ: "date"}, "date": {typ: "date"},
	"时间": {typ: "date", mode: "time"}, "time": {typ: "date", mode: "time"},
	"城市": {typ: "city"}, "城市题": {typ: "city"}, "地区": {typ: "city"}, "省市区": {typ: "city"}, "city": {typ: "city"},
	"滑动条": {typ: "slider"}, "滑块": {typ: "slider"}, "slider": {typ: "slider"},
	"段落说明": {typ: "description"}, "说明": {typ: "description"}, "描述": {typ: "description"},
	"description": {typ: "description"},
}

// Required and optional markers, bracketed ([必答], 【选填】) or in
// parentheses (（必答）, (optional)).
var (
	requiredWords = map[string]bool{"必答": true, "必填": true, "required": true}
	optionalWords = map[string]bool{"选填": true, "非必答": true, "可选": true, "optional": true}
	// option flags
	otherWords     = map[string]bool{"其他": true, "其它": true, "other": true}
	exclusiveWords = map[string]bool{"互斥": true, "exclusive": true}
)

var (
	// A question number: 1.  1、  Q1.  Q1:  1)  （1）  (1)  第1题
	numberRE = regexp.MustCompile(`^(?:(?:[QqＱ]\s*)?[0-9０-９]{1,4}\s*[.．、:：)）]|[（(]\s*[0-9０-９]{1,4}\s*[）)]|第\s*[0-9０-９]{1,4}\s*题[.．、:：]?)\s*`)
	// An option marker: A.  A、  a)  (A)  （A）  -  •  ○  □  1.  1)
	optionRE = regexp.MustCompile(`^(?:[A-Za-zＡ-Ｚ]\s*[.．、)）:：]|[（(]\s*[A-Za-z0-9]{1,2}\s*[）)]|[0-9]{1,3}\s*[.．、)）]|[-–—•·●○◯□■☐◆*＊])\s*`)
	// A trailing bracketed marker: [单选题]  【多选题】
	trailingRE = regexp.MustCompile(`\s*[\[【]([^\[\]【】]{1,20})[\]】]\s*$`)
	// A parenthesised required/optional/multiple marker anywhere in a title.
	parenRE = regexp.MustCompile(`[（(]\s*(必答|必填|required|选填|非必答|可选|optional)\s*[）)]`)
	// （多选） or (多选) in a title makes a question without a type marker multiple.
	multiHintRE = regexp.MustCompile(`[（(]\s*(?:多选|可多选|multiple)[^）)]{0,10}[）)]`)
	// "其他____" or "其它（请注明）____": an "other, please specify" option.
	otherLineRE = regexp.MustCompile(`^(?i:其他|其它|other)[^_＿]{0,20}[_＿]{2,}\s*$`)
	underlineRE = regexp.MustCompile(`[_＿]{2,}`)
	// A page separator line: === page ===, ---page---, === 分页 ===
	pageRE = regexp.MustCompile(`^\s*(?:={3,}|-{3,})\s*(?i:page|分页)\s*(?:={3,}|-{3,})\s*$`)
	// The row/column separator of a matrix paragraph.
	matrixSepRE = regexp.MustCompile(`^\s*(?:-{3,}|—{2,}|={3,})\s*$`)
)

// normMarker lower-cases a marker and removes its spaces.
func normMarker(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}
