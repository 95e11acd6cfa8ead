// Turns TypeBox structural errors into readable problems. TypeBox reports JSON-pointer paths and
// terse messages ("Expected union value"); people editing a scenario by hand need the field in
// the form they see it (`stations[2].lon`) and a reason that says what was expected and what was
// found. Unions get special care: we pick the variant the author evidently meant and report only
// its errors, instead of every variant's.

import type { TSchema } from '@sinclair/typebox';
import { Kind } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { PROFILES, ROAD_CLASSES } from '../../shared/roads.ts';
import type { Problem } from '../../shared/scenario-schema.ts';

/** `/patrolZones/3/geometry/coordinates/0` → `patrolZones[3].geometry.coordinates[0]` */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** Appends a key or index to a dotted/bracket path. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** A short rendering of a JSON value for messages. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  return String(v);
}

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The known key closest to a misspelt one, if it is plausibly a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0.5 : editDistance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(1, Math.min(3, Math.floor(key.length / 3))) ? best : undefined;
}

const quoted = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x));
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const lastKey = (pointer: string) => pointer.slice(pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
const parentKey = (pointer: string) => lastKey(pointer.slice(0, pointer.lastIndexOf('/')));

function unknownKeyReason(pointer: string, known: readonly string[]): string {
  const key = lastKey(pointer);
  const parent = parentKey(pointer);
  if (pointer.startsWith('/profiles/') && pointer.split('/').length === 3) {
    return `unknown profile ${JSON.stringify(key)}; expected ${orList(PROFILES)}`;
  }
  if (parent === 'speedKmh' || parent === 'byClass') {
    const hint = closestKey(key, ROAD_CLASSES);
    return `unknown road class ${JSON.stringify(key)}; ${hint ? `did you mean "${hint}"?` : `expected one of ${ROAD_CLASSES.join(', ')}`}`;
  }
  const hint = closestKey(key, known);
  if (hint) return `unknown key ${JSON.stringify(key)}; did you mean "${hint}"?`;
  return known.length > 0 && known.length <= 8
    ? `unknown key ${JSON.stringify(key)}; expected ${orList(quoted(known))}`
    : `unknown key ${JSON.stringify(key)}`;
}

function bounds(s: TSchema): string {
  const lo = s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : s.minimum !== undefined ? `≥ ${s.minimum}` : '';
  const hi = s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : s.maximum !== undefined ? `≤ ${s.maximum}` : '';
  if (s.minimum !== undefined && s.maximum !== undefined) return `between ${s.minimum} and ${s.maximum}`;
  return lo && hi ? `${lo} and ${hi}` : lo || hi;
}

/** What a schema accepts, in words ("an array", "a file name"). */
function describe(s: TSchema): string {
  if (s[Kind] === 'Literal') return JSON.stringify(s.const);
  if (typeof s.title === 'string' && s[Kind] !== 'Object') return `a ${s.title}`;
  switch (s[Kind]) {
    case 'Object':
    case 'Record':
      return 'an object';
    case 'Array':
    case 'Tuple':
      return 'an array';
    case 'String':
      return 'a string';
    case 'Number':
      return 'a number';
    case 'Integer':
      return 'an integer';
    case 'Boolean':
      return 'true or false';
    default:
      return 'a valid value';
  }
}

function reasonFor(e: ValueError): string {
  const s = e.schema;
  const v = e.value;
  const n = Array.isArray(v) ? v.length : 0;
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'required field is missing';
    case ValueErrorType.ObjectAdditionalProperties:
      return unknownKeyReason(e.path, Object.keys((s.properties ?? {}) as object));
    case ValueErrorType.Number:
    case ValueErrorType.Integer:
    case ValueErrorType.String:
    case ValueErrorType.Boolean:
    case ValueErrorType.Object:
    case ValueErrorType.Array:
      return `expected ${describe(s)}, got ${showValue(v)}`;
    case ValueErrorType.Tuple:
    case ValueErrorType.TupleLength:
      if (s.title === 'position') return `expected a position [lon, lat], got ${showValue(v)}`;
      if (s.title === 'segment') return `expected a pair of positions [[lon, lat], [lon, lat]], got ${showValue(v)}`;
      return Array.isArray(v) ? `expected ${s.maxItems} values, got ${n}` : `expected an array, got ${showValue(v)}`;
    case ValueErrorType.ArrayMinItems:
      if (s.title === 'linear ring') return `a polygon ring needs at least 4 positions (the last repeating the first), got ${n}`;
      if (s.minItems === s.maxItems) return `expected ${s.minItems} values, got ${n}`;
      return `expected at least ${s.minItems} ${s.minItems === 1 ? 'value' : 'values'}, got ${n}`;
    case ValueErrorType.ArrayMaxItems:
      if (s.minItems === s.maxItems) return `expected ${s.maxItems} values, got ${n}`;
      return `expected at most ${s.maxItems} values, got ${n}`;
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.NumberExclusiveMinimum:
    case ValueErrorType.NumberExclusiveMaximum:
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.IntegerExclusiveMinimum:
    case ValueErrorType.IntegerExclusiveMaximum:
      return `must be ${bounds(s)}, got ${showValue(v)}`;
    case ValueErrorType.StringMinLength:
      return 'must not be empty';
    case ValueErrorType.StringPattern:
      return `${showValue(v)} does not match ${s.pattern}${s.description ? ` (${s.description})` : ''}`;
    case ValueErrorType.Literal:
      return `expected ${JSON.stringify(s.const)}, got ${showValue(v)}`;
    default:
      return e.message;
  }
}

