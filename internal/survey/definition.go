package survey

import (
	"sync"

	"github.com/opencem/opencem/internal/survey/logic"
)

// FormatVersion is the version of the definition format this package reads
// and writes; a definition carries it in "format_version". A future
// incompatible format gets a new number and a converter.
const FormatVersion = 1

// Definition is one version of a survey: pages of questions plus the
// parameters, variables, assignments and endings its logic uses. Build one
// with Parse, which validates it; the evaluator relies on that.
type Definition struct {
	FormatVersion int          `json:"format_version"`
	ID            string       `json:"id,omitempty"`
	DefaultLocale string       `json:"default_locale,omitempty"`
	Locales       []string     `json:"locales,omitempty"`
	Title         Text         `json:"title"`
	Description   Text         `json:"description,omitzero"`
	Params        []*Param     `json:"params,omitempty"`
	Variables     []*Variable  `json:"variables,omitempty"`
	Assign        []Assignment `json:"assign,omitempty"`
	Pages         []*Page      `json:"pages"`
	Endings       []*Ending    `json:"endings,omitempty"`

	cache *defCache // set by Parse: the compiled form, built once
}

type defCache struct {
	once  sync.Once
	c     *compiled
	notes []Issue // warnings found by Parse, e.g. sanitised texts
}

// Param is a URL parameter or hidden field, referenced as {$param.id}.
// Parameters arrive as text and are converted to Type; a value that does
// not convert, or is not one of Values when Values is set, is null.
// Prefill names a question whose initial answer the respondent page takes
// from the converted value (issue #5 item 3); the server validates the
// submitted answer like any other, so the engine needs nothing more.
type Param struct {
	ID      string   `json:"id"`
	Type    string   `json:"type,omitempty"` // string (default), number, bool, date
	Label   Text     `json:"label,omitzero"`
	Values  []string `json:"values,omitempty"`
	Prefill string   `json:"prefill,omitempty"`
}

// Variable is a hidden variable, referenced as {$var.id}, set by
// assignments and starting at Initial (null when absent).
type Variable struct {
	ID      string      `json:"id"`
	Type    string      `json:"type,omitempty"` // any (default), number, string, bool, date, list
	Initial logic.Value `json:"initial,omitzero"`
}

// Page groups questions shown together. Display hides the whole page;
// Jumps and Assign run after the page's last question.
type Page struct {
	ID               string       `json:"id"`
	Title            Text         `json:"title,omitzero"`
	Description      Text         `json:"description,omitzero"`
	Display          string       `json:"display,omitempty"`
	ShuffleQuestions bool         `json:"shuffle_questions,omitempty"`
	Questions        []*Question  `json:"questions"`
	Jumps            []Jump       `json:"jumps,omitempty"`
	Assign           []Assignment `json:"assign,omitempty"`
}

// Question types.
const (
	TypeSingle      = "single"      // one option; options may carry images
	TypeMultiple    = "multiple"    // several options
	TypeText        = "text"        // fill-in: Input line, multiline, number, email, phone
	TypeBlanks      = "blanks"      // several blanks inside one sentence
	TypeRating      = "rating"      // Scale number, star, smiley or nps; 2–11 points
	TypeMatrix      = "matrix"      // rows × columns: Matrix single, multiple, rating, dropdown
	TypeCity        = "city"        // province / city / district (GB/T 2260)
	TypeDropdown    = "dropdown"    // one option from a list, or a cascade when Levels is set
	TypeHotspot     = "hotspot"     // regions on an image, single or Multiple
	TypeVideo       = "video"       // a video, optionally to be watched MinWatchPercent
	TypeDate        = "date"        // DateMode date, time or datetime; Range for from–to
	TypeCBC         = "cbc"         // choice-based conjoint
	TypeMaxDiff     = "maxdiff"     // best–worst scaling
	TypeRanking     = "ranking"     // order the options
	TypeSlider      = "slider"      // a number on a slider from Min to Max
	TypeDescription = "description" // text only, no answer
)

// QuestionTypes lists every question type, in documentation order.
var QuestionTypes = []string{TypeSingle, TypeMultiple, TypeText, TypeBlanks, TypeRating, TypeMatrix,
	TypeCity, TypeDropdown, TypeHotspot, TypeVideo, TypeDate, TypeCBC, TypeMaxDiff, TypeRanking,
	TypeSlider, TypeDescription}

