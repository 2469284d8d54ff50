import { useState } from 'react'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import {
  isSourceKind,
  SOURCE_KIND_NAMES,
  SOURCE_KINDS,
} from '../../../../shared/schemas/source-kinds.js'
import type { SourceView } from '../../../../shared/schemas/sources.js'
import { Field } from '../../ui/Field.js'
import { CreateSourceForm } from './CreateSourceForm.js'
import { NetworkSourceForm } from './NetworkSourceForm.js'

/** "New source": the admin picks where posts come from, and the form for it follows. */
export function NewSource({
  brand,
  onCreated,
  onClose,
}: {
  brand: BrandView
  onCreated: (source: SourceView) => void
  onClose: () => void
}) {
  const [kind, setKind] = useState<string>('webhook')
  const picker = (
    <Field label="Where posts come from" className="source-kind-picker">
      {(control) => (
        <select
          {...control}
          className="input input-md"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          data-testid="source-kind"
        >
          <option value="webhook">Webhook (a tool pushes signed posts)</option>
          {SOURCE_KIND_NAMES.map((k) => (
            <option key={k} value={k}>
              {SOURCE_KINDS[k].label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
  if (!isSourceKind(kind))
    return (
      <CreateSourceForm brand={brand} picker={picker} onCreated={onCreated} onClose={onClose} />
    )
  // Keyed by kind: another network starts its own fields afresh.
  return (
    <NetworkSourceForm
      key={kind}
      kind={kind}
      brand={brand}
      picker={picker}
      onSaved={onCreated}
      onClose={onClose}
    />
  )
}
