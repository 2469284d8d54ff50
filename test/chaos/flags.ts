import { parseArgs } from 'node:util'
import { z } from 'zod'

export const SCENARIOS = [
  'worker-kill',
  'redis-aof-on',
  'redis-aof-off',
  'pg-restart',
  'pg-stop',
  'pg-kill',
  'importer-kill',
  'reply-delivery',
] as const
export type ScenarioName = (typeof SCENARIOS)[number]
/** The scenarios that import posts and strike once with a fault (all but reply-delivery). */
export type ImportScenarioName = Exclude<ScenarioName, 'reply-delivery'>

const count = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback)
const seconds = (fallback: number) => z.coerce.number().positive().max(86_400).default(fallback)

const FlagObject = z.object({
  posts: count(50_000, 100),
  repeat: count(2000, 0),
  scenarios: z
    .string()
    .default(SCENARIOS.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(SCENARIOS)).min(1, 'name at least one scenario')),
  'redis-down-s': seconds(30),
  'pg-down-s': seconds(45),
  'kill-every-s': seconds(5),
  /** reply-delivery: replies queued across the fake networks, and how often a worker dies. */
  replies: count(1000, 4),
  'reply-kill-every-s': seconds(8),
  'drain-timeout-s': seconds(600),
  out: z.string().min(1).optional(),
})
const FlagsSchema = FlagObject.refine((f) => f.repeat <= f.posts, {
  path: ['repeat'],
  message: 'must be at most --posts',
})

export type Flags = z.infer<typeof FlagsSchema>

export class FlagError extends Error {}

/** The suite's flags; anything unknown or out of range is a FlagError with a one-line message. */
export function readFlags(args: string[]): Flags {
  let values: Record<string, unknown>
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(
        Object.keys(FlagObject.shape).map((name) => [name, { type: 'string' as const }]),
      ),
    }).values
  } catch (err) {
    throw new FlagError((err as Error).message.split('\n')[0])
  }
  const parsed = FlagsSchema.safeParse(values)
  if (!parsed.success) {
    throw new FlagError(
      parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '),
    )
  }
  return parsed.data
}
