import { describe, expect, it } from 'vitest'
import { compileBrandRules, foldText } from './brand-rules.js'

describe('brand rules', () => {
  const rules = compileBrandRules({
    trackedTerms: ['Klout', 'influence score', '#KloutScore', '@kloutsupport'],
    excludedTerms: ['clout chasing'],
    languages: ['en', 'es'],
  })
  const m = (text: string, lang: string | null = 'en') => rules.matches({ text, lang })

  it('matches whole words whatever the case and diacritics, and as tag or handle bodies', () => {
    expect(m('Klout changed my score')).toBe(true)
    expect(m('KLÖUT, again')).toBe(true)
    expect(m("klout's new model")).toBe(true)
    expect(m('#Klout is down')).toBe(true)
    expect(m('cc @klout')).toBe(true)
    expect(m('kloutish vibes')).toBe(false)
    expect(m('myklout')).toBe(false)
  })
  it('matches phrases across any whitespace', () => {
    expect(m('my Influence\n score dropped')).toBe(true)
    expect(m('influence scores')).toBe(false)
  })
  it('takes a sigil term as that tag or handle only', () => {
    expect(m('the #kloutscore fell')).toBe(true)
    expect(m('the kloutscore fell')).toBe(false)
    expect(m('ask @KloutSupport')).toBe(true)
    expect(m('kloutsupport said')).toBe(false)
    expect(m('a@kloutsupport.example')).toBe(false)
  })
  it('drops excluded terms and unwanted languages; an unknown language passes', () => {
    expect(m('Klout is just clout chasing')).toBe(false)
    expect(m('Klout est en panne', 'fr')).toBe(false)
    expect(m('Klout está caído', 'es-MX')).toBe(true)
    expect(m('Klout is down', null)).toBe(true)
  })
  it('matches nothing without tracked terms, and builds a search query', () => {
    expect(compileBrandRules({ trackedTerms: [], excludedTerms: [] }).matches({ text: 'x' })).toBe(
      false,
    )
    expect(rules.query()).toBe('Klout OR "influence score" OR #KloutScore OR @kloutsupport')
  })
  it('folds text', () => {
    expect(foldText('Ångström ÉCOLE')).toBe('angstrom ecole')
  })
})
