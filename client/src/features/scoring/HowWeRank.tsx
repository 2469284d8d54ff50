import type { ScoringVersionView } from '../../../../shared/schemas/scoring-config.js'
import { describeFactors, describeFairness } from '../../../../shared/scoring/describe.js'
import { absoluteTime } from '../../lib/format.js'

/**
 * How Firebreak ranks, in plain words, generated from the configuration in effect and the
 * changelog of every published version: readable by every role.
 */
export function HowWeRank({ versions }: { versions: readonly ScoringVersionView[] }) {
  const current = versions.find((v) => v.isCurrent)
  const published = versions.filter((v) => v.status === 'published')
  if (!current) return null
  return (
    <section className="card how-we-rank" aria-labelledby="how-we-rank" data-testid="how-we-rank">
      <h2 className="card-title" id="how-we-rank">
        How we rank complaints (version {current.number}, <code>{current.key}</code>)
      </h2>
      <p className="card-text">
        Every complaint gets a priority: the sum of the parts below, each shown with the complaint
        (&ldquo;Why this priority?&rdquo;). Every score keeps the version it was computed with; a
        new version adds scores and never rewrites old ones.
      </p>
      <ol className="factor-list">
        {describeFactors(current.config).map((f) => (
          <li key={f.key}>
            <strong>{f.title}</strong> <span className="muted">(up to {f.weight})</span>
            <br />
            {f.text}
          </li>
        ))}
      </ol>
      <p className="card-text" data-testid="fairness">
        <strong>Fairness.</strong> {describeFairness(current.config)}
      </p>
      <h3 className="subhead">Changelog</h3>
      <ol className="changelog" reversed>
        {published.map((v) => (
          <li key={v.id}>
            <strong>
              Version {v.number} (<code>{v.key}</code>)
            </strong>
            {v.effectiveAt && (
              <>
                , in effect from <time dateTime={v.effectiveAt}>{absoluteTime(v.effectiveAt)}</time>
              </>
            )}
            {v.isCurrent && <span className="tag tag-new">in effect</span>}
            <p>
              <bdi>{v.changelog}</bdi>
            </p>
          </li>
        ))}
      </ol>
    </section>
  )
}
