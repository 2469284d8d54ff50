import { CSV_COLUMNS } from '../../server/domain/ingest/post-records.js'
import type { NormalizedPostInput } from '../../shared/schemas/posts.js'

/** Sets `window.__pwned` if it ever runs: the browser test checks it stays unset. */
const PWN = 'window.__pwned=1'
const COMPLAINT = ' Kredo support never answers. Terrible, awful, a scam.'
const WHEN = new Date(Date.now() - 3 * 3600_000).toISOString()

/** A hostile post that must be stored, whole, and shown as text. */
export interface HostileItem {
  name: string
  post: NormalizedPostInput
  /** What the stored text must be (after NUL and lone-surrogate normalisation). */
  storedText: string
}

const item = (
  name: string,
  text: string,
  extra: Partial<NormalizedPostInput> = {},
  storedText = text,
): HostileItem => ({
  name,
  storedText,
  post: {
    network: 'x',
    externalId: `hostile-${name}`,
    text,
    lang: 'en',
    postedAt: WHEN,
    author: {
      externalId: `hostile-author-${name}`,
      handle: `h_${name}`,
      displayName: 'Hostile',
      followers: 50_000,
    },
    engagement: { likes: 10, replies: 1, shares: 1 },
    ...extra,
  },
})

/**
 * Strangers' posts at their worst that are still posts: markup and script in every field,
 * links that run code, control characters, invalid Unicode, text at the length limit, SQL and
 * CSV formulas, dates at the edges. Each must be stored whole and rendered as text.
 */
export function hostilePosts(): HostileItem[] {
  return [
    item('script-tag', `<script>${PWN}</script>${COMPLAINT}`),
    item('img-onerror', `<img src=x onerror="${PWN}"> <svg onload="${PWN}"></svg>${COMPLAINT}`),
    item(
      'iframe',
      `<iframe src="javascript:${PWN}"></iframe><b id="injected-bold">bold?</b>${COMPLAINT}`,
    ),
    item('author-xss', `Author name carries the payload.${COMPLAINT}`, {
      author: {
        externalId: 'xss-author',
        handle: `"><script>${PWN}</script>`,
        displayName: `<img src=x onerror="${PWN}">`,
        followers: 90_000,
      },
    }),
    item('javascript-link', `Click my profile link.${COMPLAINT}`, { url: `javascript:${PWN}` }),
    item('data-link', `Data link.${COMPLAINT}`, { url: `data:text/html,<script>${PWN}</script>` }),
    item('url-xss', `Quote-breaking URL.${COMPLAINT}`, {
      url: `https://evil.example/"><script>${PWN}</script>`,
    }),
    item('rtl-override', `\u202Egnp.exe\u202C safe? \u2067isolate\u2069${COMPLAINT}`),
    item('zalgo', `K̷̢̛̛̯̮̤̈́̈́͊r̴̨̛̭̗̪̿̾ẽ̶̢̨̛̮͉̿d̸̡̛̛̳̺̾͊o̵̡̧̡͖͊̾͊${'\u0301'.repeat(500)}${COMPLAINT}`),
    item('nul-bytes', `before\u0000after\u0000${COMPLAINT}`, {}, `beforeafter${COMPLAINT}`),
    item(
      'lone-surrogates',
      `broken \ud800 and \udfff pair${COMPLAINT}`,
      {},
      `broken \ufffd and \ufffd pair${COMPLAINT}`,
    ),
    item('nul-in-names', `Names with NUL.${COMPLAINT}`, {
      author: {
        externalId: 'nul-author',
        handle: 'nul\u0000handle',
        displayName: 'Nul\u0000Name',
        followers: 10,
      },
    }),
    item('sql', `'; DROP TABLE posts; -- " OR 1=1 --${COMPLAINT}`),
    item('csv-formula', `=HYPERLINK("http://evil.example","click")${COMPLAINT}`),
    item('csv-formula-2', `+cmd|' /C calc'!A0${COMPLAINT}`),
    item('csv-formula-3', `@SUM(1+1)*cmd|' /C calc'!A0${COMPLAINT}`),
    item('template-injection', `{{constructor.constructor('${PWN}')()}} \${${PWN}}${COMPLAINT}`),
    item('control-chars', `bell\u0007 escape\u001b[31m red\u001b[0m form\u000c${COMPLAINT}`),
    item('multi-line', `line one\nline two, "quoted", and a comma\r\nline three${COMPLAINT}`),
    item('emoji-flood', `${'😡'.repeat(2000)}${COMPLAINT}`),
    item('at-the-limit', `${'Kredo is terrible. '.repeat(2106)}`.slice(0, 40_000)),
    item('dated-1970', `A post that says it is from 1970.${COMPLAINT}`, {
      postedAt: '1970-01-01T00:00:00Z',
    }),
    item('dated-tomorrow', `A post from a clock that runs ahead.${COMPLAINT}`, {
      postedAt: new Date(Date.now() + 20 * 3600_000).toISOString(),
    }),
    item('proto-names', `Prototype keys as ids.${COMPLAINT}`, {
      externalId: '__proto__',
      threadId: 'constructor',
      author: { externalId: 'hasOwnProperty', handle: 'toString', followers: 1 },
    }),
  ]
}

