package httpapi

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/survey"
)

// EvaluateInput is a partial response to run through the survey engine.
type EvaluateInput struct {
	ID          string                     `path:"id" doc:"Survey id."`
	Version     int                        `json:"version,omitempty" doc:"Published version to evaluate; 0 (default) evaluates the draft."`
	Definition  json.RawMessage            `json:"definition,omitempty" doc:"The definition to evaluate (evaluateSurveyDefinition only)."`
	Answers     map[string]json.RawMessage `json:"answers,omitempty" doc:"Answers by question id, in the formats of docs/survey-format.md."`
	Params      map[string]string          `json:"params,omitempty" doc:"URL parameters and hidden fields, as text."`
	Contact     map[string]any             `json:"contact,omitempty" doc:"Attributes of the contact answering."`
	CurrentPage string                     `json:"current_page,omitempty" doc:"Page the respondent is on; empty before the first."`
	Seed        string                     `json:"seed,omitempty" doc:"Makes shuffles and CBC/MaxDiff designs specific to one response (conventionally its id)."`
	Now         *time.Time                 `json:"now,omitempty" doc:"The moment today() and now() read; default the server's clock."`
}

// AnswerErrorOut is one question's answer problem.
type AnswerErrorOut struct {
	Code    string `json:"code" doc:"Stable code, e.g. required, min_select, pattern (docs/survey-format.md)."`
	Item    string `json:"item,omitempty" doc:"Row, blank or task concerned."`
	Rule    *int   `json:"rule,omitempty" doc:"Index of the failing custom rule."`
	Message string `json:"message" doc:"Message to show the respondent."`
}

// EvaluateOutput is what the engine makes of a partial response: the same
// computation the respondent page and the submit path run.
type EvaluateOutput struct {
	VisiblePages     []string                     `json:"visible_pages" doc:"Pages shown, in order."`
	VisibleQuestions []string                     `json:"visible_questions" doc:"Questions shown, in order."`
	PageQuestions    map[string][]string          `json:"page_questions" doc:"Visible questions of each visible page, in display order."`
	VisibleOptions   map[string][]string          `json:"visible_options" doc:"Visible option codes per question (after display logic, option sources and shuffling)."`
	VisibleRows      map[string][]string          `json:"visible_rows" doc:"Visible matrix rows per question."`
	VisibleColumns   map[string][]string          `json:"visible_columns" doc:"Visible matrix columns per question."`
	Texts            map[string]map[string]string `json:"texts" doc:"Piped display texts by element key (q1, q1.A, q1:description …) and locale."`
	Values           map[string]json.RawMessage   `json:"values" doc:"Logic values after hiding and assignments, keyed like q1, q5.r1, $var.score."`
	Answers          map[string]json.RawMessage   `json:"answers" doc:"The cleaned answer set: only visible questions, options and rows, plus assigned values."`
	Designs          map[string]json.RawMessage   `json:"designs" doc:"CBC and MaxDiff designs shown for this seed, by question."`
	NextPage         string                       `json:"next_page" doc:"Page after the current one (jumps applied); empty when the survey ends."`
	PrevPage         string                       `json:"prev_page" doc:"Page before the current one; empty on the first."`
	Errors           map[string]AnswerErrorOut    `json:"errors" doc:"Answer problems of visible questions up to the current page."`
	Complete         bool                         `json:"complete" doc:"The response is complete and valid."`
	Outcome          string                       `json:"outcome" enum:",complete,screen_out" doc:"complete or screen_out once complete."`
	Ending           string                       `json:"ending" doc:"Ending id once complete, if any."`
	RuleErrors       []cem.FieldError             `json:"rule_errors" doc:"Rules that failed at run time (they count as false); none for a definition that passed the checks."`
}

func evaluateOut(r *survey.Result) EvaluateOutput {
	out := EvaluateOutput{VisiblePages: nonNil(r.VisiblePages), VisibleQuestions: nonNil(r.VisibleQuestions), PageQuestions: lists(r.PageQuestions),
		VisibleOptions: lists(r.VisibleOptions), VisibleRows: lists(r.VisibleRows), VisibleColumns: lists(r.VisibleColumns),
		Texts: map[string]map[string]string{}, Values: map[string]json.RawMessage{}, Answers: raws(r.Answers), Designs: raws(r.Designs),
		NextPage: r.NextPage, PrevPage: r.PrevPage, Errors: map[string]AnswerErrorOut{}, Complete: r.Complete, Outcome: r.Outcome, Ending: r.Ending,
		RuleErrors: []cem.FieldError{}}
	for k, t := range r.Texts {
		out.Texts[k] = map[string]string(t)
	}
	for k, v := range r.Values {
		if b, err := json.Marshal(v); err == nil {
			out.Values[k] = b
		}
	}
	for q, e := range r.Errors {
		out.Errors[q] = AnswerErrorOut{Code: e.Code, Item: e.Item, Rule: e.Rule, Message: e.Message}
	}
	if b, err := json.Marshal(r.RuleErrors); err == nil {
		_ = json.Unmarshal(b, &out.RuleErrors)
	}
	return out
}

func lists(m map[string][]string) map[string][]string {
	if m == nil {
		return map[string][]string{}
	}
	return m
}

func raws(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return map[string]json.RawMessage{}
	}
	return m
}

func (in *EvaluateInput) engineInput() survey.Input {
	si := survey.Input{Answers: in.Answers, Params: in.Params, Contact: in.Contact, CurrentPage: in.CurrentPage, Seed: in.Seed}
	if in.Now != nil {
		si.Now = *in.Now
	}
	return si
}

func (a *API) surveyEvalOps() []Op {
	return []Op{
		Handle(Op{ID: "evaluateSurvey", Method: http.MethodPost, Path: "/surveys/{id}/evaluate", Tag: "Surveys", Permission: auth.PermSurveysRead,
			Summary:     "Evaluate a partial response against a survey",
			Description: "Returns the visible pages, questions, options and rows, piped texts, assigned values, the next page, validation errors and completeness — the same engine the respondent page and the submit path use (clauses 6.3.1c, 6.3.1d).",
			Errors:      []string{survey.CodeSurveyNotFound, survey.CodeVersionNotFound}, MaxBody: 4 << 20},
			func(c *Call, in *EvaluateInput) (EvaluateOutput, error) {
				r, err := a.svc.Surveys.Evaluate(c.Ctx, in.ID, in.Version, in.engineInput())
				if err != nil {
					return EvaluateOutput{}, err
				}
				return evaluateOut(r), nil
			}),
		Handle(Op{ID: "evaluateSurveyDefinition", Method: http.MethodPost, Path: "/surveys/evaluate", Tag: "Surveys", Permission: auth.PermSurveysRead,
			Summary:     "Evaluate a partial response against an unsaved definition",
			Description: "Like evaluateSurvey for a definition sent in the body (the designer's preview); the definition must pass the checks.",
			MaxBody:     survey.MaxDefinitionSize + (4 << 20)},
			func(c *Call, in *EvaluateInput) (EvaluateOutput, error) {
				if len(in.Definition) == 0 {
					return EvaluateOutput{}, cem.Invalid("Send the definition to evaluate.", cem.FieldError{Name: "definition", Reason: "required"})
				}
				r, err := a.svc.Surveys.EvaluateDefinition(c.Ctx, in.Definition, in.engineInput())
				if err != nil {
					return EvaluateOutput{}, err
				}
				return evaluateOut(r), nil
			}),
	}
}
