package response

import (
	"sync"

	"github.com/opencem/opencem/internal/survey"
)

// derived is what the submit path works out from a published definition
// alone. A published version never changes and its parsed form is kept
// for the process's life (Service.defs), so this is computed once per
// definition instead of on every submit (issue #5 item 10).
type derived struct {
	estimateSeconds int               // survey.LengthEstimate(def).Seconds
	types           map[string]string // question id → type
}

var derivedByDef sync.Map // *survey.Definition → *derived

func derive(def *survey.Definition) *derived {
	if d, ok := derivedByDef.Load(def); ok {
		return d.(*derived)
	}
	d := &derived{estimateSeconds: survey.LengthEstimate(def).Seconds, types: map[string]string{}}
	for _, p := range def.Pages {
		for _, q := range p.Questions {
			d.types[q.ID] = q.Type
		}
	}
	v, _ := derivedByDef.LoadOrStore(def, d)
	return v.(*derived)
}
