package httpapi

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/textimport"
)

// Operations of the survey designer (issue #6): plain-text import and the
// logic test.

// ParseTextInput is a survey written as plain text.
type ParseTextInput struct {
	Text   string `json:"text" doc:"The survey as plain text, at most 200 KB (format: docs/text-import.md): paragraphs separated by blank lines, one question per paragraph, its options one per line."`
	Locale string `json:"locale,omitempty" doc:"Locale the text is written in, the survey's default locale (default zh-CN)."`
}

// TextWarningOut is something the import ignored or guessed.
type TextWarningOut struct {
	Line   int    `json:"line" doc:"1-based line of the text; 0 for the whole text."`
	Reason string `json:"reason" doc:"What was ignored or guessed, in plain words (English)."`
}

// ParseTextOutput is the definition read from the text.
type ParseTextOutput struct {
	Definition json.RawMessage  `json:"definition" doc:"A complete definition that passes the checks, ready for createSurvey's definition (format: /api/v1/schemas/survey.json)."`
	Questions  int              `json:"questions" doc:"Number of questions read, description blocks included."`
	Warnings   []TextWarningOut `json:"warnings" doc:"Lines ignored or interpreted by guess, in line order."`
}

// SimulateInput configures a logic test.
type SimulateInput struct {
	ID      string `path:"id" doc:"Survey id."`
	Runs    int    `json:"runs,omitempty" doc:"Simulated respondents, 1–1000 (default 200)."`
	Seed    *int64 `json:"seed,omitempty" doc:"Random seed: the same seed, survey and version give the same report. Absent: a random seed, returned in seed."`
	Version int    `json:"version,omitempty" doc:"Published version to test; 0 (default) tests the draft."`
}

// SimPageOut counts the respondents that were on a page.
type SimPageOut struct {
	ID      string `json:"id" doc:"Page id."`
	Reached int    `json:"reached" doc:"Runs that were shown the page."`
}

// SimQuestionOut counts the respondents that saw and answered a question.
type SimQuestionOut struct {
	ID       string `json:"id" doc:"Question id."`
	Page     string `json:"page" doc:"Page of the question."`
	Reached  int    `json:"reached" doc:"Runs that were shown the question (its page shown and its display logic true)."`
	Answered int    `json:"answered" doc:"Runs whose answer counted (a valid answer of a visible question)."`
}

// SimEndingOut counts the respondents that finished at an ending.
type SimEndingOut struct {
	ID      string `json:"id" doc:"Ending id; empty for the default ending of its kind when the survey defines no ending of that kind."`
	Kind    string `json:"kind" enum:"complete,screen_out" doc:"Outcome the ending closes."`
	Reached int    `json:"reached" doc:"Runs that finished there."`
}

// SimProblemOut counts runs in which a question could not be answered.
type SimProblemOut struct {
	Question string `json:"question" doc:"Question id; for code rule_error the element path of the failing rule."`
	Code     string `json:"code" doc:"The answer error code the question kept after retries (docs/survey-format.md §9), or rule_error."`
	Count    int    `json:"count" doc:"Runs in which it happened (once per run)."`
}

// SimulateOutput is the report of a logic test.
type SimulateOutput struct {
	Runs               int              `json:"runs" doc:"Simulated respondents."`
	Seed               int64            `json:"seed" doc:"Seed used; send it again to repeat the test."`
	Completed          int              `json:"completed" doc:"Runs that ended complete."`
	ScreenedOut        int              `json:"screened_out" doc:"Runs that ended screened out."`
	Stuck              int              `json:"stuck" doc:"Runs that stopped on a page because a required question could not be answered validly (see problems)."`
	Pages              []SimPageOut     `json:"pages" doc:"Every page in document order."`
	Questions          []SimQuestionOut `json:"questions" doc:"Every question in document order."`
	Endings            []SimEndingOut   `json:"endings" doc:"Every ending in document order, then the default endings (id \"\"): the complete one when no complete ending is defined, the screen-out one when no screen-out ending is defined and a jump screens out."`
	UnreachedQuestions []string         `json:"unreached_questions" doc:"Questions no run reached."`
	UnreachedEndings   []string         `json:"unreached_endings" doc:"Endings no run got (\"\" for an unreached default ending)."`
	Problems           []SimProblemOut  `json:"problems" doc:"Questions the simulator could not answer validly, and rules that failed at run time."`
}

