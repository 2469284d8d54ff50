import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODEL_URL } from '../../workers/pipeline/analyzer/model.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

describe('npm run train:analyzer', () => {
  it('rebuilds the shipped weights byte for byte from the development data', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-train-')), 'model.json')
    const run = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), 'scripts/train-analyzer.ts', '--out', out],
      { cwd: ROOT, encoding: 'utf8' },
    )
    expect(run.status, run.stderr).toBe(0)
    const figures = JSON.parse(run.stdout) as {
      development: { tweeteval: { macroRecall: number }; complaints: { crossValidatedF1: number } }
    }
    expect(figures.development.tweeteval.macroRecall).toBeGreaterThan(0.66)
    expect(figures.development.complaints.crossValidatedF1).toBeGreaterThan(0.72)
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(MODEL_URL, 'utf8'))
  }, 600_000)
})
