import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { InboxCountsSchema, InboxPageSchema } from '../../shared/schemas/inbox.js'
import { ThemeListSchema, ThemeViewSchema, type ThemeView } from '../../shared/schemas/themes.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { queryRows } from '../../server/db/rows.js'
import { auditEvents } from '../../server/db/schema.js'
import { runThemePass } from '../../workers/theme-timers.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { makeBrand, makePost } from '../support/factories.js'
import { apiForFile } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
let adviser: SignedIn
let agent: SignedIn
let viewer: SignedIn

beforeAll(async () => {
  adviser = await signIn(file.api.url, await makeUser(file.t.ctx, 'adviser'))
  agent = await signIn(file.api.url, await makeUser(file.t.ctx, 'agent'))
  viewer = await signIn(file.api.url, await makeUser(file.t.ctx, 'viewer'))
})

const WORDS = ['honestly', 'seriously', 'again', 'frankly', 'really', 'sadly', 'plainly']
/** Three grievances the analyzer reads as complaints, and chatter it does not. */
const TEXTS = {
  history: (w: string) =>
    `Kredo rewrote my score history ${w}, every past month is lower now. History rewritten without notice. Terrible.`,
  job: (w: string) =>
    `My job search is ruined ${w}: recruiters check Kredo and my number fell. Unacceptable.`,
  refund: (w: string) =>
    `Still no refund from Kredo ${w} after cancelling Pro, the refund was promised weeks ago. Awful service.`,
  chatter: (w: string) =>
    `Kredo posted a blog about their new dashboard ${w}, looks like a normal update.`,
}
type Kind = keyof typeof TEXTS

/** A brand with 14 complaint posts per grievance and some chatter, analysed and themed. */
async function themedBrand() {
  const brand = await makeBrand(file.t.ctx)
  const kinds: Kind[] = []
  const posts = []
  for (let i = 0; i < 14; i++)
    for (const kind of ['history', 'job', 'refund', 'chatter'] as Kind[]) {
      posts.push(makePost({ text: TEXTS[kind](`${WORDS[i % 7]} ${WORDS[(i * 3 + 1) % 7]}`) }))
      kinds.push(kind)
    }
  const ingested = await ingestPosts(file.t.ctx, { brandId: brand.id, channel: 'import', posts })
  await waitForAnalysis(file.t.ctx, ingested.outboxIds)
  await runThemePass(file.t.ctx)
  const themes = await list(brand.id, '&hidden=true')
  return { brand, themes, themeOf: (word: string) => themes.find((t) => t.phrases.includes(word))! }
}

async function list(brandId: string, extra = '', as: SignedIn = viewer): Promise<ThemeView[]> {
  const res = await as.get(`/api/brands/${brandId}/themes?range=24h${extra}`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return ThemeListSchema.parse(res.body).data
}

const postsIn = async (themeId: string) =>
  Number(
    (
      await queryRows<{ n: string }>(
        file.t.ctx.db,
        sql`select count(*) as n from post_themes where theme_id = ${themeId}::uuid`,
      )
    )[0]!.n,
  )

const auditOf = (action: string, subjectId: string) =>
  file.t.ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action as never), eq(auditEvents.subjectId, subjectId)))

describe('theme discovery through the worker', () => {
  it('finds the grievances, names them by their phrases and lists them to viewers', async () => {
    const { themes } = await themedBrand()
    expect(themes.length).toBe(3)
    for (const word of ['history', 'job', 'refund'])
      expect(
        themes.some((t) => t.phrases.some((p) => p.includes(word))),
        word,
      ).toBe(true)
    for (const theme of themes) {
      expect(theme.named).toBe(false)
      expect(theme.hidden).toBe(false)
      expect(await postsIn(theme.id)).toBe(14)
      expect(theme.phrases.some((p) => /kredo/i.test(p))).toBe(false)
      expect(theme.topComplainers.length).toBe(5)
      // Counted by the rollups' theme dimension, in the period and none in the one before.
      expect(theme).toMatchObject({ volume: 14, previousVolume: 0, trend: 'new' })
      expect(theme.points.reduce((n, p) => n + p.count, 0)).toBe(14)
    }
  })

  it('lets new complaint posts join the themes as they arrive, and leaves chatter out', async () => {
    const { brand, themes } = await themedBrand()
    const posts = [
      makePost({ text: TEXTS.refund('lately') }),
      makePost({ text: TEXTS.job('lately') }),
      makePost({ text: TEXTS.chatter('lately') }),
    ]
    const ingested = await ingestPosts(file.t.ctx, { brandId: brand.id, channel: 'import', posts })
    await waitForAnalysis(file.t.ctx, ingested.outboxIds)
    await runThemePass(file.t.ctx)
    const placed = await queryRows<{ text: string; theme_id: string }>(
      file.t.ctx.db,
      sql`select p.text, pt.theme_id from posts p
          left join post_themes pt on pt.post_id = p.id
          where p.brand_id = ${brand.id}::uuid and p.text like '%lately%'`,
    )
    const themeOfText = (text: string) => placed.find((r) => r.text === text)?.theme_id
    const refund = themes.find((t) => t.phrases.includes('refund'))!
    expect(themeOfText(TEXTS.refund('lately'))).toBe(refund.id)
    expect(themeOfText(TEXTS.job('lately'))).toBeDefined()
    expect(themeOfText(TEXTS.job('lately'))).not.toBe(refund.id)
    expect(themeOfText(TEXTS.chatter('lately'))).toBeNull()
    // No new theme: three posts are no reason to discover again.
    expect((await list(brand.id, '&hidden=true')).length).toBe(3)
  })
})