// Question is one question. Which of the type-specific fields apply
// depends on Type; the JSON Schema allows only those.
type Question struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Title       Text   `json:"title,omitzero"`
	Description Text   `json:"description,omitzero"`
	Required    bool   `json:"required,omitempty"`
	Display     string `json:"display,omitempty"`

	// text, blanks
	Input       string   `json:"input,omitempty"` // line (default), multiline, number, email, phone
	Placeholder Text     `json:"placeholder,omitzero"`
	Blanks      []*Blank `json:"blanks,omitempty"`

	// single, multiple, dropdown, hotspot, ranking, maxdiff; matrix cells
	Options        []*Option     `json:"options,omitempty"`
	OptionsFrom    *OptionSource `json:"options_from,omitempty"`
	ShuffleOptions bool          `json:"shuffle_options,omitempty"`
	Multiple       bool          `json:"multiple,omitempty"` // hotspot: several regions
	Image          string        `json:"image,omitempty"`    // hotspot: the picture

	// rating, slider, matrix rating
	Scale    string   `json:"scale,omitempty"`  // number (default), star, smiley, nps
	Points   int      `json:"points,omitempty"` // 2–11; nps is always 11 (0–10)
	Start    *int     `json:"start,omitempty"`  // first point, 0 or 1 (default 1; nps 0)
	MinLabel Text     `json:"min_label,omitzero"`
	MaxLabel Text     `json:"max_label,omitzero"`
	NA       *Option  `json:"na,omitempty"`   // rating: a "not applicable" choice
	Min      *float64 `json:"min,omitempty"`  // slider
	Max      *float64 `json:"max,omitempty"`  // slider
	Step     *float64 `json:"step,omitempty"` // slider

	// matrix
	Matrix         string        `json:"matrix,omitempty"` // single (default), multiple, rating, dropdown
	Rows           []*Item       `json:"rows,omitempty"`
	RowsFrom       *OptionSource `json:"rows_from,omitempty"`
	Columns        []*Option     `json:"columns,omitempty"`
	ShuffleRows    bool          `json:"shuffle_rows,omitempty"`
	ShuffleColumns bool          `json:"shuffle_columns,omitempty"`

	// dropdown cascade
	Levels []*Item `json:"levels,omitempty"`

	// city
	CityLevel string `json:"city_level,omitempty"` // province, city, district (default)

	// video
	Video           string   `json:"video,omitempty"`
	Poster          string   `json:"poster,omitempty"`
	MinWatchPercent *float64 `json:"min_watch_percent,omitempty"`

	// date
	DateMode string `json:"date_mode,omitempty"` // date (default), time, datetime
	Range    bool   `json:"range,omitempty"`

	// cbc, maxdiff
	Attributes   []*Attribute `json:"attributes,omitempty"`
	Concepts     int          `json:"concepts,omitempty"`
	Tasks        int          `json:"tasks,omitempty"`
	NoneLabel    Text         `json:"none_label,omitzero"` // cbc: offer "none of these"
	ItemsPerTask int          `json:"items_per_task,omitempty"`
	BestLabel    Text         `json:"best_label,omitzero"`
	WorstLabel   Text         `json:"worst_label,omitzero"`

	Validation *Validation  `json:"validation,omitempty"`
	Jumps      []Jump       `json:"jumps,omitempty"`
	Assign     []Assignment `json:"assign,omitempty"`
}

// Option is a choice: of a single, multiple, dropdown, ranking or MaxDiff
// question, a region of a hotspot question, a column of a matrix.
type Option struct {
	Code          string    `json:"code"`
	Label         Text      `json:"label,omitzero"`
	Image         string    `json:"image,omitempty"`
	Score         *float64  `json:"score,omitempty"`
	Exclusive     bool      `json:"exclusive,omitempty"`      // "none of the above": chosen alone
	Other         bool      `json:"other,omitempty"`          // "other, please specify"
	OtherOptional bool      `json:"other_optional,omitempty"` // the other text may stay empty
	NotApplicable bool      `json:"not_applicable,omitempty"` // never counts in scores
	Pinned        bool      `json:"pinned,omitempty"`         // keeps its place when shuffled
	Display       string    `json:"display,omitempty"`
	Jump          *Jump     `json:"jump,omitempty"`     // where choosing it leads
	Children      []*Option `json:"children,omitempty"` // dropdown cascade: the next level
	Region        *Region   `json:"region,omitempty"`   // hotspot: where on the image
}

