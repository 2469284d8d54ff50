// Copies what the compiled code reads at run time (SQL migrations, the analyzer's weights, the
// demo's story, Jetstream's zstd dictionary) next to it, and stamps the build so `npm start`
// knows whether the sources changed since.
import fs from 'node:fs'

fs.cpSync('server/db/migrations', 'dist/server/db/migrations', { recursive: true })
fs.cpSync(
  'workers/pipeline/analyzer/analyzer-model.json',
  'dist/workers/pipeline/analyzer/analyzer-model.json',
)
fs.cpSync(
  'workers/sources/demo/kredo-scenario.json',
  'dist/workers/sources/demo/kredo-scenario.json',
)
fs.cpSync('workers/sources/jetstream-dictionary', 'dist/workers/sources/jetstream-dictionary', {
  recursive: true,
})
fs.writeFileSync('dist/.build-stamp', new Date().toISOString())
