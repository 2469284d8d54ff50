import fs from 'node:fs'
import path from 'node:path'

/**
 * An exclusive lock on a directory, held by this process: a pid file created with O_EXCL.
 * A lock left by a process that no longer runs is taken over.
 */
export function acquireDirLock(dir: string, what: string): { release(): void } {
  const file = path.join(dir, 'firebreak.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' })
      return { release: () => fs.rmSync(file, { force: true }) }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = Number(fs.readFileSync(file, 'utf8'))
      if (holder && holder !== process.pid && isRunning(holder)) {
        throw new Error(
          `${what} in ${dir} is in use by another Firebreak process (pid ${holder}). ` +
            'Stop it first, or set DATABASE_URL to share a PostgreSQL database between processes.',
        )
      }
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`could not lock ${dir}`)
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
