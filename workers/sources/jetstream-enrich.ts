import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import type { AppContext } from '../../server/context.js'
import { blueskyProfilesFor } from './bluesky-profiles.js'
import { sourceFetch } from './source-io.js'
import type { EnrichPosts } from './stream-flush.js'

/**
 * Gives the firehose's posts their authors' reach before they are stored: Jetstream carries
 * none, so followers and verification come from the public AppView's getProfiles, in batches
 * of 25 and cached for hours (one lookup per new author, not per post). When the AppView is
 * away the posts are stored with reach unknown rather than held back: a backlash does not wait
 * for a profile service, and the reach refresh fills them in later.
 */
export function blueskyStreamEnricher(ctx: AppContext): EnrichPosts {
  const fetchProfiles = sourceFetch(ctx)
  return async (source, posts) => {
    if (source.kind !== 'bluesky-jetstream' || !posts.length) return posts
    const { appViewUrl } = SOURCE_KINDS['bluesky-jetstream'].config.parse(source.config)
    if (!appViewUrl) return posts
    try {
      const reach = await blueskyProfilesFor(appViewUrl).lookup(
        fetchProfiles,
        posts.map((p) => p.author.externalId),
        Date.now(),
      )
      return posts.map((post) => {
        const found = reach.get(post.author.externalId)
        return found ? { ...post, author: { ...post.author, ...found } } : post
      })
    } catch (err) {
      ctx.logger.warn(
        { mod: 'streams', sourceId: source.id, err },
        'profiles not read: reach unknown',
      )
      return posts
    }
  }
}