/** Does the value have the basic JSON kind a schema wants (object, array, string…)? */
function kindFits(s: TSchema, v: unknown): boolean {
  switch (s[Kind]) {
    case 'Object':
    case 'Record':
      return isPlainObject(v);
    case 'Array':
    case 'Tuple':
      return Array.isArray(v);
    case 'String':
      return typeof v === 'string';
    case 'Number':
    case 'Integer':
      return typeof v === 'number';
    case 'Boolean':
      return typeof v === 'boolean';
    case 'Literal':
      return v === s.const;
    default:
      return true;
  }
}

/** Required keys of an object variant that the other candidate variants do not require. */
function distinctKeys(s: TSchema, others: readonly TSchema[]): string[] {
  const own: string[] = s[Kind] === 'Object' ? (s.required ?? []) : [];
  return own.filter((k) => others.every((o) => o === s || !(o.required ?? []).includes(k)));
}

type Sink = (pointer: string, reason: string, type?: ValueErrorType) => void;

function fromUnion(e: ValueError, sink: Sink): void {
  const variants: TSchema[] = e.schema.anyOf;
  const fits = variants.map((s, i) => ({ s, i })).filter(({ s }) => kindFits(s, e.value));
  if (fits.length === 0) {
    sink(e.path, `expected ${orList([...new Set(variants.map(describe))])}, got ${showValue(e.value)}`);
    return;
  }
  let chosen = fits;
  if (fits.length > 1 && isPlainObject(e.value)) {
    // Object variants told apart by a key only one of them has (roads.osm vs roads.geojson).
    const value = e.value;
    const schemas = fits.map((f) => f.s);
    const keys = fits.map((f) => distinctKeys(f.s, schemas));
    const present = fits.filter((_, j) => keys[j].some((k) => k in value));
    const all = keys.flat();
    if (present.length > 1) {
      sink(e.path, `give only one of ${orList(quoted(all.filter((k) => k in value)))}`);
      return;
    }
    if (present.length === 0) {
      let hinted = false;
      for (const k of Object.keys(value)) {
        const hint = closestKey(k, all);
        if (hint && !schemas.some((s) => k in (s.properties ?? {}))) {
          sink(`${e.path}/${k}`, `unknown key ${JSON.stringify(k)}; did you mean "${hint}"?`);
          hinted = true;
        }
      }
      if (!hinted) sink(e.path, `expected exactly one of ${orList(quoted(all))}`);
      return;
    }
    chosen = present;
  }
  // Still ambiguous: the variant with the fewest complaints is the likeliest intent.
  const lists = chosen.map((c) => [...e.errors[c.i]]);
  let best = 0;
  for (let j = 1; j < lists.length; j++) if (lists[j].length < lists[best].length) best = j;
  for (const inner of lists[best]) visit(inner, sink);
}

function visit(e: ValueError, sink: Sink): void {
  // TypeBox also checks a missing required field's (undefined) value; "missing" already says it.
  if (e.value === undefined && e.type !== ValueErrorType.ObjectRequiredProperty) return;
  if (e.type === ValueErrorType.Union) fromUnion(e, sink);
  else sink(e.path, reasonFor(e), e.type);
}

/** Every structural problem of `value` against `schema`, one per distinct path and reason. */
export function schemaProblems(schema: TSchema, value: unknown, file: string): Problem[] {
  const raw: { pointer: string; reason: string; type?: ValueErrorType }[] = [];
  for (const e of Value.Errors(schema, value)) visit(e, (pointer, reason, type) => raw.push({ pointer, reason, type }));
  // A GeoJSON object of the wrong "type" (a Point where a Polygon belongs) makes every error
  // about its coordinates noise: keep only the type mismatch.
  const wrongType = raw
    .filter((r) => r.type === ValueErrorType.Literal && r.pointer.endsWith('/type'))
    .map((r) => r.pointer.slice(0, -'type'.length));
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    if (wrongType.some((w) => r.pointer.startsWith(w) && r.pointer !== `${w}type`)) continue;
    const path = pointerToPath(r.pointer);
    const key = `${path}\u0000${r.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, path, reason: r.reason });
  }
  return out;
}
