import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** Serious and critical accessibility violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated, not a <script>: the console's CSP (script-src 'self') rightly refuses inline ones.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'))
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }>
          }>
        }
      }
    ).axe
    return (await axe.run()).violations
  })
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`)
}
