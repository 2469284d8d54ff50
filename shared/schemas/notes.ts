import { z } from 'zod'
import { normalizeText } from '../text.js'

/** Longest note, in UTF-16 code units (as maxlength). */
export const NOTE_MAX = 5000

/** A private note for the team, naming the colleagues it mentions (they are notified). */
export const CreateNoteBody = z.object({
  body: z
    .string('must be text')
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .trim()
        .min(1, 'write something')
        .max(NOTE_MAX, `must be at most ${NOTE_MAX} characters`),
    ),
  mentions: z.array(z.uuid('must be a user id')).max(20, 'mention at most 20 people').default([]),
})
export type CreateNoteBody = z.infer<typeof CreateNoteBody>

/** A note as the team reads it: the body is written by a person and rendered as text. */
export const NoteViewSchema = z.object({
  id: z.number().int(),
  complaintId: z.string(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  body: z.string(),
  mentions: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.string(),
})
export type NoteView = z.infer<typeof NoteViewSchema>
