import { describe, expect, it } from 'vitest'
import {
  fillReplyVariables,
  findUnknownVariables,
  unfilledVariablesMessage,
  unknownVariablesMessage,
} from './reply-variables.js'

const values = { 'author.name': 'Ana $1', 'author.handle': '@ana', 'brand.name': 'Kredo' }

describe('reply variables', () => {
  it('fills known variables, spaces inside the braces allowed, and leaves the rest as written', () => {
    expect(
      fillReplyVariables(
        'Hi {{author.name}} ({{ author.handle }}) from {{brand.name}} {{x}}',
        values,
      ),
    ).toBe('Hi Ana $1 (@ana) from Kredo {{x}}')
  })
  it('names unknown variables once each, as written', () => {
    expect(findUnknownVariables('{{author.email}} {{author.email}} {{ brand.name }} {{}}')).toEqual(
      ['{{author.email}}', '{{}}'],
    )
    expect(unknownVariablesMessage('{{author.name}} only')).toBeNull()
    expect(unknownVariablesMessage('{{author.email}}')).toBe(
      '{{author.email}} is not a variable Firebreak fills; use {{author.name}}, {{author.handle}}, {{brand.name}}',
    )
    // Not a variable of the object prototype either.
    expect(findUnknownVariables('{{constructor}} {{__proto__}}')).toHaveLength(2)
  })
  it('refuses a reply holding any placeholder, saying whether it is unknown or unfilled', () => {
    expect(unfilledVariablesMessage('Hello, no braces { here }')).toBeNull()
    expect(unfilledVariablesMessage('Hi {{author.name}}')).toBe(
      'The reply still holds {{author.name}}: {{author.name}} was not filled in; replace it with the words to send',
    )
    expect(unfilledVariablesMessage('Hi {{author.email}} {{brand.name}}')).toBe(
      'The reply still holds {{author.email}}, {{brand.name}}: {{author.email}} is not a variable Firebreak fills; replace them with the words to send',
    )
  })
})
