import type { AnalysisView } from '../../../../shared/schemas/complaints.js'
import { languageName } from '../../lib/format.js'
import '../../ui/badges.css'

/**
 * Marks a post in a language no model reads: its sentiment comes from emoji alone, so a person
 * who reads the language must judge it. Nothing for posts the analyzer read.
 */
export function UnreadLanguageTag({ analysis }: { analysis: AnalysisView }) {
  if (analysis.supported) return null
  const language = languageName(analysis.language)
  return (
    <span
      className="tag tag-unsupported"
      data-testid="unread-language"
      title={`No model reads ${language ?? 'this language'}: its sentiment comes from emoji alone. Read it yourself.`}
    >
      {language ? `${language}: not read` : 'Language not read'}
    </span>
  )
}
