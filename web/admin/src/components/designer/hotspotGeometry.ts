// Geometry of hotspot regions (docs/survey-format.md §4): rect [x, y, w, h],
// circle [cx, cy, r] and polygon [x1, y1, …], relative 0–1 to the image. As
// on the respondent page (web/respondent/src/page/q/choice.ts), a circle's
// radius is relative to the image width, so it stays round on any image.
import type { HotspotRegion } from '../../api/surveyTypes'

/** A point relative to the image: 0–1 across and down. */
export interface Pt {
  x: number
  y: number
}

/** Smallest size a drawn region may have (relative): smaller drags are slips. */
export const MIN_SIZE = 0.01

export const clamp01 = (n: number) => Math.max(0, Math.min(1, n))
/** Three decimals: a thousandth of the image is finer than any finger. */
export const round3 = (n: number) => Math.round(n * 1000) / 1000

/** The rectangle dragged from a to b, clamped to the image; undefined when too small. */
export function rectFromDrag(a: Pt, b: Pt): number[] | undefined {
  const x = round3(clamp01(Math.min(a.x, b.x)))
  const y = round3(clamp01(Math.min(a.y, b.y)))
  const w = round3(clamp01(Math.max(a.x, b.x)) - x)
  const h = round3(clamp01(Math.max(a.y, b.y)) - y)
  return w < MIN_SIZE || h < MIN_SIZE ? undefined : [x, y, w, h]
}

/**
 * The circle dragged from its centre to a point on its edge; ratio is the
 * image's height / width (a relative y step is ratio times longer than an x
 * step). Undefined when too small.
 */
export function circleFromDrag(center: Pt, edge: Pt, ratio: number): number[] | undefined {
  const r = round3(Math.min(1, Math.hypot(edge.x - center.x, (edge.y - center.y) * ratio)))
  return r < MIN_SIZE / 2 ? undefined : [round3(clamp01(center.x)), round3(clamp01(center.y)), r]
}

/**
 * The points of a polygon being drawn, without repeats: a double click to
 * finish adds the last point again (twice), which is dropped.
 */
export function dedupePoints(points: Pt[]): Pt[] {
  const out: Pt[] = []
  for (const p of points) {
    const last = out[out.length - 1]
    if (!last || Math.hypot(p.x - last.x, p.y - last.y) >= MIN_SIZE / 2) out.push(p)
  }
  return out
}

/** How near the first corner a click closes the polygon (relative to the image width). */
export const CLOSE_DISTANCE = 0.02

/** Whether a click at p closes the polygon: it has three corners and p is on the first one. */
export function closesPolygon(points: Pt[], p: Pt, ratio: number): boolean {
  const first = points[0]
  return dedupePoints(points).length >= 3 && Math.hypot(p.x - first.x, (p.y - first.y) * ratio) <= CLOSE_DISTANCE
}

/** The polygon through the points (clamped, rounded); undefined with fewer than 3 distinct points. */
export function polygonFromPoints(points: Pt[]): number[] | undefined {
  const pts = dedupePoints(points.map((p) => ({ x: round3(clamp01(p.x)), y: round3(clamp01(p.y)) })))
  return pts.length < 3 ? undefined : pts.flatMap((p) => [p.x, p.y])
}

/** Whether the region has the coordinates its shape needs, all within 0–1 (internal/survey/check_struct.go). */
export function validRegion(r: HotspotRegion | undefined): r is HotspotRegion {
  if (!r || !Array.isArray(r.coords) || r.coords.some((n) => typeof n !== 'number' || !(n >= 0 && n <= 1))) return false
  const n = r.coords.length
  return (r.shape === 'rect' && n === 4) || (r.shape === 'circle' && n === 3) || (r.shape === 'polygon' && n >= 6 && n % 2 === 0)
}

/** An SVG element to draw a region in a viewBox of width × width·ratio. */
export type SvgShape =
  | { tag: 'rect'; x: number; y: number; width: number; height: number }
  | { tag: 'circle'; cx: number; cy: number; r: number }
  | { tag: 'polygon'; points: string }

/** Width of the overlay's viewBox; its height is WIDTH · ratio. */
export const VIEW_WIDTH = 1000

/** The SVG shape of a region, or undefined when its coordinates do not fit its shape. */
export function svgShape(r: HotspotRegion | undefined, ratio: number): SvgShape | undefined {
  if (!validRegion(r)) return undefined
  const W = VIEW_WIDTH
  const H = VIEW_WIDTH * ratio
  const c = r.coords
  switch (r.shape) {
    case 'rect':
      return { tag: 'rect', x: c[0] * W, y: c[1] * H, width: c[2] * W, height: c[3] * H }
    case 'circle':
      return { tag: 'circle', cx: c[0] * W, cy: c[1] * H, r: c[2] * W }
    default:
      return { tag: 'polygon', points: svgPoints(pairs(c), ratio) }
  }
}

/** The coordinates as points. */
export function pairs(coords: number[]): Pt[] {
  const out: Pt[] = []
  for (let i = 0; i + 1 < coords.length; i += 2) out.push({ x: coords[i], y: coords[i + 1] })
  return out
}

/** An SVG points attribute for relative points. */
export function svgPoints(points: Pt[], ratio: number): string {
  return points.map((p) => `${p.x * VIEW_WIDTH},${p.y * VIEW_WIDTH * ratio}`).join(' ')
}

/** A region's bounding box, relative [x, y, w, h] (a circle's radius is in widths: ratio converts it down the image). */
export function boundingBox(r: HotspotRegion, ratio: number): number[] {
  const c = r.coords
  if (r.shape === 'rect') return [c[0], c[1], c[2], c[3]]
  if (r.shape === 'circle') {
    const ry = c[2] / (ratio || 1)
    return [c[0] - c[2], c[1] - ry, 2 * c[2], 2 * ry]
  }
  const ps = pairs(c)
  const xs = ps.map((p) => p.x)
  const ys = ps.map((p) => p.y)
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return [x, y, Math.max(...xs) - x, Math.max(...ys) - y]
}
