package survey

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/opencem/opencem/internal/cem"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Load reads a draft definition: like Parse it refuses a document that is
// not JSON or does not fit the schema (validation_failed with the element
// paths), but semantic and static errors do not fail it — they come back in
// the report, so a designer can save work in progress. Publishing and
// answering use Parse, which refuses them.
func Load(data []byte, opts CheckOptions) (*Definition, Report, error) {
	if len(data) > MaxDefinitionSize {
		return nil, Report{}, cem.Invalid("The survey definition is too large.",
			cem.FieldError{Name: "", Reason: fmt.Sprintf("the definition is %d bytes; the limit is %d", len(data), MaxDefinitionSize)})
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, Report{}, cem.Invalid("The survey definition is not valid JSON.", cem.FieldError{Name: "", Reason: "not valid JSON: " + err.Error()})
	}
	if err := compiledSchema().Validate(doc); err != nil {
		return nil, Report{}, cem.Invalid("The survey definition does not match the schema.", schemaFields(err)...)
	}
	var def Definition
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&def); err != nil {
		return nil, Report{}, cem.Invalid("The survey definition does not match the schema.", cem.FieldError{Name: "", Reason: err.Error()})
	}
	def.cache = &defCache{notes: sanitise(&def)}
	return &def, Check(&def, opts), nil
}
