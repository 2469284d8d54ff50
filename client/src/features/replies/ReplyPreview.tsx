import { tokenizeReply } from '../../../../shared/reply-tokens.js'
import type { ReplyNetwork } from '../../../../shared/replies.js'
import { safeHttpUrl } from '../../lib/format.js'

/**
 * The reply as its network will show it, rendered as text. Mastodon and X turn links and
 * mentions into links themselves; Firebreak sends Bluesky no rich-text facets, so there they
 * stay plain text, and the preview says so rather than promising a link.
 */
export function ReplyPreview({ text, network }: { text: string; network: ReplyNetwork }) {
  const linked = network !== 'bluesky'
  const tokens = tokenizeReply(text)
  return (
    <div className="reply-preview" data-testid="reply-preview">
      <p className="reply-preview-text" dir="auto">
        {tokens.map((token, i) => {
          if (token.kind === 'text') return token.value
          const href = token.kind === 'link' ? safeHttpUrl(token.value) : null
          if (linked && href)
            return (
              <a key={i} href={href} target="_blank" rel="noopener noreferrer nofollow ugc">
                {token.value}
              </a>
            )
          return (
            <span key={i} className={linked ? 'reply-mention' : 'reply-plain-token'}>
              {token.value}
            </span>
          )
        })}
      </p>
      {!linked && tokens.some((t) => t.kind !== 'text') && (
        <p className="field-hint">
          Bluesky will show these links and mentions as plain text: Firebreak does not add Bluesky's
          link and mention markup yet.
        </p>
      )}
    </div>
  )
}
