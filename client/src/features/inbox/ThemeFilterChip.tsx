import { useQuery } from '@tanstack/react-query'
import { ThemeListSchema } from '../../../../shared/schemas/themes.js'
import { brandPath, getJson, queryString } from '../../lib/http.js'
import { CloseIcon } from '../../ui/icons.js'
import { setFilter } from './inboxUrl.js'
import './TimeRangeFilter.css'

/** The brand's themes by id, for naming the one the inbox is filtered by (names change rarely). */
function useThemeNames(brandId: string) {
  return useQuery({
    queryKey: ['themes', brandId, 'names'],
    queryFn: ({ signal }) =>
      getJson(
        `${brandPath(brandId)}/themes${queryString({ range: '30d', hidden: 'true' })}`,
        ThemeListSchema,
        { signal },
      ),
    staleTime: 60_000,
  })
}

/**
 * The theme the inbox is filtered by (`theme=` in the address, as the dashboard links to it),
 * as a removable chip. A merged theme's id still filters (the server follows it to the theme
 * it joined); its old name is not listed, so the chip then says only "Theme".
 */
export function ThemeFilterChip({ brandId, themeId }: { brandId: string; themeId: string }) {
  const themes = useThemeNames(brandId)
  const name = themes.data?.data.find((t) => t.id === themeId)?.name
  return (
    <span className="range-chip" data-testid="theme-chip">
      <span className="range-chip-edit" title={name ? `Theme: ${name}` : 'Theme'}>
        {name ? `Theme: ${name}` : 'Theme'}
      </span>
      <button
        type="button"
        className="range-chip-clear"
        aria-label="Clear the theme filter"
        onClick={() => setFilter('theme', null)}
      >
        <CloseIcon />
      </button>
    </span>
  )
}
