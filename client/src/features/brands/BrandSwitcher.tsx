import { useId } from 'react'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import { ChevronIcon } from '../../ui/icons.js'
import './brands.css'

/** The brand name, or a picker when several brands are watched. */
export function BrandSwitcher({
  brands,
  current,
  onSelect,
}: {
  brands: readonly BrandView[]
  current: BrandView
  onSelect: (slug: string) => void
}) {
  const id = useId()
  if (brands.length < 2) {
    return (
      <span className="brand-name" title={current.trackedTerms.join(', ')}>
        <bdi>{current.name}</bdi>
      </span>
    )
  }
  return (
    <span className="brand-select">
      <label htmlFor={id} className="visually-hidden">
        Brand
      </label>
      <select id={id} value={current.slug} onChange={(e) => onSelect(e.target.value)}>
        {brands.map((b) => (
          <option key={b.id} value={b.slug}>
            {b.name}
          </option>
        ))}
      </select>
      <ChevronIcon className="brand-select-chevron" />
    </span>
  )
}
