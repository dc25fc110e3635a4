// Debian's Chromium driven by playwright-core (no browser download).
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts')

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
}

/** A fresh context; reduced motion lets the app skip its transitions, so screenshots are stable. */
export function newContext(browser) {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })
}

/** Saves a full-page screenshot as e2e/artifacts/<name>.png. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true })
}
