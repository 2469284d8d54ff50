import { lazy } from 'react'

/**
 * Every page loads when someone first opens it: the sign-in page and the page one lands on
 * stay quick to start, and a role never downloads pages it cannot open (the dashboard's
 * charting library, the scoring editor, the admin pages).
 */
export const AlertsPage = lazy(() =>
  import('../alerts/AlertsPage.js').then((m) => ({ default: m.AlertsPage })),
)
export const ApprovalQueuePage = lazy(() =>
  import('../approvals/ApprovalQueuePage.js').then((m) => ({ default: m.ApprovalQueuePage })),
)
export const AuditPage = lazy(() =>
  import('../audit/AuditPage.js').then((m) => ({ default: m.AuditPage })),
)
export const BrandSettingsPage = lazy(() =>
  import('../brands/BrandSettingsPage.js').then((m) => ({ default: m.BrandSettingsPage })),
)
export const BrandsPage = lazy(() =>
  import('../brands/BrandsPage.js').then((m) => ({ default: m.BrandsPage })),
)
export const ComplainersPage = lazy(() =>
  import('../complainers/ComplainersPage.js').then((m) => ({ default: m.ComplainersPage })),
)
export const ComplaintConsole = lazy(() =>
  import('../complaints/ComplaintConsole.js').then((m) => ({ default: m.ComplaintConsole })),
)
export const DashboardPage = lazy(() =>
  import('../dashboard/DashboardPage.js').then((m) => ({ default: m.DashboardPage })),
)
export const InboxPage = lazy(() =>
  import('../inbox/InboxPage.js').then((m) => ({ default: m.InboxPage })),
)
export const OperationsPage = lazy(() =>
  import('../operations/OperationsPage.js').then((m) => ({ default: m.OperationsPage })),
)
export const PromisesPage = lazy(() =>
  import('../promises/PromisesPage.js').then((m) => ({ default: m.PromisesPage })),
)
export const RejectionsPage = lazy(() =>
  import('../rejections/RejectionsPage.js').then((m) => ({ default: m.RejectionsPage })),
)
export const ScoringPage = lazy(() =>
  import('../scoring/ScoringPage.js').then((m) => ({ default: m.ScoringPage })),
)
export const SourcesPage = lazy(() =>
  import('../sources/SourcesPage.js').then((m) => ({ default: m.SourcesPage })),
)
export const ThemeEditorPage = lazy(() =>
  import('../themes/ThemeEditorPage.js').then((m) => ({ default: m.ThemeEditorPage })),
)
export const UsersPage = lazy(() =>
  import('../users/UsersPage.js').then((m) => ({ default: m.UsersPage })),
)
