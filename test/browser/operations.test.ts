import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../server/db/schema.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotAsPhone, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { processEnv, spawnFirebreak, type FirebreakProcess } from '../support/processes.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'

// A Redis of this file's own, so that it can fail: without persistence, as most are, so that
// it comes back empty.
let redis: RedisServer
let t: TestContext
let server: FirebreakProcess
/** Set while the test has Redis stopped, so that a failure still starts it again. */
let redisDown = false

beforeAll(async () => {
  redis = await startRedisServer(['--appendonly', 'no'])
  const env = await processEnv({ REDIS_URL: redis.url })
  t = await createTestContext(env)
  server = await spawnFirebreak(['--no-demo'], env)
})

afterAll(async () => {
  if (redisDown) await redis.start()
  await server?.stop()
  await t?.close()
  await redis?.stop()
})

/** An outbox row id no database of the tests will reach. */
const MISSING_OUTBOX_ROW = 2_000_000_000

describe('the Operations page', () => {
  it('shows an admin both dependencies, a real dead letter they retry, and a Redis outage as it happens', async () => {
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)
      await page.getByTestId('nav-operations').click()
      await page.getByRole('heading', { name: 'Operations' }).waitFor()
      const postgres = page.getByTestId('ops-dep-postgres')
      const redisLine = page.getByTestId('ops-dep-redis')
      await expect.poll(() => postgres.getAttribute('data-up')).toBe('true')
      expect(await redisLine.getAttribute('data-up')).toBe('true')
      expect(await postgres.textContent()).toMatch(/PostgreSQL\s*up since/)
      expect(await redisLine.textContent()).toMatch(/Redis\s*up since/)
      expect(await page.getByTestId('ops-read-at').textContent()).toMatch(/^Read at .+ every 5 s/)
      await page.getByTestId('dead-letters-empty').waitFor()
      expect(await page.getByTestId('dead-letters-empty').textContent()).toMatch(
        /every job finished or is still being retried/i,
      )
      await page.screenshot({ path: screenshotPath('operations-healthy.png') })

      // A job that fails for good: its outbox row does not exist, which the worker of the
      // Firebreak under test finds at once (UnrecoverableError, no retries).
      await t.ctx.queues.add('post.analyze', { outboxId: MISSING_OUTBOX_ROW })
      const row = page.getByTestId('dead-letter-row')
      // No reload: the page reads the list again by itself.
      await row.waitFor({ timeout: 20_000 })
      expect(await row.getByTestId('dead-letter-error').textContent()).toContain(
        `outbox row ${MISSING_OUTBOX_ROW} does not exist`,
      )
      expect(await row.textContent()).toContain(
        `analyse the posts of outbox row ${MISSING_OUTBOX_ROW}`,
      )
      expect(await row.textContent()).toContain('No, it waits for an admin')
      await expect.poll(() => page.getByTestId('ops-dead-letter-count').textContent()).toBe('1')
      await page.screenshot({ path: screenshotPath('operations-dead-letter.png') })
      await screenshotAsPhone(page, 'operations-dead-letter-phone.png')

      const job = await t.ctx.queues.analyze.getJob((await row.getAttribute('data-job-id'))!)
      const firstFailure = job!.finishedOn
      await row.getByTestId('dead-letter-retry').click()
      const outcome = page.getByTestId('ops-retry-outcome')
      await expect.poll(() => outcome.textContent()).toBe('1 job moved back to its queue.')
      // Retried, it failed again for the same reason (the row is still missing): it is back.
      await expect
        .poll(
          async () => {
            const again = await t.ctx.queues.analyze.getJob(job!.id!)
            return (await again?.getState()) === 'failed' && again!.finishedOn !== firstFailure
          },
          { timeout: 15_000 },
        )
        .toBe(true)
      await page.screenshot({ path: screenshotPath('operations-retried.png') })
      await page.getByRole('button', { name: 'Dismiss' }).click()
      expect(await outcome.count()).toBe(0)
      await page.getByTestId('dead-letters-retry-all').click()
      await expect.poll(() => outcome.textContent()).toBe('1 job moved back to its queue.')
      const audited = await t.ctx.db
        .select({ actorId: auditEvents.actorId })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'dead_letters.retried'))
      expect(audited).toEqual([{ actorId: admin.id }, { actorId: admin.id }])

      // Redis dies. The API cannot answer a signed-in request (sessions live in Redis), so the
      // page says so, and shows what the public health check says meanwhile.
      redisDown = true
      await redis.kill()
      await page
        .getByTestId('ops-status-error')
        .filter({ hasText: /Firebreak.s API could not read the status/ })
        .waitFor({ timeout: 20_000 })
      await expect.poll(() => redisLine.getAttribute('data-up'), { timeout: 20_000 }).toBe('false')
      expect(await redisLine.textContent()).toMatch(/Redis\s*down since/)
      expect(await postgres.getAttribute('data-up')).toBe('true')
      expect(await page.getByTestId('ops-dead-letter-count').textContent()).toBe(
        'unknown while Redis is away',
      )
      expect(await page.getByRole('heading', { name: 'Operations' }).isVisible()).toBe(true)
      await page.screenshot({ path: screenshotPath('operations-redis-down.png') })
      await screenshotAsPhone(page, 'operations-redis-down-phone.png')

      // It comes back empty: every session is gone, so the console asks the admin to sign in
      // again over the page; then both are up again.
      await redis.start()
      redisDown = false
      const dialog = page.getByTestId('session-lost-dialog')
      await dialog.waitFor({ timeout: 30_000 })
      await page.screenshot({ path: screenshotPath('operations-session-lost.png') })
      await dialog.getByTestId('sign-in-password').fill(TEST_PASSWORD)
      await dialog.getByTestId('sign-in-submit').click()
      await dialog.waitFor({ state: 'detached' })
      await expect.poll(() => redisLine.getAttribute('data-up'), { timeout: 20_000 }).toBe('true')
      await expect
        .poll(() => page.getByTestId('ops-status-error').count(), { timeout: 20_000 })
        .toBe(0)
    } finally {
      await browser.close()
    }
  }, 120_000)

  it('is not offered to a viewer or an agent, and its address shows them the forbidden page', async () => {
    const browser = await launchBrowser()
    try {
      for (const role of ['viewer', 'agent'] as const) {
        const user = await makeUser(t.ctx, role)
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
        await signInThroughPage(page, server.url!, user.email, TEST_PASSWORD)
        expect(await page.getByTestId('nav-operations').count()).toBe(0)
        await page.goto(`${server.url}/admin/operations`)
        await page.getByRole('heading', { name: 'Operations is for admins' }).waitFor()
        expect(await page.getByTestId('ops-status').count()).toBe(0)
        if (role === 'viewer')
          await page.screenshot({ path: screenshotPath('operations-forbidden.png') })
        await page.close()
      }
    } finally {
      await browser.close()
    }
  }, 60_000)
})
