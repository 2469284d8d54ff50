import { useState, type ReactNode } from 'react'
import { z } from 'zod'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import {
  SOURCE_KINDS,
  type SourceField,
  type SourceKind,
} from '../../../../shared/schemas/source-kinds.js'
import { CreateSourceBody, type SourceView } from '../../../../shared/schemas/sources.js'
import { api } from '../../lib/api.js'
import type { FieldErrors } from '../../lib/issues.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { FormError } from '../../ui/FormError.js'
import { useForm } from '../../ui/useForm.js'
import { SourceKindFields } from './SourceKindFields.js'
import {
  initialSourceValues,
  sourceBodyParts,
  sourceFieldErrors,
  type SourceFormValues,
} from './source-form-values.js'
import '../../ui/card.css'
import './sources.css'

const SourceName = CreateSourceBody.shape.name

/**
 * Adds a source on a network (`brand`), or changes one (`source`): its name, its settings, and
 * any credential typed anew (those left empty are kept). The fields come from the kind; the
 * kind's own schema checks them here and again on the server, whose issues land on the field
 * they name (`config.url`, `secrets.token`).
 */
export function NetworkSourceForm({
  kind,
  brand,
  source,
  picker,
  onSaved,
  onClose,
}: {
  kind: SourceKind
  onSaved: (source: SourceView) => void
  onClose: () => void
} & (
  | { brand: BrandView; source?: undefined; picker: ReactNode }
  | { source: SourceView; brand?: undefined; picker?: undefined }
)) {
  const spec = SOURCE_KINDS[kind]
  const fields: readonly SourceField[] = spec.fields
  const [name, setName] = useState(source?.name ?? '')
  const [values, setValues] = useState<SourceFormValues>(() =>
    initialSourceValues(fields, source?.config),
  )
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set())
  const parts = sourceBodyParts(fields, values)
  // Settings the form does not show (set through the API: `includeRetweets`, `compress`…)
  // stay as stored; the form's own fields say what they now are, cleared ones included.
  const config = { ...settingsBeyond(fields, source?.config), ...parts.config }
  // An empty string removes a stored credential (UpdateSourceBody).
  const secrets = { ...parts.secrets, ...Object.fromEntries([...removed].map((n) => [n, ''])) }
  const schema = z.object({
    name: SourceName,
    config: spec.config,
    // Editing: a credential left empty keeps the stored one (the server checks the result).
    secrets: source ? z.record(z.string(), z.string()) : spec.secrets,
  })

  const required = (): FieldErrors => {
    const errors: FieldErrors = {}
    for (const field of fields) {
      const empty = !(values[field.name] ?? '').trim()
      const stored = field.type === 'secret' && source?.secretNames.includes(field.name)
      if (field.required && empty && !stored) errors[field.name] = 'Required'
    }
    return errors
  }

  const form = useForm({
    schema,
    value: { name, config, secrets },
    fields: (issues) => sourceFieldErrors(issues, fields),
    check: required,
    send: (body) =>
      source ? api.updateSource(source.id, body) : api.createSource(brand.id, { kind, ...body }),
    onSent: (saved) => {
      onSaved(saved)
      onClose()
    },
  })

  const body = (
    <form className="form" onSubmit={form.onSubmit} noValidate>
      <FormError>{form.formError}</FormError>
      <Field label="Name" error={form.errors.name} hint={source ? undefined : nameHint(kind)}>
        {(control) => (
          <input
            {...control}
            className="input input-md"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            autoComplete="off"
            autoFocus={!source}
            data-testid="source-name"
          />
        )}
      </Field>
      <SourceKindFields
        fields={fields}
        values={values}
        errors={form.errors}
        onChange={(field, value) => setValues((v) => ({ ...v, [field]: value }))}
        secretNames={source?.secretNames}
        removed={removed}
        onRemove={(field, remove) =>
          setRemoved((r) => {
            const next = new Set(r)
            if (remove) next.add(field)
            else next.delete(field)
            return next
          })
        }
      />
      <FormActions
        busy={form.busy}
        submit={source ? 'Save changes' : 'Create source'}
        busyText={source ? 'Saving…' : 'Creating…'}
        testId={source ? 'source-edit-submit' : 'source-submit'}
        onCancel={onClose}
        size={source ? 'sm' : undefined}
      />
    </form>
  )

  if (source) {
    return (
      <div className="rotate source-edit" data-testid="source-edit">
        <p className="rotate-title">Change {spec.label} source</p>
        {body}
      </div>
    )
  }
  return (
    <section className="card" aria-labelledby="source-new">
      <h2 className="card-title" id="source-new">
        New source for {brand.name}
      </h2>
      {picker}
      {body}
    </section>
  )
}

function nameHint(kind: SourceKind): string {
  return `How it is listed here: “${SOURCE_KINDS[kind].label}”, “Product feed”…`
}

/** A stored config without the settings the form has fields for. */
function settingsBeyond(fields: readonly SourceField[], config: unknown): Record<string, unknown> {
  if (!config || typeof config !== 'object') return {}
  const shown = new Set(fields.map((f) => f.name))
  return Object.fromEntries(Object.entries(config).filter(([name]) => !shown.has(name)))
}
