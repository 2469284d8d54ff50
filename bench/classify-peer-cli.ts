/**
 * An npm sentiment analyzer behind the classify CLI's own loop (workers/cli/json-lines.ts):
 * `node --import tsx bench/classify-peer-cli.ts <name>`, JSON Lines in, {"id","label","score"}
 * out. The classify benchmark times it beside `npm run -s classify`.
 */
import { classifyJsonLines } from '../workers/cli/json-lines.js'
import { peers } from './classify-peers.js'

const name = process.argv[2]
const peer = peers().find((p) => p.name === name)
if (!peer) {
  process.stderr.write(`classify-peer-cli: no peer named ${name}\n`)
  process.exit(2)
}
classifyJsonLines(({ id, text }) => ({ id, ...peer.classify(text) })).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`)
    process.exit(2)
  },
)
