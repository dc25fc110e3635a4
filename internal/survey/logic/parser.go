package logic

import (
	"strings"
	"unicode/utf8"
)

// Limits that keep parsing and evaluation cheap on hostile input. They are
// part of the language definition (docs/logic.md), so the TypeScript twin
// enforces the same numbers.
const (
	// MaxSourceLen is the longest expression source, in bytes.
	MaxSourceLen = 4096
	// MaxDepth bounds the nesting of parentheses, list brackets, call
	// argument lists and prefix operators (not, !, unary -). Chains such as
	// a + b + c do not nest, so long sums are fine.
	MaxDepth = 64
	// MaxListLen bounds the items of one list literal and the arguments of
	// one call.
	MaxListLen = 256
)

// node is an element of the syntax tree. The tree is unexported: callers
// get at its content through Expr's methods, which leaves us free to
// change its shape.
type node interface{ position() Pos }

type litNode struct {
	pos Pos
	val Value // null, number, string or bool
}

type refNode struct {
	pos Pos
	ref Ref
}

type listNode struct {
	pos   Pos
	elems []node
}

type unaryNode struct {
	pos Pos
	op  tokKind // tNot or tMinus
	x   node
}

type binaryNode struct {
	pos  Pos // of the operator
	op   tokKind
	l, r node
}

type callNode struct {
	pos  Pos
	name string   // canonical spelling if the function is known
	fn   *funcDef // nil for an unknown function
	args []node
}

func (n *litNode) position() Pos    { return n.pos }
func (n *refNode) position() Pos    { return n.pos }
func (n *listNode) position() Pos   { return n.pos }
func (n *unaryNode) position() Pos  { return n.pos }
func (n *binaryNode) position() Pos { return n.pos }
func (n *callNode) position() Pos   { return n.pos }

// Expr is a parsed expression. It is immutable and safe for concurrent use;
// parse once when a survey version is loaded and evaluate many times.
type Expr struct {
	src  string
	root node
}

// Source returns the text the expression was parsed from.
func (e *Expr) Source() string { return e.src }

// Refs returns the distinct references in the expression in order of first
// appearance. The survey checker uses them for dependency analysis: {q1},
// {q1.text} and {q1.other} all depend on question q1 (Ref.Name).
func (e *Expr) Refs() []Ref {
	var refs []Ref
	seen := map[Ref]bool{}
	walk(e.root, func(n node) {
		if r, ok := n.(*refNode); ok && !seen[r.ref] {
			seen[r.ref] = true
			refs = append(refs, r.ref)
		}
	})
	return refs
}

// Funcs returns the distinct function names called, in order of first
// appearance (known functions in canonical spelling).
func (e *Expr) Funcs() []string {
	var names []string
	seen := map[string]bool{}
	walk(e.root, func(n node) {
		if c, ok := n.(*callNode); ok && !seen[c.name] {
			seen[c.name] = true
			names = append(names, c.name)
		}
	})
	return names
}

func walk(n node, f func(node)) {
	f(n)
	switch n := n.(type) {
	case *listNode:
		for _, e := range n.elems {
			walk(e, f)
		}
	case *unaryNode:
		walk(n.x, f)
	case *binaryNode:
		walk(n.l, f)
		walk(n.r, f)
	case *callNode:
		for _, a := range n.args {
			walk(a, f)
		}
	}
}

