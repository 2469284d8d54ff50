import { describe, expect, it } from 'vitest'
import type { AlertView } from '../../../shared/schemas/alerts.js'
import { showWebhookUrl } from './alert-webhooks.js'
import { alertQueueUrl, webhookBody } from './webhook-message.js'

const alert: AlertView = {
  id: '7b0c1a52-5d4e-4a4b-9a53-0f1f5c3c9e11',
  brandId: '2d6f7b1e-8a51-4a9a-b1e4-54f8a2c6f0aa',
  series: 'complaints',
  at: '2026-08-25T09:35:00.000Z',
  severity: 'high',
  observed: 142,
  expected: 11.4,
  confidence: 0.97,
  state: 'open',
  acknowledged: null,
  resolved: null,
  window: { from: '2026-08-25T09:35:00.000Z', to: '2026-08-25T10:05:00.000Z' },
  // Theme names come from post text: hostile.
  themes: [{ id: 't1', name: 'score <!channel> & dropped', count: 40 }],
  complainers: [],
  createdAt: '2026-08-25T09:41:00.000Z',
}

describe('alert webhook messages', () => {
  it('writes Slack text that mentions nobody and links the queue on the spike’s window', () => {
    const body = JSON.parse(
      webhookBody('slack', {
        alert,
        brandName: 'Kredo <@U123>',
        publicUrl: 'https://firebreak.example',
        now: new Date(),
      }),
    )
    expect(Object.keys(body)).toEqual(['text'])
    expect(body.text).toBe(
      'Firebreak: high spike in Kredo &lt;@U123&gt; complaints: 142 in 5 minutes from 09:35 UTC, ' +
        'about 11 expected (97% sure). About: score &lt;!channel&gt; &amp; dropped. Open the queue: ' +
        `<${alertQueueUrl('https://firebreak.example', alert)}>`,
    )
    expect(alertQueueUrl('https://firebreak.example', alert)).toBe(
      `https://firebreak.example/inbox?brand=${alert.brandId}` +
        '&from=2026-08-25T09%3A35%3A00.000Z&to=2026-08-25T10%3A05%3A00.000Z',
    )
  })

  it('writes Standard Webhooks JSON with the alert view', () => {
    const now = new Date('2026-08-25T09:41:02.000Z')
    const body = JSON.parse(
      webhookBody('standard', { alert, brandName: 'Kredo', publicUrl: 'https://f.example', now }),
    )
    expect(body).toEqual({
      type: 'alert.raised',
      timestamp: now.toISOString(),
      data: { alert, brandName: 'Kredo', url: alertQueueUrl('https://f.example', alert) },
    })
    const test = JSON.parse(
      webhookBody('standard', {
        alert: null,
        brandName: 'Kredo',
        publicUrl: 'https://f.example',
        now,
      }),
    )
    expect(test).toMatchObject({ type: 'alert.test', data: { alert: null } })
  })

  it('shows a webhook URL without its token', () => {
    const slack = new URL(
      'https://hooks.slack.com/services/T0AB12CD3/B0CDE45FG/xY9aBcDeFgHiJkLmN?x=1',
    )
    expect(showWebhookUrl(slack)).toBe('https://hooks.slack.com/services/T0AB…/B0CD…/xY9a…')
    expect(showWebhookUrl(new URL('http://hooks.example:8080/a/b'))).toBe(
      'http://hooks.example:8080/a/b',
    )
  })
})
