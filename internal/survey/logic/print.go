package logic

import "strings"

// Precedence levels, loosest first. The printer uses them to write the
// fewest parentheses that keep the tree's shape; since the source needed
// at least those parentheses, printing never deepens nesting.
const (
	precOr = iota + 1
	precAnd
	precNot
	precCmp
	precSum
	precProduct
	precUnary
	precPrimary
)

func precedence(n node) int {
	switch n := n.(type) {
	case *binaryNode:
		switch n.op {
		case tOr:
			return precOr
		case tAnd:
			return precAnd
		case tPlus, tMinus:
			return precSum
		case tStar, tSlash, tPercent:
			return precProduct
		}
		return precCmp
	case *unaryNode:
		if n.op == tNot {
			return precNot
		}
		return precUnary
	}
	return precPrimary
}

// String prints the expression in canonical form: keywords in lower case,
// = for ==, != for <>, and for &&, or for ||, not for !, strings in single
// quotes, numbers in shortest decimal form, function names in their
// documented spelling and only the parentheses the tree needs. Parsing the
// result gives the same tree.
func (e *Expr) String() string {
	var b strings.Builder
	printNode(&b, e.root, 0)
	return b.String()
}

func printNode(b *strings.Builder, n node, min int) {
	if precedence(n) < min {
		b.WriteByte('(')
		defer b.WriteByte(')')
	}
	switch n := n.(type) {
	case *litNode:
		writeValue(b, n.val)
	case *refNode:
		b.WriteString(n.ref.String())
	case *listNode:
		b.WriteByte('[')
		printList(b, n.elems)
		b.WriteByte(']')
	case *callNode:
		b.WriteString(n.name)
		b.WriteByte('(')
		printList(b, n.args)
		b.WriteByte(')')
	case *unaryNode:
		if n.op == tNot {
			b.WriteString("not ")
			printNode(b, n.x, precNot)
		} else {
			b.WriteByte('-')
			printNode(b, n.x, precUnary)
		}
	case *binaryNode:
		p := precedence(n)
		left, right := p, p+1 // left-associative
		if p == precCmp {
			left = p + 1 // comparisons do not chain
		}
		printNode(b, n.l, left)
		b.WriteByte(' ')
		b.WriteString(tokNames[n.op])
		b.WriteByte(' ')
		printNode(b, n.r, right)
	}
}

func printList(b *strings.Builder, items []node) {
	for i, x := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		printNode(b, x, 0)
	}
}

// writeQuoted writes s as a single-quoted literal. Only the quote, the
// backslash and \n \t \r are escaped; everything else is written as is.
func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
}
