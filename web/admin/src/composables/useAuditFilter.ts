import type { AuditFilter, AuditOutcome } from '../api/identity'

/** The audit filter form: a time range picker instead of from / to strings. */
export interface AuditFormFilter {
  actor_id: string
  action: string
  target_type: string
  target_id: string
  outcome: AuditOutcome | ''
  range: [Date, Date] | null
  q: string
}

export function emptyAuditFilter(): AuditFormFilter {
  return { actor_id: '', action: '', target_type: '', target_id: '', outcome: '', range: null, q: '' }
}

/** The query of listAuditEvents / exportAuditEvents: blank fields left out, times as RFC 3339. */
export function auditQuery(form: AuditFormFilter): AuditFilter {
  const query: AuditFilter = {}
  const text = (value: string) => value.trim() || undefined
  query.actor_id = text(form.actor_id)
  query.action = text(form.action)
  query.target_type = text(form.target_type)
  query.target_id = text(form.target_id)
  query.outcome = form.outcome || undefined
  query.q = text(form.q)
  if (form.range) {
    query.from = form.range[0].toISOString()
    query.to = form.range[1].toISOString()
  }
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as AuditFilter
}
