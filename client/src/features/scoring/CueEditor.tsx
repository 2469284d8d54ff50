import { useRef, useState } from 'react'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { PlusIcon } from '../../ui/icons.js'
import { cueRowProblems, emptyCueRow, MAX_CUES, type CueField, type CueRow } from './cue-rows.js'
import { CueTester } from './CueTester.js'

const LABELS: Record<CueField, string> = {
  key: 'Key',
  label: 'Label',
  pattern: 'Pattern',
  severity: 'Severity (0 to 1)',
}

/**
 * The escalation cues of a draft, one row each, checked as they are typed with the schema the
 * server checks them with; and a box to try them on a sample post. An empty field's message
 * waits for a save, so that a new row is not red before anything is typed in it.
 */
export function CueEditor({
  rows,
  onChange,
  disabled,
  submitted,
}: {
  rows: readonly CueRow[]
  onChange: (rows: CueRow[]) => void
  disabled: boolean
  /** A save was tried: every problem shows, empty fields too. */
  submitted: boolean
}) {
  const [added, setAdded] = useState<number | null>(null)
  const box = useRef<HTMLFieldSetElement>(null)
  const set = (id: number, field: CueField, value: string) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, [field]: value } : r)))
  const add = () => {
    const row = emptyCueRow()
    setAdded(row.id)
    onChange([...rows, row])
  }
  const remove = (id: number) => {
    onChange(rows.filter((r) => r.id !== id))
    // The row and its button are gone: focus stays in the list's controls, not on <body>.
    box.current?.querySelector<HTMLElement>('.cue-add')?.focus()
  }

  return (
    <fieldset className="cue-editor" disabled={disabled} ref={box} data-testid="cue-editor">
      <legend>Escalation cues</legend>
      <p className="muted cue-intro">
        A cue escalates a post whose text its pattern matches: a regular expression, matched
        regardless of case. The strongest matching cue sets the escalation factor. Patterns run on
        RE2, in time linear in the text, so lookarounds and backreferences are not available.
      </p>
      {rows.length === 0 && <p className="muted">No cues: nothing escalates a post.</p>}
      <ol className="cue-rows">
        {rows.map((row, i) => {
          const problems = cueRowProblems(row, rows)
          const error = (field: CueField) =>
            submitted || row[field].trim() !== '' ? problems[field] : undefined
          const name = row.label.trim() || row.key.trim() || `cue ${i + 1}`
          return (
            <li key={row.id} className="cue-row" data-testid="cue-row">
              <div role="group" aria-label={`Cue ${i + 1}: ${name}`} className="cue-fields">
                {(['key', 'label', 'pattern', 'severity'] as const).map((field) => (
                  <Field
                    key={field}
                    label={LABELS[field]}
                    error={error(field)}
                    className={`cue-${field}`}
                  >
                    {(control) => (
                      <input
                        {...control}
                        className="input"
                        value={row[field]}
                        onChange={(e) => set(row.id, field, e.target.value)}
                        autoFocus={field === 'key' && row.id === added}
                        spellCheck={false}
                        autoComplete="off"
                        {...(field === 'severity'
                          ? { type: 'number', min: 0, max: 1, step: 0.1, inputMode: 'decimal' }
                          : {})}
                        data-testid={`cue-${field}`}
                      />
                    )}
                  </Field>
                ))}
                <Button
                  size="sm"
                  variant="ghost"
                  className="btn-danger-text cue-remove"
                  aria-label={`Remove ${name}`}
                  onClick={() => remove(row.id)}
                  data-testid="cue-remove"
                >
                  Remove
                </Button>
              </div>
            </li>
          )
        })}
      </ol>
      <Button
        size="sm"
        className="cue-add"
        onClick={add}
        disabled={rows.length >= MAX_CUES}
        data-testid="cue-add"
      >
        <PlusIcon />
        Add cue
      </Button>
      {rows.length >= MAX_CUES && <span className="muted"> At most {MAX_CUES} cues.</span>}
      <CueTester rows={rows} />
    </fieldset>
  )
}