export const CHANNELS = ['webhook', 'jsonl', 'csv'] as const
export type Channel = (typeof CHANNELS)[number]

/**
 * One payload as a channel receives it: a signed webhook body, a JSONL line or a CSV record.
 * It must be stored, or set aside with its reason and its raw text: never lost.
 */
export interface HostilePayload {
  name: string
  channel: Channel
  /** The class of attack or mistake it stands for. */
  kind: string
  raw: string
  expect: 'stored' | 'rejected'
  /** The post's external id (stored), or text its kept raw payload holds (rejected). */
  marker: string
  storedText?: string
}

/** A webhook `mention.created` body for a post, with `__proto__` keys thrown in. */
export function webhookBody(p: NormalizedPostInput): string {
  const data = {
    id: p.externalId,
    source: p.network,
    url: p.url ?? null,
    created_at: p.postedAt,
    text: p.text,
    lang: p.lang,
    author: {
      id: p.author.externalId,
      handle: p.author.handle,
      display_name: p.author.displayName,
      followers: p.author.followers,
    },
    thread_id: p.threadId ?? null,
    engagement: p.engagement,
  }
  // JSON.stringify drops a real __proto__ key, so it is spliced in as text.
  return JSON.stringify({ type: 'mention.created', data }).replace(
    '{"type"',
    '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"type"',
  )
}

const cell = (value: unknown) => `"${String(value ?? '').replaceAll('"', '""')}"`

/** A post as a CSV record in CSV_COLUMNS order (quoted, so it may span lines). */
export function csvRecord(p: NormalizedPostInput): string {
  const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    network: p.network,
    external_id: p.externalId,
    url: p.url,
    text: p.text,
    lang: p.lang,
    posted_at: p.postedAt,
    author_id: p.author.externalId,
    author_handle: p.author.handle,
    author_name: p.author.displayName,
    author_followers: p.author.followers,
    author_karma: p.author.karma,
    in_reply_to: p.inReplyTo,
    thread_id: p.threadId,
    likes: p.engagement?.likes,
    replies: p.engagement?.replies,
    shares: p.engagement?.shares,
    author_verified: p.author.verified,
  }
  return CSV_COLUMNS.map((c) => cell(values[c])).join(',')
}

export const CSV_HEADER = CSV_COLUMNS.join(',')

/** How each channel writes a post. */
const encode: Record<Channel, (p: NormalizedPostInput) => string> = {
  webhook: webhookBody,
  jsonl: (p) => JSON.stringify(p),
  csv: csvRecord,
}

/** A post every channel must refuse, named by what is wrong with it. */
const refusedPosts = (): Array<{ kind: string; name: string; post: NormalizedPostInput }> => {
  const base = (name: string, extra: Partial<NormalizedPostInput>) => ({
    ...item(name, `Refused: ${name}.${COMPLAINT}`, extra).post,
  })
  const oversize = (name: string, extra: Partial<NormalizedPostInput>) => ({
    kind: 'size limit',
    name,
    post: base(name, extra),
  })
  const date = (name: string, postedAt: string) => ({
    kind: 'date range',
    name,
    post: base(name, { postedAt }),
  })
  return [
    date('year-minus-271821', '-271821-04-20T00:00:00Z'),
    date('year-275760', '+275760-09-13T00:00:00Z'),
    date('year-10000', '+010000-01-01T00:00:00Z'),
    date('before-1970', '1969-12-31T23:59:59Z'),
    date('next-week', new Date(Date.now() + 7 * 86_400_000).toISOString()),
    date('not-a-date', 'tuesday'),
    oversize('text-over-limit', { text: `${'x'.repeat(40_001)}` }),
    oversize('text-one-megabyte', { text: 'Kredo '.repeat(180_000) }),
    oversize('handle-over-limit', {
      author: { externalId: 'long-handle', handle: 'h'.repeat(300), followers: 1 },
    }),
    oversize('name-over-limit', {
      author: { externalId: 'long-name', handle: 'ok', displayName: 'n'.repeat(300) },
    }),
    {
      kind: 'bad fields',
      name: 'negative-followers',
      post: base('negative-followers', {
        author: { externalId: 'neg', handle: 'neg', followers: -5 },
      }),
    },
    {
      kind: 'bad fields',
      name: 'empty-external-id',
      post: { ...base('empty-external-id', {}), externalId: '' },
    },
    {
      kind: 'bad fields',
      name: 'bad-network',
      post: base('bad-network', { network: 'not a network!' }),
    },
    { kind: 'bad fields', name: 'bad-lang', post: base('bad-lang', { lang: '<script>' }) },
  ]
}

