import { useState } from 'react'
import type { SourceTestResult, SourceView } from '../../../../shared/schemas/sources.js'
import { api } from '../../lib/api.js'
import { clip, displayText } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { AlertIcon, CheckIcon, CloseIcon } from '../../ui/icons.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { useAction } from '../../ui/useAction.js'

const SAMPLES = 3

/**
 * Test connection: the worker makes one real request to the network and says how it went, in
 * words, with a few of the posts it found (hostile text: rendered as text).
 */
export function TestConnection({ source }: { source: SourceView }) {
  const action = useAction()
  const [result, setResult] = useState<SourceTestResult | null>(null)
  const test = () => {
    setResult(null)
    void action.run(async () => setResult(await api.testSource(source.id)))
  }
  return (
    <>
      <Button size="sm" onClick={test} disabled={action.busy} data-testid="source-test">
        {action.busy ? 'Testing… (up to 25 s)' : 'Test connection'}
      </Button>
      {(result || action.failure) && (
        // Under the row of buttons it sits in, on a line of its own.
        <div className="test-result-row">
          <TestOutcome
            result={result}
            failure={action.failure?.message ?? null}
            onClose={() => {
              setResult(null)
              action.clear()
            }}
          />
        </div>
      )}
    </>
  )
}

function TestOutcome({
  result,
  failure,
  onClose,
}: {
  result: SourceTestResult | null
  failure: string | null
  onClose: () => void
}) {
  const ok = result?.ok === true
  return (
    <div
      className={ok ? 'test-result test-ok' : 'test-result test-failed'}
      role="status"
      data-testid="source-test-result"
      data-ok={ok}
    >
      <div className="test-result-head">
        {ok ? <CheckIcon /> : <AlertIcon />}
        <p className="test-result-message">
          {result ? result.message : `The test could not run: ${failure}`}
        </p>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Dismiss">
          <CloseIcon />
        </Button>
      </div>
      {result && (result.posts > 0 || result.setAside > 0) && (
        <p className="test-result-counts">
          {result.posts} {result.posts === 1 ? 'post' : 'posts'} found
          {result.setAside > 0 && `, ${result.setAside} set aside (see Rejections)`}.
        </p>
      )}
      {result && result.sample.length > 0 && (
        <ul className="test-samples">
          {result.sample.slice(0, SAMPLES).map((post, i) => (
            <li key={i}>
              <span className="test-sample-author">
                <bdi>{post.author}</bdi> · <RelativeTime iso={post.postedAt} />
              </span>
              <bdi className="test-sample-text">
                {clip(displayText(post.text, post.text.length).text, 280)}
              </bdi>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
