import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ESLint, type Linter } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The layer rules of eslint.config.js bite: each forbidden kind of import, written as if in a
 * real file of that layer, fails lint with a message naming the rule; permitted imports pass.
 * Real files are imported (the rule only judges imports it can resolve).
 */
const ROOT = path.resolve(import.meta.dirname, '../..')
const LAYER_RULES = ['import-x/no-restricted-paths', 'import-x/no-unresolved', 'layers/no-cycle']

/** One existing file per folder that some layer may not import. */
const TARGET = {
  server: 'server/config.ts',
  workers: 'workers/main.ts',
  client: 'client/src/lib/api.ts',
  test: 'test/support/wait.ts',
  bench: 'bench/main.ts',
  scripts: 'scripts/dev.mjs',
  'server/domain': 'server/domain/sources/sources.ts',
  'server/http': 'server/http/app.ts',
  'server/realtime': 'server/realtime/publisher.ts',
  'server/presenters': 'server/presenters/complaint.ts',
  'server/db': 'server/db/client.ts',
  'server/queue': 'server/queue/queues.ts',
  'server/lib': 'server/lib/logger.ts',
  shared: 'shared/errors.ts',
  'client/src': 'client/src/lib/format.ts',
} as const
type Folder = keyof typeof TARGET

/** [importing file (need not exist), folder it may not import, words the message must hold] */
type Case = [file: string, from: Folder, words: string]
const forbid = (file: string, froms: Folder[], words: string): Case[] =>
  froms.map((from) => [file, from, words])

const FORBIDDEN: Case[] = [
  ...forbid(
    'shared/schemas/bad.ts',
    ['server', 'workers', 'client', 'test', 'bench', 'scripts'],
    'shared/ imports nothing of ours',
  ),
  ...forbid(
    'client/src/features/bad/Bad.tsx',
    ['server', 'workers', 'test', 'bench', 'scripts'],
    'client/ imports no server or worker code',
  ),
  ...forbid(
    'server/domain/complaints/bad.ts',
    ['server/presenters', 'server/realtime'],
    'domain/ does not present or publish',
  ),
  ...forbid('server/domain/complaints/bad.ts', ['server/http'], 'domain/ does not import http/'),
  ...forbid(
    'workers/processors/bad.ts',
    ['server/presenters', 'server/http'],
    'workers/ import no server presenters or http/',
  ),
  ...forbid(
    'server/presenters/bad.ts',
    ['server/domain', 'server/http', 'server/realtime'],
    'presenters/ import no domain/, http/ or realtime/',
  ),
  ...forbid('server/realtime/bad.ts', ['server/http'], 'realtime/ does not import http/'),
  ...forbid(
    'server/db/repositories/bad.ts',
    ['server/domain', 'server/http', 'server/realtime', 'server/presenters', 'workers'],
    'db/ imports no layer above it',
  ),
  ...forbid(
    'server/lib/bad.ts',
    [
      'server/domain',
      'server/http',
      'server/realtime',
      'server/presenters',
      'server/db',
      'workers',
    ],
    'lib/ has no domain imports',
  ),
  ...[
    'server/bad.ts',
    'server/http/routes/bad.ts',
    'server/queue/bad.ts',
    'server/domain/bad.ts',
  ].flatMap((file) =>
    forbid(file, ['workers'], 'only server/main.ts and server/cli import workers/'),
  ),
]

/** [importing file, folder it may import] */
const PERMITTED: [string, Folder][] = [
  ['server/domain/complaints/bad.ts', 'server/db'],
  ['server/domain/complaints/bad.ts', 'server/lib'],
  ['server/domain/complaints/bad.ts', 'shared'],
  ['workers/processors/bad.ts', 'server/domain'],
  ['workers/processors/bad.ts', 'server/realtime'],
  ['workers/processors/bad.ts', 'server/queue'],
  ['workers/processors/bad.ts', 'server/db'],
  ['server/main.ts', 'workers'],
  ['server/cli/bad.ts', 'workers'],
  ['client/src/features/bad/Bad.tsx', 'shared'],
  ['client/src/features/bad/Bad.tsx', 'client/src'],
  ['server/presenters/bad.ts', 'server/db'],
  ['server/realtime/bad.ts', 'server/presenters'],
  ['server/http/routes/bad.ts', 'server/presenters'],
  ['server/http/routes/bad.ts', 'server/domain'],
  ['server/db/repositories/bad.ts', 'server/lib'],
  ['shared/schemas/bad.ts', 'shared'],
  // Tests and tools are not restricted.
  ['server/domain/complaints/bad.test.ts', 'server/presenters'],
  ['shared/schemas/bad.test.ts', 'server'],
  ['test/api/bad.test.ts', 'workers'],
  ['bench/bad.ts', 'server/presenters'],
]

