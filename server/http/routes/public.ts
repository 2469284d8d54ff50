import { Router } from 'express'
import { PublicBrandParams } from '../../../shared/schemas/brands.js'
import type { AppContext } from '../../context.js'
import { loadPublicRanking } from '../../domain/scoring/public-ranking.js'
import {
  PUBLIC_CSS,
  PUBLIC_CSS_PATH,
  describePublicRanking,
  renderHowWeRankPage,
  renderNotPublishedPage,
} from '../../presenters/how-we-rank-html.js'
import { route } from '../access.js'

/**
 * Pages anyone may read without a session: a brand's "How we rank", when it publishes it.
 * Server-rendered HTML: it works without JavaScript, needs none of the console's code or
 * session machinery, and escapes in one place (`html`).
 */
export function publicRouter(ctx: AppContext): Router {
  const router = Router()

  route(
    router,
    'get',
    '/public/brands/:slug/how-we-rank',
    { public: "a brand's ranking explained, when the brand publishes it; nothing else" },
    async (req, res) => {
      const params = PublicBrandParams.safeParse(req.params)
      const source = params.success ? await loadPublicRanking(ctx.db, params.data.slug) : null
      const page = source && describePublicRanking(source)
      // Revalidated every time: unpublishing, or a new scoring version, shows at once.
      res.set('cache-control', 'no-cache').type('html')
      if (!page) res.status(404).send(renderNotPublishedPage())
      else res.send(renderHowWeRankPage(page))
    },
  )

  route(
    router,
    'get',
    PUBLIC_CSS_PATH,
    { public: "the public ranking page's stylesheet" },
    (_req, res) => {
      res.set('cache-control', 'public, max-age=3600').type('css').send(PUBLIC_CSS)
    },
  )

  return router
}
