import type { NormalizedPostInput } from '../../shared/schemas/posts.js'

/** Sets `window.__pwned` if it ever runs: the browser test checks it stays unset. */
const PWN = 'window.__pwned=1'
const COMPLAINT = ' Kredo support never answers. Terrible, awful, a scam.'

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
    source: 'x',
    externalId: `hostile-${name}`,
    text,
    lang: 'en',
    createdAt: '2026-08-25T15:00:00Z',
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
 * Strangers' posts at their worst: markup and script in every field, links that run code,
 * control characters, invalid Unicode, enormous text, prototype keys, SQL and CSV formulas.
 */
export function hostileCorpus(): HostileItem[] {
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
    item('sql', `'; DROP TABLE posts; -- " OR 1=1 --${COMPLAINT}`),
    item('csv-formula', `=HYPERLINK("http://evil.example","click")${COMPLAINT}`),
    item('csv-formula-2', `+cmd|' /C calc'!A0${COMPLAINT}`),
    item('csv-formula-3', `@SUM(1+1)*cmd|' /C calc'!A0${COMPLAINT}`),
    item('template-injection', `{{constructor.constructor('${PWN}')()}} \${${PWN}}${COMPLAINT}`),
    item('huge', `${'Kredo is terrible. '.repeat(52_632)}`.slice(0, 1_000_000)),
  ]
}

/** A webhook `mention.created` body for a corpus item, with a `__proto__` key thrown in. */
export function hostileWebhookBody(entry: HostileItem): string {
  const p = entry.post
  const data = {
    id: p.externalId,
    source: p.source,
    url: p.url ?? null,
    created_at: p.createdAt,
    text: p.text,
    lang: p.lang,
    author: {
      id: p.author.externalId,
      handle: p.author.handle,
      display_name: p.author.displayName,
      followers: p.author.followers,
    },
    engagement: p.engagement,
  }
  // JSON.stringify drops a real __proto__ key, so it is spliced in as text.
  return JSON.stringify({ type: 'mention.created', data }).replace(
    '{"type"',
    '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"type"',
  )
}