/** A relative `.js` specifier from `file` to `target`, as the codebase writes them. */
function specifier(file: string, target: string): string {
  const relative = path.relative(path.dirname(file), target).replace(/\.ts$/, '.js')
  return relative.startsWith('.') ? relative : `./${relative}`
}

const eslint = new ESLint({ cwd: ROOT })

async function layerMessages(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) })
  const messages = result?.messages ?? []
  expect(messages.filter((m) => m.fatal)).toEqual([])
  return messages.filter((m) => m.ruleId !== null && LAYER_RULES.includes(m.ruleId))
}

const importOf = (file: string, folder: Folder) =>
  `import * as target from '${specifier(file, TARGET[folder])}'\nexport { target }\n`

it('imports real files', () => {
  for (const target of Object.values(TARGET)) expect(existsSync(path.join(ROOT, target))).toBe(true)
})

describe('a forbidden import fails lint, naming the rule', () => {
  it.each(FORBIDDEN)('%s importing %s/', async (file, folder, words) => {
    const messages = await layerMessages(file, importOf(file, folder))
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ ruleId: 'import-x/no-restricted-paths', severity: 2 })
    expect(messages[0]?.message).toContain(`Layers point down (STYLE.md, Layout): ${words}`)
  })
})

describe('a permitted import passes', () => {
  it.each(PERMITTED)('%s importing %s/', async (file, folder) => {
    expect(await layerMessages(file, importOf(file, folder))).toEqual([])
  })
})

it('a relative import that does not resolve fails lint (it would slip past the layers)', async () => {
  const file = 'server/domain/complaints/bad.ts'
  const messages = await layerMessages(file, `import '../../nowhere/missing.js'\n`)
  expect(messages.map((m) => m.ruleId)).toEqual(['import-x/no-unresolved'])
})

describe('import cycles', () => {
  // The cycle rule reads the other files from disk, so these are real, short-lived files.
  let dir: string
  const write = (name: string, code: string) => writeFile(path.join(dir, name), code)
  const lintFile = (name: string, code: string) =>
    layerMessages(path.relative(ROOT, path.join(dir, name)), code)

  beforeAll(async () => {
    await mkdir(path.join(ROOT, 'test/lint/fixtures'), { recursive: true })
    dir = await mkdtemp(path.join(ROOT, 'test/lint/fixtures/cycle-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('a value import that leads back to its file fails lint', async () => {
    const a = `import { b } from './b.js'\nexport const a = () => b\n`
    await write('a.ts', a)
    await write('b.ts', `import { c } from './c.js'\nexport const b = c\n`)
    await write('c.ts', `import { a } from './a.js'\nexport const c = () => a\n`)
    const messages = await lintFile('a.ts', a)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ ruleId: 'layers/no-cycle', severity: 2 })
    expect(messages[0]?.message).toContain('Import cycle via "./c.js:1" back to this file.')
    expect(messages[0]?.message).toContain('move what both need into a lower module')
  })

  it('imports that only point one way pass', async () => {
    const top = `import { bottom } from './bottom.js'\nexport const top = bottom\n`
    await write('top.ts', top)
    await write('bottom.ts', `export const bottom = 1\n`)
    expect(await lintFile('top.ts', top)).toEqual([])
  })

  it('a cycle through type-only imports passes (erased at runtime)', async () => {
    const x = `import type { Y } from './y.js'\nexport type X = { y?: Y }\n`
    await write('x.ts', x)
    await write('y.ts', `import type { X } from './x.js'\nexport type Y = { x?: X }\n`)
    expect(await lintFile('x.ts', x)).toEqual([])
  })
})
