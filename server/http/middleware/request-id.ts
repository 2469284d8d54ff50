import crypto from 'node:crypto'
import type { RequestHandler } from 'express'

const SAFE_ID = /^[A-Za-z0-9._-]{8,100}$/

/** Accepts a well-formed incoming x-request-id (from a proxy) or makes one; echoes it back. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id')
  req.id = incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID()
  res.setHeader('x-request-id', req.id)
  next()
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string
  }
}
