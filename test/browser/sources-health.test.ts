import crypto from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sources } from '../../server/db/schema.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { expectFitsPhone, launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand } from '../support/factories.js'
import { FixtureServer } from '../support/fixture-server.js'
import { firebreakForFile } from '../support/processes.js'

// Feeds are read from a local stand-in for the network (the SSRF guard lets 127.0.0.1 through).
const firebreak = firebreakForFile(['--no-demo'], { SSRF_ALLOWLIST: '127.0.0.1' })
let fake: FixtureServer
beforeAll(async () => {
  fake = await new FixtureServer('rss').start()
  // A feed that fails, with markup in its error: it must show as text.
  fake.extra.push((req) =>
    req.path === '/down/'
      ? { status: 503, headers: { 'content-type': 'text/plain' }, body: HOSTILE_BODY }
      : undefined,
  )
})
afterAll(() => fake?.close())
const DESKTOP = { width: 1440, height: 1000 }
/** A network's error as it came: markup in it must show as text. */
const HOSTILE_ERROR = 'HTTP 503 from feeds.example.org: <img src=x onerror=alert(1)>Service down'
const HOSTILE_BODY = '<img src=x onerror=alert(1)>Service down'

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000)
const minute = (n: number) => Math.floor(Date.now() / 60_000) - n

