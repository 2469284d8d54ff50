import { useState } from 'react'
import { REPLY_VARIABLE_NAMES } from '../../../../shared/reply-variables.js'
import {
  CreateCannedResponseBody,
  type CannedResponseView,
} from '../../../../shared/schemas/canned-responses.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { FormError } from '../../ui/FormError.js'
import { useForm } from '../../ui/useForm.js'
import { cannedApi } from '../replies/cannedApi.js'

const FIELDS = ['title', 'body', 'shortcut'] as const
const VARIABLES = REPLY_VARIABLE_NAMES.map((n) => `{{${n}}}`).join(', ')

/**
 * Adds or changes one canned response. Its body is checked with the shared schema before it is
 * sent (an unknown `{{variable}}` is named), and again by the server.
 */
export function CannedResponseForm({
  brandId,
  canned,
  onSaved,
  onClose,
}: {
  brandId: string
  canned: CannedResponseView | null
  onSaved: (canned: CannedResponseView) => void
  onClose: () => void
}) {
  const [title, setTitle] = useState(canned?.title ?? '')
  const [body, setBody] = useState(canned?.body ?? '')
  const [shortcut, setShortcut] = useState(canned?.shortcut ?? '')

  const form = useForm({
    schema: CreateCannedResponseBody,
    value: { title, body, shortcut },
    fields: FIELDS,
    send: (data) =>
      canned
        ? cannedApi.update(canned.id, { ...data, shortcut: data.shortcut ?? null })
        : cannedApi.create(brandId, data),
    onSent: onSaved,
  })

  return (
    <form
      className="canned-form form"
      onSubmit={form.onSubmit}
      noValidate
      data-testid="canned-form"
    >
      <FormError>{form.formError}</FormError>
      <Field label="Title" error={form.errors.title} hint="What the picker shows and searches.">
        {(control) => (
          <input
            {...control}
            className="input input-md"
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            autoComplete="off"
            data-testid="canned-title"
          />
        )}
      </Field>
      <Field
        label="Text"
        error={form.errors.body}
        hint={`Variables filled before sending: ${VARIABLES}.`}
      >
        {(control) => (
          <textarea
            {...control}
            className="input textarea"
            rows={4}
            value={body}
            maxLength={5000}
            onChange={(e) => setBody(e.target.value)}
            data-testid="canned-body"
          />
        )}
      </Field>
      <Field
        label="Shortcut"
        optional
        error={form.errors.shortcut}
        hint="Lower-case letters, digits, - or _: type /shortcut in the picker."
      >
        {(control) => (
          <input
            {...control}
            className="input input-md"
            value={shortcut}
            maxLength={32}
            onChange={(e) => setShortcut(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="canned-shortcut"
          />
        )}
      </Field>
      <FormActions
        busy={form.busy}
        submit={canned ? 'Save changes' : 'Add canned response'}
        busyText="Saving…"
        onCancel={onClose}
        testId="canned-save"
      />
    </form>
  )
}
