import { sql, type SQL } from 'drizzle-orm'

/** A column for `unnest`: its values, one per row, and their PostgreSQL type; or an array expression. */
export type UnnestColumn = [values: unknown[], type: string] | SQL

/**
 * `unnest($1::t1[], $2::t2[], ...)`: bulk rows as one parameter per column, however many rows.
 * Building and parsing a 200-row VALUES list costs far more than the write itself.
 */
export function unnest(columns: UnnestColumn[]): SQL {
  return sql`unnest(${sql.join(
    columns.map((column) =>
      Array.isArray(column) ? sql`${sql.param(column[0])}::${sql.raw(column[1])}[]` : column,
    ),
    sql`, `,
  )})`
}

/** Separates JSON documents in one text parameter: JSON text never holds it unescaped. */
const RECORD_SEPARATOR = '\x1e'

/**
 * `string_to_array($1, E'\x1e')::jsonb[]`: JSON documents (explanations) as an array column for
 * `unnest`, sent as one text parameter. PostgreSQL parses each document once, straight into
 * its row; one big JSON array (jsonb_to_recordset) is parsed whole, then copied out row by row
 * through a tuplestore, and array literals would need every quote escaped in JS.
 */
export function jsonbArray(documents: unknown[]): SQL {
  const text = documents.map((d) => JSON.stringify(d)).join(RECORD_SEPARATOR)
  return sql`string_to_array(${text}::text, E'\\x1e')::jsonb[]`
}

/** `= any($1::type[])`: set membership as one parameter. */
export function anyOf(values: unknown[], type: string): SQL {
  return sql`any(${sql.param(values)}::${sql.raw(type)}[])`
}

/**
 * `json_to_recordset($1::json) as r(col type, ...)`: bulk rows as one JSON parameter. Cheaper
 * than `unnest` when rows carry free text or JSON, which array literals must escape in JS.
 */
export function jsonRecordset(rows: object[], columns: string): SQL {
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as r(${sql.raw(columns)})`
}
