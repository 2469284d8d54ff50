import type { InboxFilters } from '../../../shared/schemas/inbox.js'
import type { Queryable } from '../../db/client.js'
import { resolveThemeId } from '../../db/repositories/themes.js'
import { AppError } from '../../lib/app-error.js'

/**
 * The inbox's filters with `theme` resolved: a merged theme's id leads to the theme it was
 * merged into (links to it keep working); an id that is no theme of the brand is a 400 naming
 * the parameter, not an empty inbox.
 */
export async function resolveThemeFilter<F extends InboxFilters>(
  q: Queryable,
  brandId: string,
  filters: F,
): Promise<F> {
  if (!filters.theme) return filters
  const theme = await resolveThemeId(q, brandId, filters.theme)
  if (!theme) {
    const message = 'is no theme of this brand'
    throw new AppError('invalid_request', `theme ${message}`, [{ path: 'theme', message }])
  }
  return { ...filters, theme }
}
