#!/usr/bin/env node
// Publishes the 10-question survey of the page-weight budget on a running
// server and prints its public code, for bench/h5/measure.mjs.
//
//   node bench/h5/publish.mjs --base http://127.0.0.1:8080 --user admin --password '…'
import { parseArgs } from 'node:util'
import { TEN_QUESTIONS, adminClient, publishSurvey } from '../../e2e/lib/respondent.mjs'

const { values: opt } = parseArgs({ options: { base: { type: 'string' }, user: { type: 'string', default: 'admin' }, password: { type: 'string' } } })
if (!opt.base || !opt.password) {
  console.error("usage: node bench/h5/publish.mjs --base http://127.0.0.1:PORT --user admin --password '…'")
  process.exit(2)
}
const api = await adminClient(opt.base, opt.user, opt.password)
const { code } = await publishSurvey(api, TEN_QUESTIONS, { privacy: { collects: ['answers'] } })
console.log(code)
