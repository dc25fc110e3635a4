package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/auth/signature"
	"github.com/opencem/opencem/internal/cem"
)

// tagDocs describes each tag; an operation with an unknown tag fails the
// build of the document (in tests).
var tagDocs = map[string]string{
	"Sessions":     "Sign-in and the current user. Browsers use a session cookie; writes need the X-CSRF-Token header.",
	"Meta":         "The API describing itself: version and the catalogue of error codes.",
	"Surveys":      "Survey definitions (clauses 6.3.1a–d): drafts with checks, versioned publishing, templates, and the evaluate API that runs the same engine as the respondent page and the submit path. Reads are limited to the caller's data scope.",
	"Respondents":  "The public respondent path (clauses 6.1a, 6.1f, 6.3.2a, 6.3.2e): load a published survey, save pages, resume, submit. No sign-in; rate limited per address.",
	"Responses":    "Collected responses for researchers: list, read, mark valid or invalid, delete, export, quota progress. Limited to the caller's data scope.",
	"Profile":      "The signed-in user: profile, password, sessions and two-factor sign-in.",
	"Users":        "People who sign in, their roles and organisation units (clause 8.1c). Lists and reads are limited to the caller's data scope.",
	"Roles":        "Roles are sets of permissions. Built-in: admin, operator, researcher, analyst, guest; custom roles from the permission catalogue.",
	"Organisation": "The organisation tree (clause 6.3.5d): units of any depth with a code and a name. Reads and changes are limited to the caller's data scope; units outside it answer org_unit_not_found. Import and export as CSV or XLSX.",
	"Audit":        "The tamper-evident audit trail (clause 8.1e): every change and security event with actor, roles, units, address, request id, target and a before/after diff with secrets redacted, hash-chained so that `opencem audit verify` finds rows edited, inserted or deleted out of band. Search and CSV export need audit.read; exports are themselves audited.",
	"Alarms":       "Security alarms (clause 8.1e): brute-force sign-in, a key used from a disallowed address, repeated signature failures, bursts of permission denials, grants of the admin role. Repeats of an open alarm within an hour count up instead of adding rows. Listing and acknowledging need alarms.manage.",
	"API keys":     "Credentials for third-party systems (clause 8.1b): scoped permissions, source allow-list, expiry, rotation, rate limit, optional request signatures (8.2c) and client-certificate binding (8.2a).",
}

// authErrors are the codes the authentication step may answer: session,
// API key, source, certificate, signature and rate-limit refusals.
var authErrors = []string{cem.CodeUnauthenticated, auth.CodeKeyInvalid, auth.CodeKeySource, auth.CodeKeyCertMismatch, cem.CodeRateLimited,
	string(signature.CodeMissing), string(signature.CodeAlgorithmUnsupported), string(signature.CodeInvalid),
	string(signature.CodeTimestampSkew), string(signature.CodeNonceReused), string(signature.CodeNonceInvalid)}

// declaredErrors lists every error code op may answer with: the codes its
// shape implies plus those it declares.
func declaredErrors(op *Op) []string {
	set := map[string]bool{cem.CodeInternal: true}
	if op.in != nil && op.in.Kind() == reflect.Struct {
		if hasBody(op.in) {
			for _, c := range []string{cem.CodeInvalidJSON, cem.CodeValidationFailed, cem.CodeBodyTooLarge, cem.CodeUnsupportedMedia} {
				set[c] = true
			}
		}
		for _, f := range reflect.VisibleFields(op.in) {
			if f.Tag.Get("query") != "" || f.Tag.Get("path") != "" {
				set[cem.CodeInvalidQueryParam] = true
			}
		}
	}
	if op.list {
		set[cem.CodeInvalidCursor] = true
	}
	if op.Permission != auth.PermPublic {
		// Any authenticated operation can meet a refused credential.
		for _, c := range authErrors {
			set[c] = true
		}
		if op.Permission != auth.PermSignedIn {
			set[cem.CodeForbidden] = true
			set[auth.CodeMFARequired] = true
		}
		if op.Method != http.MethodGet {
			set[cem.CodeCSRFFailed] = true
		}
	}
	for _, c := range op.Errors {
		set[c] = true
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// OpenAPI returns the OpenAPI 3.1 document of the API as indented JSON.
func (a *API) OpenAPI() []byte {
	a.docOnce.Do(func() {
		b, err := json.MarshalIndent(a.buildDoc(), "", "  ")
		if err != nil {
			panic(err)
		}
		a.docJSON = append(b, '\n')
	})
	return a.docJSON
}

func (a *API) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		a.writeError(w, r, cem.E(cem.CodeMethodNotAllowed, "Use GET."))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(a.OpenAPI())
}

func (a *API) buildDoc() map[string]any {
	g := newSchemaGen()
	errRef := g.schemaOf(reflect.TypeFor[ErrorBody]())
	paths := map[string]map[string]any{}
	usedTags := map[string]bool{}
	for _, op := range a.Ops() {
		if _, ok := tagDocs[op.Tag]; !ok {
			panic("httpapi: operation " + op.ID + " has undocumented tag " + op.Tag)
		}
		usedTags[op.Tag] = true
		if paths[op.Path] == nil {
			paths[op.Path] = map[string]any{}
		}
		paths[op.Path][strings.ToLower(op.Method)] = a.docOp(g, &op, errRef)
	}
	var tags []map[string]any
	for t := range usedTags {
		tags = append(tags, map[string]any{"name": t, "description": tagDocs[t]})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i]["name"].(string) < tags[j]["name"].(string) })
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "OpenCEM API",
			"version": a.Version,
			"summary": "Open API of OpenCEM, the open-source customer experience management platform.",
			"description": "Version 1 of the OpenCEM API (T/CCSA 559—2024 §7). Every success answers " +
				"`{\"data\": …, \"meta\": {\"next_cursor\": …}}` and every failure answers `{\"error\": {\"code\", \"message\", \"fields\", \"request_id\"}}` " +
				"with a stable code. Lists are paged with an opaque `cursor` and a `limit`. Versions live in the path; v1 stays compatible: " +
				"fields and operations are only added, never removed or retyped, and new request fields are optional.",
			"license": map[string]any{"name": "Apache-2.0", "identifier": "Apache-2.0"},
		},
		"servers": []map[string]any{{"url": Prefix, "description": "This server"}},
		"tags":    tags,
		"paths":   paths,
		"components": map[string]any{
			"schemas": g.components,
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie,
					"description": "Session cookie set by login. Writes must also send the X-CSRF-Token header with the csrf_token from login (also in the opencem_csrf cookie)."},
				"apiKey": map[string]any{"type": "http", "scheme": "bearer",
					"description": "API key token (ocm_…) from an administrator. A key may instead, or also, require signed requests: headers X-OpenCEM-Key, X-OpenCEM-Timestamp, X-OpenCEM-Nonce, X-OpenCEM-Signature-Alg and X-OpenCEM-Signature over a canonical string (method, path, sorted query, body digest, timestamp, nonce) with RSA, ECDSA P-256 or SM2 — see the Signing requests section of /docs."},
			},
		},
	}
}

