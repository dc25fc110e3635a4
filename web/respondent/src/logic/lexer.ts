// The lexer (docs/logic.md §1). Like Go's, it splits the whole source into
// tokens before parsing starts, so a lexical error anywhere is reported
// before any grammatical one.
import { fail } from './errors'
import { type Ref, scanRef } from './ref'

/** Binary operators, in their canonical spelling. */
export type BinOp =
  | 'or'
  | 'and'
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'contains'
  | 'anyof'
  | 'allof'
  | 'noneof'
  | 'in'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'

/** Token kinds: operators and keywords by canonical spelling, and the rest. */
export type TokKind =
  | BinOp
  | 'not'
  | 'true'
  | 'false'
  | 'null'
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | 'num'
  | 'str'
  | 'ref'
  | 'name'
  | 'eof'

/** A token; at is its UTF-16 index in the source. */
export interface Token {
  k: TokKind
  at: number
  text: string
  num?: number
  str?: string
  ref?: Ref
}

const KEYWORDS = /^(true|false|null|or|and|not|contains|anyof|allof|noneof|in)$/
const OPERATOR = /==|!=|<>|<=|>=|&&|\|\||[-=<>+*/%()[\],!]/y
const CANONICAL: Record<string, TokKind> = { '==': '=', '<>': '!=', '&&': 'and', '||': 'or', '!': 'not' }

/** Splits src into tokens, ending with an 'eof' token. */
export function lex(src: string): Token[] {
  const toks: Token[] = []
  // match runs a sticky pattern at i and returns the text it matched.
  const match = (re: RegExp, i: number) => {
    re.lastIndex = i
    return re.exec(src)?.[0] || ''
  }
  for (let i = match(/[ \t\r\n]*/y, 0).length; ; i += match(/[ \t\r\n]*/y, i).length) {
    const at = i
    const c = src[i]
    const tok: Token = { k: 'eof', at, text: '' }
    if (i >= src.length) return [...toks, tok]
    if (/\d/.test(c)) {
      const m = match(/\d+(\.\d*)?/y, i)
      i += m.length
      if (/\.$/.test(m) || /[\w.]/.test(src[i] || '') || !isFinite(+m)) fail('syntax', 'bad number ' + m, src, at)
      tok.k = 'num'
      tok.num = +m
    } else if (c === "'" || c === '"') {
      ;[tok.str, i] = lexString(src, i)
      tok.k = 'str'
    } else if (c === '{') {
      ;[tok.ref, i] = scanRef(src, i)
      tok.k = 'ref'
    } else if (/[A-Za-z_]/.test(c)) {
      const word = match(/\w+/y, i)
      i += word.length
      const lower = word.toLowerCase()
      tok.k = KEYWORDS.test(lower) ? (lower as TokKind) : 'name'
      tok.str = word
    } else {
      const op = match(OPERATOR, i) || fail('syntax', `unexpected ${String.fromCodePoint(src.codePointAt(i)!)}${/[&|]/.test(c) ? '; use and, or' : ''}`, src, at)
      tok.k = CANONICAL[op] || (op as TokKind)
      i += op.length
    }
    tok.text = src.slice(at, i)
    toks.push(tok)
  }
}

// lexString decodes the quoted string starting at src[i] and returns it
// with the index just past the closing quote. Escapes: \\ \' \" \n \t \r
// and \uXXXX (not a surrogate).
function lexString(src: string, i: number): [string, number] {
  const quote = src[i]
  const start = i++
  let out = ''
  for (;;) {
    const c = src[i]
    if (c === undefined) fail('syntax', 'unterminated string', src, start)
    if (c === quote) return [out, i + 1]
    if (c !== '\\') {
      out += c
      i++
      continue
    }
    const e = src[i + 1]
    const k = '\\\'"ntr'.indexOf(e)
    const hex = parseInt(src.slice(i + 2, i + 6), 16)
    if (k >= 0) {
      out += '\\\'"\n\t\r'[k]
      i += 2
    } else if (e === 'u' && /^[\da-f]{4}$/i.test(src.slice(i + 2, i + 6)) && (hex < 0xd800 || hex > 0xdfff)) {
      out += String.fromCharCode(hex)
      i += 6
    } else fail('syntax', e === undefined ? 'unterminated string' : 'bad escape \\' + e, src, i)
  }
}
