/** The list with `item` in place of the element of the same id, or added at the end. */
export function upsertById<T extends { id: unknown }>(list: readonly T[], item: T): T[] {
  return list.some((x) => x.id === item.id)
    ? list.map((x) => (x.id === item.id ? item : x))
    : [...list, item]
}
