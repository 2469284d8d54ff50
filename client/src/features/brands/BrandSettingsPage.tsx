import { useState } from 'react'
import { can } from '../../../../shared/roles.js'
import { UpdateBrandBody, type BrandView } from '../../../../shared/schemas/brands.js'
import { api } from '../../lib/api.js'
import { fieldErrors } from '../../lib/issues.js'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { ApprovalSettings } from '../approvals/ApprovalSettings.js'
import { AutoAssignSettings } from './AutoAssignSettings.js'
import { CannedResponsesCard } from './CannedResponsesCard.js'
import { Notice } from '../../ui/Notice.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { useForm } from '../../ui/useForm.js'
import { BrandTermsFields, TERM_FIELDS, type BrandTerms } from './BrandTermsFields.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { PublishRanking } from './PublishRanking.js'
import { ReplyAccountsCard } from './ReplyAccountsCard.js'
import { RetentionSettings } from './RetentionSettings.js'
import { AlertWebhooksCard } from '../alerts/AlertWebhooksCard.js'
import { SlaTargetsCard } from '../sla/SlaTargetsCard.js'
import '../../ui/card.css'
import './brands.css'

const FIELDS = ['name', ...TERM_FIELDS] as const

interface Values extends BrandTerms {
  name: string
}

const valuesOf = (b: BrandView): Values => ({
  name: b.name,
  trackedTerms: [...b.trackedTerms],
  excludedTerms: [...b.excludedTerms],
  languages: [...b.languages],
})

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

/** A brand's name and the terms that decide which posts are about it. */
export function BrandSettingsPage({
  user,
  brand,
  switcher,
  onSaved,
}: BrandPageProps & { onSaved: (brand: BrandView) => void }) {
  const [base, setBase] = useState(() => valuesOf(brand))
  const [values, setValues] = useState(() => valuesOf(brand))
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null)
  const manage = can(user.role, 'brand.manage')

  const changes: Partial<Values> = {}
  if (values.name.trim() !== base.name) changes.name = values.name
  if (!same(values.trackedTerms, base.trackedTerms)) changes.trackedTerms = values.trackedTerms
  if (!same(values.excludedTerms, base.excludedTerms)) changes.excludedTerms = values.excludedTerms
  if (!same(values.languages, base.languages)) changes.languages = values.languages
  const dirty = Object.keys(changes).length > 0

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }))
    setMessage(null)
  }

  const form = useForm({
    schema: UpdateBrandBody,
    value: changes,
    fields: FIELDS,
    disabled: !dirty,
    send: (body) => api.updateBrand(brand.id, body),
    onSent: (saved) => {
      setBase(valuesOf(saved))
      setValues(valuesOf(saved))
      setMessage({ tone: 'success', text: 'Saved. New posts are matched with these terms.' })
      onSaved(saved)
    },
    onFailed: (error) =>
      setMessage({ tone: 'danger', text: fieldErrors(error.issues, FIELDS)[''] ?? error.message }),
  })

  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader title="Brand settings">
        What Firebreak listens for about <strong>{brand.name}</strong>, and what it leaves out.
        Changes apply to posts analysed from now on.
      </PageHeader>

      <form className="card form settings" onSubmit={form.onSubmit} noValidate>
        {message && <Notice tone={message.tone}>{message.text}</Notice>}
        <fieldset className="settings-fields" disabled={!manage || form.busy}>
          <Field
            label="Name"
            error={form.errors.name}
            hint={`Address: ?brand=${brand.slug} (unchanged by a new name)`}
          >
            {(control) => (
              <input
                {...control}
                className="input input-md"
                value={values.name}
                onChange={(e) => set('name', e.target.value)}
                maxLength={200}
                autoComplete="off"
                data-testid="brand-name"
              />
            )}
          </Field>
          <BrandTermsFields
            value={values}
            onChange={(terms) => {
              setValues((v) => ({ ...v, ...terms }))
              setMessage(null)
            }}
            errors={form.errors}
          />
        </fieldset>
        {manage && (
          <div className="form-actions">
            <Button
              type="submit"
              variant="primary"
              disabled={!dirty || form.busy}
              data-testid="brand-save"
            >
              {form.busy ? 'Saving…' : 'Save changes'}
            </Button>
            <Button
              variant="ghost"
              disabled={!dirty || form.busy}
              onClick={() => {
                setValues(base)
                form.reset()
                setMessage(null)
              }}
            >
              Discard
            </Button>
            {dirty && <span className="muted">Unsaved changes</span>}
          </div>
        )}
      </form>

      <SlaTargetsCard brandId={brand.id} canManage={can(user.role, 'sla.manage')} />
      <AutoAssignSettings brand={brand} canManage={manage} onSaved={onSaved} />
      <ApprovalSettings
        brand={brand}
        canManage={can(user.role, 'reply_approval.manage')}
        onSaved={onSaved}
      />
      <PublishRanking brand={brand} canManage={manage} onSaved={onSaved} />
      {can(user.role, 'reply_account.manage') && <ReplyAccountsCard brandId={brand.id} />}
      {can(user.role, 'canned.manage') && <CannedResponsesCard brandId={brand.id} />}
      <RetentionSettings brand={brand} canManage={manage} onSaved={onSaved} />
      {can(user.role, 'alert_webhook.manage') && <AlertWebhooksCard brandId={brand.id} />}
    </AppShell>
  )
}
