#!/usr/bin/env node
// Records the official engine's output for every case of cases.js into corpus.jsonl.
// Deterministic by construction: it re-runs itself with TZ=UTC and LC_ALL=en_US.UTF-8, because the official
// engine reads the process time zone (date parsing) and default locale (string(), formatNumber without locale).
// Usage (from the repository root): node tests/oracle/generate.js
'use strict';
const { spawnSync } = require('child_process');
if (process.env.TZ !== 'UTC' || process.env.LC_ALL !== 'en_US.UTF-8') {
  const r = spawnSync(process.execPath, [__filename, ...process.argv.slice(2)],
    { env: { ...process.env, TZ: 'UTC', LC_ALL: 'en_US.UTF-8', LANG: 'en_US.UTF-8' }, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const fs = require('fs');
const path = require('path');
const { Template } = require('adaptivecards-templating');
const { all } = require('./cases');

if (Intl.DateTimeFormat().resolvedOptions().locale !== 'en-US') {
  throw new Error('ICU default locale is not en-US: ' + Intl.DateTimeFormat().resolvedOptions().locale);
}

function run(c) {
  let template;
  try {
    template = new Template(c.template);
  } catch (e) {
    return { error: { phase: 'parse', message: String(e && e.message || e) } };
  }
  try {
    const context = { $root: c.data };
    if (c.host !== undefined) context.$host = c.host;
    const out = template.expand(context);
    return out === undefined ? { undefined: true } : { expected: JSON.parse(JSON.stringify(out)) };
  } catch (e) {
    return { error: { phase: 'expand', message: String(e && e.message || e) } };
  }
}

const lines = all().map((c) => JSON.stringify({ name: c.name, template: c.template, data: c.data, host: c.host, ...run(c) }));
const file = path.join(__dirname, 'corpus.jsonl');
fs.writeFileSync(file, lines.join('\n') + '\n');
console.log(`${lines.length} cases written to ${file}`);
