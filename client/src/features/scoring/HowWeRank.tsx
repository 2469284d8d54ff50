import type { ScoringVersionView } from '../../../../shared/schemas/scoring-config.js'
import { describeRanking } from '../../../../shared/scoring/describe.js'
import { absoluteTime } from '../../lib/format.js'

/**
 * How Firebreak ranks, in plain words, generated from the configuration in effect and the
 * changelog of every published version: readable by every role. The brand's public page
 * (when it publishes it) shows the very same text (`describeRanking`).
 */
export function HowWeRank({ versions }: { versions: readonly ScoringVersionView[] }) {
  const page = describeRanking(versions)
  if (!page) return null
  return (
    <section className="card how-we-rank" aria-labelledby="how-we-rank" data-testid="how-we-rank">
      <h2 className="card-title" id="how-we-rank">
        {page.title}
      </h2>
      <p className="card-text">{page.intro}</p>
      <ol className="factor-list">
        {page.factors.map((f) => (
          <li key={f.key}>
            <strong>{f.title}</strong> <span className="muted">(up to {f.weight})</span>
            <br />
            {f.text}
          </li>
        ))}
      </ol>
      <p className="card-text" data-testid="fairness">
        <strong>Fairness.</strong> {page.fairness}
      </p>
      <h3 className="subhead">Changelog</h3>
      <ol className="changelog" reversed>
        {page.changelog.map((entry) => (
          <li key={entry.key}>
            <strong>{entry.title}</strong>
            {entry.effectiveAt && (
              <>
                , in effect from{' '}
                <time dateTime={entry.effectiveAt}>{absoluteTime(entry.effectiveAt)}</time>
              </>
            )}
            {entry.isCurrent && <span className="tag tag-new">in effect</span>}
            <p>
              <bdi>{entry.text}</bdi>
            </p>
          </li>
        ))}
      </ol>
    </section>
  )
}
