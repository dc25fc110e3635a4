// The TypeScript twin of OpenCEM's survey logic language; docs/logic.md is
// the specification and internal/survey/logic (Go) the reference.
export { DateValue, dateDiff, dateFromEpochMs, dateFromParts, formatDate, parseDate } from './dates'
export type { DateUnit } from './dates'
export { MapEnv } from './env'
export type { EnvJSON } from './env'
export {
  LogicError,
  MAX_DEPTH,
  MAX_LIST_LEN,
  MAX_PATTERN_LEN,
  MAX_SEGMENT_LEN,
  MAX_SOURCE_LEN,
  MAX_TEMPLATE_LEN,
} from './errors'
export type { ErrorCode, Pos } from './errors'
export { EMPTY_ENV, evalBool, evaluate } from './eval'
export type { Env } from './eval'
export { FUNCS } from './funcs'
export { Expr, parse } from './parser'
export type { Node } from './parser'
export { parseRef, refKey } from './ref'
export type { Attr, Ref, Scope } from './ref'
export { Template, interpolate, parseTemplate } from './template'
export { formatNumber, fromJSON, identical, isEmpty, kindOf, num, text, toJSON } from './value'
export type { JSONValue, Kind, Value } from './value'
