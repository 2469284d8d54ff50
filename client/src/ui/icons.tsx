import type { ReactNode, SVGProps } from 'react'

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number }

function icon(path: ReactNode, filled = false) {
  return function Icon({ size = 14, ...props }: IconProps) {
    return (
      <svg
        aria-hidden="true"
        focusable="false"
        viewBox="0 0 16 16"
        width={size}
        height={size}
        fill={filled ? 'currentColor' : 'none'}
        stroke={filled ? 'none' : 'currentColor'}
        strokeWidth={1.5}
        strokeLinecap="round"
        strokeLinejoin="round"
        {...props}
      >
        {path}
      </svg>
    )
  }
}

export const HeartIcon = icon(
  <path d="M8 13.5S2 10.2 2 6.1A3 3 0 0 1 8 4.6a3 3 0 0 1 6 1.5c0 4.1-6 7.4-6 7.4Z" />,
)
export const ReplyIcon = icon(
  <path d="M2.5 7.5c0-2.8 2.4-4.5 5.5-4.5s5.5 1.7 5.5 4.5S11.1 12 8 12c-.8 0-1.5-.1-2.2-.3L3 13l.7-2.3c-.8-.9-1.2-2-1.2-3.2Z" />,
)
export const RepostIcon = icon(
  <>
    <path d="M4 6.5V5.5A1.5 1.5 0 0 1 5.5 4H12l-1.7-1.7M12 9.5v1a1.5 1.5 0 0 1-1.5 1.5H4l1.7 1.7" />
  </>,
)
export const ExternalIcon = icon(
  <>
    <path d="M9 3h4v4M13 3 7.5 8.5" />
    <path d="M11.5 9.5V12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5.5a1 1 0 0 1 1-1h2.5" />
  </>,
)
export const SearchIcon = icon(
  <>
    <circle cx="7" cy="7" r="4.25" />
    <path d="m10.2 10.2 3.3 3.3" />
  </>,
)
export const PauseIcon = icon(
  <>
    <path d="M5.5 3.5v9M10.5 3.5v9" />
  </>,
)
export const PlayIcon = icon(<path d="M5 3.2v9.6L12.5 8 5 3.2Z" />, true)
export const ChevronIcon = icon(<path d="m4.5 6.5 3.5 3.5 3.5-3.5" />)
export const ThreadIcon = icon(
  <>
    <path d="M3 4h10M3 8h10M3 12h6" />
  </>,
)
export const AlertIcon = icon(
  <>
    <path d="M8 2.5 14 13H2L8 2.5Z" />
    <path d="M8 6.5v3M8 11.2v.1" />
  </>,
)

export const CopyIcon = icon(
  <>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 5.5V4a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 4v5A1.5 1.5 0 0 0 4 10.5h1.5" />
  </>,
)
export const StarIcon = icon(
  <path d="M8 1.9 9.85 5.8l4.2.55-3.08 2.93.78 4.17L8 11.4l-3.75 2.05.78-4.17L1.95 6.35l4.2-.55L8 1.9Z" />,
  true,
)
export const CheckIcon = icon(<path d="m3.5 8.5 3 3 6-7" />)
export const CloseIcon = icon(<path d="m4 4 8 8M12 4l-8 8" />)
export const PlusIcon = icon(<path d="M8 3v10M3 8h10" />)
export const SignOutIcon = icon(
  <>
    <path d="M6.5 13.5H4A1.5 1.5 0 0 1 2.5 12V4A1.5 1.5 0 0 1 4 2.5h2.5" />
    <path d="M10.5 11 13.5 8l-3-3M13.5 8H6" />
  </>,
)
export const KeyIcon = icon(
  <>
    <circle cx="5.5" cy="10.5" r="3" />
    <path d="m7.6 8.4 5.4-5.4M11 5l1.8 1.8M9.5 6.5l1.3 1.3" />
  </>,
)
export const RefreshIcon = icon(
  <>
    <path d="M13 8a5 5 0 1 1-1.5-3.55" />
    <path d="M13 2.5v3h-3" />
  </>,
)
export const LockIcon = icon(
  <>
    <rect x="3" y="7" width="10" height="7" rx="1.5" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
  </>,
)
export const EyeIcon = icon(
  <>
    <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8Z" />
    <circle cx="8" cy="8" r="2" />
  </>,
)

/** The Firebreak mark: a flame stopped by a line. */
export function LogoMark({ size = 22 }: { size?: number }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 32 32" width={size} height={size}>
      <rect width="32" height="32" rx="7" fill="var(--logo-bg)" />
      <path
        d="M16.6 5c.6 3.7-1.6 5.6-3.6 7.6-2 2-3.6 3.9-3.6 6.9A6.6 6.6 0 0 0 16 26a6.6 6.6 0 0 0 6.6-6.5c0-2.4-1-4.2-2.4-5.7.1 1.9-.6 3.3-1.9 3.9.4-4.6-.4-9.6-1.7-12.7Z"
        fill="#ff7a45"
      />
      <path d="M6 22.5h20" stroke="var(--logo-line)" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  )
}
