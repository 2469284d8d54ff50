/**
 * The priority function lives in shared/ (pure, no Node modules) so that the API's shadow
 * preview and the workers score with the very same code; the pipeline uses it from here.
 */
export * from '../../shared/scoring/score.js'
