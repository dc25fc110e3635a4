package logic

import "time"

// MapEnv is an Env backed by maps, used by the tests and the conformance
// runner and reusable by the survey engine once it has worked out which
// questions are visible. Answers, Texts and Others are keyed by question id,
// or "question.item" for a matrix row or a blank ("q5.r1"); Params, Contact
// and Vars by name. A missing key is Null. The engine must leave hidden
// questions out of Answers, Texts and Others: their answers never count.
type MapEnv struct {
	Answers map[string]Value // {q1}, {q5.r1}
	Texts   map[string]Value // {q1.text}: label(s) of the chosen option(s)
	Others  map[string]Value // {q1.other}: "other, please specify" text
	Params  map[string]Value // {$param.ch}
	Contact map[string]Value // {$contact.city}
	Vars    map[string]Value // {$var.score}
	Time    time.Time        // returned by Now
}

// Lookup implements Env.
func (m *MapEnv) Lookup(r Ref) Value {
	var src map[string]Value
	key := r.Name
	switch r.Scope {
	case ScopeParam:
		src = m.Params
	case ScopeContact:
		src = m.Contact
	case ScopeVar:
		src = m.Vars
	default:
		if r.Item != "" {
			key += "." + r.Item
		}
		switch r.Attr {
		case AttrText:
			src = m.Texts
		case AttrOther:
			src = m.Others
		default:
			src = m.Answers
		}
	}
	return src[key] // a nil map reads as empty
}

// Now implements Env.
func (m *MapEnv) Now() time.Time { return m.Time }
