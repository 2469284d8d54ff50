import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { toApiError } from '../../lib/http.js'
import { Button } from '../../ui/Button.js'
import { ConfirmDialog } from '../../ui/ConfirmDialog.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { ThemeRow } from './ThemeRow.js'
import { themesApi, themesKey } from './themesApi.js'
import './themes.css'

/**
 * Advisers tidy what Firebreak found complaints to be about: rename, hide, merge several into
 * one (confirmed: a merge is kept in history, not undone here), split phrases off. Audited.
 */
export function ThemeEditorPage({ user, brand, switcher }: BrandPageProps) {
  const client = useQueryClient()
  const list = useQuery({
    queryKey: themesKey(brand.id),
    queryFn: ({ signal }) => themesApi.list(brand.id, signal),
  })
  const [selected, setSelected] = useState<string[]>([])
  const [into, setInto] = useState<string | null>(null)
  const themes = list.data?.data ?? []
  const changed = async () => {
    await client.invalidateQueries({ queryKey: themesKey(brand.id) })
    await client.invalidateQueries({ queryKey: ['dashboard', brand.id] })
  }
  const intoTheme = themes.find((t) => t.id === into)

  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader
        title="Themes"
        actions={
          <Button
            variant="primary"
            size="sm"
            disabled={selected.length < 2}
            onClick={() => setInto(selected[0] ?? null)}
            data-testid="themes-merge"
          >
            Merge selected ({selected.length})
          </Button>
        }
      >
        What complaints are about, found from their phrases. Rename a theme so leadership reads it
        at a glance, hide one that is noise, merge duplicates, split one that mixes two grievances.
        Every change is in the audit log.
      </PageHeader>
      {list.isPending && <SkeletonRows />}
      {list.error && (
        <ErrorPanel
          title="Could not load the themes"
          error={toApiError(list.error)}
          onRetry={() => void list.refetch()}
        />
      )}
      {list.data && themes.length === 0 && <p className="muted">No themes found yet.</p>}
      <ul className="theme-list">
        {themes.map((t) => (
          <ThemeRow
            key={t.id}
            brandId={brand.id}
            theme={t}
            selected={selected.includes(t.id)}
            onSelect={(on) =>
              setSelected((s) => (on ? [...s, t.id] : s.filter((id) => id !== t.id)))
            }
            onChanged={changed}
          />
        ))}
      </ul>
      {into && intoTheme && (
        <ConfirmDialog
          title="Merge themes"
          confirmLabel={`Merge into “${intoTheme.name}”`}
          onClose={() => setInto(null)}
          onConfirm={async () => {
            await themesApi.merge(brand.id, {
              into,
              themeIds: selected.filter((id) => id !== into),
            })
            setSelected([])
            setInto(null)
            await changed()
          }}
        >
          <label className="theme-merge-into">
            <span>Keep this theme; the others' complaints join it:</span>
            <select className="input select" value={into} onChange={(e) => setInto(e.target.value)}>
              {selected.map((id) => (
                <option key={id} value={id}>
                  {themes.find((t) => t.id === id)?.name ?? id}
                </option>
              ))}
            </select>
          </label>
          <p>
            {selected.length - 1} other theme{selected.length > 2 ? 's' : ''} will stop being shown
            and stay in history.
          </p>
        </ConfirmDialog>
      )}
    </AppShell>
  )
}
