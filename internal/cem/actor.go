package cem

import "context"

// Actor is who is acting in a request: a signed-in user or an API key. The
// HTTP layer puts it in the context; domain services read it to decide what
// the caller may do and see.
type Actor struct {
	Kind        string   // "user", "api_key" or "system"
	ID          string   // user id or key id
	Name        string   // display name, for audit
	Roles       []string // role ids
	Permissions map[string]bool
	// Scope is the data the actor may see (clause 6.3.5d).
	Scope Scope
	// Units are the organisation units the actor belongs to, for audit.
	Units []string
	// MFASetupRequired is set when a role demands two-factor sign-in that
	// the user has not set up: until then the actor holds no permissions
	// beyond signing in and setting up the second factor.
	MFASetupRequired bool
	IP               string
	UserAgent        string
	RequestID        string
}

// Can reports whether the actor holds permission p.
func (a *Actor) Can(p string) bool {
	return a != nil && a.Permissions[p]
}

// Scope is a data scope: every unit (All) or the subtrees under UnitIDs.
// Domain services filter every read of unit-scoped data by it.
type Scope struct {
	All     bool
	UnitIDs []string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil for an anonymous caller.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the request id, for logs and audit.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}
