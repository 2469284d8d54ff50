import type { AnalysisView, PostView } from '../../../../shared/schemas/complaints.js'
import { languageName } from '../../lib/format.js'
import './AnalysisReasons.css'

const percent = (p: number | null) => (p === null ? null : `${Math.round(p * 100)}%`)

/**
 * What the analyzer read in the lead post and why: its sentiment and complaint decisions, each
 * with the rules and words that drove it. Reasons quote the post, so they are rendered as text.
 */
export function AnalysisReasons({ post }: { post: PostView }) {
  const analysis: AnalysisView = post.analysis
  if (!analysis.version) return null
  const sure = percent(analysis.confidence)
  const language = languageName(analysis.language)
  const complaint = percent(analysis.complaintScore)
  return (
    <div className="analysis" aria-label="What the analyzer read">
      {!analysis.supported && (
        <p className="analysis-unsupported" role="note">
          No model reads {language ?? 'this language'}: its sentiment and complaint come from emoji
          alone. Read the post yourself.
        </p>
      )}
      <ReasonLine
        title="Sentiment"
        verdict={[post.sentiment.label, sure && `${sure} sure`, language]
          .filter(Boolean)
          .join(' · ')}
        reasons={analysis.reasons}
      />
      <ReasonLine
        title="Complaint"
        verdict={complaint ? `${complaint} likely` : '—'}
        reasons={analysis.complaintReasons}
      />
      <p className="analysis-meta">
        Analyzer <code>{analysis.version}</code>
      </p>
    </div>
  )
}

function ReasonLine(props: { title: string; verdict: string; reasons: string[] }) {
  return (
    <div className="analysis-line">
      <span className="analysis-title">{props.title}</span>
      <span className="analysis-verdict">{props.verdict}</span>
      {props.reasons.length > 0 && (
        <ul className="reasons">
          {props.reasons.map((reason) => (
            <li key={reason} className="reason">
              <bdi>{reason}</bdi>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
