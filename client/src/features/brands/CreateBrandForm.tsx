import { useState } from 'react'
import { CreateBrandBody, type BrandView } from '../../../../shared/schemas/brands.js'
import { api } from '../../lib/api.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { FormError } from '../../ui/FormError.js'
import { useForm } from '../../ui/useForm.js'
import { BrandTermsFields, TERM_FIELDS, type BrandTerms } from './BrandTermsFields.js'
import '../../ui/card.css'

const FIELDS = ['name', ...TERM_FIELDS] as const

/**
 * A new brand: its name (its address, the slug, is derived from it), the terms it listens
 * for and ignores, and its languages. Response targets start at Firebreak's defaults (Brand settings changes them).
 */
export function CreateBrandForm({
  onCreated,
  onClose,
}: {
  onCreated: (brand: BrandView) => void
  onClose: () => void
}) {
  const [name, setName] = useState('')
  const [terms, setTerms] = useState<BrandTerms>({
    trackedTerms: [],
    excludedTerms: [],
    languages: [],
  })
  const form = useForm({
    schema: CreateBrandBody,
    value: { name, ...terms },
    fields: FIELDS,
    check: () => ({
      ...(name.trim() ? {} : { name: 'Name the brand' }),
      ...(terms.trackedTerms.length ? {} : { trackedTerms: 'Add at least one term to listen for' }),
    }),
    send: (body) => api.createBrand(body),
    onSent: onCreated,
  })
  // "A brand named … already exists" belongs to the name field.
  const conflict = form.failure?.code === 'conflict' ? form.failure.message : null

  return (
    <section className="card" aria-labelledby="create-brand-title" data-testid="create-brand">
      <h2 className="card-title" id="create-brand-title">
        Add a brand
      </h2>
      <form className="form" onSubmit={form.onSubmit} noValidate>
        <FormError>{!conflict && form.failure?.message}</FormError>
        <Field label="Name" error={conflict ?? form.errors.name}>
          {(control) => (
            <input
              {...control}
              className="input"
              autoComplete="off"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
              autoFocus
              data-testid="new-brand-name"
            />
          )}
        </Field>
        <BrandTermsFields value={terms} onChange={setTerms} errors={form.errors} />
        <FormActions
          busy={form.busy}
          submit="Add brand"
          busyText="Adding…"
          testId="brand-create-submit"
          onCancel={onClose}
        />
      </form>
    </section>
  )
}
