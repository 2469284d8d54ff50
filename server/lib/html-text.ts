import { convert } from 'html-to-text'

/**
 * Turns HTML from a source (Mastodon statuses, RSS and Atom items) into plain text, keeping
 * paragraphs and line breaks and showing link targets in brackets. The console renders text
 * only, so no markup from a stranger ever reaches a page.
 */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
    ],
  }).trim()
}
