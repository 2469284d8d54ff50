import { toIssues, type Issue } from '../../../shared/errors.js'
import { NormalizedPostSchema, type NormalizedPost } from '../../../shared/schemas/posts.js'

/** One item read from a file or source: a post, or the issues that keep it out. */
export type ParsedRecord =
  | { ok: true; post: NormalizedPost; raw: string; line?: number }
  | { ok: false; issues: Issue[]; raw: string; line?: number }

/** Validates anything that should be a post (a JSON object, a mapped CSV row). */
export function toPostRecord(value: unknown, raw: string, line?: number): ParsedRecord {
  const parsed = NormalizedPostSchema.safeParse(value)
  return parsed.success
    ? { ok: true, post: parsed.data, raw, line }
    : { ok: false, issues: toIssues(parsed.error), raw, line }
}

/**
 * Names the post format had before the glossary (README), which files written for releases
 * before 0.2 carry: `source` for the network, `createdAt` for the time posted (`created_at`
 * in CSV). A record that gives the current name is taken as it is.
 */
const OLDER_NAMES = { source: 'network', createdAt: 'postedAt' } as const

function withCurrentNames(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const record = { ...(value as Record<string, unknown>) }
  for (const [older, current] of Object.entries(OLDER_NAMES)) {
    if (older in record && !(current in record)) record[current] = record[older]
    delete record[older]
  }
  return record
}

/** A JSONL line in Firebreak's post format (the README documents it). */
export function parseJsonLine(raw: string, line?: number): ParsedRecord {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (err) {
    return {
      ok: false,
      issues: [{ path: '(line)', message: `malformed JSON: ${(err as Error).message}` }],
      raw,
      line,
    }
  }
  return toPostRecord(withCurrentNames(value), raw, line)
}

/** CSV columns of the import format, in the order a template lists them. */
export const CSV_COLUMNS = [
  'network',
  'external_id',
  'url',
  'text',
  'lang',
  'posted_at',
  'author_id',
  'author_handle',
  'author_name',
  'author_followers',
  'author_karma',
  'in_reply_to',
  'thread_id',
  'likes',
  'replies',
  'shares',
  // Added after the first release: last, so that templates written before it still line up.
  'author_verified',
] as const

/** Maps a CSV row (by header name) onto the post shape; empty cells mean "not given". */
export function csvRowToPost(row: Record<string, string | undefined>): unknown {
  const cell = (name: (typeof CSV_COLUMNS)[number]) => (row[name] === '' ? undefined : row[name])
  return {
    network: cell('network') ?? (row.source || undefined),
    externalId: cell('external_id'),
    url: cell('url'),
    text: row.text ?? '',
    lang: cell('lang'),
    postedAt: cell('posted_at') ?? (row.created_at || undefined),
    author: {
      externalId: cell('author_id') ?? cell('author_handle'),
      handle: cell('author_handle'),
      displayName: cell('author_name'),
      followers: cell('author_followers'),
      karma: cell('author_karma'),
      verified: cell('author_verified'),
    },
    inReplyTo: cell('in_reply_to'),
    threadId: cell('thread_id'),
    engagement: { likes: cell('likes'), replies: cell('replies'), shares: cell('shares') },
  }
}
