import type { FaultWindow } from './fault-window.js'
import { scanLogs } from './log-hygiene.js'
import { judge, type ScenarioResult } from './verdict.js'

const round = (n: number) => Math.round(n * 10) / 10

/**
 * The end every scenario shares, once its processes are stopped: whether a fault was injected,
 * what the logs hold, how long it took, and the verdict.
 */
export async function finishScenario(
  result: ScenarioResult,
  run: { window: FaultWindow; dir: string; startedAt: number },
): Promise<ScenarioResult> {
  if (run.window.startedAt !== null) result.faultInjected = true
  result.details.faultNotes = run.window.notes
  try {
    const logs = await scanLogs(run.dir)
    result.warnings = logs.warnings
    result.deadlocks = logs.deadlocks
    result.stacks = logs.stacks
    result.serverStderrLines = logs.serverStderrLines
    result.details.logs = logs
  } catch (err) {
    result.error ??= `log scan failed: ${(err as Error).message}`
  }
  result.durationS = round((Date.now() - run.startedAt) / 1000)
  result.failures = judge(result)
  result.ok = result.failures.length === 0
  return result
}
