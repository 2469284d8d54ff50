import { openContext } from '../bootstrap.js'
import { ConfigError, loadConfig } from '../config.js'
import { findUserByEmail } from '../db/repositories/users.js'
import { issueSetupLink, setupLink } from '../domain/users/users.js'
import { parseArgv } from '../lib/flags.js'
import { createLogger } from '../lib/logger.js'
import { EXIT, runCli } from './run-cli.js'

const USAGE = `Usage: npm run users -- setup-link EMAIL

Prints a new one-time link (valid 72 hours) for EMAIL to set a password: for an admin who is
locked out or lost their invite. The user's sessions end; the audit log records it.
Exit status: 0 printed, 2 bad usage or unknown email, 3 PostgreSQL or Redis unavailable.`

/** Operator commands for accounts, for when nobody can sign in to do it in the console. */
async function main(): Promise<number> {
  const { positionals } = parseArgv({ allowPositionals: true })
  const [command, email] = positionals
  if (command !== 'setup-link' || !email || positionals.length !== 2) throw new ConfigError(USAGE)
  const config = loadConfig()
  const opened = await openContext(config, createLogger('warn', { destination: process.stderr }))
  try {
    const user = await findUserByEmail(opened.ctx.db, email)
    if (!user) throw new ConfigError(`no user with email ${email}`)
    const { token } = await issueSetupLink(opened.ctx, { actorId: null, userId: user.id, ip: null })
    process.stdout.write(`${setupLink(config.publicUrl, token)}\n`)
    return EXIT.ok
  } finally {
    await opened.close()
  }
}

runCli('users', main)
