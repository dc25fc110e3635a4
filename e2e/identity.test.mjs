// Identity and access end to end: a real `opencem serve`, Debian's Chromium,
// the built admin app. (a) An administrator creates a user whose role needs
// two-step sign-in; the user replaces the temporary password, enrols an
// authenticator (the test computes the codes, RFC 6238) and signs in with it.
// (b) The administrator builds HQ → 华东 → two stores, imports the stores,
// creates a store-scoped role and users; the store A user sees only store A.
// (c) API keys, the audit log and security alarms as an administrator uses them.
import assert from 'node:assert/strict'
import { startAdminSession, stopAdminSession } from './lib/session.mjs'
import { after, before, test } from 'node:test'
import { newContext, screenshot } from './lib/browser.mjs'
import { stepAt, totp } from './lib/totp.mjs'
import { addUnit, createUser, importFile, openSettings, replacePassword } from './lib/flows.mjs'
import { apiResponse, byTestId, choose, openAdmin, openDialog, signIn, signOut, takeSecrets } from './lib/ui.mjs'

let workDir
let server
let browser
/** The administrator's tab, signed in for the whole file. */
let admin

let session

before(async () => {
  session = await startAdminSession()
  ;({ workDir, server, browser, admin } = session)
})

after(() => stopAdminSession(session, 'identity'))

/** A fresh browser (own cookies) on the sign-in page. */
async function newVisitor() {
  const page = await (await newContext(browser)).newPage()
  await openAdmin(page, server.adminUrl)
  await page.waitForSelector(byTestId('login-submit'))
  return page
}

test('(a) a user whose role needs two-step sign-in enrols an authenticator and signs in with it', async () => {
  // The analyst role now requires two-step sign-in.
  await openSettings(admin, 'roles')
  const toggled = apiResponse(admin, 'PUT', '/roles/analyst')
  await admin.click(byTestId('role-2fa-analyst'))
  assert.equal((await toggled).status(), 200)
  await admin.waitForSelector(`${byTestId('role-2fa-analyst')}.is-checked`)

  await openSettings(admin, 'users')
  const initial = await createUser(admin, { username: 'wang.fang', name: '王芳', roles: ['analyst'] })
  assert.ok(initial.length >= 10, 'a generated password is shown once')
  await screenshot(admin, '10-users-created')

  const user = await newVisitor()
  await signIn(user, 'wang.fang', initial)
  await replacePassword(user, initial, 'Wang-Fang-2026!')

  // The role requires two-step sign-in, so only the profile works until it is set up.
  await user.waitForURL((url) => url.pathname === '/admin/profile')
  await user.waitForSelector(byTestId('mfa-required'))
  assert.equal(await user.locator(byTestId('nav-settings')).count(), 0)
  await user.click(byTestId('totp-begin'))
  await user.waitForSelector(byTestId('totp-qr'))
  const secret = (await user.textContent(byTestId('totp-secret'))).trim()
  assert.match(secret, /^[A-Z2-7]{16,}$/)
  await screenshot(user, '11-profile-totp-setup')

  const enabledAt = stepAt()
  await user.fill(byTestId('totp-code'), totp(secret, enabledAt))
  await user.click(byTestId('totp-enable'))
  const codes = await takeSecrets(user)
  assert.equal(codes.length, 10, 'ten recovery codes are shown once')
  await user.waitForSelector(byTestId('totp-status-on'))
  assert.equal(await user.locator(byTestId('mfa-required')).count(), 0)
  await signOut(user)

  await signIn(user, 'wang.fang', 'Wang-Fang-2026!')
  await user.waitForSelector(byTestId('mfa-code'))
  // A code is accepted once: use the step after the one that enabled it (within the server's drift).
  await user.fill(byTestId('mfa-code'), totp(secret, Math.max(enabledAt + 1, stepAt())))
  await user.click(byTestId('mfa-submit'))
  const welcome = await user.waitForSelector(byTestId('welcome'))
  assert.equal((await welcome.textContent()).trim(), '欢迎，王芳')
  await screenshot(user, '12-signed-in-with-totp')
  await user.context().close()
})

const STORES_CSV = ['code,name,parent_code', 'SH-01,上海南京路店,EAST', 'HZ-01,杭州西湖店,EAST', ''].join('\n')
const BROKEN_CSV = ['code,name,parent_code', 'SH-01,,EAST', 'HZ-01,杭州西湖店,NOWHERE', ''].join('\n')

