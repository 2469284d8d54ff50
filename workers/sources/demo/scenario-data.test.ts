import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KREDO_SCENARIO_FILE, loadScenarioData } from './scenario-data.js'

const story = () => JSON.parse(fs.readFileSync(KREDO_SCENARIO_FILE, 'utf8'))

/** Loads a changed copy of the shipped story from a temporary file. */
function loadChanged(change: (data: ReturnType<typeof story>) => void) {
  const data = story()
  change(data)
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'story-')), 'story.json')
  fs.writeFileSync(file, JSON.stringify(data))
  return () => loadScenarioData(file)
}

describe('the demo story file', () => {
  it('loads as shipped', () => {
    const data = loadScenarioData(KREDO_SCENARIO_FILE)
    expect(data.brand.slug).toBe('kredo')
    expect(data.beats.length).toBeGreaterThan(5)
  })

  it('names the path and the fault of every bad value', () => {
    expect(
      loadChanged((d) => {
        d.texts.praises.push('Up {oldd} points!')
        delete d.waves[0].count
      }),
    ).toThrowError(
      /unknown slot \{oldd\}[^]*texts\.praises\[\d+\][^]*expected number[^]*waves\[0\]\.count/,
    )
  })

  it('checks that what one part names exists in another', () => {
    expect(
      loadChanged((d) => {
        d.beats[2].who = 'nobody'
        d.rootMix.at(-1).untilMinute = 200
        d.replyMix.complaint.mumble = 3
      }),
    ).toThrowError(
      new RegExp(
        [
          'untilMinute is null[^]*rootMix',
          'is not in the cast[^]*beats\\[2\\]\\.who',
          'has no texts in texts\\.replies[^]*replyMix\\.complaint\\.mumble',
        ].join('[^]*'),
      ),
    )
  })
})
