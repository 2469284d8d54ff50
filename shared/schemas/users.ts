import { z } from 'zod'
import { RoleSchema } from '../roles.js'

/** Passwords: long enough to resist guessing, short enough not to be a hashing DoS. */
export const PasswordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters')

const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address'))
  .pipe(z.string().max(320))

export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const

/** A user as the console shows it: never a password hash or a setup token. */
export const UserViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  status: z.enum(USER_STATUSES),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
})
export type UserView = z.infer<typeof UserViewSchema>

export const SignInBody = z.object({ email: Email, password: z.string().min(1).max(256) })
export const SetupBody = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1).max(200).optional(),
  password: PasswordSchema,
})
export const InviteUserBody = z.object({
  email: Email,
  name: z.string().trim().min(1).max(200),
  role: RoleSchema,
})
export const UpdateUserBody = z
  .object({ role: RoleSchema.optional(), isActive: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.isActive !== undefined, 'give role or isActive')
export const UserParams = z.object({ userId: z.uuid('must be a user id') })

/** `GET /api/auth/me`: the signed-in user and the token to echo in `x-csrf-token`. */
export const MeSchema = z.object({ data: UserViewSchema, csrfToken: z.string() })