test('(b) a store user sees only their store, in the user list and in the organisation tree', async () => {
  await openSettings(admin, 'org')
  await addUnit(admin, '', 'HQ', '总部')
  await addUnit(admin, 'HQ', 'EAST', '华东区')

  await admin.click(byTestId('org-import'))
  // A broken file imports nothing and lists every bad row.
  assert.equal(await importFile(admin, 'broken.csv', BROKEN_CSV), 400)
  const rows = admin.locator(`${byTestId('org-import-rows')} .el-table__row`)
  await rows.first().waitFor()
  assert.equal(await rows.count(), 2)
  await screenshot(admin, '20-org-import-errors')
  assert.equal(await importFile(admin, 'stores.csv', STORES_CSV), 200)
  const result = await admin.waitForSelector(byTestId('org-import-result'))
  assert.match(await result.textContent(), /2/)
  await screenshot(admin, '21-org-import-done')
  await openDialog(admin, 'org-import-dialog').locator(byTestId('org-import-close')).click()
  await admin.waitForSelector(byTestId('org-node-SH-01'))
  await admin.waitForSelector(byTestId('org-node-HZ-01'))
  await screenshot(admin, '22-org-tree')

  // Dragging store B onto HQ moves it there once confirmed; dragging it back restores the tree.
  await moveUnit('HZ-01', 'HQ')
  assert.equal(await parentCodeOf('HZ-01'), 'HQ')
  await moveUnit('HZ-01', 'EAST')
  assert.equal(await parentCodeOf('HZ-01'), 'EAST')

  // A custom role that can read users and the organisation, nothing else.
  await openSettings(admin, 'roles')
  await admin.click(byTestId('role-create'))
  const roleDialog = openDialog(admin, 'role-dialog')
  await roleDialog.locator(byTestId('role-id')).fill('store-viewer')
  await roleDialog.locator(byTestId('role-name')).fill('门店查看')
  await roleDialog.locator(byTestId('perm-users.read')).click()
  await roleDialog.locator(byTestId('perm-org.read')).click()
  await roleDialog.locator(byTestId('role-submit')).click()
  await admin.waitForSelector(byTestId('role-row-store-viewer'))

  await openSettings(admin, 'users')
  const storeA = 'Store-A-pass-2026'
  await createUser(admin, { username: 'store.a', name: '张店长', roles: ['store-viewer'], units: ['SH-01'], password: storeA })
  await createUser(admin, { username: 'store.b', name: '李店长', roles: ['store-viewer'], units: ['HZ-01'], password: 'Store-B-pass-2026' })

  const user = await newVisitor()
  await signIn(user, 'store.a', storeA)
  await replacePassword(user, storeA, 'Store-A-new-2026')
  await user.waitForSelector(byTestId('welcome'))
  // The menu offers what the role allows, and nothing more.
  await user.click(byTestId('nav-settings'))
  await user.waitForSelector(byTestId('nav-users'))
  assert.equal(await user.locator(byTestId('nav-api-keys')).count(), 0)
  assert.equal(await user.locator(byTestId('nav-audit')).count(), 0)
  assert.equal(await user.locator(byTestId('nav-surveys')).count(), 0)

  const users = apiResponse(user, 'GET', '/users')
  await openSettings(user, 'users')
  assert.equal((await users).status(), 200)
  const table = user.locator(byTestId('users-table'))
  await table.locator('text=store.a').waitFor()
  const listed = await table.locator('.el-table__body').textContent()
  assert.doesNotMatch(listed, /store\.b|李店长|admin|wang\.fang/)
  assert.equal(await user.locator(byTestId('user-create')).count(), 0, 'no create button without users.manage')
  await screenshot(user, '23-store-user-users')

  await openSettings(user, 'org')
  await user.waitForSelector(byTestId('org-node-SH-01'))
  const tree = await user.locator(byTestId('org-tree')).textContent()
  assert.match(tree, /上海南京路店/)
  assert.doesNotMatch(tree, /杭州西湖店|华东区|总部/)
  assert.equal(await user.locator(byTestId('org-import')).count(), 0, 'no import without org.manage')
  await screenshot(user, '24-store-user-org')
  await user.context().close()
})

