/**
 * The variables a canned response may hold, and the one function that fills them: the composer
 * fills them before the agent sees the text, and the server refuses a canned response naming
 * any other and a reply still holding one (nothing is sent with `{{...}}` in it).
 */

/** Every variable Firebreak fills, with what it becomes. */
export const REPLY_VARIABLES = {
  'author.name': "the author's display name (their handle when they have none)",
  'author.handle': "the author's handle, with its @",
  'brand.name': "the brand's name",
} as const
export type ReplyVariable = keyof typeof REPLY_VARIABLES
export const REPLY_VARIABLE_NAMES = Object.keys(REPLY_VARIABLES) as ReplyVariable[]

export const isReplyVariable = (name: string): name is ReplyVariable =>
  Object.hasOwn(REPLY_VARIABLES, name)

/** `{{ name }}`, spaces allowed inside the braces; the name is whatever is between them. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/gu

/** Every `{{...}}` placeholder in the text, in order, as written and by name. */
export function findPlaceholders(text: string): Array<{ raw: string; name: string }> {
  return Array.from(text.matchAll(PLACEHOLDER), (m) => ({ raw: m[0], name: m[1]! }))
}

/** Placeholders that are not variables Firebreak fills, each once, as written. */
export function findUnknownVariables(text: string): string[] {
  return [
    ...new Set(
      findPlaceholders(text)
        .filter((p) => !isReplyVariable(p.name))
        .map((p) => p.raw),
    ),
  ]
}

/** The message for a canned response naming variables Firebreak does not fill; null if none. */
export function unknownVariablesMessage(text: string): string | null {
  const unknown = findUnknownVariables(text)
  if (!unknown.length) return null
  const known = REPLY_VARIABLE_NAMES.map((n) => `{{${n}}}`).join(', ')
  return `${unknown.join(', ')} ${unknown.length > 1 ? 'are not variables' : 'is not a variable'} Firebreak fills; use ${known}`
}

/** The message for a reply that still holds placeholders (filled or not); null if none. */
export function unfilledVariablesMessage(text: string): string | null {
  const left = [...new Set(findPlaceholders(text).map((p) => p.raw))]
  if (!left.length) return null
  const unknown = left.filter((raw) => findUnknownVariables(raw).length > 0)
  const why = unknown.length
    ? `${unknown.join(', ')} ${unknown.length > 1 ? 'are not variables' : 'is not a variable'} Firebreak fills`
    : `${left.join(', ')} ${left.length > 1 ? 'were' : 'was'} not filled in`
  return `The reply still holds ${left.join(', ')}: ${why}; replace ${left.length > 1 ? 'them' : 'it'} with the words to send`
}

/** What the variables stand for in one thread. */
export type ReplyVariableValues = Record<ReplyVariable, string>

/**
 * The text with every known variable replaced by its value; unknown placeholders are left as
 * written, so the server's check names them rather than a silent blank going out.
 */
export function fillReplyVariables(text: string, values: ReplyVariableValues): string {
  return text.replace(PLACEHOLDER, (raw, name: string) =>
    isReplyVariable(name) ? values[name] : raw,
  )
}
