// Package textimport turns a survey written as plain text — one question
// per paragraph, options one per line, the way 问卷星 users paste them —
// into a survey definition (issue #6, clause 6.3.1a). The format is
// specified in docs/text-import.md; everything the parser ignores or
// guesses becomes a Warning with its line number.
package textimport

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/opencem/opencem/internal/survey"
)

// MaxTextSize is the largest text Parse reads (the API refuses more).
const MaxTextSize = 200 << 10

// Length caps keep every text far inside the engine's limits.
const (
	maxTitleRunes = 4000
	maxLabelRunes = 1000
)

// Warning is something Parse ignored or guessed. Line is 1-based; 0 means
// the whole text.
type Warning struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

type line struct {
	no   int
	text string
}

type para struct {
	lines []line
	page  int // index of the page separator section it follows
}

// parser holds the state of one Parse call.
type parser struct {
	locale string
	en     bool // default texts in English
	warns  []Warning
}

func (p *parser) warn(no int, format string, args ...any) {
	if len(p.warns) < 500 {
		p.warns = append(p.warns, Warning{Line: no, Reason: fmt.Sprintf(format, args...)})
	}
}

var localeRE = regexp.MustCompile(survey.LocalePattern)

// Parse reads a plain-text survey written for locale (default zh-CN) and
// returns the definition — one that survey.Parse accepts: it has passed
// it — and the warnings. It never fails: with no question in the text the
// definition is nil. Anyone may call it; it has no side effects. Texts
// longer than MaxTextSize are cut there (with a warning).
func Parse(text, locale string) (*survey.Definition, []Warning) {
	p := &parser{locale: locale}
	if locale == "" {
		p.locale = survey.DefaultLocale
	} else if !localeRE.MatchString(locale) {
		p.warn(0, "%q is not a locale such as zh-CN or en; zh-CN is used", locale)
		p.locale = survey.DefaultLocale
	}
	p.en = strings.HasPrefix(p.locale, "en")
	if len(text) > MaxTextSize {
		p.warn(0, "the text is longer than %d KB; the rest is ignored", MaxTextSize>>10)
		text = text[:MaxTextSize]
	}
	def := p.build(p.splitRun(split(text)))
	if def == nil {
		return nil, p.warns
	}
	b, err := json.Marshal(def)
	if err != nil {
		p.warn(0, "internal error: %v", err)
		return nil, p.warns
	}
	parsed, err := survey.Parse(b)
	if err != nil {
		// The builder only emits what the engine accepts; reaching this is
		// a bug, reported rather than hidden.
		p.warn(0, "internal error: the imported survey does not pass the checks: %v", err)
		return nil, p.warns
	}
	return parsed, p.warns
}

// split cuts the text into paragraphs at blank lines and page separators.
func split(text string) []para {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\ufeff", "", "\u2028", "\n", "\u2029", "\n").Replace(text)
	var out []para
	var cur []line
	page := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, para{lines: cur, page: page})
			cur = nil
		}
	}
	for i, raw := range strings.Split(text, "\n") {
		s := strings.TrimSpace(strings.Map(dropControl, raw))
		switch {
		case s == "":
			flush()
		case pageRE.MatchString(s):
			flush()
			page++
		default:
			cur = append(cur, line{no: i + 1, text: s})
		}
	}
	flush()
	return out
}

// splitRun cuts paragraphs where a line starts the next question without
// a blank line before it (startsQuestion).
func (p *parser) splitRun(paras []para) []para {
	var out []para
	for _, pr := range paras {
		start := 0
		for i := 1; i < len(pr.lines); i++ {
			if startsQuestion(pr.lines[i].text) {
				p.warn(pr.lines[i].no, "a new question starts here without a blank line before it")
				out = append(out, para{lines: pr.lines[start:i], page: pr.page})
				start = i
			}
		}
		out = append(out, para{lines: pr.lines[start:], page: pr.page})
	}
	return out
}

// dropControl removes control characters other than tab.
func dropControl(r rune) rune {
	if r == '\t' {
		return ' '
	}
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
		return -1
	}
	return r
}

