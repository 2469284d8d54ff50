import { sql, type SQL } from 'drizzle-orm'

/** A column for `unnest`: its values, one per row, and their PostgreSQL type. */
export type UnnestColumn = [values: unknown[], type: string]

/**
 * `unnest($1::t1[], $2::t2[], ...)`: bulk rows as one parameter per column, however many rows.
 * Building and parsing a 200-row VALUES list costs far more than the write itself.
 */
export function unnest(columns: UnnestColumn[]): SQL {
  return sql`unnest(${sql.join(
    columns.map(([values, type]) => sql`${sql.param(values)}::${sql.raw(type)}[]`),
    sql`, `,
  )})`
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

/**
 * `jsonb_to_recordset($1::jsonb) as r(...)`: as `jsonRecordset`, for rows whose columns are
 * themselves JSON (explanations): the document is parsed once, and each jsonb column is taken
 * from it as is, where json_to_recordset would parse every one of them again.
 */
export function jsonbRecordset(rows: object[], columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(columns)})`
}
