import type { CannedResponseView } from '../../shared/schemas/canned-responses.js'
import type { CannedResponseRecord } from '../db/repositories/canned-responses.js'

export const presentCannedResponse = (c: CannedResponseRecord): CannedResponseView => ({
  id: c.id,
  brandId: c.brandId,
  title: c.title,
  body: c.body,
  shortcut: c.shortcut,
  updatedBy: c.updatedBy && c.updatedByName ? { id: c.updatedBy, name: c.updatedByName } : null,
  updatedAt: c.updatedAt.toISOString(),
})
