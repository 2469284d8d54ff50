/**
 * Makes untrusted text storable in PostgreSQL without changing what a reader sees:
 * NUL bytes are removed and lone UTF-16 surrogates become U+FFFD. Everything else,
 * including markup and control characters, is kept raw and rendered as text later.
 */
export function normalizeText(text: string): string {
  return text.replaceAll('\u0000', '').toWellFormed()
}
