import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderScenarioSchema, SCHEMA_FILE } from './write-scenario-schema.ts';

describe('scenarios/scenario.schema.json', () => {
  it('is up to date with shared/scenario-schema.ts', () => {
    let committed = '';
    try {
      committed = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      // reported by the assertion below
    }
    expect(committed === renderScenarioSchema(), 'scenarios/scenario.schema.json is out of date; run `npx tsx scripts/write-scenario-schema.ts`').toBe(true);
  });

  it('is a draft-07 schema with an $id and a title, rejecting unknown top-level keys', () => {
    const schema = JSON.parse(renderScenarioSchema());
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(typeof schema.$id).toBe('string');
    expect(schema.title).toBe('Xunfang scenario');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'title', 'roads', 'stations']));
    for (const k of ['units', 'incidents', 'policy']) expect(schema.properties[k]).toBeDefined();
  });

  it('renders the same text every time', () => {
    expect(renderScenarioSchema()).toBe(renderScenarioSchema());
  });
});
