import { useState } from 'react'
import type { ThemeView } from '../../../../shared/schemas/themes.js'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { useAction } from '../../ui/useAction.js'
import { themesApi } from './themesApi.js'

/**
 * One theme in the editor: select it for a merge, rename it, hide or show it, or split the
 * posts matching some of its phrases into a new theme. Errors are shown in the row.
 */
export function ThemeRow({
  brandId,
  theme,
  selected,
  onSelect,
  onChanged,
}: {
  brandId: string
  theme: ThemeView
  selected: boolean
  onSelect: (selected: boolean) => void
  onChanged: () => Promise<void>
}) {
  const action = useAction()
  const [mode, setMode] = useState<'view' | 'rename' | 'split'>('view')
  const [name, setName] = useState(theme.name)
  const [phrases, setPhrases] = useState<string[]>([])
  const [splitName, setSplitName] = useState('')
  const write = (fn: () => Promise<unknown>) =>
    action.run(async () => {
      await fn()
      setMode('view')
      await onChanged()
    })

  return (
    <li className={theme.hidden ? 'theme-row is-hidden' : 'theme-row'} data-testid="theme-row">
      <label className="theme-select">
        <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} />
        <span className="visually-hidden">Select {theme.name} to merge</span>
      </label>
      <div className="theme-main">
        {mode === 'rename' ? (
          <form
            className="theme-inline"
            onSubmit={(e) => {
              e.preventDefault()
              void write(() => themesApi.update(brandId, theme.id, { name }))
            }}
          >
            <input
              className="input"
              aria-label="Theme name"
              value={name}
              maxLength={80}
              onChange={(e) => setName(e.target.value)}
              autoFocus
            />
            <Button type="submit" size="sm" variant="primary" disabled={action.busy}>
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setMode('view')}>
              Cancel
            </Button>
          </form>
        ) : (
          <h2 className="theme-name">
            {theme.name} {theme.hidden && <span className="theme-hidden">hidden</span>}
          </h2>
        )}
        <p className="theme-meta">
          {theme.volume} complaints in the last 7 days ·{' '}
          {theme.named ? 'named by an adviser' : 'named from its phrases'}
        </p>
        {mode === 'split' ? (
          <form
            className="theme-split"
            onSubmit={(e) => {
              e.preventDefault()
              void write(() =>
                themesApi.split(brandId, theme.id, {
                  phrases,
                  name: splitName.trim() || undefined,
                }),
              )
            }}
          >
            <fieldset>
              <legend>Phrases whose posts form the new theme</legend>
              {theme.phrases.map((p) => (
                <label key={p} className="theme-phrase">
                  <input
                    type="checkbox"
                    checked={phrases.includes(p)}
                    onChange={(e) =>
                      setPhrases((list) =>
                        e.target.checked ? [...list, p] : list.filter((x) => x !== p),
                      )
                    }
                  />
                  {p}
                </label>
              ))}
            </fieldset>
            <label className="theme-split-name">
              <span>New theme's name (optional)</span>
              <input
                className="input"
                value={splitName}
                maxLength={80}
                onChange={(e) => setSplitName(e.target.value)}
              />
            </label>
            <Button
              type="submit"
              size="sm"
              variant="primary"
              disabled={action.busy || phrases.length === 0}
            >
              Split off
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setMode('view')}>
              Cancel
            </Button>
          </form>
        ) : (
          <p className="theme-phrases">{theme.phrases.slice(0, 8).join(' · ')}</p>
        )}
        <FormError>{action.failure?.message}</FormError>
      </div>
      {mode === 'view' && (
        <div className="theme-actions">
          <Button size="sm" onClick={() => setMode('rename')}>
            Rename
          </Button>
          <Button
            size="sm"
            disabled={action.busy}
            onClick={() =>
              void write(() => themesApi.update(brandId, theme.id, { hidden: !theme.hidden }))
            }
          >
            {theme.hidden ? 'Show' : 'Hide'}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setMode('split')}
            disabled={theme.phrases.length < 2}
          >
            Split…
          </Button>
        </div>
      )}
    </li>
  )
}
