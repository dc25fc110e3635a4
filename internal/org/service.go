package org

import (
	"context"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// Service manages the organisation tree. Every method reads the caller from
// ctx (cem.ActorFrom) and checks its permission — auth.PermOrgRead for
// reads, auth.PermOrgManage for changes and exports — and its data scope:
// only units inside the subtrees of the caller's Scope.UnitIDs (every unit
// for Scope.All) can be read, changed, created under, moved or moved into.
// Every change is recorded in the audit trail in the same transaction.
//
// Every method may return cem.CodeUnauthenticated (no caller in ctx),
// cem.CodeForbidden (the caller lacks the permission) and internal errors,
// besides the codes it documents.
type Service struct {
	store Store
	tx    cem.Transactor
	audit audit.Recorder
	now   func() time.Time
}

// NewService returns the service over store. tx runs its transactions, rec
// records its audit events (required: changes are never made unaudited),
// and now tells the time (nil means time.Now).
func NewService(store Store, tx cem.Transactor, rec audit.Recorder, now func() time.Time) *Service {
	if store == nil || tx == nil || rec == nil {
		panic("org: NewService needs a store, a transactor and an audit recorder")
	}
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, tx: tx, audit: rec, now: now}
}

// caller returns the actor in ctx if it holds perm.
func caller(ctx context.Context, perm string) (*cem.Actor, error) {
	a := cem.ActorFrom(ctx)
	if a == nil {
		return nil, cem.E(cem.CodeUnauthenticated, "Please sign in.")
	}
	if !a.Can(perm) {
		return nil, cem.E(cem.CodeForbidden, "You do not have permission to do this (%s).", perm)
	}
	return a, nil
}

// clock returns the time of one transaction, at the database's precision.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// event is the audit event of a change to u.
func event(action string, u *Unit, before, after any) audit.Event {
	return audit.Event{Action: action, TargetType: "org_unit", TargetID: u.ID,
		Before: before, After: after, Outcome: audit.OutcomeSuccess, Detail: u.Code + " " + u.Name}
}

// record records the audit event of a change to u.
func (s *Service) record(ctx context.Context, action string, u *Unit, before, after any) error {
	return s.audit.Record(ctx, event(action, u, before, after))
}

// Query narrows List; see Filter for the meaning of each field.
type Query struct {
	Q        string
	ParentID string
	Roots    bool
}

// cursorKey is what a List cursor carries: the path of the last unit sent.
type cursorKey struct {
	Path string `json:"p"`
}

// List returns one page of the units in the caller's scope, ordered by path
// so that every parent precedes its children; a client that wants the whole
// tree pages through it (up to cem.MaxPageSize units a page).
// Caller: org.read. Errors: cem.CodeInvalidCursor.
func (s *Service) List(ctx context.Context, q Query, p cem.PageRequest) (cem.Page[*Unit], error) {
	a, err := caller(ctx, auth.PermOrgRead)
	if err != nil {
		return cem.Page[*Unit]{}, err
	}
	p = p.Normalize()
	f := Filter{Q: strings.TrimSpace(q.Q), ParentID: q.ParentID, Roots: q.Roots, Limit: p.Limit + 1}
	if p.Cursor != "" {
		var k cursorKey
		if err := cem.DecodeCursor(p.Cursor, &k); err != nil {
			return cem.Page[*Unit]{}, err
		}
		f.After = k.Path
	}
	units, err := s.store.Units(ctx, a.Scope, f)
	if err != nil {
		return cem.Page[*Unit]{}, err
	}
	page := cem.Page[*Unit]{Items: units}
	if len(units) > p.Limit {
		page.Items = units[:p.Limit]
		page.NextCursor = cem.EncodeCursor(cursorKey{Path: page.Items[p.Limit-1].Path})
	}
	return page, nil
}

// Get returns one unit in the caller's scope.
// Caller: org.read. Errors: CodeUnitNotFound (also for units outside the scope).
func (s *Service) Get(ctx context.Context, id string) (*Unit, error) {
	a, err := caller(ctx, auth.PermOrgRead)
	if err != nil {
		return nil, err
	}
	return s.store.Unit(ctx, a.Scope, id)
}

