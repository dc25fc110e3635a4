import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Permission } from '../../api/identity'
import { i18n } from '../../i18n'
import PermissionChecklist from './PermissionChecklist.vue'

const catalogue: Permission[] = [
  { id: 'users.read', group: 'system', description: 'List users' },
  { id: 'org.read', group: 'system', description: 'View the tree' },
  { id: 'audit.read', group: 'security', description: 'Audit' },
]

function mountList(modelValue: string[], only?: string[]) {
  return mount(PermissionChecklist, {
    props: { modelValue, catalogue, only, 'onUpdate:modelValue': () => undefined },
    global: { plugins: [i18n] },
  })
}

describe('PermissionChecklist', () => {
  it('shows each group with its translated permissions', () => {
    i18n.global.locale.value = 'zh-CN'
    const text = mountList([]).text()
    expect(text).toContain('系统')
    expect(text).toContain('查看用户')
    expect(text).toContain('安全')
  })

  it('ticks one permission at a time', async () => {
    const wrapper = mountList(['audit.read'])
    await wrapper.get('[data-testid="perm-users.read"] input').setValue(true)
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([['audit.read', 'users.read']])
  })

  it("ticks a whole group with the group's box", async () => {
    const wrapper = mountList(['users.read'])
    await wrapper.get('legend input').setValue(true)
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([['users.read', 'org.read']])
  })

  it('offers only the permissions given', () => {
    const wrapper = mountList([], ['org.read'])
    expect(wrapper.find('[data-testid="perm-users.read"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="perm-org.read"]').exists()).toBe(true)
    expect(wrapper.text()).not.toContain('安全')
  })
})
