package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/org"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// Org implements org.Store over the org_units table. The scope of every read
// is decided by the org service and spelled here with scopeClause.
type Org struct{ db *sqldb.DB }

// NewOrg returns the organisation store over db.
func NewOrg(db *sqldb.DB) *Org { return &Org{db: db} }

var _ org.Store = (*Org)(nil)

// orgTreeLockID names the PostgreSQL advisory lock that serialises changes
// to the tree's shape (an arbitrary constant, distinct from migrations').
const orgTreeLockID = 559_2024_635

// unitQuery selects units with their parent's code (only when the parent is
// in scope too), child and member counts. Its scope arguments come first.
func unitQuery(scope cem.Scope) (string, []any) {
	parentIn, args := scopeClause("p.id", scope)
	return `SELECT u.id, u.code, u.name, COALESCE(u.parent_id, ''), COALESCE(p.code, ''), u.path, u.depth, u.created_at, u.updated_at,
		(SELECT COUNT(*) FROM org_units c WHERE c.parent_id = u.id),
		(SELECT COUNT(*) FROM user_units m WHERE m.unit_id = u.id)
		FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id AND ` + parentIn, args
}

func scanUnit(rows scanner) (*org.Unit, error) {
	var u org.Unit
	var created, updated sqldb.Time
	err := rows.Scan(&u.ID, &u.Code, &u.Name, &u.ParentID, &u.ParentCode, &u.Path, &u.Depth, &created, &updated, &u.ChildCount, &u.MemberCount)
	u.CreatedAt, u.UpdatedAt = created.Time, updated.Time
	return &u, err
}

// Units implements org.Store.
func (s *Org) Units(ctx context.Context, scope cem.Scope, f org.Filter) ([]*org.Unit, error) {
	q, args := unitQuery(scope)
	in, inArgs := scopeClause("u.id", scope)
	where := []string{in}
	args = append(args, inArgs...)
	if f.Q != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Q)) + "%"
		where = append(where, `(LOWER(u.code) LIKE ? ESCAPE '\' OR LOWER(u.name) LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat)
	}
	if f.ParentID != "" {
		where = append(where, `u.parent_id = ?`)
		args = append(args, f.ParentID)
	}
	if f.Roots {
		parentIn, pArgs := scopeClause("u.parent_id", scope)
		where = append(where, `(u.parent_id IS NULL OR NOT (`+parentIn+`))`)
		args = append(args, pArgs...)
	}
	if f.After != "" {
		where = append(where, `u.path > ?`)
		args = append(args, f.After)
	}
	q += ` WHERE ` + strings.Join(where, ` AND `) + ` ORDER BY u.path`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	return queryAll(ctx, s.db, "list org units", q, args, scanUnit)
}

// escapeLike escapes LIKE's wildcards and the escape character itself.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Unit implements org.Store.
func (s *Org) Unit(ctx context.Context, scope cem.Scope, id string) (*org.Unit, error) {
	return s.unitWhere(ctx, scope, "u.id", id)
}

// UnitByCode implements org.Store.
func (s *Org) UnitByCode(ctx context.Context, scope cem.Scope, code string) (*org.Unit, error) {
	return s.unitWhere(ctx, scope, "u.code", code)
}

func (s *Org) unitWhere(ctx context.Context, scope cem.Scope, column, value string) (*org.Unit, error) {
	q, args := unitQuery(scope)
	in, inArgs := scopeClause("u.id", scope)
	args = append(append(args, value), inArgs...)
	u, err := scanUnit(s.db.QueryRow(ctx, q+` WHERE `+column+` = ? AND `+in, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cem.E(org.CodeUnitNotFound, "The organisation unit was not found.")
	}
	if err != nil {
		return nil, wrap("get org unit", err)
	}
	return u, nil
}

// ExistingCodes implements org.Store.
func (s *Org) ExistingCodes(ctx context.Context, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	const batch = 500
	for len(codes) > 0 {
		n := min(batch, len(codes))
		args := make([]any, n)
		for i, c := range codes[:n] {
			args[i] = c
		}
		codes = codes[n:]
		rows, err := s.db.Query(ctx, `SELECT code FROM org_units WHERE code IN (`+orgPlaceholders(n)+`)`, args...)
		if err != nil {
			return nil, wrap("existing org codes", err)
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, wrap("existing org codes", err)
			}
			out[c] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, wrap("existing org codes", err)
		}
	}
	return out, nil
}

func orgPlaceholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// orgNull turns "" into NULL.
func orgNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func codeTaken(code string) error {
	return cem.E(org.CodeCodeTaken, "Another organisation unit already has the code %q.", code)
}

// CreateUnit implements org.Store.
func (s *Org) CreateUnit(ctx context.Context, u *org.Unit) error {
	_, err := s.db.Exec(ctx, `INSERT INTO org_units (id, code, name, parent_id, path, depth, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Code, u.Name, orgNull(u.ParentID), u.Path, u.Depth,
		sqldb.Time{Time: u.CreatedAt}, sqldb.Time{Time: u.UpdatedAt})
	if s.db.IsUniqueViolation(err) {
		return codeTaken(u.Code)
	}
	return wrap("create org unit", err)
}

