package survey

import (
	"html"
	"regexp"
	"strings"
)

// Rich text is a small subset of HTML allowed in titles and descriptions
// of the survey, pages and questions and in ending texts:
//
//	b strong i em u s sub sup br p ul ol li span a img
//
// with these attributes: a href (http, https or mailto; links open in a
// new tab), img src (http, https or a path starting with /), alt, width
// and height (digits), and span style limited to color, background-color,
// font-weight, font-style and text-decoration with simple values.
// SanitizeRichText keeps exactly that: it re-writes allowed tags in a
// canonical form, drops other tags (and the content of script, style,
// iframe, object, template and textarea), escapes stray <, > and &, and
// closes tags left open. Braces are untouched, so piping still works.

var allowedTags = map[string]bool{"b": true, "strong": true, "i": true, "em": true, "u": true, "s": true,
	"sub": true, "sup": true, "br": true, "p": true, "ul": true, "ol": true, "li": true, "span": true, "a": true, "img": true}

var voidTags = map[string]bool{"br": true, "img": true}

var dropContent = map[string]bool{"script": true, "style": true, "iframe": true, "object": true, "template": true,
	"textarea": true, "noscript": true, "svg": true, "math": true}

var (
	tagRE      = regexp.MustCompile(`^<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?)*)\s*(/?)>`)
	attrRE     = regexp.MustCompile(`([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?`)
	entityRE   = regexp.MustCompile(`^&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});`)
	styleValRE = regexp.MustCompile(`^[#A-Za-z0-9(),.% -]{1,40}$`)
	digitsRE   = regexp.MustCompile(`^[0-9]{1,4}$`)
	commentRE  = regexp.MustCompile(`(?s)^<!--.*?-->`)
)

const maxRichDepth = 32

// SanitizeRichText returns s reduced to the allowed rich-text subset.
func SanitizeRichText(s string) string {
	var b strings.Builder
	var open []string
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '<':
			if m := commentRE.FindString(s[i:]); m != "" {
				i += len(m)
				continue
			}
			m := tagRE.FindStringSubmatch(s[i:])
			if m == nil {
				b.WriteString("&lt;")
				i++
				continue
			}
			i += len(m[0])
			closing, name, attrs := m[1] == "/", strings.ToLower(m[2]), m[3]
			if dropContent[name] && !closing {
				i = skipElement(s, i, name)
				continue
			}
			if !allowedTags[name] {
				continue
			}
			if closing {
				open = closeTag(&b, open, name)
				continue
			}
			if !voidTags[name] && len(open) >= maxRichDepth {
				continue
			}
			b.WriteString(canonicalTag(name, attrs))
			if !voidTags[name] {
				open = append(open, name)
			}
		case '>':
			b.WriteString("&gt;")
			i++
		case '&':
			if m := entityRE.FindString(s[i:]); m != "" {
				b.WriteString(m)
				i += len(m)
			} else {
				b.WriteString("&amp;")
				i++
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	for j := len(open) - 1; j >= 0; j-- {
		b.WriteString("</" + open[j] + ">")
	}
	return b.String()
}

// skipElement returns the offset after the closing tag of name, or the
// end of s.
func skipElement(s string, i int, name string) int {
	lower := strings.ToLower(s[i:])
	if k := strings.Index(lower, "</"+name); k >= 0 {
		if e := strings.IndexByte(lower[k:], '>'); e >= 0 {
			return i + k + e + 1
		}
	}
	return len(s)
}

func closeTag(b *strings.Builder, open []string, name string) []string {
	for j := len(open) - 1; j >= 0; j-- {
		if open[j] == name {
			for k := len(open) - 1; k >= j; k-- {
				b.WriteString("</" + open[k] + ">")
			}
			return open[:j]
		}
	}
	return open // a stray closing tag is dropped
}

func canonicalTag(name, attrs string) string {
	var b strings.Builder
	b.WriteString("<" + name)
	seen := map[string]bool{}
	for _, m := range attrRE.FindAllStringSubmatch(attrs, -1) {
		key := strings.ToLower(m[1])
		if seen[key] {
			continue
		}
		seen[key] = true
		val := m[2]
		if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') {
			val = val[1 : len(val)-1]
		}
		val = html.UnescapeString(val)
		if v, ok := allowedAttr(name, key, val); ok {
			b.WriteString(" " + key + `="` + html.EscapeString(v) + `"`)
		}
	}
	if name == "a" {
		b.WriteString(` target="_blank" rel="noopener noreferrer"`)
	}
	b.WriteString(">")
	return b.String()
}

func allowedAttr(tag, key, val string) (string, bool) {
	val = strings.TrimSpace(val)
	switch {
	case tag == "a" && key == "href":
		l := strings.ToLower(val)
		return val, strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "mailto:")
	case tag == "img" && key == "src":
		l := strings.ToLower(val)
		return val, strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") || strings.HasPrefix(val, "/") && !strings.HasPrefix(val, "//")
	case tag == "img" && key == "alt":
		return val, true
	case tag == "img" && (key == "width" || key == "height"):
		return val, digitsRE.MatchString(val)
	case tag == "span" && key == "style":
		return cleanStyle(val)
	}
	return "", false
}

var allowedStyles = map[string]bool{"color": true, "background-color": true, "font-weight": true, "font-style": true, "text-decoration": true}

func cleanStyle(s string) (string, bool) {
	var kept []string
	for _, decl := range strings.Split(s, ";") {
		prop, val, ok := strings.Cut(decl, ":")
		prop, val = strings.ToLower(strings.TrimSpace(prop)), strings.TrimSpace(val)
		if !ok || !allowedStyles[prop] || !styleValRE.MatchString(val) || strings.Contains(strings.ToLower(val), "url") ||
			strings.Contains(strings.ToLower(val), "expression") {
			continue
		}
		kept = append(kept, prop+": "+val)
	}
	return strings.Join(kept, "; "), len(kept) > 0
}
