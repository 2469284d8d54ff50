import {
  EscalationCueSchema,
  type EscalationCue,
} from '../../../../shared/schemas/scoring-config.js'
import { friendly } from '../../lib/issues.js'

/** One escalation cue as its row of the form holds it: severity as typed, an id for React. */
export interface CueRow {
  id: number
  key: string
  label: string
  pattern: string
  severity: string
}

export const CUE_FIELDS = ['key', 'label', 'pattern', 'severity'] as const
export type CueField = (typeof CUE_FIELDS)[number]
export type CueProblems = Partial<Record<CueField, string>>

/** The most cues a configuration holds (the schema's limit). */
export const MAX_CUES = 30

let lastId = 0
const nextId = () => ++lastId

export const toCueRows = (cues: readonly EscalationCue[]): CueRow[] =>
  cues.map((c) => ({ ...c, severity: String(c.severity), id: nextId() }))

export const emptyCueRow = (): CueRow => ({
  id: nextId(),
  key: '',
  label: '',
  pattern: '',
  severity: '0.5',
})

/** A row as the configuration's cue; a severity that is not a number goes as NaN, to be refused. */
export const toCue = ({ key, label, pattern, severity }: CueRow): EscalationCue => ({
  key: key.trim(),
  label: label.trim(),
  pattern,
  severity: severity.trim() === '' ? Number.NaN : Number(severity),
})

/**
 * What is wrong with each field of a row, by the shared schema (so a pattern is checked by the
 * validator the server runs, RE2 included), and a key another row already uses.
 */
export function cueRowProblems(row: CueRow, rows: readonly CueRow[]): CueProblems {
  const problems: CueProblems = {}
  const parsed = EscalationCueSchema.safeParse(toCue(row))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as CueField
      problems[field] ??=
        field === 'severity' && issue.code === 'invalid_type'
          ? 'A number from 0 to 1'
          : friendly(issue.message)
    }
  }
  const key = row.key.trim()
  if (!problems.key && rows.some((r) => r.id !== row.id && r.key.trim() === key))
    problems.key = 'Another cue has this key'
  return problems
}
