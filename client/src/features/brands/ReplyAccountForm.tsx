import { useState } from 'react'
import type { Issue } from '../../../../shared/errors.js'
import type { ReplyNetwork } from '../../../../shared/replies.js'
import {
  PutReplyAccountBody,
  REPLY_CREDENTIALS,
  type ReplyAccountView,
} from '../../../../shared/schemas/replies.js'
import { network as networkOf } from '../../lib/format.js'
import { friendly, type FieldErrors } from '../../lib/issues.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { FormError } from '../../ui/FormError.js'
import { useForm } from '../../ui/useForm.js'
import { repliesApi } from '../replies/repliesApi.js'

/** The credentials each network takes, as labelled fields (the keys of REPLY_CREDENTIALS). */
const SECRET_FIELDS: Record<
  ReplyNetwork,
  Array<{ key: string; label: string; secret: boolean }>
> = {
  bluesky: [
    { key: 'identifier', label: 'Sign-in identifier (handle or DID)', secret: false },
    { key: 'appPassword', label: 'App password', secret: true },
  ],
  mastodon: [{ key: 'accessToken', label: 'Access token', secret: true }],
  x: [{ key: 'accessToken', label: 'Access token (OAuth 2.0, tweet.write)', secret: true }],
  reddit: [{ key: 'accessToken', label: 'Access token', secret: true }],
}

const ADDRESS_HINT: Record<ReplyNetwork, string> = {
  bluesky: 'The account’s PDS. Empty: https://bsky.social.',
  mastodon: 'The instance, e.g. https://mastodon.social. Required.',
  x: 'Empty: https://api.x.com.',
  reddit: 'Empty: https://oauth.reddit.com.',
}

/**
 * Sets a brand's reply account on one network. Credentials are write-only: the form never holds
 * a stored one (the API never sends them), so each save takes them again and replaces them.
 */
export function ReplyAccountForm({
  brandId,
  network,
  account,
  onSaved,
  onClose,
}: {
  brandId: string
  network: ReplyNetwork
  account: ReplyAccountView | undefined
  onSaved: (account: ReplyAccountView) => void
  onClose: () => void
}) {
  const [handle, setHandle] = useState(account?.handle ?? '')
  const [baseUrl, setBaseUrl] = useState(account?.baseUrl ?? '')
  const [maxChars, setMaxChars] = useState(account?.maxChars ? String(account.maxChars) : '')
  const [secrets, setSecrets] = useState<Record<string, string>>({})
  const fields = SECRET_FIELDS[network]
  const label = networkOf(network).label

  // Credentials are checked by the network's own schema (the server does the same).
  const byField = (issues: readonly Issue[]) => {
    const errors: FieldErrors = {}
    for (const issue of issues) {
      const key = issue.path.replace(/^credentials\.?/, '') || ''
      errors[key] ??= friendly(issue.message)
    }
    return errors
  }
  const check = () => {
    const parsed = REPLY_CREDENTIALS[network].safeParse(secrets)
    const errors: FieldErrors = {}
    if (!parsed.success)
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= 'Required'
    return errors
  }

  const form = useForm({
    schema: PutReplyAccountBody,
    value: {
      handle,
      baseUrl: baseUrl.trim() || undefined,
      maxChars: maxChars.trim() ? Number(maxChars) : undefined,
      credentials: secrets,
    },
    fields: byField,
    check,
    send: (body) => repliesApi.putAccount(brandId, network, body),
    onSent: (saved) => {
      setSecrets({})
      onSaved(saved)
    },
  })

  return (
    <form
      className="reply-account-form form"
      onSubmit={form.onSubmit}
      noValidate
      data-testid={`reply-account-form-${network}`}
    >
      <FormError>{form.formError}</FormError>
      <Field label="Handle" error={form.errors.handle} hint="How the account is shown.">
        {(control) => (
          <input
            {...control}
            className="input input-md"
            value={handle}
            onChange={(e) => setHandle(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="reply-account-handle"
          />
        )}
      </Field>
      <Field
        label={`${label} address`}
        optional={network !== 'mastodon'}
        error={form.errors.baseUrl}
        hint={ADDRESS_HINT[network]}
      >
        {(control) => (
          <input
            {...control}
            className="input input-md"
            type="url"
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.target.value)}
            placeholder="https://…"
            autoComplete="off"
            spellCheck={false}
            data-testid="reply-account-base-url"
          />
        )}
      </Field>
      {network === 'mastodon' && (
        <Field
          label="Instance’s character limit"
          optional
          error={form.errors.maxChars}
          hint="Only when the instance allows more than 500."
        >
          {(control) => (
            <input
              {...control}
              className="input reply-account-max"
              type="number"
              min={1}
              value={maxChars}
              onChange={(e) => setMaxChars(e.target.value)}
            />
          )}
        </Field>
      )}
      <p className="field-hint">
        <strong>Credentials.</strong> Stored ones are never shown: saving replaces them, so enter
        them each time.
      </p>
      {fields.map((f) => (
        <Field key={f.key} label={f.label} error={form.errors[f.key]}>
          {(control) => (
            <input
              {...control}
              className="input input-md mono"
              type={f.secret ? 'password' : 'text'}
              value={secrets[f.key] ?? ''}
              onChange={(e) => setSecrets((s) => ({ ...s, [f.key]: e.target.value }))}
              autoComplete={f.secret ? 'new-password' : 'off'}
              spellCheck={false}
              data-testid={`reply-account-${f.key}`}
            />
          )}
        </Field>
      ))}
      <FormActions
        busy={form.busy}
        submit="Save account"
        busyText="Saving…"
        testId="reply-account-save"
        onCancel={onClose}
        size="sm"
      />
    </form>
  )
}
