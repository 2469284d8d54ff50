/**
 * What the API layer needs of the signed-in session: the CSRF token that every state-changing
 * request echoes in `x-csrf-token`, and who to tell when the server says the session is gone.
 * The session itself is an HttpOnly cookie the browser sends; script never sees it.
 */

/** 401 on a request that needed a session, or 403 for a CSRF token that no longer matches. */
export type SessionProblem = 'unauthorized' | 'csrf'

let csrfToken: string | null = null
const listeners = new Set<(problem: SessionProblem) => void>()

export function getCsrfToken(): string | null {
  return csrfToken
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called by the auth store, which re-checks who is signed in. */
export function onSessionProblem(listener: (problem: SessionProblem) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function reportSessionProblem(problem: SessionProblem): void {
  for (const listener of listeners) listener(problem)
}
