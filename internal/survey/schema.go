package survey

import (
	"encoding/json"
	"sync"
)

// SchemaID is the $id of the definition JSON Schema.
const SchemaID = "urn:opencem:schema:survey:v1"

// LocalePattern is the form of a locale (a BCP 47 tag such as zh-CN or en)
// that the schema accepts.
const LocalePattern = `^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`

// Limits of the definition format, enforced by the JSON Schema.
const (
	MaxPages          = 200
	MaxQuestions      = 200 // per page
	MaxOptions        = 500 // per list of options, rows, columns, blanks
	MaxRules          = 100 // jumps, assignments, validation rules per element
	MaxTextLen        = 65536
	MaxExprLen        = 4096
	MaxDefinitionSize = 8 << 20
)

type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/$defs/" + name} }

func str(desc string, extra ...any) obj {
	s := obj{"type": "string", "description": desc}
	for i := 0; i+1 < len(extra); i += 2 {
		s[extra[i].(string)] = extra[i+1]
	}
	return s
}

func boolean(desc string) obj { return obj{"type": "boolean", "description": desc} }

func integer(desc string, lo, hi int) obj {
	return obj{"type": "integer", "description": desc, "minimum": lo, "maximum": hi}
}

func number(desc string) obj { return obj{"type": "number", "description": desc} }

func array(desc string, items any, lo, hi int) obj {
	s := obj{"type": "array", "description": desc, "items": items, "maxItems": hi}
	if lo > 0 {
		s["minItems"] = lo
	}
	return s
}

func enum(desc string, values ...string) obj {
	return obj{"type": "string", "description": desc, "enum": values}
}

