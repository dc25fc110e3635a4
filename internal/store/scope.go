package store

import (
	"strings"

	"github.com/opencem/opencem/internal/cem"
)

// scopeClause returns a SQL condition limiting column (a unit id column) to
// the subtrees of the scope's units, with its arguments. The domain service
// decides the scope; this only spells it in SQL. An empty scope matches
// nothing; an All scope matches everything, including NULL units.
func scopeClause(column string, s cem.Scope) (string, []any) {
	if s.All {
		return "1 = 1", nil
	}
	if len(s.UnitIDs) == 0 {
		return "1 = 0", nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(s.UnitIDs)), ", ")
	args := make([]any, len(s.UnitIDs))
	for i, id := range s.UnitIDs {
		args[i] = id
	}
	return column + ` IN (SELECT su.id FROM org_units su JOIN org_units sr ON su.path LIKE sr.path || '%' WHERE sr.id IN (` + ph + `))`, args
}
