import type { Role } from '../../../../shared/roles.js'

/** Roles in words, for badges and the invite form (what each may do is in shared/roles.ts). */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  adviser: 'Adviser',
  agent: 'Agent',
  viewer: 'Viewer',
}

export const ROLE_SUMMARIES: Record<Role, string> = {
  admin: 'Everything, plus users, sources, brand settings and the audit log',
  adviser: 'Triage, escalate and assign threads, approve replies, publish scoring',
  agent: 'Triage complaints, draft and send replies, keep private notes',
  viewer: 'Read-only: ranked complaints, trends and reports',
}

/** "Ada Admin" → "AA"; falls back to the email's first letter. */
export function initials(name: string, email: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length
    ? words
        .slice(0, 2)
        .map((w) => [...w][0] ?? '')
        .join('')
    : ([...email][0] ?? '?')
  return letters.toUpperCase()
}
