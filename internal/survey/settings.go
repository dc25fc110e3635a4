package survey

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/survey/logic"
)

// Settings are how a survey collects answers (issue #5): the privacy
// notice (clause 6.1f), quotas and duplicate rules (6.3.2e), validity
// checks against robots, resume, display mode and theme. They belong to the
// survey, not to a version: changing a quota does not need a new version.
type Settings struct {
	Privacy     Privacy  `json:"privacy" doc:"The privacy notice (clause 6.1f)."`
	Quotas      []Quota  `json:"quotas" doc:"Quotas, counted atomically (clause 6.3.2e)."`
	Dedupe      Dedupe   `json:"dedupe" doc:"One answer per device, openid, invitation, contact or address."`
	Validity    Validity `json:"validity" doc:"Robot checks."`
	Resume      Resume   `json:"resume" doc:"Partial save and resume."`
	Mode        string   `json:"mode" enum:"paged,single" doc:"paged: one page at a time; single: every page on one screen."`
	Theme       Theme    `json:"theme" doc:"Logo and colour of the respondent page."`
	AnonymiseIP bool     `json:"anonymise_ip" doc:"Keep only the network part of addresses (/24, /48)."`
}

// What a survey may collect besides the answers themselves.
const (
	CollectAnswers = "answers"
	CollectDevice  = "device"
	CollectIP      = "ip"
	CollectOpenID  = "openid"
	CollectContact = "contact"
)

// Privacy is the notice shown before the first question when personal
// information is collected (clause 6.1f).
type Privacy struct {
	Collects   []string `json:"collects" doc:"What is collected: answers, device, ip, openid, contact. Anything beyond answers shows the notice and asks for consent."`
	Purpose    Text     `json:"purpose,omitzero" doc:"Why it is collected, by locale."`
	Retention  Text     `json:"retention,omitzero" doc:"How long it is kept, by locale."`
	Controller Text     `json:"controller,omitzero" doc:"Who controls the data, by locale."`
}

// PersonalInfo reports whether anything beyond the answers is collected, in
// which case the notice must be shown and consent recorded.
func (p Privacy) PersonalInfo() bool {
	for _, c := range p.Collects {
		if c != CollectAnswers {
			return true
		}
	}
	return false
}

// Quota actions when a quota is full.
const (
	QuotaEnd      = "end"      // end the survey with Message
	QuotaRedirect = "redirect" // send the respondent to Redirect
	QuotaFlag     = "flag"     // accept the response but flag it
)

// Quota limits how many counted responses match Condition (an expression
// over answers and parameters; empty matches every response), optionally
// only for one channel.
type Quota struct {
	ID        string `json:"id" doc:"Quota id."`
	Name      string `json:"name" doc:"Quota name."`
	Condition string `json:"condition,omitempty" doc:"Logic expression over answers and parameters, e.g. {city.province} = '310000' and {gender} = 'f'; empty matches every response."`
	Channel   string `json:"channel,omitempty" doc:"Only responses from this channel (the ch parameter)."`
	Limit     int    `json:"limit" doc:"Counted responses allowed."`
	Action    string `json:"action" enum:"end,redirect,flag" doc:"When full: end with message, redirect, or accept and flag."`
	Message   Text   `json:"message,omitzero" doc:"Message when the quota ends the survey, by locale."`
	Redirect  string `json:"redirect,omitempty" doc:"Address to send the respondent to (action redirect)."`
}

// Dedupe says which keys allow one answer each (clause 6.3.2e): the device
// (first-party cookie plus local id), the WeChat openid, a single-use
// invitation token, the contact; and at most IPLimit responses per address
// per IPWindowHours (0: no limit).
type Dedupe struct {
	Device        bool `json:"device" doc:"One answer per device (first-party cookie plus the page's local id)."`
	OpenID        bool `json:"openid" doc:"One answer per WeChat openid."`
	Invite        bool `json:"invite" doc:"Single-use invitation tokens."`
	Contact       bool `json:"contact" doc:"One answer per contact."`
	IPLimit       int  `json:"ip_limit" doc:"At most this many responses per address per window; 0 for no limit."`
	IPWindowHours int  `json:"ip_window_hours" doc:"Window of the address limit, in hours."`
}

// Validity tunes the robot checks. MinSeconds 0 derives the minimum from
// the length estimate.
type Validity struct {
	MinSeconds   int  `json:"min_seconds" doc:"Faster completions are flagged; 0 derives it from the length estimate."`
	RequireToken bool `json:"require_token" doc:"Flag submissions without the page's proof-of-work token."`
}

// Resume lets respondents continue where they stopped for ExpiryDays.
type Resume struct {
	Enabled    bool `json:"enabled" doc:"Save page by page and offer a resume link."`
	ExpiryDays int  `json:"expiry_days" doc:"Days a partial response can be resumed."`
}

