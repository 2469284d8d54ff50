import type { JobData } from '../../shared/schemas/jobs.js'
import type { SourceTestResult } from '../../shared/schemas/sources.js'
import type { AppContext } from '../../server/context.js'
import { getBrand } from '../../server/db/repositories/brands.js'
import { getSource } from '../../server/db/repositories/sources.js'
import { SourceError } from '../sources/connector.js'
import { CONNECTORS, STREAM_CONNECTORS } from '../sources/index.js'
import { sourceIo } from '../sources/source-io.js'

/**
 * An admin's Test connection: one real poll of the network at the source's cursor (for a
 * stream, of the REST reader it catches up with), nothing
 * stored (the cursor does not move, nothing is counted). The answer says in words what the
 * network said, with a few of the posts it would bring.
 */
export async function testSource(
  ctx: AppContext,
  { sourceId }: JobData<'source.test'>,
): Promise<SourceTestResult> {
  const source = await getSource(ctx.db, sourceId)
  // A stream that catches up over REST is tested through that reader.
  const connector = CONNECTORS[source.kind] ?? STREAM_CONNECTORS[source.kind]?.catchUp
  const none = { posts: 0, setAside: 0, sample: [] }
  if (!connector)
    return { ok: false, message: `A ${source.kind} source has nothing to poll`, ...none }
  const brand = await getBrand(ctx.db, source.brandId)
  try {
    const result = await connector.poll(source, Date.now(), sourceIo(ctx, source, brand))
    const posts = result.records.flatMap((r) => (r.ok ? [r.post] : []))
    const setAside = result.records.length - posts.length
    const about = posts.length === 1 ? '1 post' : `${posts.length} posts`
    return {
      ok: true,
      message:
        `Connected: ${about} about the brand since the source's cursor` +
        (setAside ? `, ${setAside} set aside as malformed` : '') +
        (posts.length ? '' : ' (the network answered; nothing new matches the brand yet)'),
      posts: posts.length,
      setAside,
      sample: posts.slice(0, 3).map((p) => ({
        author: p.author.handle,
        text: p.text.slice(0, 280),
        postedAt: p.postedAt.toISOString(),
      })),
    }
  } catch (err) {
    const message = err instanceof SourceError ? err.message : `connector failed: ${String(err)}`
    return { ok: false, message, ...none }
  }
}
