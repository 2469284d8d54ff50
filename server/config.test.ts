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