// Parse parses an expression. It returns a *Error whose Code is
// CodeSyntax, CodeTooLong, CodeTooDeep or CodeTooManyItems and whose Pos
// points at the offending text. Unknown function names are not a parse
// error: Check reports them, and Eval fails with CodeUnknownFunction.
func Parse(src string) (*Expr, error) {
	e, err := parse(src, MaxSourceLen)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// MustParse is Parse for expressions known to be valid, such as literals in
// tests and built-in templates; it panics on error.
func MustParse(src string) *Expr {
	e, err := Parse(src)
	if err != nil {
		panic(err)
	}
	return e
}

// parse takes the length limit as a parameter so that the round-trip fuzz
// test can re-parse printed forms, which may be longer than the source.
func parse(src string, maxLen int) (*Expr, *Error) {
	if len(src) > maxLen {
		return nil, errorf(CodeTooLong, Pos{0, 1, 1}, "expression is %d bytes long; the limit is %d", len(src), maxLen)
	}
	if !utf8.ValidString(src) {
		bad := 0
		for bad < len(src) {
			r, size := utf8.DecodeRuneInString(src[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		return nil, errorf(CodeSyntax, newPosTracker(src).at(bad), "expression is not valid UTF-8")
	}
	toks, lerr := lex(src)
	if lerr != nil {
		return nil, lerr
	}
	p := &parser{toks: toks}
	if p.peek().kind == tEOF {
		return nil, errorf(CodeSyntax, p.peek().pos, "expression is empty")
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		// Literal formats, so the admin's catalogue test can find them.
		if isComparison(t.kind) && isComparisonNode(root) {
			return nil, errorf(CodeSyntax, t.pos, "unexpected %s: comparisons cannot be chained; combine them with and", describeTok(t))
		}
		return nil, errorf(CodeSyntax, t.pos, "unexpected %s after the end of the expression", describeTok(t))
	}
	return &Expr{src: src, root: root}, nil
}

type parser struct {
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) enter(pos Pos) *Error {
	p.depth++
	if p.depth > MaxDepth {
		return errorf(CodeTooDeep, pos, "expression nests deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) expect(k tokKind, context string) (token, *Error) {
	t := p.next()
	if t.kind != k {
		return t, errorf(CodeSyntax, t.pos, "expected %s %s, found %s", tokNames[k], context, describeTok(t))
	}
	return t, nil
}

// parseOr: or_expr = and_expr { ("or" | "||") and_expr } .
func (p *parser) parseOr() (node, *Error) {
	l, err := p.parseAnd()
	for err == nil && p.peek().kind == tOr {
		op := p.next()
		var r node
		if r, err = p.parseAnd(); err == nil {
			l = &binaryNode{pos: op.pos, op: tOr, l: l, r: r}
		}
	}
	return l, err
}

// parseAnd: and_expr = not_expr { ("and" | "&&") not_expr } .
func (p *parser) parseAnd() (node, *Error) {
	l, err := p.parseNot()
	for err == nil && p.peek().kind == tAnd {
		op := p.next()
		var r node
		if r, err = p.parseNot(); err == nil {
			l = &binaryNode{pos: op.pos, op: tAnd, l: l, r: r}
		}
	}
	return l, err
}

// parseNot: not_expr = ("not" | "!") not_expr | comparison .
func (p *parser) parseNot() (node, *Error) {
	if p.peek().kind != tNot {
		return p.parseComparison()
	}
	op := p.next()
	if err := p.enter(op.pos); err != nil {
		return nil, err
	}
	defer p.leave()
	x, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	return &unaryNode{pos: op.pos, op: tNot, x: x}, nil
}

func isComparison(k tokKind) bool {
	switch k {
	case tEq, tNe, tLt, tLe, tGt, tGe, tContains, tAnyof, tAllof, tNoneof, tIn:
		return true
	}
	return false
}

func isComparisonNode(n node) bool {
	b, ok := n.(*binaryNode)
	return ok && isComparison(b.op)
}

// parseComparison: comparison = sum [ cmp_op sum ] . Comparisons do not
// chain: a = b = c is a syntax error rather than a puzzle.
func (p *parser) parseComparison() (node, *Error) {
	l, err := p.parseSum()
	if err != nil || !isComparison(p.peek().kind) {
		return l, err
	}
	op := p.next()
	r, err := p.parseSum()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); isComparison(t.kind) {
		return nil, errorf(CodeSyntax, t.pos, "unexpected %s: comparisons cannot be chained; combine them with and", describeTok(t))
	}
	return &binaryNode{pos: op.pos, op: op.kind, l: l, r: r}, nil
}

// parseSum: sum = product { ("+" | "-") product } .
func (p *parser) parseSum() (node, *Error) {
	l, err := p.parseProduct()
	for err == nil && (p.peek().kind == tPlus || p.peek().kind == tMinus) {
		op := p.next()
		var r node
		if r, err = p.parseProduct(); err == nil {
			l = &binaryNode{pos: op.pos, op: op.kind, l: l, r: r}
		}
	}
	return l, err
}

// parseProduct: product = unary { ("*" | "/" | "%") unary } .
func (p *parser) parseProduct() (node, *Error) {
	l, err := p.parseUnary()
	for err == nil && (p.peek().kind == tStar || p.peek().kind == tSlash || p.peek().kind == tPercent) {
		op := p.next()
		var r node
		if r, err = p.parseUnary(); err == nil {
			l = &binaryNode{pos: op.pos, op: op.kind, l: l, r: r}
		}
	}
	return l, err
}

// parseUnary: unary = "-" unary | primary .
func (p *parser) parseUnary() (node, *Error) {
	if p.peek().kind != tMinus {
		return p.parsePrimary()
	}
	op := p.next()
	if err := p.enter(op.pos); err != nil {
		return nil, err
	}
	defer p.leave()
	x, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	return &unaryNode{pos: op.pos, op: tMinus, x: x}, nil
}

// parsePrimary: primary = number | string | "true" | "false" | "null" | ref
// | call | list | "(" expr ")" .
func (p *parser) parsePrimary() (node, *Error) {
	t := p.next()
	switch t.kind {
	case tNumber:
		return &litNode{pos: t.pos, val: Number(t.num)}, nil
	case tString:
		return &litNode{pos: t.pos, val: String(t.str)}, nil
	case tTrue, tFalse:
		return &litNode{pos: t.pos, val: Bool(t.kind == tTrue)}, nil
	case tNull:
		return &litNode{pos: t.pos, val: Null}, nil
	case tRef:
		return &refNode{pos: t.pos, ref: t.ref}, nil
	case tLParen:
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		defer p.leave()
		x, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tRParen, "to close the parenthesis"); err != nil {
			return nil, err
		}
		return x, nil
	case tLBrack:
		elems, err := p.parseItems(t, tRBrack, "list")
		if err != nil {
			return nil, err
		}
		return &listNode{pos: t.pos, elems: elems}, nil
	case tContains, tIdent:
		// contains is both an operator and a function; in operand position
		// only the function makes sense.
		if t.kind == tContains {
			if p.peek().kind != tLParen {
				break
			}
			t.str = "contains"
		}
		if p.peek().kind != tLParen {
			return nil, errorf(CodeSyntax, t.pos, "unknown name %q: references are written in braces, e.g. {%s}, and functions are called with parentheses", t.str, t.str)
		}
		open := p.next()
		args, err := p.parseItems(open, tRParen, "argument list")
		if err != nil {
			return nil, err
		}
		c := &callNode{pos: t.pos, name: t.str, args: args}
		if fn := lookupFunc(t.str); fn != nil {
			c.name, c.fn = fn.name, fn
		}
		return c, nil
	case tNot:
		return nil, errorf(CodeSyntax, t.pos, "unexpected %s: put the negated condition in parentheses, e.g. (not {q1} = 'A')", describeTok(t))
	}
	return nil, errorf(CodeSyntax, t.pos, "expected a value, reference, function call, list or (, found %s", describeTok(t))
}

// parseItems parses the comma-separated items after an opening bracket or
// parenthesis, up to the closing token. Trailing commas are not allowed.
func (p *parser) parseItems(open token, close tokKind, what string) ([]node, *Error) {
	if err := p.enter(open.pos); err != nil {
		return nil, err
	}
	defer p.leave()
	var items []node
	if p.peek().kind == close {
		p.next()
		return items, nil
	}
	for {
		if len(items) == MaxListLen {
			return nil, errorf(CodeTooManyItems, p.peek().pos, "%s has more than %d items", what, MaxListLen)
		}
		x, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		items = append(items, x)
		t := p.next()
		if t.kind == close {
			return items, nil
		}
		if t.kind != tComma {
			return nil, errorf(CodeSyntax, t.pos, "expected , or %s in %s, found %s", tokNames[close], what, describeTok(t))
		}
	}
}

func describeTok(t token) string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tNumber, tString, tRef, tIdent:
		return tokNames[t.kind] + " " + abbreviate(t.text)
	}
	return "'" + strings.ToLower(t.text) + "'"
}
