package auth

import "sort"

// Permissions are named capabilities (clause 8.1c: graded accounts with
// least privilege). Every API operation declares the one it needs; roles are
// sets of permissions.
const (
	// PermPublic marks operations anyone may call, signed in or not.
	PermPublic = "public"
	// PermSignedIn marks operations any signed-in principal may call.
	PermSignedIn = "signed_in"

	PermSystemAdmin  = "system.admin"  // system settings
	PermUsersRead    = "users.read"    // list and view users in scope
	PermUsersManage  = "users.manage"  // create, disable, reset users; grant roles
	PermRolesManage  = "roles.manage"  // define custom roles
	PermOrgRead      = "org.read"      // view the organisation tree in scope
	PermOrgManage    = "org.manage"    // edit, move, import the tree
	PermKeysManage   = "keys.manage"   // API keys for third-party systems
	PermAuditRead    = "audit.read"    // search and export the audit trail
	PermAlarmsManage = "alarms.manage" // see and acknowledge security alarms
	PermDataAll      = "data.all"      // data scope: every unit, not only one's own

	PermMonitoring   = "monitoring.read"     // health, jobs, collection statistics
	PermJobsManage   = "jobs.manage"         // retry, pause jobs
	PermIntegrations = "integrations.manage" // channels, webhooks, connectors

	PermSurveysRead      = "surveys.read"
	PermSurveysManage    = "surveys.manage"
	PermSurveysPublish   = "surveys.publish"
	PermDistribution     = "distribution.manage"
	PermResponsesRead    = "responses.read"
	PermResponsesManage  = "responses.manage"
	PermResponsesExport  = "responses.export"
	PermAnalysisRead     = "analysis.read"
	PermDashboardsRead   = "dashboards.read"
	PermDashboardsManage = "dashboards.manage"
	PermTicketsRead      = "tickets.read"
	PermTicketsManage    = "tickets.manage"
	PermJourneysRead     = "journeys.read"
	PermJourneysManage   = "journeys.manage"
	PermSharedRead       = "shared.read" // read what has been shared with me
)

// PermissionInfo documents one permission of the catalogue.
type PermissionInfo struct {
	ID, Group, Description string
}

// Catalogue lists every grantable permission, for custom roles and the UI.
var Catalogue = []PermissionInfo{
	{PermSystemAdmin, "system", "Change system settings."},
	{PermUsersRead, "system", "List and view users in one's data scope."},
	{PermUsersManage, "system", "Create, disable and reset users; grant roles and units."},
	{PermRolesManage, "system", "Create and edit custom roles."},
	{PermOrgRead, "system", "View the organisation tree in one's data scope."},
	{PermOrgManage, "system", "Edit, move, import and export organisation units."},
	{PermKeysManage, "system", "Create, rotate and revoke API keys."},
	{PermAuditRead, "security", "Search and export the audit trail."},
	{PermAlarmsManage, "security", "View and acknowledge security alarms."},
	{PermDataAll, "security", "See data of every organisation unit, not only one's own."},
	{PermMonitoring, "operations", "View health, jobs and collection statistics."},
	{PermJobsManage, "operations", "Retry and pause background jobs."},
	{PermIntegrations, "operations", "Configure channels, webhooks and connectors."},
	{PermSurveysRead, "surveys", "View surveys."},
	{PermSurveysManage, "surveys", "Create and edit surveys."},
	{PermSurveysPublish, "surveys", "Publish, close and reopen surveys."},
	{PermDistribution, "surveys", "Send surveys: links, QR codes, campaigns."},
	{PermResponsesRead, "data", "Read responses."},
	{PermResponsesManage, "data", "Mark responses valid or invalid, delete them."},
	{PermResponsesExport, "data", "Export responses."},
	{PermAnalysisRead, "data", "Run analyses and statistics."},
	{PermDashboardsRead, "data", "View dashboards."},
	{PermDashboardsManage, "data", "Build and share dashboards."},
	{PermTicketsRead, "tickets", "View tickets."},
	{PermTicketsManage, "tickets", "Handle, assign and close tickets; edit ticket rules."},
	{PermJourneysRead, "journeys", "View customer journeys."},
	{PermJourneysManage, "journeys", "Edit customer journeys and their metrics."},
	{PermSharedRead, "data", "Read what others shared with me."},
}