// Item is a matrix row, a cascade level or a CBC level.
type Item struct {
	ID      string `json:"id"`
	Label   Text   `json:"label,omitzero"`
	Display string `json:"display,omitempty"`
	Pinned  bool   `json:"pinned,omitempty"`
}

// Blank is one blank of a blanks question, marked [[id]] in its title.
type Blank struct {
	ID         string      `json:"id"`
	Input      string      `json:"input,omitempty"` // line (default), number, email, phone
	Label      Text        `json:"label,omitzero"`  // for screen readers and exports
	Validation *Validation `json:"validation,omitempty"`
}

// Region is a hotspot area in coordinates relative to the image (0–1):
// rect [x, y, width, height], circle [cx, cy, r], polygon [x1, y1, x2, y2, …].
type Region struct {
	Shape  string    `json:"shape"`
	Coords []float64 `json:"coords"`
}

// Attribute is a CBC attribute with its levels.
type Attribute struct {
	ID     string  `json:"id"`
	Label  Text    `json:"label,omitzero"`
	Levels []*Item `json:"levels"`
}

// OptionSource takes options (or matrix rows) from an earlier question:
// all its visible options, only those selected or only those not selected.
type OptionSource struct {
	Question string `json:"question"`
	Mode     string `json:"mode,omitempty"` // all (default), selected, unselected
}

// Validation holds the answer rules of a question or blank.
type Validation struct {
	MinSelect      *int     `json:"min_select,omitempty"`
	MaxSelect      *int     `json:"max_select,omitempty"`
	MinLength      *int     `json:"min_length,omitempty"`
	MaxLength      *int     `json:"max_length,omitempty"`
	Pattern        string   `json:"pattern,omitempty"`
	PatternMessage Text     `json:"pattern_message,omitzero"`
	Min            *float64 `json:"min,omitempty"`
	Max            *float64 `json:"max,omitempty"`
	Integer        bool     `json:"integer,omitempty"`
	MinDate        string   `json:"min_date,omitempty"`
	MaxDate        string   `json:"max_date,omitempty"`
	Rules          []Rule   `json:"rules,omitempty"`
}

// Rule is a custom validation: the condition Valid must hold, or Message
// is shown.
type Rule struct {
	Valid   string `json:"valid"`
	Message Text   `json:"message,omitzero"`
}

// Jump targets.
const (
	ToPage      = "page"
	ToQuestion  = "question"
	ToEnd       = "end"
	ToScreenOut = "screen_out"
)

// Jump moves the respondent forward when If holds (always when If is empty):
// to a later page or question, to an ending, or out of the survey
// (screen-out). Everything between is skipped and its answers never count.
type Jump struct {
	If     string `json:"if,omitempty"`
	To     string `json:"to"`
	Target string `json:"target,omitempty"`
}

// Assignment sets a hidden variable ("$var.x") or a question's value when If
// holds: Value is an expression; Tick instead adds an option to a choice
// question. Assignments run in document order (docs/survey-format.md).
type Assignment struct {
	If     string `json:"if,omitempty"`
	Target string `json:"target"`
	Value  string `json:"value,omitempty"`
	Tick   string `json:"tick,omitempty"`
}

// Ending kinds.
const (
	EndComplete  = "complete"
	EndScreenOut = "screen_out"
)

// Ending is a closing screen: for completes or for screen-outs.
type Ending struct {
	ID       string `json:"id"`
	Kind     string `json:"kind,omitempty"` // complete (default), screen_out
	Text     Text   `json:"text,omitzero"`
	Redirect string `json:"redirect,omitempty"`
}

// Locale returns the definition's default locale.
func (d *Definition) Locale() string {
	if d.DefaultLocale != "" {
		return d.DefaultLocale
	}
	return DefaultLocale
}

// AllLocales returns the locales the survey is offered in, the default
// first.
func (d *Definition) AllLocales() []string {
	out := []string{d.Locale()}
	for _, l := range d.Locales {
		if l != out[0] {
			out = append(out, l)
		}
	}
	return out
}

// Question returns the question with the given id, or nil.
func (d *Definition) Question(id string) *Question {
	for _, p := range d.Pages {
		for _, q := range p.Questions {
			if q != nil && q.ID == id {
				return q
			}
		}
	}
	return nil
}
