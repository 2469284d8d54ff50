import { describe, expect, it } from 'vitest'
import { escapeHtml, html } from './html.js'

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const hostile = `<script>alert("x")</script> & 'quoted' <img src=x onerror=alert(1)>`
    const out = html`<p title="${hostile}">${hostile}</p>`.toString()
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &lt;img src=x onerror=alert(1)&gt;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &lt;img src=x onerror=alert(1)&gt;</p>',
    )
    expect(out).not.toMatch(/<script|<img/)
  })

  it('keeps nested html as markup, joins arrays, and drops null, undefined and false', () => {
    // Another name for the tag, so that the formatter leaves the markup as written.
    const markup = html
    const items = ['a<b', 'c&d'].map((t) => markup`<li>${t}</li>`)
    const out = markup`<ul>${items}</ul>${null}${undefined}${false}${0}`
    expect(out.toString()).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>0')
  })

  it('leaves text without special characters as it is', () => {
    expect(escapeHtml('Kredo “priority-2” — 100 %')).toBe('Kredo “priority-2” — 100 %')
  })
})