// Theme is the respondent page's look.
type Theme struct {
	Logo  string `json:"logo,omitempty" doc:"Logo image URL."`
	Color string `json:"color,omitempty" doc:"Main colour, #rrggbb."`
}

// NeedsOpenID reports whether the survey processes the respondent's WeChat
// openid: declared in the notice, or one answer per openid (which
// ValidateSettings only allows when declared).
func (st Settings) NeedsOpenID() bool {
	return slices.Contains(st.Privacy.Collects, CollectOpenID) || st.Dedupe.OpenID
}

// DefaultSettings are a new survey's: answers only, one answer per device,
// proof-of-work required, resume for 7 days, page by page.
func DefaultSettings() Settings {
	return Settings{Privacy: Privacy{Collects: []string{CollectAnswers}}, Quotas: []Quota{}, Dedupe: Dedupe{Device: true},
		Validity: Validity{RequireToken: true}, Resume: Resume{Enabled: true, ExpiryDays: 7}, Mode: "paged"}
}

var (
	colorRE   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	quotaIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

// ValidateSettings checks settings against the definition they apply to:
// quota conditions must parse and type-check. It returns every problem.
func ValidateSettings(def *Definition, st Settings) []cem.FieldError {
	var f []cem.FieldError
	add := func(name, format string, args ...any) {
		f = append(f, cem.FieldError{Name: name, Reason: fmt.Sprintf(format, args...)})
	}
	for i, c := range st.Privacy.Collects {
		if !slices.Contains([]string{CollectAnswers, CollectDevice, CollectIP, CollectOpenID, CollectContact}, c) {
			add(fmt.Sprintf("privacy.collects[%d]", i), "unknown item %q", c)
		}
	}
	if st.Privacy.PersonalInfo() && st.Privacy.Purpose.IsZero() {
		add("privacy.purpose", "say why personal information is collected (clause 6.1f)")
	}
	var types logic.TypeEnv
	if def != nil {
		types = Types(def)
	}
	seen := map[string]bool{}
	for i, q := range st.Quotas {
		at := fmt.Sprintf("quotas[%d]", i)
		if !quotaIDRE.MatchString(q.ID) || seen[q.ID] {
			add(at+".id", "1–64 letters, digits, _ or -, unique")
		}
		seen[q.ID] = true
		if strings.TrimSpace(q.Name) == "" {
			add(at+".name", "required")
		}
		if q.Limit < 1 {
			add(at+".limit", "at least 1")
		}
		switch q.Action {
		case QuotaEnd, QuotaFlag:
		case QuotaRedirect:
			if u, err := url.Parse(q.Redirect); err != nil || (u.Scheme != "https" && u.Scheme != "http") {
				add(at+".redirect", "an http(s) address")
			}
		default:
			add(at+".action", "end, redirect or flag")
		}
		if q.Condition != "" {
			e, err := logic.Parse(q.Condition)
			if err != nil {
				add(at+".condition", "%v", err)
			} else if types != nil {
				for _, d := range logic.CheckCondition(e, types) {
					add(at+".condition", "%s", d.Msg)
				}
			}
		}
	}
	// One answer per openid or contact means processing that personal
	// information, so the privacy notice must declare it (clause 6.1f).
	for _, k := range []struct {
		on   bool
		item string
	}{{st.Dedupe.OpenID, CollectOpenID}, {st.Dedupe.Contact, CollectContact}} {
		if k.on && !slices.Contains(st.Privacy.Collects, k.item) {
			add("dedupe."+k.item, "declare %q in privacy.collects first: one answer per %s processes it (clause 6.1f)", k.item, k.item)
		}
	}
	if st.Dedupe.IPLimit < 0 {
		add("dedupe.ip_limit", "0 (no limit) or more")
	}
	if st.Dedupe.IPLimit > 0 && st.Dedupe.IPWindowHours < 1 {
		add("dedupe.ip_window_hours", "with an address limit, a window of at least 1 hour")
	}
	if st.Validity.MinSeconds < 0 {
		add("validity.min_seconds", "0 or more")
	}
	if st.Resume.Enabled && (st.Resume.ExpiryDays < 1 || st.Resume.ExpiryDays > 365) {
		add("resume.expiry_days", "1 to 365")
	}
	if st.Mode != "paged" && st.Mode != "single" {
		add("mode", "paged or single")
	}
	if l := st.Theme.Logo; l != "" {
		if u, err := url.Parse(l); err != nil || !(u.Scheme == "https" || u.Scheme == "http" || (u.Scheme == "" && strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//"))) {
			add("theme.logo", "an http(s) address or a path on this server")
		}
	}
	if st.Theme.Color != "" && !colorRE.MatchString(st.Theme.Color) {
		add("theme.color", "a colour like #1456f0")
	}
	return f
}