// build assembles the definition; nil when there is no question.
func (p *parser) build(paras []para) *survey.Definition {
	def := &survey.Definition{FormatVersion: survey.FormatVersion, DefaultLocale: p.locale}
	if len(paras) > 1 && p.isTitle(paras[0]) {
		def.Title = p.rich(paras[0].lines[0].text, paras[0].lines[0].no)
		if len(paras[0].lines) > 1 {
			def.Description = p.rich(paras[0].lines[1].text, paras[0].lines[1].no)
		}
		paras = paras[1:]
	}
	var page *survey.Page
	lastSection, n := -1, 0
	for _, pr := range paras {
		if page == nil || pr.page != lastSection || len(page.Questions) >= survey.MaxQuestions {
			if page != nil && pr.page == lastSection {
				p.warn(pr.lines[0].no, "a page holds at most %d questions; a new page starts here", survey.MaxQuestions)
			}
			if len(def.Pages) >= survey.MaxPages {
				p.warn(pr.lines[0].no, "a survey has at most %d pages; the rest of the text is ignored", survey.MaxPages)
				break
			}
			page = &survey.Page{ID: fmt.Sprintf("p%d", len(def.Pages)+1), Questions: []*survey.Question{}}
			def.Pages = append(def.Pages, page)
			lastSection = pr.page
		}
		n++
		page.Questions = append(page.Questions, p.question(pr, n))
	}
	if n == 0 {
		return nil
	}
	if def.Title.IsZero() {
		def.Title = p.text(p.pick("导入的问卷", "Imported survey"))
	}
	return def
}

func (p *parser) pick(zh, en string) string {
	if p.en {
		return en
	}
	return zh
}

// isTitle tells whether the first paragraph is the survey's title: at most
// two lines, no question number, type marker or required star, and a
// second line that does not look like an option.
func (p *parser) isTitle(pr para) bool {
	if len(pr.lines) > 2 {
		return false
	}
	head := pr.lines[0].text
	if stripNumber(head) != head || strings.HasPrefix(head, "*") || strings.HasPrefix(head, "＊") {
		return false
	}
	if m := trailingRE.FindStringSubmatch(head); m != nil {
		w := normMarker(m[1])
		if _, ok := typeMarkers[w]; ok || requiredWords[w] || optionalWords[w] {
			return false
		}
	}
	if len(pr.lines) == 2 && stripOption(pr.lines[1].text) != pr.lines[1].text {
		return false
	}
	return true
}

// stripNumber removes a leading question number.
func stripNumber(s string) string {
	return stripMarker(s, numberRE)
}

// stripOption removes a leading option marker.
func stripOption(s string) string {
	return stripMarker(s, optionRE)
}

// stripMarker removes what re matches at the start of s, unless that
// would cut a decimal number ("3.5分") or leave nothing.
func stripMarker(s string, re *regexp.Regexp) string {
	loc := re.FindStringIndex(s)
	if loc == nil || loc[1] >= len(s) {
		return s
	}
	m := strings.TrimRight(s[:loc[1]], " \t\u3000")
	last, _ := utf8.DecodeLastRuneInString(m)
	next, _ := utf8.DecodeRuneInString(s[len(m):])
	if (last == '.' || last == '．') && next >= '0' && next <= '9' {
		return s
	}
	return strings.TrimSpace(s[loc[1]:])
}

// text makes a plain display text in the survey's locale; braces are
// doubled so that they show as written instead of piping.
func (p *parser) text(s string) survey.Text {
	return survey.Text{p.locale: escapeBraces(s)}
}

// rich makes a rich display text (titles, descriptions) that shows exactly
// what was written: HTML characters are escaped.
func (p *parser) rich(s string, no int) survey.Text {
	s = p.cap(s, maxTitleRunes, no)
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	return p.text(s)
}

func (p *parser) label(s string, no int) survey.Text {
	return p.text(p.cap(s, maxLabelRunes, no))
}

func (p *parser) cap(s string, n, no int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	p.warn(no, "the text is longer than %d characters and was cut", n)
	return string([]rune(s)[:n])
}

func escapeBraces(s string) string {
	return strings.NewReplacer("{", "{{", "}", "}}").Replace(s)
}
