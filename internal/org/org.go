// Package org is OpenCEM's organisation tree (clause 6.3.5d): units of any
// depth (HQ → region → city → store), each with a unique code and a name.
// A caller's data scope is a set of units and everything below them;
// superiors see their subordinates' data, subordinates only their own. The
// service enforces both the caller's permission and its scope on every read
// and write: a unit outside the scope is reported as not found, so its
// existence does not leak.
package org

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/opencem/opencem/internal/cem"
)

// Unit is one node of the organisation tree. Units are identified by ID
// everywhere else (users, API keys, responses), so renaming, recoding or
// moving a unit keeps everything attached to it.
type Unit struct {
	ID   string
	Code string // unique, 1–64 of [A-Za-z0-9_.-]
	Name string // 1–100 characters
	// ParentID is "" for a top-level unit.
	ParentID string
	// ParentCode is the parent's code; "" for a top-level unit and for a
	// unit whose parent lies outside the reader's scope.
	ParentCode string
	// Path is the chain of ids from the root, "/rootid/…/selfid/", so a
	// subtree is every unit whose path starts with its root's path.
	Path  string
	Depth int // 0 for a top-level unit
	// ChildCount and MemberCount are the number of direct children and of
	// users belonging to the unit (filled in by reads).
	ChildCount  int
	MemberCount int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Filter narrows a list of units. Zero fields do not filter.
type Filter struct {
	// Q matches a substring of the code or the name, case-insensitively.
	Q string
	// ParentID keeps the direct children of that unit.
	ParentID string
	// Roots keeps the units whose parent is outside the scope: the roots of
	// the tree for a caller who sees everything, the tops of its subtrees
	// for anyone else.
	Roots bool
	// After keeps units whose path sorts after it (keyset paging).
	After string
	// Limit caps the number of units; 0 means no cap.
	Limit int
}

// Usage counts what refers to a unit, which must be gone before it can be
// deleted.
type Usage struct {
	Children int // direct child units
	Members  int // users belonging to the unit
	APIKeys  int // API keys restricted to the unit
	Surveys  int // surveys placed in the unit (deleted ones too: their answers stay)
}

// Store persists the tree. Every method joins the transaction in ctx, if
// any. Reads take the scope decided by the Service and return only units
// inside it; a missing or out-of-scope unit yields CodeUnitNotFound.
type Store interface {
	// Units returns the units in scope matching f, ordered by path (so a
	// parent always precedes its children).
	Units(ctx context.Context, scope cem.Scope, f Filter) ([]*Unit, error)
	// Unit returns the unit with this id if it lies in scope.
	Unit(ctx context.Context, scope cem.Scope, id string) (*Unit, error)
	// UnitByCode returns the unit with this code if it lies in scope.
	UnitByCode(ctx context.Context, scope cem.Scope, code string) (*Unit, error)
	// ExistingCodes returns which of codes are used by any unit, in scope or not.
	ExistingCodes(ctx context.Context, codes []string) (map[string]bool, error)
	// CreateUnit inserts u; a taken code yields CodeCodeTaken.
	CreateUnit(ctx context.Context, u *Unit) error
	// UpdateUnit writes u's code, name and updated time; a taken code yields CodeCodeTaken.
	UpdateUnit(ctx context.Context, u *Unit) error
	// MoveUnit sets u's parent to parentID ("" for none) and rewrites the
	// path and depth of u and of its whole subtree from u.Path to newPath.
	MoveUnit(ctx context.Context, u *Unit, parentID, newPath string, at time.Time) error
	// Usage counts the children, members and API keys of a unit.
	Usage(ctx context.Context, id string) (Usage, error)
	// DeleteUnit deletes one unit.
	DeleteUnit(ctx context.Context, id string) error
	// LockTree serialises changes to the tree's shape until the transaction
	// in ctx ends, so two concurrent moves cannot build a cycle.
	LockTree(ctx context.Context) error
}

// Error codes of this package.
var (
	CodeUnitNotFound  = cem.Define(cem.KindNotFound, "org_unit_not_found", "No organisation unit has this id or code, or it is outside your data scope.")
	CodeCodeTaken     = cem.Define(cem.KindConflict, "org_unit_code_taken", "Another organisation unit already has this code.")
	CodeCycle         = cem.Define(cem.KindConflict, "org_unit_cycle", "A unit cannot be moved under itself or under one of its own descendants.")
	CodeHasChildren   = cem.Define(cem.KindConflict, "org_unit_has_children", "The unit has child units; move or delete them first.")
	CodeHasMembers    = cem.Define(cem.KindConflict, "org_unit_has_members", "Users belong to the unit; move them to another unit first.")
	CodeInUse         = cem.Define(cem.KindConflict, "org_unit_in_use", "Other records (such as API keys) are restricted to the unit; change them first.")
	CodeImportInvalid = cem.Define(cem.KindInvalid, "org_import_invalid", "The import file has errors, listed per row in error.fields; nothing was imported.")
	CodeUnknownFormat = cem.Define(cem.KindInvalid, "org_format_unknown", "The file format must be csv or xlsx.")
)

// rootNeedsAll is the message refusing a top-level unit to a scoped caller.
const rootNeedsAll = "Only users who see the whole organisation may create top-level units or move units to the top level."

// Limits on unit fields.
const (
	MaxCodeLen = 64
	MaxNameLen = 100
)

// validCode reports whether code is 1–64 characters of [A-Za-z0-9_.-].
func validCode(code string) bool {
	if code == "" || len(code) > MaxCodeLen {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// codeProblem explains why code is refused, or returns "".
func codeProblem(code string) string {
	switch {
	case code == "":
		return "required"
	case !validCode(code):
		return "must be 1–64 characters: letters, digits, '_', '-' or '.'"
	}
	return ""
}

// nameProblem explains why name is refused, or returns "".
func nameProblem(name string) string {
	switch n := utf8.RuneCountInString(name); {
	case name == "":
		return "required"
	case !utf8.ValidString(name):
		return "must be UTF-8 text"
	case n > MaxNameLen:
		return "must be at most 100 characters"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "must not contain control characters such as line breaks"
	}
	return ""
}

// snapshot is what the audit trail records of a unit.
func (u *Unit) snapshot() map[string]any {
	return map[string]any{"id": u.ID, "code": u.Code, "name": u.Name, "parent_id": u.ParentID, "path": u.Path, "depth": u.Depth}
}

// childPath is the path of a new child with id under parent (nil for a root).
func childPath(parent *Unit, id string) string {
	if parent == nil {
		return "/" + id + "/"
	}
	return parent.Path + id + "/"
}

// depthOf is the depth of a unit with the given path.
func depthOf(path string) int { return strings.Count(path, "/") - 2 }
