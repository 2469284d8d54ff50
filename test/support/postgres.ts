/** The machine's PostgreSQL (trust auth), as CI has it too. */
export const PG_HOST = process.env.PGHOST_URL ?? 'postgres://postgres@127.0.0.1:5432'
export const PG_ADMIN_URL = `${PG_HOST}/postgres`
export const databaseUrl = (name: string) => `${PG_HOST}/${name}`
