#!/usr/bin/env node
// Measures the official engine expanding a template with data: ns per expand() after warm-up (template parsed once).
// Usage: node tests/oracle/bench.js <template.json> <data.json> [milliseconds=3000]
// Prints one JSON line: {"nsPerOp": ..., "ops": ..., "engine": "adaptivecards-templating@2.3.1"}.
'use strict';
const fs = require('fs');
const { Template } = require('adaptivecards-templating');

const [templatePath, dataPath, msArg] = process.argv.slice(2);
const template = new Template(JSON.parse(fs.readFileSync(templatePath, 'utf8')));
const data = JSON.parse(fs.readFileSync(dataPath, 'utf8'));
const budgetNs = BigInt(Number(msArg || 3000)) * 1000000n;

let sink = 0;
const expandOnce = () => { const card = template.expand({ $root: data }); sink += card.body.length; };

// Warm-up: let the JIT settle.
const warmEnd = process.hrtime.bigint() + budgetNs / 3n;
while (process.hrtime.bigint() < warmEnd) expandOnce();

const samples = [];
const end = process.hrtime.bigint() + budgetNs;
while (process.hrtime.bigint() < end) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < 20; i++) expandOnce();
  samples.push(Number(process.hrtime.bigint() - start) / 20);
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
console.log(JSON.stringify({ nsPerOp: median, ops: samples.length * 20, engine: 'adaptivecards-templating@2.3.1', sink: sink > 0 }));
