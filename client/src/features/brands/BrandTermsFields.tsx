import { Field } from '../../ui/Field.js'
import { TokenInput } from '../../ui/TokenInput.js'

const MAX_TERMS = 50
const MAX_TERM_LENGTH = 100

export interface BrandTerms {
  trackedTerms: string[]
  excludedTerms: string[]
  languages: string[]
}

export const TERM_FIELDS = ['trackedTerms', 'excludedTerms', 'languages'] as const

/**
 * What decides which posts are about a brand: the terms it listens for, the namesakes it
 * ignores, and the languages it listens in. Shared by the new-brand form and its settings.
 */
export function BrandTermsFields({
  value,
  onChange,
  errors,
}: {
  value: BrandTerms
  onChange: (next: BrandTerms) => void
  errors: Partial<Record<(typeof TERM_FIELDS)[number], string>>
}) {
  const set = (key: keyof BrandTerms) => (next: string[]) => onChange({ ...value, [key]: next })
  return (
    <>
      <Field
        label="Tracked terms"
        error={errors.trackedTerms}
        hint="Names, products, #hashtags and @handles a post about this brand mentions. Whole words, any case or accents. Press Enter or comma to add."
      >
        {(control) => (
          <TokenInput
            control={control}
            value={value.trackedTerms}
            onChange={set('trackedTerms')}
            itemLabel="tracked term"
            placeholder="Add a term…"
            maxItems={MAX_TERMS}
            maxLength={MAX_TERM_LENGTH}
          />
        )}
      </Field>
      <Field
        label="Excluded terms"
        error={errors.excludedTerms}
        hint="A post that mentions one of these is about something else (a namesake) and is never ranked."
      >
        {(control) => (
          <TokenInput
            control={control}
            value={value.excludedTerms}
            onChange={set('excludedTerms')}
            itemLabel="excluded term"
            placeholder="Add a term…"
            maxItems={MAX_TERMS}
            maxLength={MAX_TERM_LENGTH}
          />
        )}
      </Field>
      <Field
        label="Languages"
        error={errors.languages}
        hint="Language codes such as en, es, pt. Empty listens in every language; a post whose language is unknown is always heard."
      >
        {(control) => (
          <TokenInput
            control={control}
            value={value.languages}
            onChange={set('languages')}
            itemLabel="language"
            placeholder="Every language"
            maxItems={30}
            maxLength={3}
          />
        )}
      </Field>
    </>
  )
}
