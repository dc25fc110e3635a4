// Helpers of the survey designer's browser test (e2e/designer.test.mjs):
// Element Plus selects picked by the visible option text, the designer's
// save state, its property panel's fields by data-testid.
import { byTestId } from './ui.mjs'

/** The designer's texts are in the survey's default locale; a blank survey made in the zh-CN admin app is zh-CN. */
export const LOCALE = 'zh-CN'

/** The visible item of the open el-select drop-down whose text contains `text`. */
export const dropdownItem = (page, text) => page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()

/** Opens the el-select `select` (a locator) and picks the item showing `text`. */
export async function pick(page, select, text) {
  await select.click()
  await dropdownItem(page, text).click()
}

/** Waits until the draft is saved (autosave, or the save button when `now`) and the check report is current. */
export async function saved(page, now = false) {
  const status = page.locator(byTestId('designer-save-status'))
  if (now && (await status.getAttribute('data-status')) !== 'saved') await page.click(byTestId('designer-save'))
  await page.locator(`${byTestId('designer-save-status')}[data-status="saved"]`).waitFor()
}

/** The property panel on the right. */
export const panel = (page) => page.locator(byTestId('designer-properties'))

/** Selects a question in the outline and waits for its panel. */
export async function selectQuestion(page, id) {
  await page.click(`${byTestId(`designer-question-${id}`)} >> nth=0`)
  await page.waitForFunction((id) => document.querySelector('[data-testid="designer-q-id"]')?.value === id, id)
}

/** Fills a text of the property panel (a LocalTextField's input in the default locale). */
export function fillText(page, testid, value) {
  return panel(page).locator(byTestId(`${testid}-${LOCALE}`)).fill(value)
}

/** Labels the entries of an OptionsEditor (testid e.g. designer-q-options) in order, adding entries as needed. */
export async function label(page, testid, labels) {
  const list = panel(page).locator(byTestId(testid))
  for (let i = 0; i < labels.length; i++) {
    if (!(await list.locator(byTestId(`${testid}-row-${i}`)).count())) await list.locator(byTestId(`${testid}-add`)).click()
    await list.locator(byTestId(`${testid}-label-${i}-${LOCALE}`)).fill(labels[i])
  }
}

/**
 * Builds a one-row condition in the ConditionEditor inside `scope` with the
 * visual builder: the first question it may reference, the default operator
 * ("选择了"), the choice whose label is `choice`.
 */
export async function chosenCondition(page, scope, choice) {
  const editor = scope.locator(byTestId('condition-editor')).first()
  await editor.locator(byTestId('condition-add-row')).click()
  await pick(page, editor.locator(byTestId('condition-value-0-0')), choice)
  await editor.locator(byTestId('condition-summary')).filter({ hasText: choice }).waitFor()
}
