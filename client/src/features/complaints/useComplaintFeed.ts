import { useEffect, useState, useSyncExternalStore } from 'react'
import { ComplaintFeedStore, type FeedState } from './feedStore.js'

/**
 * The live feed of one brand. Mount it under a `key` of the brand id: a new brand is a new
 * store (socket, snapshot, watermark), never a mix of two brands' events.
 */
export function useComplaintFeed(brandId: string): { feed: FeedState; store: ComplaintFeedStore } {
  const [store] = useState(() => new ComplaintFeedStore(brandId))
  useEffect(() => {
    store.start()
    return () => store.stop()
  }, [store])
  const feed = useSyncExternalStore(store.subscribe, store.getSnapshot)
  return { feed, store }
}
