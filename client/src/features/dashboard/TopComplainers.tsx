import type { TopComplainer } from '../../../../shared/schemas/trends.js'
import { COMPLAINER_STANDINGS } from '../../../../shared/schemas/trends.js'
import { compact, displayHandle } from '../../lib/format.js'
import { Link } from '../../ui/Link.js'
import { threadHref } from '../alerts/links.js'

type Standing = (typeof COMPLAINER_STANDINGS)[number]
const STANDING_TEXT: Record<Standing, string> = {
  unanswered: 'Unanswered',
  answered: 'Answered',
  recovered: 'Recovered',
  unchanged: 'Unchanged',
  worse: 'Worse',
}

/** The most-reached complainers of the period, where each stands, and a link to the thread. */
export function TopComplainers({
  complainers,
  brandSlug,
}: {
  complainers: readonly TopComplainer[]
  brandSlug: string
}) {
  const top = complainers.slice(0, 10)
  return (
    <section
      className="dash-card"
      aria-labelledby="complainers-title"
      data-testid="dash-complainers"
    >
      <h2 id="complainers-title">Who with reach is angry</h2>
      {top.length === 0 ? (
        <p className="muted">No complaints in this period.</p>
      ) : (
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">Complainer</th>
              <th scope="col" className="num">
                Followers
              </th>
              <th scope="col" className="num">
                Complaints
              </th>
              <th scope="col">Standing</th>
            </tr>
          </thead>
          <tbody>
            {top.map((c) => (
              <tr key={`${c.network}-${c.authorId}`} data-testid="dash-complainer">
                <th scope="row">
                  <Link to={threadHref(brandSlug, c.complaintId)}>
                    {c.displayName ?? displayHandle(c.handle)}
                  </Link>
                  <span className="complainer-meta">
                    {displayHandle(c.handle)} · {c.network}
                  </span>
                </th>
                <td className="num">{c.followers === null ? '–' : compact(c.followers)}</td>
                <td className="num">{c.complaints}</td>
                <td>
                  <span className={`standing standing-${c.standing}`}>
                    {STANDING_TEXT[c.standing]}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
