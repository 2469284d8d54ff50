export interface HealthTarget {
  name: string
  url: string
}

interface Sample {
  at: number
  /** HTTP status, or null when nothing answered (refused, reset, timed out). */
  status: number | null
}

export interface HealthSummary {
  /** Per target: whether it answered something other than 200 (or nothing) during the fault. */
  unhealthySeen: Record<string, boolean>
  /** Per target: the status of a last probe taken once idle (null: unreachable). */
  atEnd: Record<string, number | null>
  samples: number
}

/**
 * Polls `GET /healthz` of every target every 500 ms for the whole scenario, as a load balancer
 * or orchestrator would: an outage must show as 503 (or no answer), recovery as 200.
 */
export class HealthProbe {
  private readonly samples = new Map<string, Sample[]>()
  private running = true
  private readonly loops: Promise<void>[]

  constructor(private readonly targets: HealthTarget[]) {
    this.loops = targets.map((t) => this.loop(t))
  }

  private async loop(target: HealthTarget): Promise<void> {
    const samples: Sample[] = []
    this.samples.set(target.name, samples)
    while (this.running) {
      const at = Date.now()
      samples.push({ at, status: await probe(target.url) })
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 500 - (Date.now() - at))))
    }
  }

  async stop(): Promise<void> {
    this.running = false
    await Promise.all(this.loops)
  }

  /** What each target answered between `from` and `to` (plus a probe's lag), and now. */
  async summarize(from: number | null, to: number | null): Promise<HealthSummary> {
    const unhealthySeen: Record<string, boolean> = {}
    const atEnd: Record<string, number | null> = {}
    let count = 0
    for (const target of this.targets) {
      const samples = this.samples.get(target.name) ?? []
      count += samples.length
      unhealthySeen[target.name] =
        from !== null &&
        samples.some((s) => s.at >= from && s.at <= (to ?? Infinity) + 1000 && s.status !== 200)
      atEnd[target.name] = await probe(target.url)
    }
    return { unhealthySeen, atEnd, samples: count }
  }
}

async function probe(url: string): Promise<number | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) })
    await res.arrayBuffer()
    return res.status
  } catch {
    return null
  }
}
