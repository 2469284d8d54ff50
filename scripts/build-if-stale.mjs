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

const mtime = (entry) => (fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0)
const stamp = 'dist/.build-stamp'
const stale = () => mtime(stamp) < Math.max(...SOURCES.map(newest))

// `npm run server` and `npm run worker` started together must not both write dist/: the
// first takes the lock (an atomic mkdir holding its pid) and builds; the other waits for it.
const LOCK = 'dist/.build-lock'
function takeLock() {
  fs.mkdirSync('dist', { recursive: true })
  for (;;) {
    try {
      fs.mkdirSync(LOCK)
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid))
      return
    } catch (err) {
      if (err.code !== 'EEXIST') throw err
      if (!holderAlive()) fs.rmSync(LOCK, { recursive: true, force: true })
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    }
  }
}
function holderAlive() {
  try {
    process.kill(Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8')), 0)
    return true
  } catch (err) {
    if (err.code === 'EPERM') return true
    // No pid file: the holder is between mkdir and write, unless that was long ago.
    if (err.code === 'ENOENT') return Date.now() - mtime(LOCK) < 10_000
    return false
  }
}

if (stale()) {
  takeLock()
  try {
    // Another process may have built while we waited.
    if (stale()) {
      console.error(
        mtime(stamp)
          ? 'Sources changed since the last build; rebuilding…'
          : 'Building Firebreak (first start)…',
      )
      const result = spawnSync('npm', ['run', '-s', 'build'], {
        // The build's output goes to stderr: stdout belongs to the command (`npm run -s classify`).
        stdio: ['ignore', 2, 2],
      })
      if (result.status !== 0) process.exitCode = result.status ?? 1
    }
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true })
  }
}
