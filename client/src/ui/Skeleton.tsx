import './Skeleton.css'

/** Placeholder rows while the first snapshot loads. */
export function SkeletonRows({ count = 6 }: { count?: number }) {
  return (
    <div className="skeleton-list" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div className="skeleton-row" key={i}>
          <span className="sk sk-prio" />
          <span className="sk-lines">
            <span className="sk sk-line sk-short" />
            <span className="sk sk-line" />
            <span className="sk sk-line sk-mid" />
          </span>
        </div>
      ))}
    </div>
  )
}
