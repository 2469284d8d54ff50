import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { z } from 'zod'
import { ConfigError } from '../config.js'

/**
 * `parseArgs` for our entry points: an unknown or malformed flag is a ConfigError, which they
 * print as its message (no stack) before exiting.
 */
export function parseArgv<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config)
  } catch (err) {
    throw new ConfigError((err as Error).message)
  }
}

/**
 * What a flags schema refused, one line per problem: `--flag: reason`, or `NAME: reason` for
 * a positional argument that `names` maps (e.g. `{ file: 'FILE' }`).
 */
export function flagProblems(error: z.ZodError, names: Record<string, string> = {}): string {
  return error.issues
    .map((i) => `${names[String(i.path[0])] ?? `--${i.path.join('.')}`}: ${i.message}`)
    .join('\n')
}
