import type { ApiClient, DownloadedFile } from './client'
import type { Alarm, AlarmStatus, AuditEvent, AuditFilter } from './identity'
import { api } from './index'
import type { Page } from './types'

const AUDIT_PAGE = 50

export function listAuditEvents(filter: AuditFilter, cursor?: string, client: ApiClient = api): Promise<Page<AuditEvent>> {
  return client.page<AuditEvent>('/audit-events', { query: { ...filter, cursor, limit: AUDIT_PAGE } })
}

export function exportAuditEvents(filter: AuditFilter, client: ApiClient = api): Promise<DownloadedFile> {
  return client.download('/audit-events/export', { query: { ...filter, format: 'csv' } })
}

export function listAlarms(status: AlarmStatus | undefined, cursor?: string, client: ApiClient = api): Promise<Page<Alarm>> {
  return client.page<Alarm>('/alarms', { query: { status, cursor } })
}

export async function openAlarmCount(client: ApiClient = api): Promise<number> {
  return (await client.get<{ open: number }>('/alarms/summary')).open
}

export function acknowledgeAlarm(id: string, note: string, client: ApiClient = api): Promise<Alarm> {
  return client.post<Alarm>(`/alarms/${encodeURIComponent(id)}/acknowledge`, { body: { note } })
}
