#!/usr/bin/env node
// Enforces the import direction shared ← sim ← server, client → shared only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const allowed = {
  shared: ['shared'],
  sim: ['shared', 'sim'],
  server: ['shared', 'sim', 'server'],
  client: ['shared', 'client'],
};
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];

function walk(dir, layer) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, layer);
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) check(full, layer);
  }
}

function check(file, layer) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
    if (target in allowed && !allowed[layer].includes(target)) {
      problems.push(`${path.relative(root, file)}: ${layer}/ must not import ${target}/ (${spec})`);
    }
  }
}

for (const layer of Object.keys(allowed)) {
  try {
    walk(path.join(root, layer), layer);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('import direction: ok');
