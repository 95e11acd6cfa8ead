// Writes scenarios/scenario.schema.json, the published JSON Schema of scenario.json, from the
// TypeBox schema in shared/. Editors use it (via "$schema") to complete and check scenarios.
// The output is deterministic, and scripts/scenario-schema.test.ts fails when it is stale.
//   npx tsx scripts/write-scenario-schema.ts

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ScenarioSchema } from '../shared/scenario-schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../scenarios/scenario.schema.json', import.meta.url));

/** The published schema text: draft-07 (TypeBox tuples use its array form of `items`). */
export function renderScenarioSchema(): string {
  const doc = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'urn:xunfang:scenario:1',
    ...ScenarioSchema, // symbol keys (TypeBox's Kind) do not survive JSON.stringify
    title: 'Xunfang scenario',
    description:
      'A Xunfang (巡防) dispatch and patrol-coverage scenario: the road network, police stations, patrol zones, lines and points, speeds and closures. Generated from shared/scenario-schema.ts; do not edit by hand.',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  writeFileSync(SCHEMA_FILE, renderScenarioSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
