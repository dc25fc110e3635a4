package logic

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tNumber
	tString
	tRef
	tIdent
	tTrue
	tFalse
	tNull
	tOr
	tAnd
	tNot
	tEq
	tNe
	tLt
	tLe
	tGt
	tGe
	tContains
	tAnyof
	tAllof
	tNoneof
	tIn
	tPlus
	tMinus
	tStar
	tSlash
	tPercent
	tLParen
	tRParen
	tLBrack
	tRBrack
	tComma
)

// tokNames are the canonical spellings; the printer writes operators with
// them, so "==" prints as "=" and "&&" as "and".
var tokNames = [...]string{
	tEOF: "end of expression", tNumber: "number", tString: "string", tRef: "reference",
	tIdent: "name", tTrue: "true", tFalse: "false", tNull: "null", tOr: "or", tAnd: "and",
	tNot: "not", tEq: "=", tNe: "!=", tLt: "<", tLe: "<=", tGt: ">", tGe: ">=",
	tContains: "contains", tAnyof: "anyof", tAllof: "allof", tNoneof: "noneof", tIn: "in",
	tPlus: "+", tMinus: "-", tStar: "*", tSlash: "/", tPercent: "%",
	tLParen: "(", tRParen: ")", tLBrack: "[", tRBrack: "]", tComma: ",",
}

func (k tokKind) String() string { return tokNames[k] }

var keywords = map[string]tokKind{
	"true": tTrue, "false": tFalse, "null": tNull, "or": tOr, "and": tAnd, "not": tNot,
	"contains": tContains, "anyof": tAnyof, "allof": tAllof, "noneof": tNoneof, "in": tIn,
}

type token struct {
	kind tokKind
	pos  Pos
	text string // source text of the token
	num  float64
	str  string // decoded string literal, or identifier
	ref  Ref
}

// posTracker turns byte offsets into line/column positions. Offsets must
// be asked for in increasing order, which keeps the work linear.
type posTracker struct {
	src       string
	off       int
	line, col int
}

func newPosTracker(src string) *posTracker { return &posTracker{src: src, line: 1, col: 1} }

func (p *posTracker) at(off int) Pos {
	for p.off < off && p.off < len(p.src) {
		r, size := utf8.DecodeRuneInString(p.src[p.off:])
		if r == '\n' {
			p.line, p.col = p.line+1, 1
		} else {
			p.col++
		}
		p.off += size
	}
	return Pos{Offset: off, Line: p.line, Col: p.col}
}

// lex splits src into tokens. The caller has checked length and UTF-8.
func lex(src string) ([]token, *Error) {
	pt := newPosTracker(src)
	var toks []token
	i := 0
	for {
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
			i++
		}
		pos := pt.at(i)
		if i >= len(src) {
			return append(toks, token{kind: tEOF, pos: pos}), nil
		}
		tok := token{pos: pos}
		start := i
		c := src[i]
		switch {
		case isDigit(c):
			for i < len(src) && isDigit(src[i]) {
				i++
			}
			if i < len(src) && src[i] == '.' {
				i++
				fs := i
				for i < len(src) && isDigit(src[i]) {
					i++
				}
				if i == fs {
					return nil, errorf(CodeSyntax, pos, "malformed number %q: a digit must follow the decimal point", src[start:i])
				}
			}
			if i < len(src) && (isIdentByte(src[i]) || src[i] == '.') {
				return nil, errorf(CodeSyntax, pos, "malformed number starting %q", src[start:i+1])
			}
			f, err := strconv.ParseFloat(src[start:i], 64)
			if err != nil || math.IsInf(f, 0) {
				return nil, errorf(CodeSyntax, pos, "number %s is out of range", abbreviate(src[start:i]))
			}
			tok.kind, tok.num = tNumber, f
		case c == '\'' || c == '"':
			s, end, err := lexString(src, i, pt)
			if err != nil {
				return nil, err
			}
			tok.kind, tok.str, i = tString, s, end
		case c == '{':
			r, end, msg, at := scanRef(src, i)
			if msg != "" {
				return nil, errorf(CodeSyntax, pt.at(at), "%s", msg)
			}
			tok.kind, tok.ref, i = tRef, r, end
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			for i < len(src) && isIdentByte(src[i]) {
				i++
			}
			word := src[start:i]
			if k, ok := keywords[strings.ToLower(word)]; ok {
				tok.kind = k
			} else {
				tok.kind, tok.str = tIdent, word
			}
		default:
			k, n := lexOperator(src[i:])
			if n == 0 {
				hint := ""
				switch c {
				case '&':
					hint = "; use and or &&"
				case '|':
					hint = "; use or or ||"
				case '}':
					hint = "; a reference looks like {q1}"
				}
				return nil, errorf(CodeSyntax, pos, "unexpected %s%s", describeChar(src, i), hint)
			}
			tok.kind, i = k, i+n
		}
		tok.text = src[start:i]
		toks = append(toks, tok)
	}
}

