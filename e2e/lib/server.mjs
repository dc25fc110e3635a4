// Starts a real `opencem serve` for a browser test and reads what it prints.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** How long the server may take to print its banner; a failure guard, never a wait. */
const STARTUP_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 10_000

/** Runs a command to completion, failing with its output when it exits non-zero. */
export async function run(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const [code] = await once(child, 'close')
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)
  return output
}

/**
 * The server binary to test: $OPENCEM_BIN, else a fresh build of the admin
 * SPA (so the binary embeds the current front end) and of ./cmd/opencem.
 */
export async function serverBinary(workDir) {
  if (process.env.OPENCEM_BIN) return resolve(process.env.OPENCEM_BIN)
  await run('npm', ['run', 'build', '-w', 'web/admin'], { cwd: REPO_ROOT })
  const bin = join(workDir, 'opencem')
  await run('go', ['build', '-o', bin, './cmd/opencem'], { cwd: REPO_ROOT })
  return bin
}

/** Parses one banner line such as "  Admin URL:  http://127.0.0.1:PORT/admin/". */
export function bannerField(line) {
  const match = /^ {2}(Admin URL|Username|Password):\s+(\S.*?)\s*$/.exec(line)
  return match ? { label: match[1], value: match[2] } : null
}

/**
 * Starts `<bin> serve` on a free port with an empty data directory and
 * resolves once the banner gave the admin URL, username and password.
 */
export async function startServer(bin, workDir) {
  const dataDir = await mkdtemp(join(workDir, 'data-'))
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, '--log-format', 'json']
  const child = spawn(bin, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] })
  // Never leave a server behind, even if the test process exits abruptly.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  const log = []
  const banner = {}

  const stderr = createInterface({ input: child.stderr })
  stderr.on('line', (line) => log.push(`[stderr] ${line}`))
  const stdout = createInterface({ input: child.stdout })

  const ready = new Promise((resolveReady, rejectReady) => {
    const fail = (why) => rejectReady(new Error(`${why}\n${bin} ${args.join(' ')}\n${log.join('\n')}`))
    const timer = setTimeout(() => fail(`no banner within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS)
    stdout.on('line', (line) => {
      log.push(line)
      const field = bannerField(line)
      if (field) banner[field.label] = field.value
      if (banner['Admin URL'] && banner.Username && banner.Password) {
        clearTimeout(timer)
        resolveReady()
      }
    })
    child.once('error', (err) => {
      clearTimeout(timer)
      fail(`could not start: ${err.message}`)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      fail(`exited before printing its banner (code ${code}, signal ${signal})`)
    })
  })

  const server = {
    child,
    log,
    dataDir,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      const guard = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(guard)
    },
  }

  try {
    await ready
  } catch (err) {
    await server.stop()
    throw err
  }
  return {
    ...server,
    adminUrl: banner['Admin URL'],
    username: banner.Username,
    password: banner.Password,
  }
}

/** A fresh scratch directory for one test run. */
export async function scratchDir() {
  const base = join(tmpdir(), 'opencem-e2e')
  await mkdir(base, { recursive: true })
  return mkdtemp(join(base, 'run-'))
}
