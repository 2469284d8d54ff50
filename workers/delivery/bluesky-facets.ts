/**
 * Bluesky rich text: mentions and links are not parsed from a post's text by readers, they are
 * `app.bsky.richtext.facet` entries beside it, each naming a range of the text in UTF-8 bytes
 * (byteStart inclusive, byteEnd exclusive), not in JavaScript's UTF-16 units. Detection follows
 * the rules of @atproto/api's RichText.detectFacets for mentions and explicit http(s) links.
 */

/** A facet as the `app.bsky.richtext.facet` lexicon defines it. */
export interface Facet {
  index: { byteStart: number; byteEnd: number }
  features: Array<
    | { $type: 'app.bsky.richtext.facet#mention'; did: string }
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
  >
}

/** A candidate found in the text: a handle (without its @) or a link, with its UTF-8 range. */
export type Detected =
  | { kind: 'mention'; handle: string; byteStart: number; byteEnd: number }
  | { kind: 'link'; uri: string; byteStart: number; byteEnd: number }

// As atproto's: an @ at the start, after whitespace or an opening parenthesis.
const MENTION = /(^|\s|\()(@)([a-zA-Z0-9.-]+)(\b)/g
const LINK = /(^|\s|\()(https?:\/\/\S+)/gi
const HANDLE =
  /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/

const encoder = new TextEncoder()
/** The UTF-8 length of a piece of text: emoji take 4 bytes, é 2, ASCII 1. */
const bytes = (s: string) => encoder.encode(s).length

/** Mentions and links in a reply's text, in the order they appear. */
export function detectFacets(text: string): Detected[] {
  const found: Array<Detected & { at: number }> = []
  for (const m of text.matchAll(MENTION)) {
    const handle = m[3]!
    if (!HANDLE.test(handle) || handle.length > 253) continue
    const at = m.index + m[1]!.length
    const end = at + 1 + handle.length
    found.push({
      kind: 'mention',
      handle: handle.toLowerCase(),
      at,
      byteStart: bytes(text.slice(0, at)),
      byteEnd: bytes(text.slice(0, end)),
    })
  }
  for (const m of text.matchAll(LINK)) {
    let uri = m[2]!
    // Sentence punctuation after a link is not part of it; nor is a parenthesis it did not open.
    uri = uri.replace(/[.,;:!?"']+$/, '')
    if (uri.endsWith(')') && !uri.includes('(')) uri = uri.slice(0, -1)
    if (!/^https?:\/\/[^/\s]+\.[^/\s]+/i.test(uri)) continue
    const at = m.index + m[1]!.length
    found.push({
      kind: 'link',
      uri,
      at,
      byteStart: bytes(text.slice(0, at)),
      byteEnd: bytes(text.slice(0, at + uri.length)),
    })
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...facet }) => facet as Detected)
}

/**
 * The facets of a text, mentions resolved to DIDs by `resolve` (null: the handle does not
 * resolve, and the mention stays plain text).
 */
export async function buildFacets(
  text: string,
  resolve: (handle: string) => Promise<string | null>,
): Promise<Facet[]> {
  const detected = detectFacets(text)
  const handles = [...new Set(detected.flatMap((d) => (d.kind === 'mention' ? [d.handle] : [])))]
  const dids = new Map<string, string | null>()
  for (const handle of handles) dids.set(handle, await resolve(handle))
  const facets: Facet[] = []
  for (const d of detected) {
    const index = { byteStart: d.byteStart, byteEnd: d.byteEnd }
    if (d.kind === 'link')
      facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: d.uri }] })
    else {
      const did = dids.get(d.handle)
      if (did) facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] })
    }
  }
  return facets
}
