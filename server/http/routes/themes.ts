import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import {
  ListThemesQuery,
  MergeThemesBody,
  SplitThemeBody,
  ThemeParams,
  UpdateThemeBody,
} from '../../../shared/schemas/themes.js'
import type { AppContext } from '../../context.js'
import { listThemes } from '../../domain/themes/list-themes.js'
import { mergeThemes, splitTheme, updateTheme } from '../../domain/themes/manage-themes.js'
import { resolveBrandRange } from '../../domain/trends/trend-period.js'
import { clockNow } from '../../lib/clock.js'
import { parse } from '../../lib/parse.js'
import { presentTheme, presentThemeList } from '../../presenters/theme.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** A brand's themes: everyone reads them with their trends; advisers rename, hide, merge, split. */
export function themesRouter(ctx: AppContext): Router {
  const router = Router()
  const LIST = '/api/brands/:brandId/themes'
  const ONE = '/api/brands/:brandId/themes/:themeId'

  route(router, 'get', LIST, { action: 'trend.read' }, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const query = parse(ListThemesQuery, req.query)
    const now = await clockNow(ctx)
    const period = await resolveBrandRange(ctx.db, { brandId, query, now })
    const themes = await listThemes(ctx.db, { brandId, period, withHidden: query.hidden })
    res.json(presentThemeList(themes, period, now))
  })

  /** A changed theme as the editor shows it: with its figures over the last 24 hours. */
  const answer = async (brandId: string, themeId: string) => {
    const now = await clockNow(ctx)
    const period = await resolveBrandRange(ctx.db, {
      brandId,
      query: { range: '24h', compare: false },
      now,
    })
    const themes = await listThemes(ctx.db, { brandId, period, withHidden: true })
    return { data: presentTheme(themes.find((t) => t.theme.id === themeId)!) }
  }

  const MANAGE = {
    action: 'theme.manage',
    denied: 'Only advisers and admins change themes',
  } as const
  route(router, 'patch', ONE, MANAGE, async (req, res) => {
    const { brandId, themeId } = parse(ThemeParams, req.params)
    const body = parse(UpdateThemeBody, req.body)
    await updateTheme(ctx.db, { brandId, themeId, body, ...auditedBy(req) })
    res.json(await answer(brandId, themeId))
  })

  route(router, 'post', `${LIST}/merge`, MANAGE, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(MergeThemesBody, req.body)
    const into = await mergeThemes(ctx.db, { brandId, body, ...auditedBy(req) })
    res.json(await answer(brandId, into.id))
  })

  route(router, 'post', `${ONE}/split`, MANAGE, async (req, res) => {
    const { brandId, themeId } = parse(ThemeParams, req.params)
    const body = parse(SplitThemeBody, req.body)
    const created = await splitTheme(ctx.db, { brandId, themeId, body, ...auditedBy(req) })
    res.status(201).json(await answer(brandId, created.id))
  })

  return router
}