test('(c) an API key shows its token once; the audit log shows a diff and exports CSV; an admin grant raises an alarm to acknowledge', async () => {
  await openSettings(admin, 'api-keys')
  await admin.click(byTestId('api-key-create'))
  const dialog = openDialog(admin, 'api-key-dialog')
  await dialog.locator(byTestId('api-key-name')).fill('CRM 同步')
  await dialog.locator(byTestId('perm-users.read')).click()
  await dialog.locator(byTestId('api-key-cidrs')).fill('203.0.113.0/24\n2001:db8::/32')
  // A bad public key is refused next to its field, and what was typed stays.
  await dialog.locator(byTestId('api-key-pem')).fill('not a key')
  await dialog.locator(byTestId('api-key-submit')).click()
  const pemItem = dialog.locator('.el-form-item.is-error').filter({ has: admin.locator(byTestId('api-key-pem')) })
  await pemItem.locator('.el-form-item__error').waitFor()
  assert.match(await pemItem.locator('.el-form-item__error').textContent(), /PEM/)
  assert.equal(await dialog.locator(byTestId('api-key-name')).inputValue(), 'CRM 同步')
  await screenshot(admin, '30-api-key-error')
  await dialog.locator(byTestId('api-key-pem')).fill('')
  await dialog.locator(byTestId('api-key-submit')).click()
  const [token] = await takeSecrets(admin)
  assert.match(token, /^ocm_/)
  await admin.waitForSelector(`${byTestId('api-key-status-CRM 同步')}`)
  await screenshot(admin, '31-api-keys')

  await openSettings(admin, 'audit')
  await admin.fill(byTestId('audit-action'), 'user.create')
  const searched = apiResponse(admin, 'GET', '/audit-events')
  await admin.click(byTestId('audit-search'))
  assert.equal((await searched).status(), 200)
  await admin.locator(`${byTestId('audit-table')} .el-table__row`).first().click()
  const changes = admin.locator(`${byTestId('audit-drawer')}:visible ${byTestId('audit-changes')}`)
  await changes.waitFor()
  assert.match(await changes.textContent(), /username/)
  await screenshot(admin, '32-audit-detail')
  await admin.keyboard.press('Escape')
  const download = admin.waitForEvent('download')
  await admin.click(byTestId('audit-export'))
  assert.match((await download).suggestedFilename(), /\.csv$/)

  // Granting the administrator role raises a security alarm.
  await openSettings(admin, 'users')
  await admin.click(byTestId('user-edit-store.b'))
  const drawer = openDialog(admin, 'user-edit-drawer')
  await drawer.waitFor()
  await choose(admin, 'user-edit-roles', ['role-option-admin'])
  const saved = apiResponse(admin, 'PATCH', '/users/' + (await storeBId()))
  await drawer.locator(byTestId('user-edit-submit')).click()
  assert.equal((await saved).status(), 200)

  await openSettings(admin, 'alarms')
  const ack = admin.locator(`${byTestId('alarms-table')} button:has-text("确认处理")`)
  await ack.waitFor()
  await admin.waitForSelector(`${byTestId('alarm-badge')} sup:has-text("1")`)
  await screenshot(admin, '33-alarms')
  await ack.click()
  const dialog2 = openDialog(admin, 'alarm-ack-dialog')
  await dialog2.locator(byTestId('alarm-note')).fill('王店长临时代管，已核实')
  const acknowledged = apiResponse(admin, 'POST', `/alarms/${await alarmId()}/acknowledge`)
  await dialog2.locator(byTestId('alarm-ack-submit')).click()
  assert.equal((await acknowledged).status(), 200)
  await admin.waitForSelector(`${byTestId('alarms-table')} >> text=王店长临时代管，已核实`)
  await admin.waitForSelector(`${byTestId('alarm-badge')} sup`, { state: 'hidden' })
})

/** Drags a unit of the tree onto another and confirms the move. */
async function moveUnit(code, parentCode) {
  await admin.locator(byTestId(`org-node-${code}`)).dragTo(admin.locator(byTestId(`org-node-${parentCode}`)))
  const moved = apiResponse(admin, 'PATCH', `/org/units/${await unitId(code)}`)
  await admin.locator('.el-message-box__btns .el-button--primary').click()
  assert.equal((await moved).status(), 200)
  await admin.waitForSelector(`.el-tree-node:has(> .el-tree-node__content ${byTestId(`org-node-${parentCode}`)}) ${byTestId(`org-node-${code}`)}`)
}

async function unitId(code) {
  return (await apiGet(`/org/units?q=${encodeURIComponent(code)}`)).find((u) => u.code === code).id
}

async function parentCodeOf(code) {
  return (await apiGet(`/org/units?q=${encodeURIComponent(code)}`)).find((u) => u.code === code).parent_code
}

/** Ids the UI does not print, read from the API with the administrator's session. */
async function apiGet(path) {
  const response = await admin.request.get(new URL(`/api/v1${path}`, server.adminUrl).href)
  assert.equal(response.status(), 200, path)
  return (await response.json()).data
}

async function storeBId() {
  return (await apiGet('/users?q=store.b')).find((u) => u.username === 'store.b').id
}

async function alarmId() {
  return (await apiGet('/alarms?status=open'))[0].id
}
