// GB/T 2260 divisions for the city question (§6). The page never ships the
// whole table: the engine reads divisions through a RegionSource, and
// RegionCache fills one lazily, a list of children at a time, from the
// server (GET /api/v1/public/regions and /api/v1/public/regions/{code}).

/** One division as the server lists it. */
export interface Division {
  code: string
  name: string
  has_children: boolean
}

/**
 * Where the engine looks divisions up. children(parent) returns the
 * divisions directly under a six-digit code ('' for the provinces) in
 * code order, or undefined when that list is not loaded (yet).
 */
export interface RegionSource {
  children(parent: string): readonly Division[] | undefined
}

/**
 * The parent a six-digit code must have: '' for a province (xx0000), the
 * province for a city (xxxx00), the city for a district; undefined for a
 * code that is not six characters.
 */
export function regionParent(code: string): string | undefined {
  if (code.length !== 6) return undefined
  return code.endsWith('0000') ? '' : code.endsWith('00') ? code.slice(0, 2) + '0000' : code.slice(0, 4) + '00'
}

/** A RegionSource over lists already at hand. */
export class RegionMap implements RegionSource {
  /** Parent code → its children. */
  readonly lists = new Map<string, readonly Division[]>()

  children(parent: string): readonly Division[] | undefined {
    return this.lists.get(parent)
  }
}

/**
 * A RegionSource that loads lists on demand with fetchChildren and keeps
 * them. The engine is synchronous: evaluate() reports the lists it missed
 * in result.missing_regions; load them and evaluate again, or let
 * evaluateAsync do it. The page's city picker can share the cache.
 */
export class RegionCache extends RegionMap {
  private pending = new Map<string, Promise<void>>()

  constructor(private readonly fetchChildren: (parent: string) => Promise<readonly Division[]>) {
    super()
  }

  /** Loads the lists of the given parents that are not loaded yet. */
  load(parents: readonly string[]): Promise<void> {
    return Promise.all(
      parents.map((p) => {
        if (this.lists.has(p)) return undefined
        let q = this.pending.get(p)
        if (!q) {
          q = this.fetchChildren(p).then(
            (l) => void this.lists.set(p, l),
            (e: unknown) => {
              this.pending.delete(p)
              throw e
            },
          )
          this.pending.set(p, q)
        }
        return q
      }),
    ).then(() => undefined)
  }
}

/**
 * A fetcher for RegionCache that reads the public API: base is the list of
 * provinces and base/{code} the children of a division; the envelope's
 * data holds {code, name, has_children}.
 */
export function httpRegions(base = '/api/v1/public/regions'): (parent: string) => Promise<Division[]> {
  return (parent) =>
    fetch(parent ? `${base}/${encodeURIComponent(parent)}` : base)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`regions ${parent}: HTTP ${r.status}`))))
      .then((j: { data: Division[] }) => j.data)
}

/**
 * Builds a complete RegionMap from the text of Go's embedded data file
 * (internal/survey/region/gbt2260.txt: "code name" per line), for tests
 * and for servers of the region lists.
 */
export function regionsFromText(data: string): RegionMap {
  const m = new RegionMap()
  const all: Division[] = []
  for (const line of data.split('\n')) {
    const t = line.trim()
    const sp = t.indexOf(' ')
    const code = t.slice(0, sp)
    const parent = regionParent(code)
    if (sp < 0 || parent === undefined) continue
    const d = { code, name: t.slice(sp + 1), has_children: false }
    all.push(d)
    m.lists.set(parent, [...(m.lists.get(parent) ?? []), d])
  }
  for (const d of all) d.has_children = m.lists.has(d.code)
  return m
}
