import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import readline from 'node:readline'
import { freePort } from './ports.js'

export interface RedisServer {
  url: string
  /** kill -9: clients see their connections drop, as in a crash. */
  kill(): Promise<void>
  /** Starts it again on the same port, with `args` instead of the first start's if given. */
  start(args?: string[]): Promise<void>
  stop(): Promise<void>
}

/** A redis-server of the test's own on a free port (never the machine's shared one). */
export async function startRedisServer(args: string[] = []): Promise<RedisServer> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const start = async (extra: string[] = args) => {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...extra],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    await new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: server.stdout! }).on('line', (line) => {
        if (line.includes('Ready to accept connections')) resolve()
      })
      server.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)))
    })
    child = server
  }
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, kill, start, stop: kill }
}
