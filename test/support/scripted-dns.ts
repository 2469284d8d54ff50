import type { HostLookup } from '../../server/lib/ssrf.js'

/** An answer of the scripted resolver: an address, or a resolver failure by its code. */
export type DnsAnswer = string | { code: string }

/**
 * A resolver for the SSRF guard's lookup seam, answering per host from a script: each call
 * takes the next answer, the last one repeats. A failure is thrown as getaddrinfo throws it
 * (an Error with its `code`: EAI_AGAIN, ENOTFOUND, ...). Hosts without a script fail ENOTFOUND,
 * so no test reaches real DNS by accident.
 */
export class ScriptedDns {
  /** Every host asked, in order. */
  readonly calls: string[] = []
  private scripts = new Map<string, DnsAnswer[]>()

  /** The answers `host` gets from now on, in order. */
  script(host: string, ...answers: DnsAnswer[]): this {
    this.scripts.set(host, [...answers])
    return this
  }

  /** How often `host` was looked up. */
  count(host: string): number {
    return this.calls.filter((h) => h === host).length
  }

  readonly lookup: HostLookup = async (host) => {
    this.calls.push(host)
    const answers = this.scripts.get(host) ?? [{ code: 'ENOTFOUND' }]
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!
    if (typeof answer !== 'string')
      throw Object.assign(new Error(`getaddrinfo ${answer.code} ${host}`), answer)
    return [{ address: answer, family: answer.includes(':') ? 6 : 4 }]
  }
}
