/**
 * How often the theme pass runs (workers/theme-timers.ts): new complaint posts join their
 * theme within this, and discovery, when due, runs in the same pass.
 */
export const THEME_PASS_MS = 15_000
