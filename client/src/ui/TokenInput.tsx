import { useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react'
import type { FieldControlProps } from './Field.js'
import { CloseIcon } from './icons.js'
import './TokenInput.css'

/**
 * A list of short terms edited as tokens: type and press Enter (or a comma) to add, paste a
 * comma- or line-separated list to add several, Backspace in the empty box removes the last.
 * Terms are trimmed, lower-cased (as the server stores them) and never duplicated.
 */
export function TokenInput({
  value,
  onChange,
  control,
  placeholder,
  itemLabel,
  maxItems,
  maxLength,
}: {
  value: readonly string[]
  onChange: (next: string[]) => void
  control: FieldControlProps
  placeholder?: string
  /** "tracked term": used in the remove buttons' names. */
  itemLabel: string
  maxItems: number
  maxLength: number
}) {
  const [draft, setDraft] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const full = value.length >= maxItems

  const add = (raw: string[]) => {
    const next = [...value]
    for (const term of raw.map((t) => t.trim().toLowerCase()).filter(Boolean)) {
      if (!next.includes(term) && next.length < maxItems) next.push(term)
    }
    if (next.length !== value.length) onChange(next)
    setDraft('')
  }
  const remove = (index: number) => {
    onChange(value.filter((_, i) => i !== index))
    input.current?.focus()
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === ',') && draft.trim()) {
      e.preventDefault()
      add([draft])
    } else if (e.key === 'Enter') {
      e.preventDefault()
    } else if (e.key === 'Backspace' && draft === '' && value.length > 0) {
      e.preventDefault()
      onChange(value.slice(0, -1))
    }
  }
  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData('text')
    if (!/[,\n]/.test(text)) return
    e.preventDefault()
    add((draft + text).split(/[,\n]/))
  }

  return (
    <div className="tokens" onClick={() => input.current?.focus()}>
      {value.length > 0 && (
        <ul className="token-list" aria-label={`${value.length} ${itemLabel}s`}>
          {value.map((term, i) => (
            <li key={term} className="token">
              <bdi className="token-text">{term}</bdi>
              <button
                type="button"
                className="token-remove"
                aria-label={`Remove ${itemLabel} ${term}`}
                onClick={(e) => {
                  e.stopPropagation()
                  remove(i)
                }}
              >
                <CloseIcon size={11} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        ref={input}
        {...control}
        className="token-input"
        value={draft}
        onChange={(e) => setDraft(e.target.value.replace(/,/g, ''))}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={() => draft.trim() && add([draft])}
        placeholder={full ? `At most ${maxItems}` : placeholder}
        disabled={full}
        maxLength={maxLength}
        spellCheck={false}
        autoComplete="off"
        enterKeyHint="done"
      />
    </div>
  )
}
