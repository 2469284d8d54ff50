import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { promisify } from 'node:util'
import { freePort } from './ports.js'

const run = promisify(execFile)

export interface RedisCluster {
  /** REDIS_CLUSTER_NODES for Firebreak: `127.0.0.1:port,...`. */
  nodes: string
  ports: number[]
  /** kill -9 every node and remove their directory. */
  stop(): Promise<void>
}

/**
 * A Redis Cluster of the test's own: `masters` redis-servers in cluster mode on free ports
 * (client and cluster bus), no replicas, nothing saved, their node files in a temporary
 * directory; every slot assigned and every node agreeing (cluster_state:ok) before it
 * resolves. Never the machine's shared Redis.
 */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-cluster-'))
  const children: ChildProcess[] = []
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return
        const exited = once(child, 'exit')
        child.kill('SIGKILL')
        await exited
      }),
    )
    fs.rmSync(dir, { recursive: true, force: true })
  }
  try {
    const ports: number[] = []
    for (let i = 0; i < masters; i++) {
      const [port, busPort] = await distinctFreePorts(2, ports)
      ports.push(port!)
      children.push(await startNode(dir, port!, busPort!))
    }
    const nodes = ports.map((port) => `127.0.0.1:${port}`)
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-yes'], { timeout: 30_000 })
    await clusterSettled(ports)
    return { nodes: nodes.join(','), ports, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/** Free ports, none of them in `taken` (a port just freed may be handed out again). */
async function distinctFreePorts(count: number, taken: number[]): Promise<number[]> {
  const found: number[] = []
  while (found.length < count) {
    const port = await freePort()
    if (!taken.includes(port) && !found.includes(port)) found.push(port)
  }
  return found
}

async function startNode(dir: string, port: number, busPort: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--cluster-port',
      String(busPort),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      path.join(dir, `nodes-${port}.conf`),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('Ready to accept connections')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`redis-server on ${port} exited with ${code}`)))
  })
  return child
}

/** Waits until every node says the cluster is ok, with every slot and every node known. */
async function clusterSettled(ports: number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    const infos = await Promise.all(
      ports.map(async (port) => {
        const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info'])
        return stdout
      }),
    )
    const settled = infos.every(
      (info) =>
        info.includes('cluster_state:ok') &&
        info.includes('cluster_slots_ok:16384') &&
        info.includes(`cluster_known_nodes:${ports.length}`),
    )
    if (settled) return
    last = infos.join('\n')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the cluster did not settle within ${timeoutMs} ms:\n${last}`)
}
