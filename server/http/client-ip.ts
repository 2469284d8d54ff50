import type { Request } from 'express'

/** The client address as express resolves it under the configured `trust proxy`. */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown'

/** Who a signed-in request acts as, and from where: what the audit log records of a change. */
export const auditedBy = (req: Request): { actorId: string; ip: string } => ({
  actorId: req.actor!.userId,
  ip: clientIp(req),
})
