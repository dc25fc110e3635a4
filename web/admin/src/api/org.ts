import type { ApiClient, DownloadedFile } from './client'
import type { FileFormat, OrgImportResult, OrgUnit, UpdateOrgUnitInput } from './identity'
import { api } from './index'

/** The largest page the server gives; a tree has a few thousand units at most. */
const TREE_PAGE = 500

/** Every unit in my data scope, parents before children. */
export async function listAllUnits(client: ApiClient = api): Promise<OrgUnit[]> {
  const units: OrgUnit[] = []
  let cursor: string | undefined
  do {
    const page = await client.page<OrgUnit>('/org/units', { query: { limit: TREE_PAGE, cursor } })
    units.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return units
}

export function createUnit(
  input: { code: string; name: string; parent_id?: string },
  client: ApiClient = api,
): Promise<OrgUnit> {
  return client.post<OrgUnit>('/org/units', { body: input })
}

export function updateUnit(id: string, input: UpdateOrgUnitInput, client: ApiClient = api): Promise<OrgUnit> {
  return client.patch<OrgUnit>(`/org/units/${encodeURIComponent(id)}`, { body: input })
}

export async function deleteUnit(id: string, client: ApiClient = api): Promise<void> {
  await client.delete<void>(`/org/units/${encodeURIComponent(id)}`)
}

/** Imports a file (base64); an invalid file fails with org_import_invalid and per-row fields. */
export function importUnits(format: FileFormat, content: string, client: ApiClient = api): Promise<OrgImportResult> {
  return client.post<OrgImportResult>('/org/units/import', { body: { format, content } })
}

export function exportUnits(format: FileFormat, client: ApiClient = api): Promise<DownloadedFile> {
  return client.download('/org/units/export', { query: { format } })
}
