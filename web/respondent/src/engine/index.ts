// The TypeScript twin of OpenCEM's survey engine (Go's internal/survey):
// docs/survey-format.md is the specification. The page calls
// parseDefinition once and evaluate after every change of the answers.
export { parseDefinition } from './definition'
export { evaluate, evaluateAsync } from './evaluate'
export { Rand, designCBC, designMaxDiff } from './design'
export { RegionCache, RegionMap, httpRegions, regionParent, regionsFromText } from './region'
export type { Division, RegionSource } from './region'
export { resolve } from './util'
export type * from './types'
