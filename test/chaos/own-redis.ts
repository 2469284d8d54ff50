import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { freePort } from '../support/ports.js'

/** `aof`: persistence on, data returns after a crash. `none`: no persistence, empty on restart. */
export type RedisPersistence = 'aof' | 'none'

export interface OwnRedis {
  url: string
  port: number
  persistence(): RedisPersistence
  /** SIGKILL, as a crash or an OOM killer would: no shutdown save. */
  kill(): Promise<void>
  /** Starts on the same port. `none` starts from an empty directory: every key is gone. */
  start(persistence: RedisPersistence): Promise<void>
  /** Back to the AOF configuration (restarting only if needed), then FLUSHALL. */
  reset(): Promise<void>
  destroy(): Promise<void>
  /** For the last-resort cleanup at exit (synchronous). */
  killNow(): void
}

/**
 * A redis-server of the suite's own, on one port for the whole run, that can be killed and
 * started again there: Firebreak's processes keep the same REDIS_URL through every outage.
 * Configured as production asks (noeviction; RDB snapshots off, so only the AOF decides what
 * survives).
 */
export async function startOwnRedis(root: string, logDir: string): Promise<OwnRedis> {
  const port = await freePort()
  const aofDir = path.join(root, 'aof')
  fs.mkdirSync(aofDir, { recursive: true })
  let child: ChildProcess | null = null
  let mode: RedisPersistence = 'aof'
  let starts = 0

  const start = async (persistence: RedisPersistence) => {
    mode = persistence
    starts++
    let dir = aofDir
    if (persistence === 'none') {
      dir = path.join(root, `empty-${starts}`)
      fs.rmSync(dir, { recursive: true, force: true })
      fs.mkdirSync(dir, { recursive: true })
    }
    const log = fs.openSync(path.join(logDir, `redis-server.${starts}.log`), 'a')
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--appendonly',
        persistence === 'aof' ? 'yes' : 'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', log, log] },
    )
    fs.closeSync(log)
    const exited = once(child, 'exit')
    await Promise.race([
      waitForPong(port, 60_000),
      exited.then(([code]) => {
        throw new Error(`redis-server exited with ${code} at start (see ${logDir})`)
      }),
    ])
  }

  const kill = async () => {
    const running = child
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = once(running, 'exit')
    running.kill('SIGKILL')
    await exited
  }

  await start('aof')
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    persistence: () => mode,
    kill,
    start,
    async reset() {
      const running = child && child.exitCode === null && child.signalCode === null
      if (!running || mode !== 'aof') {
        await kill()
        await start('aof')
      }
      const reply = await command(port, 'FLUSHALL')
      if (reply !== '+OK') throw new Error(`FLUSHALL answered ${reply}`)
    },
    async destroy() {
      await kill()
      fs.rmSync(root, { recursive: true, force: true })
    },
    killNow() {
      child?.kill('SIGKILL')
    },
  }
}

/** Resolves once the server answers PING with PONG (not LOADING while it reads its AOF). */
async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const reply = await command(port, 'PING').catch(() => null)
    if (reply === '+PONG') return
    if (Date.now() > deadline) throw new Error(`redis on port ${port} not ready in ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** One inline command over a raw socket: the first reply line. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let data = ''
    socket.setTimeout(5000, () => socket.destroy(new Error('redis command timed out')))
    socket.on('connect', () => socket.write(`${line}\r\n`))
    socket.on('data', (chunk) => {
      data += chunk
      const end = data.indexOf('\r\n')
      if (end >= 0) {
        socket.end()
        resolve(data.slice(0, end))
      }
    })
    socket.on('error', reject)
    socket.on('close', () => reject(new Error('redis closed the connection')))
  })
}