func (a *API) docOp(g *schemaGen, op *Op, errRef Schema) map[string]any {
	o := map[string]any{
		"operationId":  op.ID,
		"summary":      op.Summary,
		"tags":         []string{op.Tag},
		"x-permission": op.Permission,
	}
	if op.Description != "" {
		o["description"] = op.Description
	}
	if op.Permission == auth.PermPublic {
		o["security"] = []any{}
	} else {
		o["security"] = []any{map[string]any{"session": []string{}}, map[string]any{"apiKey": []string{}}}
	}
	params := g.paramsOf(op.in, op)
	if op.Permission != auth.PermPublic && op.Method != http.MethodGet {
		params = append(params, map[string]any{"name": CSRFHeader, "in": "header", "required": false,
			"description": "CSRF token from login; required when authenticating with the session cookie.", "schema": Schema{"type": "string"}})
	}
	if len(params) > 0 {
		o["parameters"] = params
	}
	if op.in.Kind() == reflect.Struct && hasBody(op.in) {
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": g.schemaOf(op.in)}}}
	}
	if op.FileField != "" {
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{"schema": Schema{
			"type": "object", "required": []string{op.FileField}, "properties": map[string]any{
				op.FileField: Schema{"type": "string", "contentMediaType": "application/octet-stream", "description": "The file's bytes."}}}}}}
	}
	responses := map[string]any{}
	status := strconv.Itoa(op.Status)
	if op.Status == http.StatusNoContent {
		responses[status] = map[string]any{"description": "Done; no content."}
	} else if op.out == streamType {
		content := map[string]any{}
		for _, mt := range op.Produces {
			content[mt] = map[string]any{"schema": Schema{"type": "string", "description": "The file."}}
		}
		responses[status] = map[string]any{"description": "The file, streamed.", "content": content}
	} else {
		responses[status] = map[string]any{"description": "Success.", "content": map[string]any{"application/json": map[string]any{"schema": envelopeSchema(g, op)}}}
	}
	byStatus := map[int][]string{}
	for _, code := range declaredErrors(op) {
		spec, _ := cem.LookupCode(code)
		st := statusOf(spec.Kind)
		byStatus[st] = append(byStatus[st], code)
	}
	for st, codes := range byStatus {
		var b strings.Builder
		b.WriteString(http.StatusText(st) + ". Error codes:")
		for _, c := range codes {
			spec, _ := cem.LookupCode(c)
			b.WriteString("\n- `" + c + "`: " + spec.Doc)
		}
		responses[strconv.Itoa(st)] = map[string]any{"description": b.String(), "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	}
	o["responses"] = responses
	return o
}

func envelopeSchema(g *schemaGen, op *Op) Schema {
	if op.list {
		items := op.out.Field(0).Type // List[T].Items
		return Schema{"type": "object", "required": []string{"data", "meta"}, "properties": map[string]any{
			"data": Schema{"type": "array", "items": g.schemaOf(items.Elem()), "description": "The items of this page."},
			"meta": Schema{"type": "object", "required": []string{"next_cursor"}, "description": "Paging information.", "properties": map[string]any{
				"next_cursor": Schema{"type": []string{"string", "null"}, "description": "Pass as cursor to get the next page; null on the last page."},
			}},
		}}
	}
	data := g.schemaOf(op.out)
	if _, isRef := data["$ref"]; !isRef {
		data["description"] = "The result."
	} else {
		data = Schema{"allOf": []Schema{data}, "description": "The result."}
	}
	return Schema{"type": "object", "required": []string{"data"}, "properties": map[string]any{"data": data}}
}