// UpdateUnit implements org.Store.
func (s *Org) UpdateUnit(ctx context.Context, u *org.Unit) error {
	res, err := s.db.Exec(ctx, `UPDATE org_units SET code = ?, name = ?, updated_at = ? WHERE id = ?`,
		u.Code, u.Name, sqldb.Time{Time: u.UpdatedAt}, u.ID)
	if s.db.IsUniqueViolation(err) {
		return codeTaken(u.Code)
	}
	return affectedOne(res, err, "update org unit", unitNotFound)
}

func unitNotFound() error { return cem.E(org.CodeUnitNotFound, "The organisation unit was not found.") }

// MoveUnit implements org.Store: one statement re-parents the unit, one
// rewrites the path prefix and depth of its whole subtree.
func (s *Org) MoveUnit(ctx context.Context, u *org.Unit, parentID, newPath string, at time.Time) error {
	res, err := s.db.Exec(ctx, `UPDATE org_units SET parent_id = ?, updated_at = ? WHERE id = ?`, orgNull(parentID), sqldb.Time{Time: at}, u.ID)
	if err := affectedOne(res, err, "move org unit", unitNotFound); err != nil {
		return err
	}
	delta := strings.Count(newPath, "/") - strings.Count(u.Path, "/")
	_, err = s.db.Exec(ctx, `UPDATE org_units SET path = CAST(? AS TEXT) || SUBSTR(path, CAST(? AS INTEGER)), depth = depth + CAST(? AS INTEGER)
		WHERE path LIKE ? ESCAPE '\'`, newPath, len(u.Path)+1, delta, escapeLike(u.Path)+"%")
	return wrap("move org subtree", err)
}

// Usage implements org.Store.
func (s *Org) Usage(ctx context.Context, id string) (org.Usage, error) {
	var n org.Usage
	err := s.db.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM org_units WHERE parent_id = ?),
		(SELECT COUNT(*) FROM user_units WHERE unit_id = ?),
		(SELECT COUNT(*) FROM api_keys WHERE unit_id = ?),
		(SELECT COUNT(*) FROM surveys WHERE unit_id = ?)`, id, id, id, id).Scan(&n.Children, &n.Members, &n.APIKeys, &n.Surveys)
	return n, wrap("org unit usage", err)
}

// DeleteUnit implements org.Store.
func (s *Org) DeleteUnit(ctx context.Context, id string) error {
	res, err := s.db.Exec(ctx, `DELETE FROM org_units WHERE id = ?`, id)
	return affectedOne(res, err, "delete org unit", unitNotFound)
}

// LockTree implements org.Store. SQLite runs one writer at a time, so a
// write transaction is already exclusive; PostgreSQL takes a
// transaction-scoped advisory lock.
func (s *Org) LockTree(ctx context.Context) error {
	return wrap("lock org tree", s.db.LockTx(ctx, orgTreeLockID))
}
