import crypto from 'node:crypto'
import path from 'node:path'
import fs from 'node:fs'
import type { AppContext } from '../server/context.js'
import { ensureBrand, findBrandBySlug, listBrands } from '../server/db/repositories/brands.js'
import { getSource } from '../server/db/repositories/sources.js'
import { upsertSource } from '../server/domain/sources/sources.js'
import { seedDemoUsers } from '../server/domain/users/users.js'
import { DEMO_BRAND } from './sources/demo/scenario.js'

const DEMO_SOURCE_ID = 'src_demo'
const DEMO_SEED = 20260825

/**
 * Creates the demo users (one per role), the demo brand and its demo source, once; starting
 * the workers schedules it. A restart resumes the demo where it stopped; once played to the
 * end it stays done.
 */
export async function seedDemo(ctx: AppContext, speed: number): Promise<void> {
  await seedDemoUsers(ctx)
  const brand = await ensureBrand(ctx.db, DEMO_BRAND)
  // A demo replayed from the console plays a later seed: a restart keeps it (and its cursor).
  const playing = await getSource(ctx.db, DEMO_SOURCE_ID).catch(() => null)
  const seed = (playing?.config as { seed?: number } | undefined)?.seed ?? DEMO_SEED
  await upsertSource(ctx.db, {
    id: DEMO_SOURCE_ID,
    brandId: brand.id,
    kind: 'demo',
    name: 'Demo backlash',
    config: { seed, speed },
  })
  ctx.logger.info({ mod: 'demo', brand: brand.slug, speed }, 'demo backlash ready')
}

/**
 * Plays a JSONL file into a brand at `speed` times real pace. The replay is a source keyed by
 * the file's path: starting it again resumes, unless `restart` asks to play from the top.
 */
export async function startReplay(
  ctx: AppContext,
  options: { file: string; speed: number; brandSlug?: string; restart: boolean },
): Promise<void> {
  const file = path.resolve(options.file)
  if (!fs.existsSync(file)) throw new Error(`--replay: no such file ${file}`)
  const brand = options.brandSlug
    ? await findBrandBySlug(ctx.db, options.brandSlug)
    : (await listBrands(ctx.db))[0]
  if (!brand) {
    throw new Error(
      options.brandSlug
        ? `--brand: no brand with slug ${options.brandSlug}`
        : '--replay needs a brand: start once with the demo, or pass --brand',
    )
  }
  const id = `src_replay_${crypto.createHash('sha256').update(file).digest('base64url').slice(0, 12)}`
  await upsertSource(ctx.db, {
    id,
    brandId: brand.id,
    kind: 'replay',
    name: `Replay of ${path.basename(file)}`,
    config: { path: file, speed: options.speed },
    resetCursor: options.restart,
  })
  ctx.logger.info(
    { mod: 'replay', sourceId: id, brand: brand.slug, speed: options.speed },
    'replay ready',
  )
}
