package httpapi

import (
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/org"
)

// OrgUnit is an organisation unit as the API shows it.
type OrgUnit struct {
	ID          string    `json:"id" doc:"Unique id of the unit. Users, API keys and collected data refer to it, so it stays the same when the unit is renamed, recoded or moved."`
	Code        string    `json:"code" doc:"Unique code: 1–64 letters, digits, '_', '-' or '.'." example:"BJ-001"`
	Name        string    `json:"name" doc:"Display name, 1–100 characters." example:"北京朝阳店"`
	ParentID    *string   `json:"parent_id" doc:"Id of the parent unit; null for a top-level unit and when the parent lies outside your data scope."`
	ParentCode  string    `json:"parent_code" doc:"Code of the parent unit; empty for a top-level unit and when the parent lies outside your data scope."`
	Path        string    `json:"path" doc:"Ids from the top-level unit down to this one, as /rootid/…/selfid/; a unit's subtree is every unit whose path starts with its path."`
	Depth       int       `json:"depth" doc:"0 for a top-level unit, 1 for its children, and so on."`
	ChildCount  int       `json:"child_count" doc:"Number of direct child units."`
	MemberCount int       `json:"member_count" doc:"Number of users belonging to the unit."`
	CreatedAt   time.Time `json:"created_at" doc:"When the unit was created (RFC 3339, UTC)."`
	UpdatedAt   time.Time `json:"updated_at" doc:"When the unit was last renamed, recoded or moved (RFC 3339, UTC)."`
}

