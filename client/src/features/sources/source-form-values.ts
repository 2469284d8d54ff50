import type { Issue } from '../../../../shared/errors.js'
import type { SourceField } from '../../../../shared/schemas/source-kinds.js'
import { friendly, type FieldErrors } from '../../lib/issues.js'

/** What a network source's form holds: each field's text as typed, by field name. */
export type SourceFormValues = Record<string, string>

/**
 * The form's starting text: a source's settings when editing (a list joined with commas), empty
 * otherwise. Credentials always start empty: they are write-only and never come back.
 */
export function initialSourceValues(
  fields: readonly SourceField[],
  config: Record<string, unknown> = {},
): SourceFormValues {
  const values: SourceFormValues = {}
  for (const field of fields) {
    const value = field.type === 'secret' ? undefined : config[field.name]
    values[field.name] = Array.isArray(value)
      ? value.join(', ')
      : value === undefined || value === null
        ? ''
        : String(value)
  }
  return values
}

/**
 * The request's `config` and `secrets` from the typed text: a list split on commas, a number
 * read as one (text that is not a number is sent as typed, for the schema to refuse), and an
 * empty field left out (the kind's default applies; an empty credential is kept as it is).
 */
export function sourceBodyParts(fields: readonly SourceField[], values: SourceFormValues) {
  const config: Record<string, unknown> = {}
  const secrets: Record<string, string> = {}
  for (const field of fields) {
    const text = (values[field.name] ?? '').trim()
    if (!text) continue
    if (field.type === 'secret') secrets[field.name] = text
    else if (field.type === 'list')
      config[field.name] = text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    else if (field.type === 'number')
      config[field.name] = Number.isNaN(Number(text)) ? text : Number(text)
    else config[field.name] = text
  }
  return { config, secrets }
}

/**
 * Issues by field: `config.url` and `secrets.token` go to the field they name (settings and
 * credentials never share a name), `name` to the name, anything else to the form.
 */
export function sourceFieldErrors(issues: readonly Issue[], fields: readonly SourceField[]) {
  const names = new Set(fields.map((f) => f.name))
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const [head, second, third] = issue.path.split('.')
    let key = ''
    if (head === 'name') key = 'name'
    else if ((head === 'config' || head === 'secrets') && second && names.has(second)) key = second
    const item = third !== undefined && /^\d+$/.test(third) ? `Item ${Number(third) + 1}: ` : ''
    errors[key] ??= `${item}${friendly(issue.message)}`
  }
  return errors
}
