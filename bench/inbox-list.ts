import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { changeComplaint } from '../server/domain/triage/change-complaint.js'
import { createApp } from '../server/http/app.js'
import { subscriberOf } from '../server/queue/redis.js'
import { attachSocketServer } from '../server/realtime/socket-server.js'
import { publishTriage } from '../server/realtime/triage-events.js'
import { makeUser, openSeeded } from './ranking.js'

const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client')
const SECONDS = 5

/**
 * Counts frames in the page: the time from one frame to the next, and the work of each frame
 * (from its animation callbacks to the first task after its style, layout and paint, which a
 * message posted in the callback is). Frame-to-frame times follow the display's 16.67 ms clock
 * and its jitter, so they are printed beside an idle page's; the work says what the page costs.
 * A string, not a function: tsx names functions with a helper that does not exist in the page.
 */
const START_FRAMES = `(() => {
  window.__frames = []
  window.__work = []
  window.__on = true
  const channel = new MessageChannel()
  let started = 0
  channel.port1.onmessage = () => window.__work.push(performance.now() - started)
  let last = performance.now()
  const tick = (now) => {
    window.__frames.push(now - last)
    last = now
    started = performance.now()
    channel.port2.postMessage(0)
    if (window.__on) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
})()`
const STOP_FRAMES = `(() => {
  window.__on = false
  return { frames: window.__frames.slice(2), work: window.__work.slice(2) }
})()`

interface Frames {
  frames: number[]
  work: number[]
}

/** Frame-to-frame times and per-frame work (ms) while `during` runs. */
async function frameTimes(page: Page, during: () => Promise<void>): Promise<Frames> {
  await page.evaluate(START_FRAMES)
  await during()
  return page.evaluate<Frames>(STOP_FRAMES)
}

/** The figures of one phase: how many frames, their p95 and the p95 of their work. */
const figures = (name: string, f: Frames) => ({
  [`${name}_frames`]: f.frames.length,
  [`${name}_frame_p95_ms`]: p95(f.frames),
  [`${name}_frame_work_p95_ms`]: p95(f.work),
})

const LIST = `document.querySelector('[data-testid="inbox-list"]')`
const LIST_TO_END = `(${LIST}.scrollTop = ${LIST}.scrollHeight)`
const LIST_TO_TOP = `(${LIST}.scrollTop = 0)`
const LIST_ROWS = `Math.round(${LIST}.scrollHeight / 68)`

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.floor(0.95 * (sorted.length - 1))]! * 10) / 10
}

/**
 * `inbox-list --complaints N` (after `npm run build`): the console's inbox in Chromium with
 * about N complaints loaded in its Open view; frame times while the keyboard walks it (`j` every 16 ms) and
 * while 20 complaints a second change by socket push. Prints p95 frame times and frame work, beside
 * an idle page's.
 */
export async function runInboxListBench(argv: string[]) {
  const wanted = argv.includes('--complaints')
    ? Number(argv[argv.indexOf('--complaints') + 1])
    : 10_000
  // The seed leaves 70% of complaints new or open: the Open view then holds about `wanted`.
  const seeded = await openSeeded('inboxlist', Math.ceil(wanted / 0.7))
  const { ctx, brand } = seeded
  const server = http.createServer(createApp(ctx, { clientDir: CLIENT_DIR }))
  const sub = subscriberOf(seeded.adapterRedis)
  const io = attachSocketServer(server, ctx, { pub: seeded.adapterRedis, sub })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const adviser = await makeUser(ctx.db, 'adviser')
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(url)
    await page.getByTestId('sign-in-email').fill(adviser.email)
    await page.getByTestId('sign-in-password').fill(adviser.password)
    await page.getByTestId('sign-in-submit').click()
    await page.getByTestId('user-menu').waitFor()
    await page.goto(`${url}/inbox?brand=${brand.slug}&view=open`)
    await page.getByTestId('inbox-row').first().waitFor()
    // Load the whole view into the list: scroll to its end until no page is left.
    let loaded = 0
    for (let still = 0; still < 20;) {
      await page.evaluate(LIST_TO_END)
      await page.waitForTimeout(50)
      const rows = await page.evaluate<number>(LIST_ROWS)
      still = rows === loaded ? still + 1 : 0
      loaded = rows
    }
    await page.evaluate(LIST_TO_TOP)
    await page.keyboard.press('j')
    const idle = await frameTimes(page, () => page.waitForTimeout(SECONDS * 1000))

    const walking = await frameTimes(page, async () => {
      const end = Date.now() + SECONDS * 1000
      while (Date.now() < end) {
        await page.keyboard.press('j')
        await page.waitForTimeout(16)
      }
    })
    const ids = (
      await ctx.db.query.complaints.findMany({
        where: (c, { and, eq }) => and(eq(c.brandId, brand.id), eq(c.state, 'new')),
        columns: { id: true, version: true },
        limit: 200,
      })
    ).map((c) => ({ ...c }))
    let pushed = 0
    const updating = await frameTimes(page, async () => {
      const end = Date.now() + SECONDS * 1000
      while (Date.now() < end) {
        const tick = Date.now()
        for (let k = 0; k < 2; k++) {
          const c = ids[pushed++ % ids.length]!
          const outcome = await changeComplaint(ctx, {
            complaintId: c.id,
            version: c.version,
            change: { kind: 'assign', assigneeId: c.version % 2 ? null : adviser.user.id },
            actorId: adviser.user.id,
            role: 'adviser',
            ip: null,
          })
          c.version = outcome.complaint.version
          await publishTriage(ctx, outcome)
        }
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tick))))
      }
    })
    return {
      bench: 'inbox-list',
      complaints_in_list: loaded,
      ...figures('idle', idle),
      ...figures('walking', walking),
      updates_per_s: Math.round(pushed / SECONDS),
      ...figures('updating', updating),
      target_ms: 16.7,
    }
  } finally {
    await browser.close()
    await new Promise<void>((resolve) => io.close(() => resolve()))
    await sub.quit().catch(() => {})
    await seeded.cleanup()
  }
}