// Built-in role ids.
const (
	RoleAdmin      = "admin"
	RoleOperator   = "operator"
	RoleResearcher = "researcher"
	RoleAnalyst    = "analyst"
	RoleGuest      = "guest"
)

// BuiltinRole is a role defined in code; it cannot be edited or deleted.
type BuiltinRole struct {
	ID, Name, Description string
	Permissions           []string
}

// BuiltinRoles are the graded accounts of clause 8.1c. The administrator
// runs the system but does not read survey content or answers; the operator
// (运维) watches and runs it; researchers own surveys and their data;
// analysts read results; guests read only what is shared with them.
var BuiltinRoles = []BuiltinRole{
	{RoleAdmin, "Administrator", "System settings, users, roles, organisation, API keys, audit and alarms.",
		[]string{PermSystemAdmin, PermUsersRead, PermUsersManage, PermRolesManage, PermOrgRead, PermOrgManage, PermKeysManage, PermAuditRead, PermAlarmsManage, PermDataAll, PermMonitoring}},
	{RoleOperator, "Operator", "Monitoring, jobs and integrations; no survey content or answers.",
		[]string{PermMonitoring, PermJobsManage, PermIntegrations, PermAlarmsManage}},
	{RoleResearcher, "Researcher", "Surveys, distribution, responses and analysis in their data scope.",
		[]string{PermSurveysRead, PermSurveysManage, PermSurveysPublish, PermDistribution, PermResponsesRead, PermResponsesManage, PermResponsesExport,
			PermAnalysisRead, PermDashboardsRead, PermDashboardsManage, PermTicketsRead, PermTicketsManage, PermJourneysRead, PermJourneysManage, PermOrgRead, PermSharedRead}},
	{RoleAnalyst, "Analyst", "Reads results, dashboards, tickets and journeys in their data scope.",
		[]string{PermSurveysRead, PermResponsesRead, PermAnalysisRead, PermDashboardsRead, PermTicketsRead, PermJourneysRead, PermOrgRead, PermSharedRead}},
	{RoleGuest, "Guest", "Reads only what is shared with them.", []string{PermSharedRead}},
}

// builtinPerms indexes BuiltinRoles.
var builtinPerms = func() map[string][]string {
	m := map[string][]string{}
	for _, r := range BuiltinRoles {
		m[r.ID] = r.Permissions
	}
	return m
}()

// IsBuiltinRole reports whether id names a built-in role.
func IsBuiltinRole(id string) bool { _, ok := builtinPerms[id]; return ok }

// KnownPermission reports whether p is in the catalogue.
func KnownPermission(p string) bool {
	for _, c := range Catalogue {
		if c.ID == p {
			return true
		}
	}
	return false
}

// PermissionsOf returns the union of the permissions of built-in roles;
// custom roles add theirs through PermissionSet.
func PermissionsOf(roles []string) map[string]bool {
	return PermissionSet(roles, nil)
}

// PermissionSet returns the permissions of roles, looking custom roles up in
// custom (role id → permissions).
func PermissionSet(roles []string, custom map[string][]string) map[string]bool {
	m := map[string]bool{PermSignedIn: true, PermPublic: true}
	for _, r := range roles {
		for _, p := range builtinPerms[r] {
			m[p] = true
		}
		for _, p := range custom[r] {
			m[p] = true
		}
	}
	return m
}

// SortedPermissions returns the granted catalogue permissions in order.
func SortedPermissions(m map[string]bool) []string {
	var out []string
	for p, ok := range m {
		if ok && p != PermPublic && p != PermSignedIn {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
