// Copies what the compiled server reads at run time (SQL migrations) next to it, and stamps
// the build so `npm start` knows whether the sources changed since.
import fs from 'node:fs'

fs.cpSync('server/db/migrations', 'dist/server/db/migrations', { recursive: true })
fs.writeFileSync('dist/.build-stamp', new Date().toISOString())
