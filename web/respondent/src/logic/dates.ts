// Dates of the logic language (docs/logic.md §8): zone-less wall-clock
// readings to the second, years 0001–9999, parsed by hand from exactly three
// formats (never Date.parse), with calendar arithmetic as the Go package
// does it. JavaScript's Date is used only as a UTC calendar.

const DAY = 86400

/**
 * A calendar date with optional time of day and no time zone, held as the
 * seconds since 1970-01-01T00:00:00 of its wall-clock reading (Go reads the
 * wall clock as UTC the same way). Build one with parseDate or dateFromParts.
 */
export class DateValue {
  constructor(readonly secs: number) {}
  /** The text form: 2024-01-31, or 2024-01-31T08:30:00 with a time of day. */
  toString(): string {
    return formatDate(this.secs)
  }
}

/** The units of datediff(). */
export type DateUnit = 'day' | 'month' | 'year'

// civil splits seconds into [year, month, day, seconds into the day],
// reading them as UTC (which is how dates are stored).
function civil(secs: number): [number, number, number, number] {
  const d = new Date(secs * 1000)
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), secs - Math.floor(secs / DAY) * DAY]
}

/**
 * Builds a date from its fields, or returns null when they do not name a
 * real moment in years 0001–9999 (no 2023-02-29, no 24:00).
 */
export function dateFromParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): DateValue | null {
  const t = new Date(0)
  t.setUTCFullYear(y, mo - 1, d) // years 0–99 too, unlike Date.UTC
  return y < 1 || y > 9999 || t.getUTCDate() !== d || t.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59
    ? null
    : new DateValue(t.getTime() / 1000 + h * 3600 + mi * 60 + s)
}

/**
 * The date whose wall clock is that of the instant `ms` (milliseconds since
 * the Unix epoch) in a zone `offsetMinutes` east of UTC, truncated to the
 * second; null outside years 0001–9999. Use it to implement Env.now().
 */
export function dateFromEpochMs(ms: number, offsetMinutes = 0): DateValue | null {
  const secs = Math.floor(ms / 1000) + offsetMinutes * 60
  const y = civil(secs)[0]
  return y >= 1 && y <= 9999 ? new DateValue(secs) : null
}

/**
 * Parses the only date texts the language accepts: 2006-01-02,
 * 2006-01-02T15:04 and 2006-01-02T15:04:05, with a space allowed instead of
 * the T. Anything else, or an impossible date, gives null.
 */
export function parseDate(s: string): DateValue | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?$/.exec(s)
  return m && dateFromParts(+m[1], +m[2], +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0))
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** Formats seconds as 2006-01-02, or 2006-01-02T15:04:05 with a time of day. */
export function formatDate(secs: number): string {
  const [y, m, d, t] = civil(secs)
  const day = pad(y, 4) + '-' + pad(m) + '-' + pad(d)
  return t ? day + 'T' + pad(Math.floor(t / 3600)) + ':' + pad(Math.floor(t / 60) % 60) + ':' + pad(t % 60) : day
}

/**
 * b − a in whole units, truncated toward zero (§8): days are 24-hour
 * periods; months are calendar months, the last one complete once b's day
 * and time of month reach a's; a year is 12 months.
 */
export function dateDiff(a: number, b: number, unit: DateUnit): number {
  if (a > b) return -dateDiff(b, a, unit) || 0
  if (unit === 'day') return Math.floor((b - a) / DAY)
  const [ya, ma, da, ta] = civil(a)
  const [yb, mb, db, tb] = civil(b)
  let months = (yb - ya) * 12 + mb - ma
  if (db * DAY + tb < da * DAY + ta) months--
  return unit === 'year' ? Math.trunc(months / 12) : months
}

/** Drops the time of day. */
export function startOfDay(d: DateValue): DateValue {
  return new DateValue(d.secs - civil(d.secs)[3])
}
