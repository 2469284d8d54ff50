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

describe('Redis in config', () => {
  it('is one server at REDIS_URL, 127.0.0.1:6379 by default, with the prefix as given', () => {
    expect(loadConfig({}).redis).toEqual({ url: 'redis://127.0.0.1:6379' })
    const config = loadConfig({ REDIS_URL: 'redis://cache:6380/2', QUEUE_PREFIX: 'fb' })
    expect(config.redis).toEqual({ url: 'redis://cache:6380/2' })
    expect(config.queuePrefix).toBe('fb')
  })

  it('is a cluster with REDIS_CLUSTER_NODES, and hash-tags the key prefix', () => {
    const config = loadConfig({
      REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001',
      QUEUE_PREFIX: 'fb',
    })
    expect(config.redis).toEqual({
      cluster: {
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
        ],
        username: undefined,
        password: undefined,
        tls: false,
      },
    })
    expect(config.queuePrefix).toBe('{fb}')
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:6379' }).queuePrefix).toBe('{firebreak}')
  })

  it('reads credentials and TLS for every node from a redis:// or rediss:// head', () => {
    const { redis } = loadConfig({
      REDIS_CLUSTER_NODES: 'rediss://app:s%40cret@a.example:6379,b.example:6379',
    })
    expect(redis.cluster).toMatchObject({ username: 'app', password: 's@cret', tls: true })
    expect(redis.cluster?.nodes).toHaveLength(2)
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis://:pw@a:1' }).redis.cluster).toMatchObject({
      username: undefined,
      password: 'pw',
      tls: false,
    })
  })

  it('names the entry that is not host:port', () => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:6379,b' })).toThrow(
      /REDIS_CLUSTER_NODES: "b" is not host:port; expected host:port,host:port/,
    )
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:70000' })).toThrow(
      /"a:70000" is not host:port/,
    )
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis://a:1/0' })).toThrow(
      /REDIS_CLUSTER_NODES/,
    )
  })

  it('refuses REDIS_URL beside REDIS_CLUSTER_NODES, saying where the password goes', () => {
    expect(() =>
      loadConfig({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'a:7000' }),
    ).toThrow(/REDIS_CLUSTER_NODES: set REDIS_URL .* or REDIS_CLUSTER_NODES .*, not both/)
  })
})
