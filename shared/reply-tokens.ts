/**
 * A reply's text cut into what the networks treat apart: http(s) links and @mentions (a
 * Mastodon remote mention `@user@host` included), for the composer's preview. Plain data: the
 * console renders it as text.
 */
export type ReplyToken = { kind: 'text' | 'link' | 'mention'; value: string }

// The same ends as NoteText's: trailing punctuation is not part of a link.
const TOKEN = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]|(?<![\w@])@[\w.-]*\w(?:@[\w.-]*\w)?/giu

/** The text as runs of plain text, links and mentions, in order; nothing is lost or added. */
export function tokenizeReply(text: string): ReplyToken[] {
  const tokens: ReplyToken[] = []
  let last = 0
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > last) tokens.push({ kind: 'text', value: text.slice(last, match.index) })
    tokens.push({ kind: match[0].startsWith('@') ? 'mention' : 'link', value: match[0] })
    last = match.index + match[0].length
  }
  if (last < text.length) tokens.push({ kind: 'text', value: text.slice(last) })
  return tokens
}
