import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './ports.js'

const run = promisify(execFile)

/** The server binaries of the newest PostgreSQL installed (Debian keeps them off the PATH). */
function binDir(): string {
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (!versions.length) throw new Error(`no PostgreSQL server binaries under ${root}`)
  return path.join(root, versions[0]!, 'bin')
}

/** initdb and the server refuse to run as root: as root, run them as the postgres user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args]
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>`: append `/<database>`. */
  url: string
  port: number
  dataDir: string
  /** The postmaster's pid, read from its pid file (null when stopped). */
  pid(): number | null
  start(): Promise<void>
  /** `pg_ctl stop -m fast`: sessions are terminated (57P01), as an operator's stop does. */
  stop(): Promise<void>
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>
  /** SIGKILL to the postmaster; its backends notice and exit. Start it again with `start()`. */
  kill(): Promise<void>
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>
}

/**
 * A PostgreSQL cluster of the caller's own (initdb into a temporary directory, on a free port),
 * for tests that stop, restart or kill the database: never the machine's shared server.
 * Durability settings are relaxed (no fsync): the faults injected are process deaths, which
 * PostgreSQL recovers from through its WAL whatever fsync says; only an OS crash would not.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const dataDir = await makeDataDir()
  await serverCommand('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ])
  return serve(dataDir, await freePort())
}

/**
 * A streaming replica of `primary` (pg_basebackup -R: a standby that follows the primary's
 * WAL), on a port of its own. Pause and resume its replay with pg_wal_replay_pause() and
 * pg_wal_replay_resume() to make it lag.
 */
export async function startReplica(primary: PostgresServer): Promise<PostgresServer> {
  const dataDir = await makeDataDir()
  await serverCommand('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '--no-sync',
  ])
  return serve(dataDir, await freePort())
}

async function makeDataDir(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-pg-'))
  fs.chmodSync(dataDir, 0o700)
  if (process.getuid?.() === 0) await run('chown', ['postgres:postgres', dataDir])
  return dataDir
}

function serverCommand(command: string, args: string[]) {
  const [cmd, argv] = asServerUser(path.join(binDir(), command), args)
  return run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 })
}

/** Runs the cluster in `dataDir` on `port`, and the handle to stop, kill or remove it. */
async function serve(dataDir: string, port: number): Promise<PostgresServer> {
  const pg = serverCommand
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dataDir}`,
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    '-c shared_buffers=128MB',
  ].join(' ')
  const logFile = path.join(dataDir, 'server.log')
  const ctl = (action: string, extra: string[] = []) =>
    pg('pg_ctl', [action, '-D', dataDir, '-w', '-t', '60', '-l', logFile, '-o', options, ...extra])
  const pid = () => {
    try {
      return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    } catch {
      return null
    }
  }
  const alive = (p: number) => {
    try {
      process.kill(p, 0)
      return true
    } catch {
      return false
    }
  }
  await ctl('start')
  return {
    url: `postgres://postgres@127.0.0.1:${port}`,
    port,
    dataDir,
    pid,
    start: async () => {
      await ctl('start')
    },
    stop: async () => {
      await ctl('stop', ['-m', 'fast'])
    },
    restart: async () => {
      await ctl('restart', ['-m', 'fast'])
    },
    async kill() {
      const postmaster = pid()
      if (!postmaster) return
      process.kill(postmaster, 'SIGKILL')
      // Backends exit when they see their postmaster gone; a new one must not start before.
      const children = await run('pgrep', ['-P', String(postmaster)]).then(
        (r) => r.stdout.split('\n').filter(Boolean).map(Number),
        () => [] as number[],
      )
      const deadline = Date.now() + 10_000
      while ([postmaster, ...children].some(alive) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    async destroy() {
      if (pid() && alive(pid()!)) await ctl('stop', ['-m', 'immediate']).catch(() => {})
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