/**
 * At least a hundred hostile payloads across the webhook, JSONL and CSV imports: every stored
 * post in each channel, every refused post in each channel, and what only one channel can get
 * wrong (a signed body that is not JSON, a CSV quote that never closes...).
 */
export function hostilePayloads(): HostilePayload[] {
  const payloads: HostilePayload[] = []
  for (const channel of CHANNELS) {
    for (const { name, post, storedText } of hostilePosts()) {
      const p = { ...post, externalId: `${post.externalId}-${channel}` }
      payloads.push({
        name: `${channel}:${name}`,
        channel,
        kind: 'hostile post',
        raw: encode[channel](p),
        expect: 'stored',
        marker: p.externalId,
        storedText,
      })
    }
    for (const { kind, name, post } of refusedPosts()) {
      const p = {
        ...post,
        externalId: post.externalId || '',
        text: `${post.text} [${channel}-${name}]`,
      }
      payloads.push({
        name: `${channel}:${name}`,
        channel,
        kind,
        raw: encode[channel](p),
        expect: 'rejected',
        marker: `[${channel}-${name}]`,
      })
    }
  }
  const valid = (name: string) => item(name, `Valid ${name}.${COMPLAINT}`).post
  const rejected = (channel: Channel, kind: string, name: string, raw: string, marker: string) =>
    payloads.push({ name: `${channel}:${name}`, channel, kind, raw, expect: 'rejected', marker })
  const stored = (channel: Channel, kind: string, name: string, raw: string, id: string) =>
    payloads.push({ name: `${channel}:${name}`, channel, kind, raw, expect: 'stored', marker: id })

  // Signed bodies that are not JSON, or not a mention.
  const whole = webhookBody(valid('webhook-truncated'))
  rejected(
    'webhook',
    'not JSON',
    'truncated',
    whole.slice(0, whole.length - 40),
    'webhook-truncated',
  )
  const bom = valid('webhook-bom')
  stored('webhook', 'byte order mark', 'bom', `\uFEFF${webhookBody(bom)}`, bom.externalId)
  rejected(
    'webhook',
    'not JSON',
    'bom-truncated',
    `\uFEFF{"type":"mention.created","data":{"id":"webhook-bom-truncated"`,
    'webhook-bom-truncated',
  )
  rejected(
    'webhook',
    'not JSON',
    'plain-text',
    'webhook-plain-text: <script>window.__pwned=1</script>',
    'webhook-plain-text',
  )
  rejected('webhook', 'not a mention', 'array', '["webhook-array"]', 'webhook-array')
  rejected(
    'webhook',
    'not a mention',
    'unknown-type',
    '{"type":"mention.exploded","data":{"id":"webhook-unknown-type"}}',
    'webhook-unknown-type',
  )
  rejected(
    'webhook',
    'not a mention',
    'no-data',
    '{"type":"mention.created","note":"webhook-no-data"}',
    'webhook-no-data',
  )
  rejected(
    'webhook',
    'not JSON',
    'nul-json',
    '{"type":"mention.created","data":{"id":"webhook-nul-json\u0000"',
    'webhook-nul-json',
  )

  // JSON lines that are not posts.
  rejected(
    'jsonl',
    'not JSON',
    'truncated',
    '{"source":"x","externalId":"jsonl-truncated","text":"cut off',
    'jsonl-truncated',
  )
  rejected('jsonl', 'not a post', 'array', '["jsonl-array"]', 'jsonl-array')
  rejected('jsonl', 'not a post', 'string', '"jsonl-string"', 'jsonl-string')
  rejected(
    'jsonl',
    'not JSON',
    'trailing-garbage',
    `${JSON.stringify(valid('jsonl-trailing'))} garbage`,
    'jsonl-trailing',
  )

  // CSV records that cannot be read, each between good rows that must still be stored.
  const good = (name: string) => {
    const p = valid(name)
    stored('csv', 'row beside a broken one', name, csvRecord(p), p.externalId)
  }
  good('csv-before-open-quote')
  rejected(
    'csv',
    'malformed CSV',
    'open-quote',
    `"x","csv-open-quote","","this quote never closes,en`,
    'csv-open-quote',
  )
  good('csv-after-open-quote')
  good('csv-after-open-quote-2')
  rejected(
    'csv',
    'malformed CSV',
    'stray-after-quote',
    `"x","csv-stray-after-quote"oops,"","text"`,
    'csv-stray-after-quote',
  )
  good('csv-after-stray')
  rejected(
    'csv',
    'not a post',
    'too-few-columns',
    `"x","csv-too-few-columns"`,
    'csv-too-few-columns',
  )
  rejected('csv', 'not a post', 'empty-cells', `,,,csv-empty-cells,,,,,,,,,,,,,`, 'csv-empty-cells')
  good('csv-last')
  return payloads
}
