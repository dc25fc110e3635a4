// Flows of the admin app's identity pages that several browser tests share.
import assert from 'node:assert/strict'
import { apiResponse, byTestId, choose, openDialog, takeSecrets } from './ui.mjs'

/** Opens a settings page through the menu, as a user would. */
export async function openSettings(page, name) {
  if (!(await page.locator(`${byTestId(`nav-${name}`)}:visible`).count())) await page.click(byTestId('nav-settings'))
  await page.click(byTestId(`nav-${name}`))
  await page.waitForURL((url) => url.pathname === `/admin/settings/${name}`)
}

/** Creates a user through the dialog and returns the password shown once. */
export async function createUser(page, { username, name, roles = [], units = [], password = '' }) {
  await page.click(byTestId('user-create'))
  const dialog = openDialog(page, 'user-create-dialog')
  await dialog.waitFor()
  await dialog.locator(byTestId('user-username')).fill(username)
  await dialog.locator(byTestId('user-name-input')).fill(name)
  if (roles.length) await choose(page, 'user-roles', roles.map((id) => `role-option-${id}`))
  if (units.length) await choose(page, 'user-units', units.map((code) => `unit-option-${code}`))
  if (password) await dialog.locator(byTestId('user-password')).fill(password)
  const created = apiResponse(page, 'POST', '/users')
  await dialog.locator(byTestId('user-create-submit')).click()
  assert.equal((await created).status(), 201)
  const [shown] = await takeSecrets(page)
  await page.waitForSelector(`${byTestId('users-table')} >> text=${username}`)
  return shown
}

/** Replaces a temporary password on the forced page; lands wherever the guard sends the user next. */
export async function replacePassword(page, current, next) {
  await page.waitForURL((url) => url.pathname === '/admin/change-password')
  await page.fill(byTestId('password-current'), current)
  await page.fill(byTestId('password-new'), next)
  await page.fill(byTestId('password-confirm'), next)
  await page.click(byTestId('password-submit'))
  await page.waitForURL((url) => url.pathname !== '/admin/change-password')
}

/** Adds a unit through the dialog: at the top level, or under the unit with parentCode. */
export async function addUnit(page, parentCode, code, name) {
  await page.click(byTestId(parentCode ? `org-add-child-${parentCode}` : 'org-add-root'))
  const dialog = openDialog(page, 'org-unit-dialog')
  await dialog.waitFor()
  await dialog.locator(byTestId('org-unit-name')).fill(name)
  await dialog.locator(byTestId('org-unit-code')).fill(code)
  await dialog.locator(byTestId('org-unit-submit')).click()
  await page.waitForSelector(byTestId(`org-node-${code}`))
}

/** Picks a file in the open import dialog and imports it; returns the HTTP status. */
export async function importFile(page, name, content) {
  const dialog = openDialog(page, 'org-import-dialog')
  await page.setInputFiles(byTestId('org-import-file'), { name, mimeType: 'text/csv', buffer: Buffer.from(content) })
  await dialog.locator(byTestId('org-import-filename')).filter({ hasText: name }).waitFor()
  const answer = apiResponse(page, 'POST', '/org/units/import')
  await dialog.locator(byTestId('org-import-submit')).click()
  return (await answer).status()
}
