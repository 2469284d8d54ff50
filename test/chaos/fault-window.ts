/**
 * When a scenario's fault was in effect: from the first harm (a kill, a stop) to the moment the
 * harmed part is back (server up, process restarted, importer rerun started). Drain time is
 * measured from its end; the importer is rerun only after it.
 */
export class FaultWindow {
  startedAt: number | null = null
  endedAt: number | null = null
  /** Stored posts when the fault began, and the note of what was done. */
  storedAtStart: number | null = null
  notes: string[] = []
  private resolveOver!: () => void
  readonly over = new Promise<void>((resolve) => (this.resolveOver = resolve))

  begin(note?: string, at = Date.now()): void {
    this.startedAt ??= at
    if (note) this.note(note)
  }

  /** `at`: when the harmed part came back, if earlier than now. */
  end(note?: string, at = Date.now()): void {
    this.startedAt ??= at
    this.endedAt = at
    if (note) this.note(note)
    this.resolveOver()
  }

  note(text: string): void {
    const at = this.startedAt === null ? 0 : (Date.now() - this.startedAt) / 1000
    this.notes.push(`+${at.toFixed(1)}s ${text}`)
  }

  get active(): boolean {
    return this.startedAt !== null && this.endedAt === null
  }

  /** Whether [from, to] overlaps the fault, with `graceMs` after its end (errors lag a little). */
  overlaps(from: number, to: number, graceMs = 5000): boolean {
    if (this.startedAt === null) return false
    return from <= (this.endedAt ?? Infinity) + graceMs && to >= this.startedAt
  }
}
