import { useState } from 'react'
import { CreateBrandBody, type BrandView } from '../../../../shared/schemas/brands.js'
import { api } from '../../lib/api.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { FormError } from '../../ui/FormError.js'
import { TokenInput } from '../../ui/TokenInput.js'
import { useForm } from '../../ui/useForm.js'
import '../../ui/card.css'

const FIELDS = ['name', 'trackedTerms', 'excludedTerms'] as const
const MAX_TERMS = 50
const MAX_TERM_LENGTH = 100

/**
 * A new brand: its name (its address, the slug, is derived from it) and the terms it listens
 * for and ignores. Response targets start at Firebreak's defaults (Brand settings changes them).
 */
export function CreateBrandForm({
  onCreated,
  onClose,
}: {
  onCreated: (brand: BrandView) => void
  onClose: () => void
}) {
  const [name, setName] = useState('')
  const [trackedTerms, setTrackedTerms] = useState<string[]>([])
  const [excludedTerms, setExcludedTerms] = useState<string[]>([])
  const form = useForm({
    schema: CreateBrandBody,
    value: { name, trackedTerms, excludedTerms },
    fields: FIELDS,
    check: () => ({
      ...(name.trim() ? {} : { name: 'Name the brand' }),
      ...(trackedTerms.length ? {} : { trackedTerms: 'Add at least one term to listen for' }),
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
        <Field
          label="Tracked terms"
          error={form.errors.trackedTerms}
          hint="Names, products and hashtags a post about this brand mentions. Press Enter or comma to add."
        >
          {(control) => (
            <TokenInput
              control={control}
              value={trackedTerms}
              onChange={setTrackedTerms}
              itemLabel="tracked term"
              placeholder="Add a term…"
              maxItems={MAX_TERMS}
              maxLength={MAX_TERM_LENGTH}
            />
          )}
        </Field>
        <Field
          label="Excluded terms"
          error={form.errors.excludedTerms}
          hint="A post that mentions one of these is about something else (a namesake)."
        >
          {(control) => (
            <TokenInput
              control={control}
              value={excludedTerms}
              onChange={setExcludedTerms}
              itemLabel="excluded term"
              placeholder="Add a term…"
              maxItems={MAX_TERMS}
              maxLength={MAX_TERM_LENGTH}
            />
          )}
        </Field>
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