func lexOperator(s string) (tokKind, int) {
	if len(s) >= 2 {
		switch s[:2] {
		case "==":
			return tEq, 2
		case "!=", "<>":
			return tNe, 2
		case "<=":
			return tLe, 2
		case ">=":
			return tGe, 2
		case "&&":
			return tAnd, 2
		case "||":
			return tOr, 2
		}
	}
	switch s[0] {
	case '=':
		return tEq, 1
	case '<':
		return tLt, 1
	case '>':
		return tGt, 1
	case '!':
		return tNot, 1
	case '+':
		return tPlus, 1
	case '-':
		return tMinus, 1
	case '*':
		return tStar, 1
	case '/':
		return tSlash, 1
	case '%':
		return tPercent, 1
	case '(':
		return tLParen, 1
	case ')':
		return tRParen, 1
	case '[':
		return tLBrack, 1
	case ']':
		return tRBrack, 1
	case ',':
		return tComma, 1
	}
	return tEOF, 0
}

// lexString decodes a quoted string starting at src[i]. Escapes: \\ \' \"
// \n \t \r and \uXXXX (four hex digits, not a surrogate).
func lexString(src string, i int, pt *posTracker) (string, int, *Error) {
	quote := src[i]
	start := i
	i++
	var b strings.Builder
	for {
		if i >= len(src) {
			return "", 0, errorf(CodeSyntax, pt.at(start), "unterminated string: missing closing %c", quote)
		}
		c := src[i]
		if c == quote {
			return b.String(), i + 1, nil
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(src) {
			return "", 0, errorf(CodeSyntax, pt.at(start), "unterminated string: missing closing %c", quote)
		}
		switch e := src[i+1]; e {
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'u':
			if i+6 > len(src) {
				return "", 0, errorf(CodeSyntax, pt.at(i), `invalid \u escape: four hex digits expected`)
			}
			n, err := strconv.ParseUint(src[i+2:i+6], 16, 32)
			if err != nil || strings.ContainsAny(src[i+2:i+6], "+-_") {
				return "", 0, errorf(CodeSyntax, pt.at(i), `invalid \u escape: four hex digits expected`)
			}
			if n >= 0xD800 && n <= 0xDFFF {
				return "", 0, errorf(CodeSyntax, pt.at(i), `invalid \u escape: surrogate code points are not characters`)
			}
			b.WriteRune(rune(n))
			i += 6
			continue
		default:
			return "", 0, errorf(CodeSyntax, pt.at(i), `invalid escape \%s; use \\ \' \" \n \t \r or \uXXXX`, describeRaw(src, i+1))
		}
		i += 2
	}
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_'
}

// describeChar names the character at src[i] for an error message.
func describeChar(src string, i int) string {
	if i >= len(src) {
		return "end of text"
	}
	return "character " + strconv.Quote(describeRaw(src, i))
}

func describeRaw(src string, i int) string {
	r, size := utf8.DecodeRuneInString(src[i:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("\\x%02x", src[i])
	}
	return string(r)
}

func abbreviate(s string) string {
	if len(s) > 24 {
		return s[:20] + "…"
	}
	return s
}
