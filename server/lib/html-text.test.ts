import { describe, expect, it } from 'vitest'
import { htmlToText } from './html-text.js'

describe('htmlToText', () => {
  it('turns a Mastodon status into text, keeping paragraphs and link targets', () => {
    const html =
      '<p>My <a href="https://social.example/tags/KredoScore" class="mention hashtag">#<span>KredoScore</span></a> fell 30 points.</p><p>See <a href="https://blog.example/kredo">https://blog.example/kredo</a></p>'
    expect(htmlToText(html)).toBe(
      'My #KredoScore <https://social.example/tags/KredoScore> fell 30 points.\n\nSee https://blog.example/kredo',
    )
  })

  it('drops scripts, styles, images and event handlers entirely', () => {
    const text = htmlToText(
      '<script>alert(1)</script><style>p{}</style><img src=x onerror=alert(1)><p onclick="x()">hi</p>',
    )
    expect(text).toBe('hi')
  })
})
