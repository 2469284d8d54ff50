import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { REPLY_NETWORKS, type ReplyNetwork } from '../../../../shared/replies.js'
import type { ReplyAccountView } from '../../../../shared/schemas/replies.js'
import { clockTime, displayHandle, integer, network as networkOf } from '../../lib/format.js'
import { toApiError } from '../../lib/http.js'
import { Button } from '../../ui/Button.js'
import { Notice } from '../../ui/Notice.js'
import { useNow } from '../../ui/useNow.js'
import { replyAccountsKey, repliesApi } from '../replies/repliesApi.js'
import { ReplyAccountForm } from './ReplyAccountForm.js'
import '../complaints/network.css'

/**
 * The accounts a brand's replies go out under, one per network: who they are, where, and
 * whether credentials are set (never what they are). Admins set each one here; the composer
 * links here when a network has none.
 */
export function ReplyAccountsCard({ brandId }: { brandId: string }) {
  const client = useQueryClient()
  const accounts = useQuery({
    queryKey: replyAccountsKey(brandId),
    queryFn: ({ signal }) => repliesApi.accounts(brandId, signal),
  })
  const [editing, setEditing] = useState<ReplyNetwork | null>(null)
  const [saved, setSaved] = useState<ReplyNetwork | null>(null)
  const card = useRef<HTMLElement>(null)
  // The composer's "set the reply account" link lands here.
  useEffect(() => {
    if (accounts.isSuccess && window.location.hash === '#reply-accounts')
      card.current?.scrollIntoView({ block: 'start' })
  }, [accounts.isSuccess])

  const onSaved = (account: ReplyAccountView) => {
    client.setQueryData<ReplyAccountView[]>(replyAccountsKey(brandId), (old) => [
      ...(old ?? []).filter((a) => a.network !== account.network),
      account,
    ])
    setEditing(null)
    setSaved(account.network)
  }

  return (
    <section
      className="card settings"
      aria-labelledby="reply-accounts-title"
      id="reply-accounts"
      ref={card}
      data-testid="reply-accounts"
    >
      <h2 className="card-title" id="reply-accounts-title">
        Reply accounts
      </h2>
      <p className="card-text">
        Replies written in Firebreak go out under these accounts, one per network. Credentials are
        sealed when saved and never shown again, here or anywhere.
      </p>
      {accounts.error && (
        <Notice tone="danger">
          Could not load the reply accounts: {toApiError(accounts.error).message}
        </Notice>
      )}
      {saved && !editing && (
        <Notice tone="success">The {networkOf(saved).label} reply account is saved.</Notice>
      )}
      <ul className="reply-accounts">
        {REPLY_NETWORKS.map((network) => {
          const account = accounts.data?.find((a) => a.network === network)
          const label = networkOf(network).label
          return (
            <li key={network} className="reply-account" data-testid={`reply-account-${network}`}>
              <div className="reply-account-row">
                <span className={`net net-${network} reply-account-net`}>
                  <span className="net-dot" aria-hidden="true" />
                  {label}
                </span>
                <AccountSummary account={account} />
                {editing !== network && (
                  <Button
                    size="sm"
                    disabled={!accounts.isSuccess}
                    onClick={() => {
                      setEditing(network)
                      setSaved(null)
                    }}
                  >
                    {account ? 'Change' : 'Set up'}
                    <span className="visually-hidden"> the {label} reply account</span>
                  </Button>
                )}
              </div>
              {editing === network && (
                <ReplyAccountForm
                  brandId={brandId}
                  network={network}
                  account={account}
                  onSaved={onSaved}
                  onClose={() => setEditing(null)}
                />
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function AccountSummary({ account }: { account: ReplyAccountView | undefined }) {
  const now = useNow(30_000)
  if (!account) return <span className="reply-account-info muted">Not set: no replies here</span>
  return (
    <span className="reply-account-info">
      <bdi className="reply-account-handle">{displayHandle(account.handle)}</bdi>
      {account.baseUrl && <span className="muted mono">{account.baseUrl}</span>}
      <span className={account.hasCredentials ? 'cred-set' : 'cred-unset'}>
        Credentials {account.hasCredentials ? 'set' : 'not set'}
      </span>
      <span className="muted">
        {integer(account.limit.max)} {account.limit.unit}
      </span>
      {account.blockedUntil && Date.parse(account.blockedUntil) > now && (
        <span className="cred-unset">
          Rate-limited until {clockTime(account.blockedUntil, { seconds: true })}
        </span>
      )}
    </span>
  )
}
