// Runs `npm run build` when dist/ is missing or older than any source file, so that
// `npm install && npm start` works from a fresh clone and after a `git pull`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const SOURCES = [
  'server',
  'workers',
  'shared',
  'client',
  'package.json',
  'vite.config.ts',
  'tsconfig.base.json',
  'tsconfig.build.json',
]

function newest(entry) {
  if (!fs.existsSync(entry)) return 0
  const stat = fs.statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  return fs
    .readdirSync(entry)
    .filter((name) => name !== 'node_modules' && !name.endsWith('.test.ts'))
    .reduce((max, name) => Math.max(max, newest(path.join(entry, name))), stat.mtimeMs)
}

const stamp = 'dist/.build-stamp'
const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0
if (built < Math.max(...SOURCES.map(newest))) {
  console.error(
    built
      ? 'Sources changed since the last build; rebuilding…'
      : 'Building Firebreak (first start)…',
  )
  const result = spawnSync('npm', ['run', '-s', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  process.exit(result.status ?? 1)
}
