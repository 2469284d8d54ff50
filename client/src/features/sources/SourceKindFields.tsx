import type { SourceField } from '../../../../shared/schemas/source-kinds.js'
import type { FieldErrors } from '../../lib/issues.js'
import { Field } from '../../ui/Field.js'
import { LockIcon } from '../../ui/icons.js'
import type { SourceFormValues } from './source-form-values.js'

/**
 * A network's fields, generated from its kind (`SOURCE_KINDS[kind].fields`): settings first,
 * then credentials as password inputs that start empty. When editing, `secretNames` says which
 * credentials are set (never their values): an empty one keeps what is stored.
 */
export function SourceKindFields({
  fields,
  values,
  errors,
  onChange,
  secretNames,
  removed,
  onRemove,
}: {
  fields: readonly SourceField[]
  values: SourceFormValues
  errors: FieldErrors
  onChange: (name: string, value: string) => void
  /** Editing: the credentials the source holds now. */
  secretNames?: readonly string[]
  /** Editing: optional credentials the admin asked to remove, and how to ask. */
  removed?: ReadonlySet<string>
  onRemove?: (name: string, remove: boolean) => void
}) {
  const settings = fields.filter((f) => f.type !== 'secret')
  const secrets = fields.filter((f) => f.type === 'secret')
  const editing = secretNames !== undefined
  const input = (field: SourceField) => (
    <Field
      key={field.name}
      label={field.label}
      optional={!field.required && !(editing && field.type === 'secret')}
      error={errors[field.name]}
      hint={removed?.has(field.name) ? 'Removed when you save.' : hintOf(field, secretNames)}
    >
      {(control) => (
        <>
          <input
            {...control}
            className="input input-md"
            type={field.type === 'secret' ? 'password' : 'text'}
            inputMode={
              field.type === 'number' ? 'numeric' : field.type === 'url' ? 'url' : undefined
            }
            value={values[field.name] ?? ''}
            onChange={(e) => onChange(field.name, e.target.value)}
            placeholder={
              removed?.has(field.name)
                ? undefined
                : field.type === 'secret' && secretNames?.includes(field.name)
                  ? 'Leave empty to keep the stored one'
                  : field.placeholder
            }
            autoComplete={field.type === 'secret' ? 'new-password' : 'off'}
            spellCheck={false}
            data-testid={`source-field-${field.name}`}
            disabled={removed?.has(field.name)}
          />
          {/* A credential the network does not need can be taken away (a token that expired). */}
          {field.type === 'secret' &&
            !field.required &&
            secretNames?.includes(field.name) &&
            onRemove && (
              <label className="source-remove-secret">
                <input
                  type="checkbox"
                  checked={removed?.has(field.name) ?? false}
                  onChange={(e) => onRemove(field.name, e.target.checked)}
                  data-testid={`source-remove-${field.name}`}
                />
                Remove the stored {field.label.toLowerCase()}
              </label>
            )}
        </>
      )}
    </Field>
  )
  return (
    <>
      {settings.map(input)}
      {secrets.length > 0 && (
        <fieldset className="source-credentials">
          <legend className="source-credentials-title">
            <LockIcon /> Credentials
          </legend>
          <p className="field-hint">
            Stored sealed and never shown back: they can be replaced, not read.
          </p>
          {secrets.map(input)}
        </fieldset>
      )}
    </>
  )
}

function hintOf(field: SourceField, secretNames: readonly string[] | undefined) {
  const list = field.type === 'list' ? 'Separate with commas.' : null
  const stored =
    field.type === 'secret' && secretNames
      ? secretNames.includes(field.name)
        ? 'Set · type a new one to replace it.'
        : 'Not set.'
      : null
  const parts = [stored, field.help, list].filter(Boolean)
  return parts.length ? parts.join(' ') : undefined
}
