package logic

import (
	"fmt"
	"strconv"
)

// MessageArgs renders the arguments of a message for translation (issue #6,
// REQUIREMENTS 6.3.1: the admin app shows check messages in the user's
// language). format is the message template as written in the source (a
// gettext-style msgid) and args are the values passed with it; the result
// holds one string per verb, in order: %d as a decimal, %c as the
// character, %q as the raw (unquoted) text and any other verb as fmt.Sprint
// gives it. fmt.Sprintf(format, args'...) reproduces fmt.Sprintf(format,
// args...) when the %d strings are parsed back to integers and the %c
// strings to runes; the template keeps its verbs so a translation can quote
// %q arguments its own way.
//
// Any caller may use it; it never fails (surplus args are rendered with %v
// and missing ones are simply absent).
func MessageArgs(format string, args ...any) []string {
	if len(args) == 0 {
		return nil
	}
	out := make([]string, 0, len(args))
	verbs := Verbs(format)
	for i, a := range args {
		v := byte('v')
		if i < len(verbs) {
			v = verbs[i]
		}
		out = append(out, renderArg(v, a))
	}
	return out
}

func renderArg(verb byte, a any) string {
	switch verb {
	case 'c':
		switch r := a.(type) {
		case rune:
			return string(r)
		case byte:
			return string(rune(r))
		}
	case 'd':
		switch n := a.(type) {
		case int:
			return strconv.Itoa(n)
		case int64:
			return strconv.FormatInt(n, 10)
		}
	}
	return fmt.Sprint(a)
}

// Verbs returns the verb letter of each argument-consuming directive of a
// format string, in order ("%%" consumes none). Flags, width and precision
// are skipped; explicit argument indexes and * widths are not used by the
// engine's messages and are not supported.
func Verbs(format string) []byte {
	var vs []byte
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && (format[i] == '+' || format[i] == '-' || format[i] == '#' || format[i] == ' ' || format[i] == '0' ||
			format[i] >= '1' && format[i] <= '9' || format[i] == '.') {
			i++
		}
		if i < len(format) && format[i] != '%' {
			vs = append(vs, format[i])
		}
	}
	return vs
}
