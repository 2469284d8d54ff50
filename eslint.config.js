import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const ROOT = import.meta.dirname

/**
 * Imports point one way (STYLE.md, "Layout"). Each zone forbids the files under `target` (a
 * folder, or globs of files) to import anything under `from`; its message names the rule and
 * says what to do instead. Paths are relative to this file; `'../x.js'` resolves to `x.ts`.
 */
const LAYERS = [
  {
    name: 'shared/ imports nothing of ours',
    target: 'shared',
    from: ['server', 'workers', 'client', 'test', 'bench', 'scripts'],
    advice:
      'shared/ is the contract every side imports; move what both sides need into shared/, or keep it on its own side.',
  },
  {
    name: 'client/ imports no server or worker code',
    target: 'client',
    from: ['server', 'workers', 'test', 'bench', 'scripts'],
    advice:
      'the client reaches the server over HTTP and sockets only; import schemas, types and events from shared/.',
  },
  {
    name: 'domain/ does not present or publish',
    target: 'server/domain',
    from: ['server/presenters', 'server/realtime'],
    advice:
      'domain code returns data and events; present and publish at the edge (routes, processors).',
  },
  {
    name: 'domain/ does not import http/',
    target: 'server/domain',
    from: ['server/http'],
    advice:
      'domain code takes plain inputs and throws AppError; move what routes and domain share (parsers, verifiers) into domain/ or server/lib/.',
  },
  {
    name: 'workers/ import no server presenters or http/',
    target: 'workers',
    from: ['server/presenters', 'server/http'],
    advice:
      'workers use server/{db,domain,queue,realtime,lib}; publish views through server/realtime.',
  },
  {
    name: 'presenters/ import no domain/, http/ or realtime/',
    target: 'server/presenters',
    from: ['server/domain', 'server/http', 'server/realtime'],
    advice:
      'presenters turn rows into views below the edges; take rows and types from server/db or shared/ and let the caller fetch or compute the rest.',
  },
  {
    name: 'realtime/ does not import http/',
    target: 'server/realtime',
    from: ['server/http'],
    advice:
      'move what sockets and routes both need (session, origin, header checks) into server/auth or server/lib.',
  },
  {
    name: 'db/ imports no layer above it',
    target: 'server/db',
    from: ['server/domain', 'server/http', 'server/realtime', 'server/presenters', 'workers'],
    advice:
      'server/db (client, schema, repositories) is the bottom layer; domain code calls it, never the other way round.',
  },
  {
    name: 'lib/ has no domain imports',
    target: 'server/lib',
    from: [
      'server/domain',
      'server/http',
      'server/realtime',
      'server/presenters',
      'server/db',
      'workers',
    ],
    advice:
      'server/lib holds small helpers; take what they need as arguments, or move the code into the layer that uses it.',
  },
  {
    name: 'only server/main.ts and server/cli import workers/',
    // Every file of server/ except server/main.ts and server/cli/** (and db/ and lib/, whose
    // own rules above forbid workers/ already, so that one import gets one message).
    target: ['server/!(main.ts|cli)', 'server/!(cli|db|lib)/**'],
    from: ['workers'],
    advice:
      'server/main.ts is the composition root that starts workers; elsewhere enqueue work through server/queue.',
  },
]

/** Product code: the layer rules and the cycle check apply here, not to tests or tools. */
const PRODUCT = ['server/**/*.ts', 'workers/**/*.ts', 'shared/**/*.ts', 'client/src/**/*.{ts,tsx}']
const TESTS = ['**/*.test.ts', '**/*.test.tsx']
/** Where test/cli/import-rules.test.ts writes a throwaway cycle to prove the cycle rule bites. */
const CYCLE_FIXTURES = ['test/lint/fixtures/**/*.ts']

const CYCLE_ADVICE =
  'Modules in a cycle load half-initialised: move what both need into a lower module (or shared/), or pass it in as an argument.'

/** import-x's no-cycle with messages that say what to do. It skips type-only imports. */
const noCycle = importX.rules['no-cycle']
const layers = {
  rules: {
    'no-cycle': {
      ...noCycle,
      meta: {
        ...noCycle.meta,
        messages: {
          cycle: `Import cycle: this import leads back to this file. ${CYCLE_ADVICE}`,
          cycleSource: `Import cycle via "{{source}}" back to this file. ${CYCLE_ADVICE}`,
        },
      },
    },
  },
}

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'natural',
              message: "natural's root runs dotenv on import; use workers/pipeline/natural.ts",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Post text is hostile: render it as text.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ runs in the browser too: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: [...PRODUCT, ...CYCLE_FIXTURES],
    ignores: TESTS,
    plugins: { 'import-x': importX, layers },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [`${ROOT}/tsconfig.json`, `${ROOT}/client/tsconfig.json`],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: ROOT,
          zones: LAYERS.map(({ name, target, from, advice }) => ({
            target,
            from,
            message: `Layers point down (STYLE.md, Layout): ${name}; ${advice}`,
          })),
        },
      ],
      // A relative import the resolver cannot follow would slip past the layer rules above.
      'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
      'layers/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
)
