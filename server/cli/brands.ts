import { z } from 'zod'
import { CreateBrandBody } from '../../shared/schemas/brands.js'
import { openContext } from '../bootstrap.js'
import { ConfigError, loadConfig } from '../config.js'
import { findBrandBySlug, listBrands } from '../db/repositories/brands.js'
import { setBrandArchived } from '../domain/brands/archive-brand.js'
import { createBrand } from '../domain/brands/create-brand.js'
import type { AppContext } from '../context.js'
import { AppError } from '../lib/app-error.js'
import { flagProblems, parseArgv } from '../lib/flags.js'
import { createLogger } from '../lib/logger.js'
import { presentBrand } from '../presenters/brand.js'
import { EXIT, runCli } from './run-cli.js'

const USAGE = `Usage:
  npm run brands -- create --name NAME --terms TERM,TERM [--exclude TERM,TERM] [--languages en,es]
  npm run brands -- list [--archived include|only]
  npm run brands -- archive SLUG
  npm run brands -- restore SLUG

Creates, lists, archives and restores brands, as an admin does in the console; each prints
the brand (or the list) as JSON. An archived brand listens to nothing and keeps its data.
Changes are audited without an actor. Exit status: 0 done, 2 bad usage, a name already
taken or an unknown slug, 3 PostgreSQL or Redis unavailable, 4 any other failure.`

/** Comma-separated terms, as typed on a command line. */
const termList = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)

const CreateFlags = z.object({
  name: z.string({ error: 'give the brand a --name' }),
  terms: z.string({ error: 'give --terms to listen for (comma-separated)' }),
  exclude: z.string().optional(),
  languages: z.string().optional(),
})
const ListFlags = z.object({ archived: z.enum(['include', 'only']).optional() })

type Command = (ctx: AppContext) => Promise<unknown>

/** Reads the command line into the one thing to do, or a ConfigError saying what is wrong. */
function readCommand(): Command {
  const { values, positionals } = parseArgv({
    options: {
      name: { type: 'string' },
      terms: { type: 'string' },
      exclude: { type: 'string' },
      languages: { type: 'string' },
      archived: { type: 'string' },
    },
    allowPositionals: true,
  })
  const [command, slug, ...extra] = positionals
  const problem = (message: string) => new ConfigError(`${message}\n\n${USAGE}`)
  if (extra.length) throw problem(`unexpected ${extra.join(' ')}`)
  switch (command) {
    case 'create': {
      const flags = CreateFlags.safeParse(values)
      if (!flags.success) throw problem(flagProblems(flags.error))
      if (slug) throw problem(`create takes flags only, not ${slug}`)
      const body = CreateBrandBody.safeParse({
        name: flags.data.name,
        trackedTerms: termList(flags.data.terms),
        excludedTerms: termList(flags.data.exclude),
        languages: termList(flags.data.languages),
      })
      if (!body.success)
        throw problem(
          flagProblems(body.error, {
            trackedTerms: '--terms',
            excludedTerms: '--exclude',
            languages: '--languages',
          }),
        )
      return async (ctx) =>
        presentBrand(await createBrand(ctx, { ...body.data, actorId: null, ip: null }))
    }
    case 'list': {
      const flags = ListFlags.safeParse({ archived: values.archived })
      if (!flags.success) throw problem(flagProblems(flags.error))
      return async (ctx) =>
        (await listBrands(ctx.db, flags.data.archived ?? 'exclude')).map(presentBrand)
    }
    case 'archive':
    case 'restore': {
      if (!slug) throw problem(`${command} needs the brand's SLUG (npm run brands -- list)`)
      return async (ctx) => {
        const brand = await findBrandBySlug(ctx.db, slug)
        if (!brand) throw new ConfigError(`no brand with slug ${slug}`)
        const archived = command === 'archive'
        return presentBrand(
          await setBrandArchived(ctx, { brandId: brand.id, archived, actorId: null, ip: null }),
        )
      }
    }
    default:
      throw problem(command ? `unknown command ${command}` : 'name a command')
  }
}

/** Operator commands for brands: the first brand of a deployment without the demo, scripts. */
async function main(): Promise<number> {
  const command = readCommand()
  const config = loadConfig()
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, {
    destination: process.stderr,
  })
  const opened = await openContext(config, logger)
  try {
    const result = await command(opened.ctx).catch((err: unknown) => {
      // A refusal the operator can act on (a name taken) is bad usage, not a failure.
      if (
        err instanceof AppError &&
        ['conflict', 'invalid_request', 'not_found'].includes(err.code)
      )
        throw new ConfigError(err.message)
      throw err
    })
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    return EXIT.ok
  } finally {
    await opened.close()
  }
}

runCli('brands', main)
