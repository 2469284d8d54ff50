import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../server/domain/users/users.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { freePort } from '../support/ports.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
let child: ChildProcess | null = null

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve))
    process.kill(-child.pid, 'SIGTERM')
    await exited
  }
})

/**
 * `npm start` as a newcomer runs it: nothing configured, an empty data directory, and no Redis
 * at REDIS_URL (so Firebreak starts its own redis-server), on embedded PGlite with the demo.
 */
async function npmStart(): Promise<{ url: string; stdout: string[]; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-fresh-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    LOG_FORMAT: 'json',
  }
  delete env.DATABASE_URL
  delete env.NODE_ENV
  child = spawn('npm', ['start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const stdout: string[] = []
  let stderr = ''
  child.stderr!.on('data', (c) => (stderr += c))
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child!.stdout! }).on('line', (line) => {
      stdout.push(line)
      if (line.includes('"msg":"firebreak started"'))
        resolve({ url: JSON.parse(line).url, stdout, dataDir })
    })
    child!.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)))
  })
}

describe('fresh start', () => {
  it('serves the console, and demo complaints arrive live within 15 seconds of signing in', async () => {
    const { url, stdout, dataDir } = await npmStart()
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))
      await page.goto(url)
      // The server says the demo created its accounts, so the sign-in page offers them.
      const demoAccounts = page.locator('[data-testid="demo-accounts"] button')
      await demoAccounts.nth(3).waitFor()
      expect(await demoAccounts.count()).toBe(4)
      await page.screenshot({ path: screenshotPath('sign-in.png') })
      await signInThroughPage(page, url, 'agent@kredo.example', DEMO_PASSWORD)
      // A pointer resting on the list holds the ranking still for reading; park it aside.
      await page.mouse.move(5, 890)
      const signedIn = Date.now()
      await page
        .locator('[data-testid="connection-status"][data-state="live"]')
        .waitFor({ timeout: 15_000 })
      await page
        .locator('[data-testid="complaint-row"]')
        .nth(4)
        .waitFor({ timeout: 15_000 - (Date.now() - signedIn) })
      const firstCount = await page.locator('[data-testid="complaint-row"]').count()
      // More arrive without a reload: the demo keeps playing.
      // Attached, not visible: rows below the fold skip rendering (content-visibility).
      await page
        .locator('[data-testid="complaint-row"]')
        .nth(firstCount)
        .waitFor({ state: 'attached', timeout: 60_000 })
      await page.screenshot({ path: screenshotPath('console-fresh-start.png') })

      // "Why this priority?" shows what the analyzer read, with its reasons.
      const first = page.locator('[data-testid="complaint-row"]').first()
      await first.getByRole('button', { name: 'Why this priority?' }).click()
      const analysis = first.getByLabel('What the analyzer read')
      await analysis.waitFor()
      expect(await analysis.locator('.reason').count()).toBeGreaterThan(0)
      expect(await analysis.textContent()).toMatch(/Sentiment.*(negative|neutral|positive)/)
      expect(await analysis.textContent()).toMatch(/Complaint\s*\d+% likely/)
      await first.screenshot({ path: screenshotPath('complaint-reasons.png') })
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
    const text = stdout.join('\n')
    expect(text).toContain('started a local redis-server')
    // The first-start setup link is a credential: with no terminal to show it on, it is in a
    // file only this user reads, and the output (where logs go) says where, never what.
    expect(text).not.toContain('#token=')
    const file = path.join(dataDir, 'first-admin-setup-link.txt')
    expect(text).toContain(file)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(file, 'utf8')).toMatch(/\/setup#token=[\w-]{43}\n$/)
  })
})