func simulateOut(r *survey.SimReport) SimulateOutput {
	out := SimulateOutput{Runs: r.Runs, Seed: r.Seed, Completed: r.Completed, ScreenedOut: r.ScreenedOut, Stuck: r.Stuck,
		Pages: []SimPageOut{}, Questions: []SimQuestionOut{}, Endings: []SimEndingOut{}, Problems: []SimProblemOut{},
		UnreachedQuestions: nonNil(r.UnreachedQuestions), UnreachedEndings: nonNil(r.UnreachedEndings)}
	for _, p := range r.Pages {
		out.Pages = append(out.Pages, SimPageOut(p))
	}
	for _, q := range r.Questions {
		out.Questions = append(out.Questions, SimQuestionOut(q))
	}
	for _, e := range r.Endings {
		out.Endings = append(out.Endings, SimEndingOut(e))
	}
	for _, p := range r.Problems {
		out.Problems = append(out.Problems, SimProblemOut(p))
	}
	return out
}

func (a *API) surveyDesignOps() []Op {
	return []Op{
		Handle(Op{ID: "parseSurveyText", Method: http.MethodPost, Path: "/surveys/parse-text", Tag: "Surveys", Permission: auth.PermSurveysManage,
			Summary:     "Read a survey written as plain text",
			Description: "Turns a pasted questionnaire — one question per paragraph, options one per line, type markers such as [多选题] or [matrix] — into a definition that passes the checks (docs/text-import.md, clause 6.3.1a). Nothing is stored: create the survey with createSurvey {definition}. A text without questions is validation_failed on field text.",
			MaxBody:     4 * textimport.MaxTextSize},
			func(c *Call, in *ParseTextInput) (ParseTextOutput, error) {
				if len(in.Text) > textimport.MaxTextSize {
					return ParseTextOutput{}, cem.Invalid("The text is too long.",
						cem.FieldError{Name: "text", Reason: fmt.Sprintf("at most %d KB", textimport.MaxTextSize>>10)})
				}
				def, warns := textimport.Parse(in.Text, in.Locale)
				if def == nil {
					return ParseTextOutput{}, cem.Invalid("The text contains no question.", cem.FieldError{Name: "text", Reason: "no question found"})
				}
				b, err := json.Marshal(def)
				if err != nil {
					return ParseTextOutput{}, cem.Internal(err)
				}
				out := ParseTextOutput{Definition: b, Warnings: []TextWarningOut{}}
				for _, p := range def.Pages {
					out.Questions += len(p.Questions)
				}
				for _, w := range warns {
					out.Warnings = append(out.Warnings, TextWarningOut(w))
				}
				return out, nil
			}),
		Handle(Op{ID: "simulateSurvey", Method: http.MethodPost, Path: "/surveys/{id}/simulate", Tag: "Surveys", Permission: auth.PermSurveysRead,
			Summary: "Logic test: answer a survey at random many times",
			Description: "Simulated respondents answer the draft or a published version page by page through the same engine as evaluateSurvey: " +
				"each starts with no answers, answers the visible questions of the current page at random with answers valid for their type and validation " +
				"(an answer the engine refuses is drawn again a few times; optional questions are sometimes left blank, and left blank when no valid answer is found), " +
				"then goes to next_page until the survey completes or screens out. A run whose required question cannot be answered validly stops there and counts as stuck. " +
				"The report counts how many runs reach each page, question and ending and lists questions and endings nobody reaches (issue #6, clauses 6.3.1c–d). " +
				"The same seed gives the same report. Scope rules are those of evaluateSurvey.",
			Errors: []string{survey.CodeSurveyNotFound, survey.CodeVersionNotFound}},
			func(c *Call, in *SimulateInput) (SimulateOutput, error) {
				seed := rand.Int64N(1 << 53) // within JSON's exact integers
				if in.Seed != nil {
					seed = *in.Seed
				}
				r, err := a.svc.Surveys.Simulate(c.Ctx, in.ID, in.Version, survey.SimulateOptions{Runs: in.Runs, Seed: seed})
				if err != nil {
					return SimulateOutput{}, err
				}
				return simulateOut(r), nil
			}),
	}
}
