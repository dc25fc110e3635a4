import { computed, ref } from 'vue'
import type { OrgUnit } from '../api/identity'
import { listAllUnits } from '../api/org'

/** One unit in a tree component (el-tree, el-tree-select). */
export interface UnitNode {
  id: string
  label: string
  unit: OrgUnit
  children: UnitNode[]
}

/** Where a dragged node was dropped, as el-tree reports it. */
export type DropPosition = 'inner' | 'before' | 'after'

/**
 * Nests units under their parents. A unit whose parent is not in the list
 * (outside the caller's data scope) becomes a root, so a store manager sees
 * their store at the top. Siblings are sorted by code.
 */
export function buildUnitTree(units: readonly OrgUnit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>()
  for (const unit of units) nodes.set(unit.id, { id: unit.id, label: unit.name, unit, children: [] })
  const roots: UnitNode[] = []
  for (const node of nodes.values()) {
    const parent = node.unit.parent_id ? nodes.get(node.unit.parent_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.code.localeCompare(b.unit.code))
    for (const node of list) sort(node.children)
  }
  sort(roots)
  return roots
}

/**
 * The PATCH body that moves dragged to where it was dropped: into target
 * ("inner"), or beside it (under target's parent; "" is the top level).
 * Null when nothing would change, since siblings have no stored order.
 */
export function movePayload(dragged: OrgUnit, target: OrgUnit, position: DropPosition): { parent_id: string } | null {
  const parent = position === 'inner' ? target.id : (target.parent_id ?? '')
  if (parent === dragged.id) return null
  if (parent === (dragged.parent_id ?? '')) return null
  return { parent_id: parent }
}

/** The units of my data scope, as a list, an index and a tree. */
export function useOrgUnits() {
  const units = ref<OrgUnit[]>([])
  const loading = ref(false)
  const tree = computed(() => buildUnitTree(units.value))
  const byId = computed(() => new Map(units.value.map((unit) => [unit.id, unit])))

  async function load(): Promise<void> {
    loading.value = true
    try {
      units.value = await listAllUnits()
    } finally {
      loading.value = false
    }
  }

  /** Display name of a unit id; the id itself when the unit is outside my scope. */
  function unitName(id: string): string {
    return byId.value.get(id)?.name ?? id
  }

  return { units, tree, byId, loading, load, unitName }
}
