import { tokenizeReply } from '../../../../shared/reply-tokens.js'
import type { ReplyNetwork } from '../../../../shared/replies.js'
import { safeHttpUrl } from '../../lib/format.js'

/**
 * The reply as its network will show it, rendered as text. Mastodon and X turn links and
 * mentions into links themselves; on Bluesky the delivery adds rich-text facets for them
 * (workers/delivery/bluesky-facets.ts), a mention only when its handle resolves, which the
 * preview cannot know, so it says so rather than promising it.
 */
export function ReplyPreview({ text, network }: { text: string; network: ReplyNetwork }) {
  const tokens = tokenizeReply(text)
  return (
    <div className="reply-preview" data-testid="reply-preview">
      <p className="reply-preview-text" dir="auto">
        {tokens.map((token, i) => {
          if (token.kind === 'text') return token.value
          const href = token.kind === 'link' ? safeHttpUrl(token.value) : null
          if (href)
            return (
              <a key={i} href={href} target="_blank" rel="noopener noreferrer nofollow ugc">
                {token.value}
              </a>
            )
          return (
            <span key={i} className="reply-mention">
              {token.value}
            </span>
          )
        })}
      </p>
      {network === 'bluesky' && tokens.some((t) => t.kind === 'mention') && (
        <p className="field-hint">
          On Bluesky a mention links to the person only if the handle exists there; otherwise it
          stays plain text.
        </p>
      )}
    </div>
  )
}
