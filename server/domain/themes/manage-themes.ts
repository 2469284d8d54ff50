import { sql } from 'drizzle-orm'
import type {
  MergeThemesBody,
  SplitThemeBody,
  UpdateThemeBody,
} from '../../../shared/schemas/themes.js'
import type { Db, Tx } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import { lockThemeProgress } from '../../db/repositories/theme-pass.js'
import {
  countThemePosts,
  findThemes,
  insertTheme,
  updateTheme as writeTheme,
  type ThemeRecord,
} from '../../db/repositories/themes.js'
import { queryRows } from '../../db/rows.js'
import { anyOf } from '../../db/unnest.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

interface Actor {
  actorId: string
  ip: string | null
}

/** Most phrases a theme keeps after a merge (the merged themes' phrases follow its own). */
const MAX_PHRASES = 30

const invalid = (path: string, message: string) =>
  new AppError('invalid_request', `${path} ${message}`, [{ path, message }])

/**
 * The brand's themes by id, each live (not merged away), under the brand's theme lock: every
 * change of a brand's themes takes it, as the worker's theme pass does (theme-pass.ts), so a
 * post never joins a theme merged meanwhile. Unknown ids, and another brand's, are 404s.
 */
async function lockLiveThemes(tx: Tx, brandId: string, ids: string[]): Promise<ThemeRecord[]> {
  await lockThemeProgress(tx, brandId)
  const found = await findThemes(tx, brandId, ids)
  const missing = ids.find((id) => !found.some((t) => t.id === id))
  if (missing) throw new AppError('not_found', `Theme ${missing} not found`)
  const merged = found.find((t) => t.mergedInto !== null)
  if (merged)
    throw new AppError(
      'conflict',
      `Theme "${merged.name}" was merged into another theme; change that one instead`,
    )
  return ids.map((id) => found.find((t) => t.id === id)!)
}

const auditView = (t: ThemeRecord) => ({ name: t.name, hidden: t.hidden, phrases: t.phrases })

/** Renames (the name is then the adviser's, kept by rediscovery) or hides/shows a theme. */
export async function updateTheme(
  db: Db,
  input: Actor & { brandId: string; themeId: string; body: UpdateThemeBody },
): Promise<ThemeRecord> {
  await getBrand(db, input.brandId)
  return db.transaction(async (tx) => {
    const [theme] = await lockLiveThemes(tx, input.brandId, [input.themeId])
    const { name, hidden } = input.body
    const updated = await writeTheme(tx, theme!.id, {
      ...(name !== undefined ? { name, namedBy: input.actorId } : {}),
      ...(hidden !== undefined ? { hidden } : {}),
    })
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'theme.updated',
      subjectType: 'theme',
      subjectId: theme!.id,
      before: auditView(theme!),
      after: { brandId: input.brandId, ...auditView(updated) },
      ip: input.ip,
    })
    return updated
  })
}

/**
 * Merges themes into `into`: their posts move to it (the rollups' triggers move their counts),
 * their phrases follow its own, and they stay as history pointing at it (`merged_into`), so an
 * inbox link to a merged theme leads to `into` and rediscovery never brings them back.
 */
export async function mergeThemes(
  db: Db,
  input: Actor & { brandId: string; body: MergeThemesBody },
): Promise<ThemeRecord> {
  const { into } = input.body
  const others = [...new Set(input.body.themeIds)]
  if (others.includes(into)) throw invalid('themeIds', 'must not include the theme merged into')
  await getBrand(db, input.brandId)
  return db.transaction(async (tx) => {
    const [target, ...merged] = await lockLiveThemes(tx, input.brandId, [into, ...others])
    const counts = await countThemePosts(tx, [into, ...others])
    await tx.execute(sql`update post_themes set theme_id = ${into}::uuid, assigned_at = now()
      where theme_id = ${anyOf(others, 'uuid')}`)
    await tx.execute(sql`update themes set merged_into = ${into}::uuid, updated_at = now()
      where id = ${anyOf(others, 'uuid')}`)
    const phrases = [...new Set([target!, ...merged].flatMap((t) => t.phrases))]
    const updated = await writeTheme(tx, into, { phrases: phrases.slice(0, MAX_PHRASES) })
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'theme.merged',
      subjectType: 'theme',
      subjectId: into,
      before: [target!, ...merged].map((t) => ({
        id: t.id,
        name: t.name,
        posts: counts.get(t.id) ?? 0,
      })),
      after: { brandId: input.brandId, into, merged: others, posts: sumOf(counts) },
      ip: input.ip,
    })
    return updated
  })
}

const sumOf = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0)

/**
 * Splits a theme: its posts containing any of `phrases` (PostgreSQL's English text search, so
 * "score dropped" finds "scores dropped", words in order) move to a new theme with those
 * phrases, named `name` (the adviser's) or its first phrase. Refused when no post, or every
 * post, matches: neither would be a split.
 */
export async function splitTheme(
  db: Db,
  input: Actor & { brandId: string; themeId: string; body: SplitThemeBody },
): Promise<ThemeRecord> {
  await getBrand(db, input.brandId)
  const { phrases, name } = input.body
  return db.transaction(async (tx) => {
    const [theme] = await lockLiveThemes(tx, input.brandId, [input.themeId])
    const query = sql.join(
      phrases.map((p) => sql`phraseto_tsquery('english', ${p})`),
      sql` || `,
    )
    const matching = await queryRows<{ post_id: string | number }>(
      tx,
      sql`select pt.post_id from post_themes pt join posts p on p.id = pt.post_id
          where pt.theme_id = ${theme!.id}::uuid
            and to_tsvector('english', p.text) @@ (${query})`,
    )
    const total = (await countThemePosts(tx, [theme!.id])).get(theme!.id) ?? 0
    if (!matching.length) throw invalid('phrases', 'match no post of this theme')
    if (matching.length === total)
      throw invalid('phrases', 'match every post of this theme: rename it instead')
    const created = await insertTheme(tx, {
      brandId: input.brandId,
      name: name ?? phrases[0]!,
      phrases,
      namedBy: name ? input.actorId : null,
    })
    const postIds = matching.map((m) => Number(m.post_id))
    await tx.execute(sql`update post_themes set theme_id = ${created.id}::uuid, assigned_at = now()
      where post_id = ${anyOf(postIds, 'bigint')}`)
    const lower = new Set(phrases.map((p) => p.toLowerCase()))
    await writeTheme(tx, theme!.id, {
      phrases: theme!.phrases.filter((p) => !lower.has(p.toLowerCase())),
    })
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'theme.split',
      subjectType: 'theme',
      subjectId: theme!.id,
      before: { name: theme!.name, posts: total },
      after: {
        brandId: input.brandId,
        phrases,
        newTheme: { id: created.id, name: created.name, posts: postIds.length },
      },
      ip: input.ip,
    })
    return created
  })
}