func closed(desc string, props obj, required ...string) obj {
	s := obj{"type": "object", "description": desc, "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// typeFields lists, for each question type, the fields it allows beyond
// the common ones.
var typeFields = map[string][]string{
	TypeSingle:      {"options", "options_from", "shuffle_options"},
	TypeMultiple:    {"options", "options_from", "shuffle_options"},
	TypeDropdown:    {"options", "options_from", "shuffle_options", "levels", "placeholder"},
	TypeRanking:     {"options", "options_from", "shuffle_options"},
	TypeHotspot:     {"options", "image", "multiple"},
	TypeMaxDiff:     {"options", "items_per_task", "tasks", "best_label", "worst_label"},
	TypeText:        {"input", "placeholder"},
	TypeBlanks:      {"blanks"},
	TypeRating:      {"scale", "points", "start", "min_label", "max_label", "na"},
	TypeSlider:      {"min", "max", "step", "min_label", "max_label"},
	TypeMatrix:      {"matrix", "rows", "rows_from", "columns", "options", "shuffle_rows", "shuffle_columns", "shuffle_options", "scale", "points", "start", "min_label", "max_label", "na"},
	TypeCity:        {"city_level"},
	TypeVideo:       {"video", "poster", "min_watch_percent"},
	TypeDate:        {"date_mode", "range"},
	TypeCBC:         {"attributes", "concepts", "tasks", "none_label"},
	TypeDescription: {},
}

func buildSchema() obj {
	optionalFields := obj{
		"input":           enum("Fill-in kind (text) or blank kind (blanks).", "line", "multiline", "number", "email", "phone"),
		"placeholder":     ref("text"),
		"blanks":          array("Blanks of a blanks question; each is marked [[id]] in the title.", ref("blank"), 1, MaxOptions),
		"options":         array("Options, hotspot regions, MaxDiff items or dropdown-matrix choices.", ref("option"), 0, MaxOptions),
		"options_from":    ref("optionSource"),
		"shuffle_options": boolean("Shuffle options per respondent; pinned options stay."),
		"multiple":        boolean("Hotspot: several regions may be chosen."),
		"image":           str("Hotspot: URL of the picture.", "maxLength", 2048),
		"scale":           enum("Rating look: numbers, stars, smileys or NPS (0–10).", "number", "star", "smiley", "nps"),
		"points":          integer("Number of points of a rating scale.", 2, 11),
		"start":           integer("First point of a rating scale (NPS starts at 0).", 0, 1),
		"min_label":       ref("text"),
		"max_label":       ref("text"),
		"na":              ref("option"),
		"min":             number("Slider minimum (default 0)."),
		"max":             number("Slider maximum (default 100)."),
		"step":            obj{"type": "number", "exclusiveMinimum": 0, "description": "Slider step (default 1)."},
		"matrix":          enum("Matrix kind: one column per row, several per row, a rating per row, or a dropdown per cell.", "single", "multiple", "rating", "dropdown"),
		"rows":            array("Matrix rows.", ref("item"), 0, MaxOptions),
		"rows_from":       ref("optionSource"),
		"columns":         array("Matrix columns.", ref("option"), 0, MaxOptions),
		"shuffle_rows":    boolean("Shuffle matrix rows per respondent; pinned rows stay."),
		"shuffle_columns": boolean("Shuffle matrix columns per respondent; pinned columns stay."),
		"levels":          array("Levels of a cascading dropdown, e.g. brand → model.", ref("item"), 2, 6),
		"city_level":      enum("Depth of a city answer (default district).", "province", "city", "district"),
		"video":           str("URL of the video.", "minLength", 1, "maxLength", 2048),
		"poster":          str("URL of the poster image.", "maxLength", 2048),
		"min_watch_percent": obj{"type": "number", "minimum": 0, "maximum": 100,
			"description": "Share of the video that must be watched before continuing."},
		"date_mode":      enum("What is asked (default date).", "date", "time", "datetime"),
		"range":          boolean("Ask for a from–to range."),
		"attributes":     array("CBC attributes with their levels.", ref("attribute"), 1, 12),
		"concepts":       integer("CBC concepts per task.", 2, 5),
		"tasks":          integer("CBC or MaxDiff tasks per respondent.", 1, 30),
		"none_label":     ref("text"),
		"items_per_task": integer("MaxDiff items per task.", 2, 7),
		"best_label":     ref("text"),
		"worst_label":    ref("text"),
	}
	var branches []any
	for _, t := range QuestionTypes {
		props := obj{}
		for _, f := range typeFields[t] {
			props[f] = optionalFields[f]
		}
		branches = append(branches, obj{
			"if":   obj{"properties": obj{"type": obj{"const": t}}, "required": []string{"type"}},
			"then": obj{"properties": props},
		})
	}
	question := obj{
		"type":        "object",
		"description": "A question. Which fields beyond the common ones apply depends on type.",
		"required":    []string{"id", "type"},
		"properties": obj{
			"id":          ref("id"),
			"type":        enum("Question type.", QuestionTypes...),
			"title":       ref("richText"),
			"description": ref("richText"),
			"required":    boolean("An answer is required when the question is visible."),
			"display":     ref("condition"),
			"validation":  ref("validation"),
			"jumps":       array("Jumps after the question; the first whose condition holds applies.", ref("jump"), 0, MaxRules),
			"assign":      array("Assignments run after the question, in order.", ref("assignment"), 0, MaxRules),
		},
		"allOf":                 branches,
		"unevaluatedProperties": false,
	}
	defs := obj{
		"id": obj{"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$", "not": obj{"enum": []string{"text", "other"}},
			"description": "A stable identifier: letters, digits, _ and -, at most 64; not text or other."},
		"locale": obj{"type": "string", "pattern": LocalePattern, "description": "A BCP 47 locale, e.g. zh-CN or en."},
		"text": obj{"type": []string{"string", "object"}, "maxLength": MaxTextLen,
			"propertyNames":        obj{"pattern": LocalePattern},
			"additionalProperties": obj{"type": "string", "maxLength": MaxTextLen},
			"description":          "Plain display text: a string, or an object of locale → string. May pipe values with {q1.text}."},
		"richText": obj{"$ref": "#/$defs/text",
			"description": "Display text with the limited HTML of docs/survey-format.md; other markup is removed on save."},
		"condition":  str("A condition in the logic language (docs/logic.md).", "maxLength", MaxExprLen),
		"expression": str("A value expression in the logic language (docs/logic.md).", "minLength", 1, "maxLength", MaxExprLen),
		"option": closed("An option, matrix column, hotspot region or MaxDiff item.", obj{
			"code":           ref("id"),
			"label":          ref("text"),
			"image":          str("URL of an image shown with the option.", "maxLength", 2048),
			"score":          number("Score value for analytics."),
			"exclusive":      boolean("Cannot be combined with other options (\"none of the above\")."),
			"other":          boolean("\"Other, please specify\": asks for a text."),
			"other_optional": boolean("The other text may stay empty."),
			"not_applicable": boolean("Not applicable: never counts in scores."),
			"pinned":         boolean("Keeps its place when options are shuffled."),
			"display":        ref("condition"),
			"jump":           ref("optionJump"),
			"children":       array("Next level of a cascading dropdown.", ref("option"), 0, MaxOptions),
			"region":         ref("region"),
		}, "code"),
		"item": closed("A matrix row, cascade level or CBC level.", obj{
			"id": ref("id"), "label": ref("text"), "display": ref("condition"),
			"pinned": boolean("Keeps its place when rows are shuffled."),
		}, "id"),
		"blank": closed("A blank of a blanks question.", obj{
			"id": ref("id"), "label": ref("text"), "validation": ref("validation"),
			"input": enum("Blank kind (default line).", "line", "number", "email", "phone"),
		}, "id"),
		"region": closed("A hotspot region, coordinates relative to the image (0–1).", obj{
			"shape":  enum("rect [x, y, w, h], circle [cx, cy, r] or polygon [x1, y1, …].", "rect", "circle", "polygon"),
			"coords": array("Coordinates.", obj{"type": "number", "minimum": 0, "maximum": 1}, 3, 64),
		}, "shape", "coords"),
		"attribute": closed("A CBC attribute.", obj{
			"id": ref("id"), "label": ref("text"),
			"levels": array("Levels of the attribute.", ref("item"), 2, 15),
		}, "id", "levels"),
		"optionSource": closed("Options taken from an earlier question.", obj{
			"question": ref("id"),
			"mode":     enum("Which options: all (default), selected or unselected.", "all", "selected", "unselected"),
		}, "question"),
		"validation": closed("Answer rules.", obj{
			"min_select":      integer("Fewest options to choose (or rank).", 0, MaxOptions),
			"max_select":      integer("Most options to choose (or rank).", 1, MaxOptions),
			"min_length":      integer("Shortest text, in characters.", 0, MaxTextLen),
			"max_length":      integer("Longest text, in characters.", 1, MaxTextLen),
			"pattern":         str("RE2 pattern the text must match somewhere (anchor with ^…$).", "maxLength", MaxPatternLen),
			"pattern_message": ref("text"),
			"min":             number("Smallest number."),
			"max":             number("Largest number."),
			"integer":         boolean("Whole numbers only."),
			"min_date":        str("Earliest date (in the question's date mode)."),
			"max_date":        str("Latest date (in the question's date mode)."),
			"rules":           array("Custom rules.", ref("rule"), 0, MaxRules),
		}),
		"rule": closed("A custom validation rule.", obj{
			"valid": ref("condition"), "message": ref("text"),
		}, "valid"),
		"jump": closed("A jump.", obj{
			"if":     ref("condition"),
			"to":     enum("Where to go.", ToPage, ToQuestion, ToEnd, ToScreenOut),
			"target": ref("id"),
		}, "to"),
		"optionJump": closed("Where choosing the option leads.", obj{
			"to":     enum("Where to go.", ToPage, ToQuestion, ToEnd, ToScreenOut),
			"target": ref("id"),
		}, "to"),
		"assignment": closed("An assignment: set a variable or question value, or tick an option.", obj{
			"if":     ref("condition"),
			"target": str("$var.<id> or a question id.", "pattern", "^(\\$var\\.)?[A-Za-z0-9_-]{1,64}$"),
			"value":  ref("expression"),
			"tick":   ref("id"),
		}, "target"),
		"param": closed("A URL parameter or hidden field.", obj{
			"id": ref("id"), "label": ref("text"),
			"type":    enum("Type (default string).", "string", "number", "bool", "date"),
			"values":  array("Allowed values; others read as null.", str("A value."), 0, MaxOptions),
			"prefill": ref("id"),
		}, "id"),
		"variable": closed("A hidden variable.", obj{
			"id":      ref("id"),
			"type":    enum("Type (default any).", "any", "number", "string", "bool", "date", "list"),
			"initial": obj{"description": "Initial value in the logic value encoding (docs/logic.md §4)."},
		}, "id"),
		"ending": closed("An ending screen.", obj{
			"id":       ref("id"),
			"kind":     enum("complete (default) or screen_out.", EndComplete, EndScreenOut),
			"text":     ref("richText"),
			"redirect": str("URL to open after the ending.", "maxLength", 2048),
		}, "id"),
		"page": closed("A page of questions.", obj{
			"id": ref("id"), "title": ref("text"), "description": ref("richText"), "display": ref("condition"),
			"shuffle_questions": boolean("Shuffle the questions of the page per respondent."),
			"questions":         array("Questions of the page.", ref("question"), 0, MaxQuestions),
			"jumps":             array("Jumps after the page's last question.", ref("jump"), 0, MaxRules),
			"assign":            array("Assignments after the page's last question.", ref("assignment"), 0, MaxRules),
		}, "id", "questions"),
		"question": question,
	}
	root := closed("An OpenCEM survey definition (docs/survey-format.md).", obj{
		"format_version": obj{"const": FormatVersion, "description": "Version of this format."},
		"id":             ref("id"),
		"default_locale": ref("locale"),
		"locales":        array("Locales offered.", ref("locale"), 0, 32),
		"title":          ref("text"),
		"description":    ref("richText"),
		"params":         array("URL parameters and hidden fields.", ref("param"), 0, MaxOptions),
		"variables":      array("Hidden variables.", ref("variable"), 0, MaxOptions),
		"assign":         array("Assignments run before the first page.", ref("assignment"), 0, MaxRules),
		"pages":          array("Pages.", ref("page"), 1, MaxPages),
		"endings":        array("Ending screens.", ref("ending"), 0, 50),
	}, "format_version", "title", "pages")
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = SchemaID
	root["title"] = "OpenCEM survey definition"
	root["$defs"] = defs
	return root
}

var schemaJSON = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(buildSchema(), "", "  ")
	if err != nil {
		panic(err) // a static document: cannot fail
	}
	return b
})

// JSONSchema returns the JSON Schema (draft 2020-12) of the definition
// format, as served at /api/v1/schemas/survey.json. The caller must not
// modify the returned bytes.
func JSONSchema() []byte { return schemaJSON() }