func orgUnitOut(u *org.Unit) OrgUnit {
	out := OrgUnit{ID: u.ID, Code: u.Code, Name: u.Name, ParentCode: u.ParentCode, Path: u.Path, Depth: u.Depth,
		ChildCount: u.ChildCount, MemberCount: u.MemberCount, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
	// A parent outside the caller's scope has no code here; its id stays
	// hidden too, so the unit shows as a top of what the caller sees.
	if u.ParentID != "" && u.ParentCode != "" {
		p := u.ParentID
		out.ParentID = &p
	}
	return out
}

// ListOrgUnitsInput filters the unit list.
type ListOrgUnitsInput struct {
	Cursor   string `query:"cursor" doc:"Cursor from the previous page's meta.next_cursor."`
	Limit    int    `query:"limit" doc:"Page size, 1–500 (default 50)."`
	Q        string `query:"q" doc:"Only units whose code or name contains this text, ignoring case."`
	ParentID string `query:"parent_id" doc:"Only the direct children of this unit."`
	Roots    bool   `query:"roots" doc:"Only the tops of the tree you can see: top-level units for a caller who sees the whole organisation, otherwise the units of your data scope."`
}

// CreateOrgUnitInput is the body of createOrgUnit.
type CreateOrgUnitInput struct {
	Code     string `json:"code" doc:"Unique code: 1–64 letters, digits, '_', '-' or '.'." example:"BJ-001"`
	Name     string `json:"name" doc:"Display name, 1–100 characters." example:"北京朝阳店"`
	ParentID string `json:"parent_id,omitempty" doc:"Id of the parent unit, inside your data scope. Omit it for a top-level unit, which only callers who see the whole organisation may create."`
}

// UpdateOrgUnitInput changes, and may move, a unit.
type UpdateOrgUnitInput struct {
	ID       string  `path:"id" doc:"Id of the unit."`
	Code     *string `json:"code,omitempty" doc:"New unique code."`
	Name     *string `json:"name,omitempty" doc:"New display name."`
	ParentID *string `json:"parent_id,omitempty" doc:"Moves the unit, with everything below it, under this unit (inside your data scope, and not inside the unit itself). An empty string moves it to the top level, which only callers who see the whole organisation may do. Omit it to leave the unit where it is."`
}

// ImportOrgUnitsInput is a file of units to import.
type ImportOrgUnitsInput struct {
	Format  string `json:"format" enum:"csv,xlsx" doc:"Format of the file."`
	Content []byte `json:"content" doc:"The file, base64-encoded. The first row (or the first row of the first sheet) is a header naming the columns code, name and parent_code, in any order; CSV is UTF-8, with or without a byte order mark."`
	DryRun  bool   `json:"dry_run,omitempty" doc:"Check the file and report what it would do, without changing anything."`
}

// OrgImportResult counts what an import did.
type OrgImportResult struct {
	Created   int  `json:"created" doc:"Units created."`
	Updated   int  `json:"updated" doc:"Existing units renamed."`
	Moved     int  `json:"moved" doc:"Existing units given another parent."`
	Unchanged int  `json:"unchanged" doc:"Existing units left as they were."`
	DryRun    bool `json:"dry_run" doc:"True when nothing was changed: the counts are what the import would do."`
}

// ExportOrgUnitsInput chooses the export format.
type ExportOrgUnitsInput struct {
	Format string `query:"format" enum:"csv,xlsx" doc:"File format; csv when omitted."`
}

func (a *API) orgOps() []Op {
	const tag = "Organisation"
	notFound := []string{org.CodeUnitNotFound}
	return []Op{
		Handle(Op{ID: "listOrgUnits", Method: http.MethodGet, Path: "/org/units", Tag: tag, Permission: auth.PermOrgRead,
			Summary: "List organisation units in my data scope",
			Description: "Units inside the caller's data scope only (clause 6.3.5d), ordered by path so that every parent comes before its children. " +
				"Page with limit=500 to fetch a whole tree; a tree has a few thousand units at most."},
			func(c *Call, in *ListOrgUnitsInput) (List[OrgUnit], error) {
				page, err := a.svc.Org.List(c.Ctx, org.Query{Q: in.Q, ParentID: in.ParentID, Roots: in.Roots}, Page(in.Cursor, in.Limit))
				if err != nil {
					return List[OrgUnit]{}, err
				}
				out := make([]OrgUnit, 0, len(page.Items))
				for _, u := range page.Items {
					out = append(out, orgUnitOut(u))
				}
				return List[OrgUnit]{Items: out, NextCursor: page.NextCursor}, nil
			}),
		Handle(Op{ID: "createOrgUnit", Method: http.MethodPost, Path: "/org/units", Tag: tag, Permission: auth.PermOrgManage, Status: http.StatusCreated,
			Summary: "Create an organisation unit", Description: "The parent must lie in the caller's data scope; `forbidden` answers a scoped caller creating a top-level unit.",
			Errors: []string{org.CodeUnitNotFound, org.CodeCodeTaken}},
			func(c *Call, in *CreateOrgUnitInput) (OrgUnit, error) {
				u, err := a.svc.Org.Create(c.Ctx, org.CreateInput{Code: in.Code, Name: in.Name, ParentID: in.ParentID})
				if err != nil {
					return OrgUnit{}, err
				}
				return orgUnitOut(u), nil
			}),
		Handle(Op{ID: "getOrgUnit", Method: http.MethodGet, Path: "/org/units/{id}", Tag: tag, Permission: auth.PermOrgRead,
			Summary: "Get an organisation unit", Description: "A unit outside the caller's data scope answers `org_unit_not_found`.", Errors: notFound},
			func(c *Call, in *IDPath) (OrgUnit, error) {
				u, err := a.svc.Org.Get(c.Ctx, in.ID)
				if err != nil {
					return OrgUnit{}, err
				}
				return orgUnitOut(u), nil
			}),
		Handle(Op{ID: "updateOrgUnit", Method: http.MethodPatch, Path: "/org/units/{id}", Tag: tag, Permission: auth.PermOrgManage,
			Summary: "Change or move an organisation unit",
			Description: "Only the fields sent change, in one transaction. Moving rewrites the path of the whole subtree; ids stay, so users, " +
				"keys and data stay attached to their units. `org_unit_cycle` refuses a move under the unit itself or its descendants.",
			Errors: []string{org.CodeUnitNotFound, org.CodeCodeTaken, org.CodeCycle}},
			func(c *Call, in *UpdateOrgUnitInput) (OrgUnit, error) {
				u, err := a.svc.Org.Update(c.Ctx, in.ID, org.UpdateInput{Code: in.Code, Name: in.Name, ParentID: in.ParentID})
				if err != nil {
					return OrgUnit{}, err
				}
				return orgUnitOut(u), nil
			}),
		Handle(Op{ID: "deleteOrgUnit", Method: http.MethodDelete, Path: "/org/units/{id}", Tag: tag, Permission: auth.PermOrgManage,
			Summary:     "Delete an organisation unit",
			Description: "Only a unit without child units, members and API keys can be deleted.",
			Errors:      []string{org.CodeUnitNotFound, org.CodeHasChildren, org.CodeHasMembers, org.CodeInUse}},
			func(c *Call, in *IDPath) (NoContent, error) {
				return NoContent{}, a.svc.Org.Delete(c.Ctx, in.ID)
			}),
		Handle(Op{ID: "importOrgUnits", Method: http.MethodPost, Path: "/org/units/import", Tag: tag, Permission: auth.PermOrgManage, MaxBody: 10 << 20,
			Summary: "Import organisation units from CSV or XLSX",
			Description: "Creates, renames and moves units by code (upsert); rows may list children before their parents. An empty parent_code " +
				"means the top level, or, for a unit whose parent lies outside the caller's data scope, keeping that parent. The whole file is " +
				"checked first: `org_import_invalid` lists every problem in error.fields, one per row (name `row 7`), and nothing is imported. " +
				"A clean file is applied in one transaction.",
			Errors: []string{org.CodeImportInvalid, org.CodeUnknownFormat}},
			func(c *Call, in *ImportOrgUnitsInput) (OrgImportResult, error) {
				format, err := org.ParseFormat(in.Format)
				if err != nil {
					return OrgImportResult{}, err
				}
				res, err := a.svc.Org.Import(c.Ctx, format, in.Content, in.DryRun)
				if err != nil {
					return OrgImportResult{}, err
				}
				return OrgImportResult{Created: res.Created, Updated: res.Updated, Moved: res.Moved, Unchanged: res.Unchanged, DryRun: res.DryRun}, nil
			}),
		Handle(Op{ID: "exportOrgUnits", Method: http.MethodGet, Path: "/org/units/export", Tag: tag, Permission: auth.PermOrgManage,
			Summary: "Export organisation units as CSV or XLSX",
			Description: "The units in the caller's data scope with the columns code, name and parent_code, parents before children; " +
				"importOrgUnits reads the file back. parent_code is empty for units whose parent lies outside the scope. CSV is UTF-8 with " +
				"a byte order mark; cells that a spreadsheet would run as formulas are prefixed with an apostrophe, which import removes.",
			Produces: []string{"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
			Errors:   []string{org.CodeUnknownFormat}},
			func(c *Call, in *ExportOrgUnitsInput) (Stream, error) {
				name := in.Format
				if name == "" {
					name = string(org.FormatCSV)
				}
				format, err := org.ParseFormat(name)
				if err != nil {
					return Stream{}, err
				}
				ex, err := a.svc.Org.Export(c.Ctx, format)
				if err != nil {
					return Stream{}, err
				}
				return Stream{ContentType: ex.ContentType(), Filename: ex.Filename(), Write: ex.Write}, nil
			}),
	}
}
