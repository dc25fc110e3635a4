// Hotspot region geometry (issue #6 item 2; docs/survey-format.md §4: rect
// [x, y, w, h], circle [cx, cy, r], polygon [x1, y1, …], relative 0–1).
import { describe, expect, it } from 'vitest'
import {
  VIEW_WIDTH,
  boundingBox,
  circleFromDrag,
  closesPolygon,
  dedupePoints,
  polygonFromPoints,
  rectFromDrag,
  svgShape,
  validRegion,
} from './hotspotGeometry'

describe('rectFromDrag', () => {
  it('normalises the drag direction, clamps to the image and rounds', () => {
    expect(rectFromDrag({ x: 0.5, y: 0.6 }, { x: 0.1, y: 0.2 })).toEqual([0.1, 0.2, 0.4, 0.4])
    expect(rectFromDrag({ x: 0.9, y: 0.9 }, { x: 1.4, y: 1.2 })).toEqual([0.9, 0.9, 0.1, 0.1])
    expect(rectFromDrag({ x: 0.12345, y: 0 }, { x: 0.5, y: 0.33333 })).toEqual([0.123, 0, 0.377, 0.333])
  })

  it('refuses slips smaller than the minimum', () => {
    expect(rectFromDrag({ x: 0.5, y: 0.5 }, { x: 0.505, y: 0.9 })).toBeUndefined()
  })
})

describe('circleFromDrag', () => {
  it('measures the radius in image widths, so a tall image keeps the circle round', () => {
    expect(circleFromDrag({ x: 0.5, y: 0.5 }, { x: 0.8, y: 0.5 }, 1)).toEqual([0.5, 0.5, 0.3])
    // Height is twice the width: 0.1 down is 0.2 widths.
    expect(circleFromDrag({ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.6 }, 2)).toEqual([0.5, 0.5, 0.2])
    expect(circleFromDrag({ x: 0.2, y: 0.2 }, { x: 0.5, y: 0.6 }, 1)).toEqual([0.2, 0.2, 0.5])
  })

  it('refuses a click without a drag', () => {
    expect(circleFromDrag({ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.5 }, 1)).toBeUndefined()
  })
})

describe('polygons', () => {
  it('drops the repeated points of a double click and needs three corners', () => {
    const tri = [
      { x: 0.1, y: 0.1 },
      { x: 0.9, y: 0.1 },
      { x: 0.5, y: 0.8 },
      { x: 0.5, y: 0.8 },
      { x: 0.5001, y: 0.8 },
    ]
    expect(dedupePoints(tri)).toHaveLength(3)
    expect(polygonFromPoints(tri)).toEqual([0.1, 0.1, 0.9, 0.1, 0.5, 0.8])
    expect(polygonFromPoints(tri.slice(0, 2))).toBeUndefined()
    expect(polygonFromPoints([{ x: -1, y: 0.5 }, { x: 2, y: 0.5 }, { x: 0.5, y: 3 }])).toEqual([0, 0.5, 1, 0.5, 0.5, 1])
  })
})

describe('closesPolygon', () => {
  const tri = [
    { x: 0.1, y: 0.1 },
    { x: 0.9, y: 0.1 },
    { x: 0.5, y: 0.8 },
  ]
  it('closes on a click near the first corner once there are three corners', () => {
    expect(closesPolygon(tri, { x: 0.105, y: 0.11 }, 1)).toBe(true)
    expect(closesPolygon(tri, { x: 0.2, y: 0.1 }, 1)).toBe(false)
    expect(closesPolygon(tri.slice(0, 2), { x: 0.1, y: 0.1 }, 1)).toBe(false)
    // On a tall image a small relative y step is a long way.
    expect(closesPolygon(tri, { x: 0.1, y: 0.11 }, 4)).toBe(false)
  })
})

describe('validRegion and svgShape', () => {
  it('accepts the coordinate counts the engine checks', () => {
    expect(validRegion({ shape: 'rect', coords: [0, 0, 1, 1] })).toBe(true)
    expect(validRegion({ shape: 'rect', coords: [0, 0, 1] })).toBe(false)
    expect(validRegion({ shape: 'circle', coords: [0.5, 0.5, 0.1] })).toBe(true)
    expect(validRegion({ shape: 'polygon', coords: [0, 0, 1, 0, 1] })).toBe(false)
    expect(validRegion({ shape: 'polygon', coords: [0, 0, 1, 0, 1, 1] })).toBe(true)
    expect(validRegion({ shape: 'rect', coords: [0, 0, 1.5, 1] })).toBe(false)
    expect(validRegion(undefined)).toBe(false)
  })

  it('maps every shape into a viewBox of the image ratio', () => {
    const W = VIEW_WIDTH
    expect(svgShape({ shape: 'rect', coords: [0.1, 0.2, 0.3, 0.4] }, 0.5)).toEqual({ tag: 'rect', x: 0.1 * W, y: 0.2 * W * 0.5, width: 0.3 * W, height: 0.4 * W * 0.5 })
    expect(svgShape({ shape: 'circle', coords: [0.5, 0.5, 0.25] }, 2)).toEqual({ tag: 'circle', cx: 0.5 * W, cy: 0.5 * W * 2, r: 0.25 * W })
    expect(svgShape({ shape: 'polygon', coords: [0, 0, 1, 0, 0.5, 1] }, 1)).toEqual({ tag: 'polygon', points: `0,0 ${W},0 ${0.5 * W},${W}` })
    expect(svgShape({ shape: 'circle', coords: [0.5, 0.5] }, 1)).toBeUndefined()
  })

  it('boxes every shape', () => {
    expect(boundingBox({ shape: 'rect', coords: [0.1, 0.2, 0.3, 0.4] }, 1)).toEqual([0.1, 0.2, 0.3, 0.4])
    // Radius 0.1 of the width on an image twice as wide as tall: 0.2 of the height.
    expect(boundingBox({ shape: 'circle', coords: [0.5, 0.5, 0.1] }, 0.5).map((n) => Math.round(n * 1000) / 1000)).toEqual([0.4, 0.3, 0.2, 0.4])
    expect(boundingBox({ shape: 'polygon', coords: [0.6, 0.6, 0.9, 0.6, 0.8, 0.9] }, 1).map((n) => Math.round(n * 1000) / 1000)).toEqual([0.6, 0.6, 0.3, 0.3])
  })
})
