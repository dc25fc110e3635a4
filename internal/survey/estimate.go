package survey

import (
	"math"
	"regexp"
	"unicode"
)

// Estimate is how long a survey takes to complete.
type Estimate struct {
	// Seconds for a respondent who sees every question: the sum over
	// questions plus two seconds per page.
	Seconds int `json:"seconds"`
	// Questions holds the seconds of each question by id.
	Questions map[string]int `json:"questions"`
}

// Reading speeds and answer times of the length estimate; the formula is
// documented in docs/survey-format.md ("Length estimate").
const (
	cjkPerSecond   = 8.0  // Chinese, Japanese, Korean characters read per second
	otherPerSecond = 16.0 // other letters and digits read per second
	pageSeconds    = 2.0  // per page: looking, pressing next
)

var tagStripRE = regexp.MustCompile(`<[^>]*>`)

// readSeconds is the reading time of a text in the default locale, markup
// and piping references excluded.
func readSeconds(t Text, d *Definition) float64 {
	s := tagStripRE.ReplaceAllString(t.Resolve(d.Locale(), d.Locale(), d.Locales), "")
	var cjk, other float64
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
			cjk++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			other++
		}
	}
	return cjk/cjkPerSecond + other/otherPerSecond
}

// answerSeconds is the time to answer a question once read, by type.
func answerSeconds(q *Question) float64 {
	n := func(k int) float64 { return float64(k) }
	switch q.Type {
	case TypeSingle, TypeDropdown:
		if len(q.Levels) > 0 {
			return 3 * n(len(q.Levels))
		}
		return 3
	case TypeMultiple:
		return 5
	case TypeHotspot:
		return 6
	case TypeRanking:
		return 2 * n(max(len(q.Options), 2))
	case TypeText:
		switch q.Input {
		case "multiline":
			return 40
		case "number":
			return 6
		case "email", "phone":
			return 10
		}
		return 12
	case TypeBlanks:
		return 8 * n(len(q.Blanks))
	case TypeRating, TypeSlider:
		return 3
	case TypeMatrix:
		return 3 * n(max(len(q.Rows), 1))
	case TypeCity:
		return 8
	case TypeVideo:
		return 30
	case TypeDate:
		if q.Range {
			return 12
		}
		return 6
	case TypeCBC:
		return 15 * n(max(q.Tasks, 1))
	case TypeMaxDiff:
		return 10 * n(max(q.Tasks, 1))
	}
	return 0
}

// LengthEstimate estimates the seconds a respondent needs to complete the
// survey: for every question, the reading time of its title, description
// and labels (8 CJK characters or 16 other letters and digits per second)
// plus an answer time by type; plus 2 seconds per page. It assumes every
// question is seen, so it is an upper bound for surveys with logic.
func LengthEstimate(def *Definition) Estimate {
	est := Estimate{Questions: map[string]int{}}
	if def == nil {
		return est
	}
	total := 0.0
	for _, p := range def.Pages {
		if p == nil || len(p.Questions) == 0 {
			continue
		}
		total += pageSeconds + readSeconds(p.Title, def) + readSeconds(p.Description, def)
		for _, q := range p.Questions {
			if q == nil {
				continue
			}
			s := readSeconds(q.Title, def) + readSeconds(q.Description, def) + answerSeconds(q)
			for _, o := range q.Options {
				if o != nil {
					s += readSeconds(o.Label, def)
				}
			}
			for _, r := range q.Rows {
				if r != nil {
					s += readSeconds(r.Label, def)
				}
			}
			for _, col := range q.Columns {
				if col != nil {
					s += readSeconds(col.Label, def)
				}
			}
			est.Questions[q.ID] = int(math.Round(s))
			total += s
		}
	}
	est.Seconds = int(math.Round(total))
	return est
}