// CreateInput is a new unit. ParentID "" makes a top-level unit.
type CreateInput struct {
	Code, Name, ParentID string
}

// Create adds a unit under a parent in the caller's scope; only callers
// whose scope is All may create top-level units.
// Caller: org.manage. Errors: cem.CodeValidationFailed (code or name),
// CodeUnitNotFound (parent), CodeCodeTaken, cem.CodeForbidden (top level).
func (s *Service) Create(ctx context.Context, in CreateInput) (*Unit, error) {
	a, err := caller(ctx, auth.PermOrgManage)
	if err != nil {
		return nil, err
	}
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	var fields []cem.FieldError
	if p := codeProblem(in.Code); p != "" {
		fields = append(fields, cem.FieldError{Name: "code", Reason: p})
	}
	if p := nameProblem(in.Name); p != "" {
		fields = append(fields, cem.FieldError{Name: "name", Reason: p})
	}
	if len(fields) > 0 {
		return nil, cem.Invalid("The unit is not valid.", fields...)
	}
	if in.ParentID == "" && !a.Scope.All {
		return nil, cem.E(cem.CodeForbidden, rootNeedsAll)
	}
	var u *Unit
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockTree(ctx); err != nil {
			return err
		}
		var parent *Unit
		if in.ParentID != "" {
			var err error
			if parent, err = s.store.Unit(ctx, a.Scope, in.ParentID); err != nil {
				return err
			}
		}
		var err error
		if u, err = s.createTx(ctx, in.Code, in.Name, parent, s.clock()); err != nil {
			return err
		}
		return s.record(ctx, "org_unit.create", u, nil, u.snapshot())
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// createTx inserts a validated unit under parent (nil for the top level),
// which the caller has checked to be in scope.
func (s *Service) createTx(ctx context.Context, code, name string, parent *Unit, now time.Time) (*Unit, error) {
	id := cem.NewID()
	u := &Unit{ID: id, Code: code, Name: name, Path: childPath(parent, id), CreatedAt: now, UpdatedAt: now}
	u.Depth = depthOf(u.Path)
	if parent != nil {
		u.ParentID, u.ParentCode = parent.ID, parent.Code
	}
	if err := s.store.CreateUnit(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// UpdateInput changes a unit; nil fields stay as they are. ParentID moves
// the unit (see Move); "" moves it to the top level.
type UpdateInput struct {
	Code, Name, ParentID *string
}

// Update changes a unit's code and name and, when ParentID is set, moves it,
// all in one transaction. Each kind of change is audited separately
// (org_unit.update, org_unit.move).
// Caller: org.manage. Errors: cem.CodeValidationFailed, CodeUnitNotFound
// (the unit or the new parent), CodeCodeTaken, CodeCycle, cem.CodeForbidden
// (move to the top level without an All scope).
func (s *Service) Update(ctx context.Context, id string, in UpdateInput) (*Unit, error) {
	a, err := caller(ctx, auth.PermOrgManage)
	if err != nil {
		return nil, err
	}
	var fields []cem.FieldError
	if in.Code != nil {
		c := strings.TrimSpace(*in.Code)
		in.Code = &c
		if p := codeProblem(c); p != "" {
			fields = append(fields, cem.FieldError{Name: "code", Reason: p})
		}
	}
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		in.Name = &n
		if p := nameProblem(n); p != "" {
			fields = append(fields, cem.FieldError{Name: "name", Reason: p})
		}
	}
	if len(fields) > 0 {
		return nil, cem.Invalid("The unit is not valid.", fields...)
	}
	var out *Unit
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockTree(ctx); err != nil {
			return err
		}
		u, err := s.store.Unit(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		now := s.clock()
		var events []audit.Event // recorded last: the recorder holds the chain lock until commit
		if (in.Code != nil && *in.Code != u.Code) || (in.Name != nil && *in.Name != u.Name) {
			before := u.snapshot()
			if in.Code != nil {
				u.Code = *in.Code
			}
			if in.Name != nil {
				u.Name = *in.Name
			}
			u.UpdatedAt = now
			if err := s.store.UpdateUnit(ctx, u); err != nil {
				return err
			}
			events = append(events, event("org_unit.update", u, before, u.snapshot()))
		}
		if in.ParentID != nil && *in.ParentID != u.ParentID {
			var parent *Unit
			if *in.ParentID != "" {
				if parent, err = s.store.Unit(ctx, a.Scope, *in.ParentID); err != nil {
					return err
				}
			}
			before := u.snapshot()
			if err := s.moveTx(ctx, a, u, parent, now); err != nil {
				return err
			}
			events = append(events, event("org_unit.move", u, before, u.snapshot()))
		}
		if out, err = s.store.Unit(ctx, a.Scope, id); err != nil {
			return err
		}
		for _, e := range events {
			if err := s.audit.Record(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Move puts a unit, with its whole subtree, under a new parent (""
// for the top level). Paths and depths of the subtree change in one
// transaction; ids do not, so everything attached to the units stays.
// Both the unit and the new parent must be in the caller's scope.
// Caller: org.manage. Errors: CodeUnitNotFound, CodeCycle, cem.CodeForbidden.
func (s *Service) Move(ctx context.Context, id, parentID string) (*Unit, error) {
	return s.Update(ctx, id, UpdateInput{ParentID: &parentID})
}

// moveTx moves u under parent (nil for the top level), which the caller
// has read within the actor's scope, refusing cycles; u is updated in place.
func (s *Service) moveTx(ctx context.Context, a *cem.Actor, u, parent *Unit, now time.Time) error {
	parentID := ""
	switch {
	case parent == nil && !a.Scope.All:
		return cem.E(cem.CodeForbidden, rootNeedsAll)
	case parent != nil && strings.HasPrefix(parent.Path, u.Path):
		if parent.ID == u.ID {
			return cem.E(CodeCycle, "A unit cannot be its own parent.")
		}
		return cem.E(CodeCycle, "%s cannot move under %s, which lies inside it.", u.Code, parent.Code)
	case parent != nil:
		parentID = parent.ID
	}
	newPath := childPath(parent, u.ID)
	if err := s.store.MoveUnit(ctx, u, parentID, newPath, now); err != nil {
		return err
	}
	u.ParentID, u.Path, u.Depth, u.UpdatedAt = parentID, newPath, depthOf(newPath), now
	u.ParentCode = ""
	if parent != nil {
		u.ParentCode = parent.Code
	}
	return nil
}

// Delete removes a unit that has no children, no members and nothing else
// restricted to it.
// Caller: org.manage. Errors: CodeUnitNotFound, CodeHasChildren,
// CodeHasMembers, CodeInUse.
func (s *Service) Delete(ctx context.Context, id string) error {
	a, err := caller(ctx, auth.PermOrgManage)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockTree(ctx); err != nil {
			return err
		}
		u, err := s.store.Unit(ctx, a.Scope, id)
		if err != nil {
			return err
		}
		use, err := s.store.Usage(ctx, u.ID)
		if err != nil {
			return err
		}
		switch {
		case use.Children > 0:
			return cem.E(CodeHasChildren, "%s has %d child units; move or delete them first.", u.Code, use.Children)
		case use.Members > 0:
			return cem.E(CodeHasMembers, "%d users belong to %s; move them to another unit first.", use.Members, u.Code)
		case use.APIKeys > 0:
			return cem.E(CodeInUse, "%d API keys are restricted to %s; give them another unit first.", use.APIKeys, u.Code)
		case use.Surveys > 0:
			return cem.E(CodeInUse, "%d surveys belong to %s; their data stays with the unit, so it cannot be deleted (move it instead).", use.Surveys, u.Code)
		}
		if err := s.store.DeleteUnit(ctx, u.ID); err != nil {
			return err
		}
		return s.record(ctx, "org_unit.delete", u, u.snapshot(), nil)
	})
}