describe('the Sources page', () => {
  it('an admin adds a feed, pauses it, and reads each source’s health as it changes', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx, 'Kredo')
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: DESKTOP })
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))
      page.on('dialog', (dialog) => errors.push(`dialog: ${dialog.message()}`))
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)
      await page.goto(`${server.url}/admin/sources?brand=${brand.slug}`)
      await page.getByText('No sources yet').waitFor()

      // A feed, through the form its kind generates; a bad URL is refused on its field first.
      await page.getByTestId('source-new').click()
      await page.getByTestId('source-kind').selectOption('rss')
      await page.getByTestId('source-name').fill('Kredo blog')
      await page.getByTestId('source-field-url').fill('feeds.example.org/kredo')
      await page.getByTestId('source-submit').click()
      const urlField = page.locator('.field', { has: page.getByTestId('source-field-url') })
      await urlField.locator('.field-error').getByText('Must be a URL').waitFor()
      await page.screenshot({ path: screenshotPath('sources-new-feed-error.png') })
      await page.getByTestId('source-field-url').fill(`${fake.url}/feed/`)
      await page.getByTestId('source-field-intervalSeconds').fill('120')
      await page.getByTestId('source-submit').click()

      const feed = page.getByTestId('source-row').filter({ hasText: 'Kredo blog' })
      // Waiting for its first poll, which the worker makes within seconds.
      await feed.locator('[data-status="waiting"], [data-status="live"]').first().waitFor()
      const [stored] = await t.ctx.db.select().from(sources).where(eq(sources.brandId, brand.id))
      expect(stored).toMatchObject({
        kind: 'rss',
        enabled: true,
        config: { url: `${fake.url}/feed/`, intervalSeconds: 120 },
      })

      // Paused by the admin: it says so, and offers Resume.
      await feed.getByTestId('source-pause').click()
      await feed.locator('[data-status="paused"]').waitFor()
      await feed.getByTestId('source-resume').waitFor()
      expect(await feed.getByTestId('health-next').textContent()).toBe('paused')

      // Two more feeds, as the poller left them: one answering, one failing (not due again
      // during the test, so their health stays as written here).
      const base = { brandId: brand.id, kind: 'rss', enabled: true }
      await t.ctx.db.insert(sources).values([
        {
          ...base,
          id: `src_${crypto.randomBytes(6).toString('hex')}`,
          name: 'Status page',
          config: { url: `${fake.url}/feed-that-was-removed/` },
          lastPolledAt: minutesAgo(2),
          lastSuccessAt: minutesAgo(2),
          nextPollAt: new Date(Date.now() + 3 * 60_000),
          recentIngest: [
            [minute(1), 5],
            [minute(20), 7],
            [minute(90), 40],
          ],
        },
        {
          ...base,
          id: `src_${crypto.randomBytes(6).toString('hex')}`,
          name: 'Press releases',
          config: { url: 'https://press.example.org/atom' },
          lastPolledAt: minutesAgo(1),
          lastSuccessAt: minutesAgo(180),
          lastError: HOSTILE_ERROR,
          lastErrorAt: minutesAgo(1),
          failures: 3,
          nextPollAt: new Date(Date.now() + 90_000),
        },
      ])

      // The page reads health again every ten seconds: both appear without a reload.
      const live = page.getByTestId('source-row').filter({ hasText: 'Status page' })
      const failing = page.getByTestId('source-row').filter({ hasText: 'Press releases' })
      await live.locator('[data-status="live"]').waitFor({ timeout: 15_000 })
      await failing.locator('[data-status="failing"]').waitFor()
      expect(await live.getByTestId('source-state').textContent()).toBe('Live')
      expect(await live.getByTestId('health-posts').textContent()).toBe('12')
      expect(await live.getByTestId('health-last-success').textContent()).toBe('2m ago')
      expect(await live.getByTestId('health-next').textContent()).toMatch(/^in [23]m$/)
      expect(await failing.getByTestId('source-state').textContent()).toBe('Failing')
      expect(await failing.getByTestId('health-error').textContent()).toContain(HOSTILE_ERROR)
      expect(await failing.locator('img').count()).toBe(0)
      expect(await feed.getByTestId('source-state').textContent()).toBe('Paused')

      await page.screenshot({ path: screenshotPath('sources-health.png'), fullPage: true })
      await expectFitsPhone(page, 'sources-health-phone.png')

      // Test connection: the worker reads the feed once, storing nothing, and says so in words.
      await live.getByTestId('source-test').click()
      const result = live.getByTestId('source-test-result')
      await result.waitFor({ timeout: 30_000 })
      expect(await result.textContent()).toContain('The feed answered 404')
      await feed.getByTestId('source-test').click()
      const read = feed.getByTestId('source-test-result')
      await read.waitFor({ timeout: 30_000 })
      expect(await read.textContent()).toContain('Connected: 0 posts about the brand')
      expect(await live.getByTestId('source-test').textContent()).toBe('Test connection')
      await live.screenshot({ path: screenshotPath('sources-test-connection.png') })

      // Editing shows the settings as they are; saving new ones asks again at once.
      await failing.getByTestId('source-edit-open').click()
      const edit = failing.getByTestId('source-edit')
      expect(await edit.getByTestId('source-field-url').inputValue()).toBe(
        'https://press.example.org/atom',
      )
      await edit.getByTestId('source-field-url').fill(`${fake.url}/down/`)
      await edit.getByTestId('source-edit-submit').click()
      await failing.getByText(`${fake.url}/down/`).waitFor()
      // Changed settings are asked again at once: the feed answers 503 (its markup dropped).
      await failing
        .getByTestId('health-error')
        .getByText('The feed answered 503 Service down')
        .waitFor({ timeout: 20_000 })
      expect(await failing.locator('img').count()).toBe(0)
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  }, 120_000)

  it('credentials are asked for as passwords and only named once set', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx, 'Orbit')
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: DESKTOP })
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)
      await page.goto(`${server.url}/admin/sources?brand=${brand.slug}`)
      await page.getByTestId('source-new').click()
      await page.getByTestId('source-kind').selectOption('x')
      await page.getByTestId('source-name').fill('X search')
      await page.getByTestId('source-field-query').fill('orbit -is:retweet')
      await page.getByTestId('source-submit').click()
      const token = page.locator('.field', { has: page.getByTestId('source-field-bearerToken') })
      await token.locator('.field-error').getByText('Required').waitFor()
      expect(await page.getByTestId('source-field-bearerToken').getAttribute('type')).toBe(
        'password',
      )
      await page.getByTestId('source-field-bearerToken').fill('AAAA-secret-bearer')
      await page.getByTestId('source-submit').click()

      const row = page.getByTestId('source-row').filter({ hasText: 'X search' })
      await row.getByText('Bearer token: set').waitFor()
      await row.getByTestId('source-edit-open').click()
      const secret = row.getByTestId('source-field-bearerToken')
      expect(await secret.inputValue()).toBe('')
      await row.getByText('Set · type a new one to replace it.').waitFor()
      expect(await page.content()).not.toContain('AAAA-secret-bearer')
      await page.screenshot({ path: screenshotPath('sources-edit-credentials.png') })
      await expectFitsPhone(page, 'sources-edit-credentials-phone.png')

      // A number out of the kind's range is refused on its field, in words.
      await row.getByTestId('source-field-intervalSeconds').fill('5')
      await row.getByTestId('source-edit-submit').click()
      const interval = row.locator('.field', {
        has: page.getByTestId('source-field-intervalSeconds'),
      })
      await interval.locator('.field-error').getByText('At least 10').waitFor()
      await row.getByRole('button', { name: 'Cancel' }).click()

      // A credential the network does not need can be removed; the source keeps the rest.
      await page.getByTestId('source-new').click()
      await page.getByTestId('source-kind').selectOption('mastodon')
      await page.getByTestId('source-name').fill('Mastodon')
      await page.getByTestId('source-field-instance').fill('https://mastodon.example')
      await page.getByTestId('source-field-hashtags').fill('#orbit, orbitbank')
      await page.getByTestId('source-field-token').fill('mastodon-token-value')
      await page.getByTestId('source-submit').click()
      const masto = page.getByTestId('source-row').filter({ hasText: 'mastodon.example' })
      await masto.getByText('Access token: set').waitFor()
      await masto.getByText('orbit, orbitbank').waitFor()
      // Settings the form has no field for (set through the API) survive an edit in the form.
      const mastodonSource = and(eq(sources.brandId, brand.id), eq(sources.kind, 'mastodon'))
      const [created] = await t.ctx.db.select().from(sources).where(mastodonSource)
      await t.ctx.db
        .update(sources)
        .set({ config: { ...(created!.config as object), pageSize: 7, backfillHours: 24 } })
        .where(mastodonSource)
      await page.reload()
      await masto.getByTestId('source-edit-open').click()
      await masto.getByTestId('source-remove-token').check()
      await masto.screenshot({ path: screenshotPath('sources-remove-credential.png') })
      await masto.getByTestId('source-edit-submit').click()
      await masto.getByText('Access token: not set').waitFor()
      const [stored] = await t.ctx.db.select().from(sources).where(mastodonSource)
      expect(stored!.secretsCiphertext).toBeNull()
      expect(stored!.config).toMatchObject({
        pageSize: 7,
        backfillHours: 24,
        hashtags: ['orbit', 'orbitbank'],
      })

      // A live stream on Mastodon: its form asks for hashtags and a token, and refuses an
      // http URL where a WebSocket one is meant.
      await page.getByTestId('source-new').click()
      await page.getByTestId('source-kind').selectOption('mastodon-stream')
      await page.getByTestId('source-name').fill('Mastodon live')
      await page.getByTestId('source-field-instance').fill('https://mastodon.example')
      await page.getByTestId('source-field-streamingUrl').fill('https://streaming.example')
      await page.getByTestId('source-submit').click()
      const hashtags = page.locator('.field', { has: page.getByTestId('source-field-hashtags') })
      await hashtags.locator('.field-error').getByText('Required').waitFor()
      const streaming = page.locator('.field', {
        has: page.getByTestId('source-field-streamingUrl'),
      })
      await streaming
        .locator('.field-error')
        .getByText(/ws\(s\) URL/)
        .waitFor()
      await page.screenshot({ path: screenshotPath('sources-new-mastodon-stream.png') })
    } finally {
      await browser.close()
    }
  }, 90_000)
})
