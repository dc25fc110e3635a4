// A real server, Debian's Chromium and an administrator's tab signed in for
// a whole test file: the set-up several browser tests share.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ARTIFACTS_DIR, launchBrowser, newContext } from './browser.mjs'
import { scratchDir, serverBinary, startServer } from './server.mjs'
import { byTestId, openAdmin, signIn } from './ui.mjs'

/** Starts the server and the browser and signs the administrator in. */
export async function startAdminSession() {
  const s = { workDir: await scratchDir() }
  const bin = await serverBinary(s.workDir)
  s.server = await startServer(bin, s.workDir)
  s.browser = await launchBrowser()
  s.admin = await (await newContext(s.browser)).newPage()
  await openAdmin(s.admin, s.server.adminUrl)
  await s.admin.waitForSelector(byTestId('login-submit'))
  await signIn(s.admin, s.server.username, s.server.password)
  await s.admin.waitForSelector(byTestId('welcome'))
  return s
}

/** Stops what startAdminSession started and keeps the server log as <name>-server.log. */
export async function stopAdminSession(s, name) {
  await s?.browser?.close()
  await s?.server?.stop()
  if (s?.server) {
    await mkdir(ARTIFACTS_DIR, { recursive: true })
    await writeFile(join(ARTIFACTS_DIR, `${name}-server.log`), `${s.server.log.join('\n')}\n`)
  }
  if (s?.workDir) await rm(s.workDir, { recursive: true, force: true })
}
