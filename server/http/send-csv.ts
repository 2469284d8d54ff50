import type { Response } from 'express'
import type { CsvExport } from '../domain/trends/export-csv.js'
import type { Logger } from '../lib/logger.js'

/**
 * Streams a CSV download: each chunk is written as it is read and the next page waits for
 * the socket to drain, so a million rows never sit in memory. A client that goes away stops
 * the reading (the generator is returned); a failure after the first byte cuts the response
 * short (and is logged), so a truncated file is never taken for a whole one.
 */
export async function sendCsv(res: Response, csv: CsvExport, logger: Logger): Promise<void> {
  res.status(200)
  res.setHeader('content-type', 'text/csv; charset=utf-8')
  res.setHeader('content-disposition', `attachment; filename="${csv.filename}"`)
  res.setHeader('cache-control', 'no-store')
  try {
    for await (const chunk of csv.chunks) {
      if (res.destroyed) return
      if (!res.write(chunk)) await drainedOrClosed(res)
    }
    res.end()
  } catch (err) {
    if (!res.headersSent) throw err
    logger.error({ err, requestId: res.req.id, path: res.req.path }, 'export failed mid-stream')
    res.destroy()
  }
}

/** Resolves when the response can take more, or is gone; leaves no listener behind. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
    if (res.destroyed) done()
  })
}