describe('managing themes', () => {
  it('renames and hides, audited, and only for advisers', async () => {
    const { brand, themes } = await themedBrand()
    const theme = themes[0]!
    const path = `/api/brands/${brand.id}/themes/${theme.id}`
    for (const who of [agent, viewer]) {
      const res = await who.patch(path, { name: 'Nope' })
      expect(res.status).toBe(403)
      expect(res.body.error.message).toContain('Only advisers and admins change themes')
    }
    const renamed = await adviser.patch(path, { name: '  Score history  ' })
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200)
    expect(ThemeViewSchema.parse(renamed.body.data)).toMatchObject({
      id: theme.id,
      name: 'Score history',
      named: true,
    })
    const [audit] = await auditOf('theme.updated', theme.id)
    expect(audit).toMatchObject({ actorId: adviser.user.id, before: { name: theme.name } })

    expect((await adviser.patch(path, { hidden: true })).status).toBe(200)
    expect((await list(brand.id)).map((t) => t.id)).not.toContain(theme.id)
    const all = await list(brand.id, '&hidden=true')
    expect(all.find((t) => t.id === theme.id)).toMatchObject({ hidden: true })

    // Discovery again keeps the adviser's name and the hidden flag, and adds no theme.
    await file.t.ctx.db.execute(
      sql`update theme_progress set seen_at_discovery = 1 where brand_id = ${brand.id}::uuid`,
    )
    await runThemePass(file.t.ctx)
    const again = await list(brand.id, '&hidden=true')
    expect(again.map((t) => t.id).sort()).toEqual(themes.map((t) => t.id).sort())
    expect(again.find((t) => t.id === theme.id)).toMatchObject({
      name: 'Score history',
      hidden: true,
    })
  })

  it('merges themes: posts move, the merged one points at its target, the inbox follows', async () => {
    const { brand, themes } = await themedBrand()
    const [into, other] = themes as [ThemeView, ThemeView]
    const res = await adviser.post(`/api/brands/${brand.id}/themes/merge`, {
      into: into.id,
      themeIds: [other.id],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.data.id).toBe(into.id)
    expect(await postsIn(into.id)).toBe(28)
    expect(await postsIn(other.id)).toBe(0)
    expect(res.body.data.volume).toBe(28)
    expect((await list(brand.id)).map((t) => t.id)).not.toContain(other.id)
    const [audit] = await auditOf('theme.merged', into.id)
    expect(audit!.after).toMatchObject({ into: into.id, merged: [other.id], posts: 28 })

    // An inbox link to the merged theme now shows the target's complaints.
    const inbox = await agent.get(`/api/brands/${brand.id}/inbox?view=open&theme=${other.id}`)
    expect(InboxPageSchema.parse(inbox.body).data).toHaveLength(28)

    const again = await adviser.post(`/api/brands/${brand.id}/themes/merge`, {
      into: into.id,
      themeIds: [other.id],
    })
    expect(again.status).toBe(409)
    const self = await adviser.post(`/api/brands/${brand.id}/themes/merge`, {
      into: into.id,
      themeIds: [into.id],
    })
    expect(self.status).toBe(400)
    expect(self.body.error.issues).toEqual([
      { path: 'themeIds', message: 'must not include the theme merged into' },
    ])
  })

  it('splits off the posts matching phrases into a new theme', async () => {
    const { brand, themes } = await themedBrand()
    const [a, b] = themes as [ThemeView, ThemeView]
    // Two grievances in one theme, then split apart again by a phrase of one of them.
    await adviser.post(`/api/brands/${brand.id}/themes/merge`, { into: a.id, themeIds: [b.id] })
    const phrase = b.phrases[0]!
    const res = await adviser.post(`/api/brands/${brand.id}/themes/${a.id}/split`, {
      phrases: [phrase],
      name: 'Split off',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const created = ThemeViewSchema.parse(res.body.data)
    expect(created).toMatchObject({ name: 'Split off', named: true, phrases: [phrase] })
    expect(await postsIn(created.id)).toBe(14)
    expect(await postsIn(a.id)).toBe(14)
    // The rollups moved the counts with the posts.
    expect(created.volume).toBe(14)
    expect((await list(brand.id)).find((t) => t.id === a.id)!.volume).toBe(14)
    const [audit] = await auditOf('theme.split', a.id)
    expect(audit!.after).toMatchObject({ newTheme: { id: created.id, posts: 14 } })

    const none = await adviser.post(`/api/brands/${brand.id}/themes/${a.id}/split`, {
      phrases: ['nothing like this'],
    })
    expect(none.status).toBe(400)
    expect(none.body.error.issues).toEqual([
      { path: 'phrases', message: 'match no post of this theme' },
    ])
  })

  it('answers precise 4xx for bad input, unknown themes and other brands’ themes', async () => {
    const { brand, themes } = await themedBrand()
    const other = await makeBrand(file.t.ctx)
    const id = themes[0]!.id
    const cases: Array<[string, object, number, string]> = [
      [`/api/brands/${brand.id}/themes/${id}`, {}, 400, 'say a name or hidden'],
      [`/api/brands/${brand.id}/themes/${id}`, { name: ' ' }, 400, 'a theme needs a name'],
      [`/api/brands/${brand.id}/themes/${id}`, { hidden: 'yes' }, 400, 'must be true or false'],
      [`/api/brands/${brand.id}/themes/not-a-uuid`, { name: 'x' }, 400, 'must be a theme id'],
      [`/api/brands/${other.id}/themes/${id}`, { name: 'x' }, 404, `Theme ${id} not found`],
      [`/api/brands/${brand.id}/themes/${crypto.randomUUID()}`, { name: 'x' }, 404, 'not found'],
    ]
    for (const [path, body, status, message] of cases) {
      const res = await adviser.patch(path, body)
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status)
      expect(JSON.stringify(res.body.error)).toContain(message)
    }
    const merge = await adviser.post(`/api/brands/${brand.id}/themes/merge`, { into: id })
    expect(merge.status).toBe(400)
    expect(merge.body.error.issues[0].path).toBe('themeIds')
    const range = await viewer.get(
      `/api/brands/${brand.id}/themes?range=custom&from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z`,
    )
    expect(range.status).toBe(400)
    expect(range.body.error.issues).toEqual([
      { path: 'to', message: 'The range is reversed: to is before from' },
    ])
  })
})

describe('the inbox theme and time window filters', () => {
  it('lists and counts the complaints of a theme, and refuses an unknown theme', async () => {
    const { brand, themes } = await themedBrand()
    const theme = themes[0]!
    const page = await agent.get(`/api/brands/${brand.id}/inbox?view=open&theme=${theme.id}`)
    const data = InboxPageSchema.parse(page.body).data
    expect(data).toHaveLength(14)
    const words = theme.phrases[0]!.split(' ')
    for (const c of data) expect(c.lead.text.toLowerCase()).toContain(words[0])
    const counts = await agent.get(`/api/brands/${brand.id}/inbox/counts?theme=${theme.id}`)
    expect(InboxCountsSchema.parse(counts.body).data.open).toBe(14)

    const other = await makeBrand(file.t.ctx)
    for (const path of ['inbox', 'inbox/counts']) {
      const res = await agent.get(`/api/brands/${other.id}/${path}?theme=${theme.id}`)
      expect(res.status, path).toBe(400)
      expect(res.body.error.issues).toEqual([
        { path: 'theme', message: 'is no theme of this brand' },
      ])
      const bad = await agent.get(`/api/brands/${brand.id}/${path}?theme=nope`)
      expect(bad.body.error.issues).toEqual([{ path: 'theme', message: 'must be a theme id' }])
    }
  })

  it('keeps complaints with a complaint post written in [from, to)', async () => {
    const brand = await makeBrand(file.t.ctx)
    const at = (iso: string) => ({ postedAt: iso })
    const posts = [
      makePost({ ...at('2026-03-01T10:00:00Z'), threadId: 'early', text: TEXTS.job('early') }),
      makePost({ ...at('2026-03-02T10:00:00Z'), threadId: 'inside', text: TEXTS.job('inside') }),
      // A thread whose complaint is early but whose post in the window is only chatter.
      makePost({ ...at('2026-03-01T11:00:00Z'), threadId: 'chat', text: TEXTS.refund('chat') }),
      makePost({ ...at('2026-03-02T11:00:00Z'), threadId: 'chat', text: TEXTS.chatter('chat') }),
    ]
    const ingested = await ingestPosts(file.t.ctx, { brandId: brand.id, channel: 'import', posts })
    await waitForAnalysis(file.t.ctx, ingested.outboxIds)
    const window = 'from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z'
    const res = await agent.get(`/api/brands/${brand.id}/inbox?view=open&${window}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const leads = InboxPageSchema.parse(res.body).data.map((c) => c.lead.text)
    expect(leads).toEqual([TEXTS.job('inside')])
    const counts = await agent.get(`/api/brands/${brand.id}/inbox/counts?${window}`)
    expect(InboxCountsSchema.parse(counts.body).data.open).toBe(1)
    const before = await agent.get(
      `/api/brands/${brand.id}/inbox?view=open&to=2026-03-02T00:00:00Z`,
    )
    expect(InboxPageSchema.parse(before.body).data).toHaveLength(2)
  })
})
