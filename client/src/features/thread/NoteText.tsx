import { Fragment } from 'react'

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/gi

/**
 * A note's text as text, with http(s) links made safe (new tab, no referrer, no opener, no
 * ranking credit) and mentions of colleagues highlighted. Nothing is parsed as HTML.
 */
export function NoteText({ text, names }: { text: string; names: string[] }) {
  const parts: Array<{ kind: 'text' | 'link'; value: string }> = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    parts.push({ kind: 'text', value: text.slice(last, match.index) })
    parts.push({ kind: 'link', value: match[0] })
    last = match.index + match[0].length
  }
  parts.push({ kind: 'text', value: text.slice(last) })
  return (
    <p className="note-text" dir="auto">
      {parts.map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.value} target="_blank" rel="noopener noreferrer nofollow ugc">
            {part.value}
          </a>
        ) : (
          <Fragment key={i}>{withMentions(part.value, names)}</Fragment>
        ),
      )}
    </p>
  )
}

function withMentions(text: string, names: string[]) {
  if (!names.length) return text
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`(@(?:${escaped.join('|')}))`, 'g')
  return text.split(pattern).map((piece, i) =>
    i % 2 ? (
      <mark key={i} className="mention">
        {piece}
      </mark>
    ) : (
      piece
    ),
  )
}
