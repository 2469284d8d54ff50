import type { Request } from 'express'

/** The client address as express resolves it under the configured `trust proxy`. */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown'
