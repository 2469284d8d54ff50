import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('the test clock in config', () => {
  it('is off by default and on with FIREBREAK_TEST_CLOCK=1', () => {
    expect(loadConfig({}).testClock).toBe(false)
    expect(loadConfig({ FIREBREAK_TEST_CLOCK: '1', NODE_ENV: 'test' }).testClock).toBe(true)
  })

  it('refuses to start with it in production', () => {
    expect(() => loadConfig({ FIREBREAK_TEST_CLOCK: '1', NODE_ENV: 'production' })).toThrow(
      ConfigError,
    )
    expect(() => loadConfig({ FIREBREAK_TEST_CLOCK: 'on', NODE_ENV: 'production' })).toThrow(
      /FIREBREAK_TEST_CLOCK: the test clock is for tests; it is refused when NODE_ENV=production/,
    )
    expect(loadConfig({ FIREBREAK_TEST_CLOCK: '0', NODE_ENV: 'production' }).testClock).toBe(false)
  })
})

describe('the demo in config', () => {
  it('plays by default outside production, so `npm start` shows it', () => {
    expect(loadConfig({}).demo.enabled).toBe(true)
    expect(loadConfig({ NODE_ENV: 'development' }).demo.enabled).toBe(true)
    expect(loadConfig({ NODE_ENV: 'test' }).demo.enabled).toBe(true)
  })

  it('is off by default in production, and on there only when asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demo.enabled).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production', DEMO: '' }).demo.enabled).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production', DEMO: 'on' }).demo.enabled).toBe(true)
    expect(loadConfig({ NODE_ENV: 'production', DEMO: '1' }).demo.enabled).toBe(true)
  })

  it('is off wherever DEMO says off', () => {
    expect(loadConfig({ DEMO: 'off' }).demo.enabled).toBe(false)
    expect(loadConfig({ NODE_ENV: 'development', DEMO: 'no' }).demo.enabled).toBe(false)
  })

  it('names DEMO when its value is not a switch', () => {
    expect(() => loadConfig({ DEMO: 'maybe' })).toThrow(/DEMO:/)
  })
})
