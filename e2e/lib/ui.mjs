// Small helpers for driving the admin app's Element Plus widgets by their data-testid.

export const byTestId = (id) => `[data-testid="${id}"]`

/** Opens a path below /admin/, e.g. "" or "settings/users". */
export function openAdmin(page, adminUrl, path = '') {
  return page.goto(new URL(path, adminUrl).href)
}

/** Fills the sign-in form and submits it. */
export async function signIn(page, username, password) {
  await page.fill(byTestId('login-username'), username)
  await page.fill(byTestId('login-password'), password)
  await page.press(byTestId('login-password'), 'Enter')
}

/** Signs out through the user menu and waits for the sign-in page. */
export async function signOut(page) {
  await page.click(byTestId('user-menu'))
  await page.click(byTestId('sign-out'))
  await page.waitForURL((url) => url.pathname === '/admin/login')
  await page.waitForSelector(byTestId('login-submit'))
}

/** The dialog that is open now (Element Plus keeps closed ones in the page, hidden). */
export function openDialog(page, testId) {
  return page.locator(`${byTestId(testId)}:visible`)
}

/**
 * Picks options of an el-select (or el-tree-select) by the data-testid of
 * each option, then closes its drop-down.
 */
export async function choose(page, selectTestId, optionTestIds) {
  await page.locator(`${byTestId(selectTestId)}:visible`).first().click()
  for (const id of optionTestIds) await page.locator(`${byTestId(id)}:visible`).click()
  await page.keyboard.press('Escape')
}

/** Reads the secrets of the one-time secret dialog, then closes it. */
export async function takeSecrets(page) {
  const dialog = openDialog(page, 'secret-dialog')
  await dialog.waitFor()
  const inputs = dialog.locator(byTestId('secret-value'))
  const values = []
  for (let i = 0; i < (await inputs.count()); i++) values.push(await inputs.nth(i).inputValue())
  await dialog.locator(byTestId('secret-close')).click()
  await dialog.waitFor({ state: 'hidden' })
  return values
}

/** Waits for the answer of one API call made by the page, e.g. ('POST', '/users'). */
export function apiResponse(page, method, path) {
  return page.waitForResponse(
    (response) =>
      response.request().method() === method && new URL(response.url()).pathname === `/api/v1${path}`,
  )
}
