// Writing command results: to a file when --out is given (creating folders), else to stdout.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './options.ts';

export async function writeOutput(out: string | undefined, text: string): Promise<void> {
  if (!out) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, text.endsWith('\n') ? text : `${text}\n`);
  process.stderr.write(`wrote ${out}\n`);
}

export async function readJsonFile(file: string, field: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(field, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(field, `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Rounds seconds for output; null stands for unreachable. */
export const roundSeconds = (s: number): number | null => (Number.isFinite(s) ? Math.round(s * 10) / 10 : null);
