import { z } from 'zod'
import { RoleSchema } from '../roles.js'

/**
 * `GET /api/auth/demo-accounts`, public: the demo's accounts the sign-in page may offer. Empty
 * (and no password) unless the demo is on and its accounts exist with the demo's password.
 */
export const DemoAccountsSchema = z.object({
  data: z.object({
    accounts: z.array(z.object({ email: z.string(), role: RoleSchema })),
    password: z.string().nullable(),
  }),
})
export type DemoAccounts = z.infer<typeof DemoAccountsSchema>['data']
