// A task of run-worker.ts in its own worker thread, so that neither loading a scenario nor a run
// ever holds up the server's event loop. The worker side is TypeScript: it is bundled once per
// process by esbuild (off this thread, in esbuild's own process) and handed to every thread,
// which loads it in a fraction of a second and needs none of this process's loader flags (tsx
// under `serve`, vite under vitest). Without esbuild, a thread falls back to tsx.

import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Plugin } from 'esbuild';
import type { RunReport, RunTask } from './run-worker.ts';

const WORKER_SIDE = fileURLToPath(new URL('./run-worker.ts', import.meta.url));

/**
 * Bundled code runs from a data: URL, where `import.meta.url` would say nothing of where a module
 * lives. Each source file gets its own file URL in its place, so paths built from it (the default
 * scenario's directory, the coverage helper's entry) stay right.
 */
const keepFileUrls: Plugin = {
  name: 'keep-file-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

let bundle: Promise<string | null> | null = null;

/** The worker side as one ES module, built on first use; null when esbuild cannot build it. */
export function workerBundle(): Promise<string | null> {
  bundle ??= (async () => {
    try {
      const esbuild = await import('esbuild');
      const out = await esbuild.build({
        entryPoints: [WORKER_SIDE],
        bundle: true,
        format: 'esm',
        platform: 'node',
        write: false,
        logLevel: 'silent',
        plugins: [keepFileUrls],
        // CommonJS dependencies may require() Node's own modules.
        banner: { js: `import { createRequire as __xfRequire } from 'node:module'; const require = __xfRequire(${JSON.stringify(pathToFileURL(WORKER_SIDE).href)});` },
      });
      return out.outputFiles[0].text;
    } catch {
      return null;
    }
  })();
  return bundle;
}

export interface TaskThread {
  /** ends the thread (or keeps it from starting); nothing more is reported */
  stop(): Promise<void>;
}

/**
 * Starts `task` in a new thread. `onReport` gets its progress and then exactly one final report
 * (loaded, invalid, done or failed), unless the task is stopped first. A thread that dies without
 * a final report is reported failed.
 */
export function startTask(task: RunTask, onReport: (r: RunReport) => void, log?: (msg: string) => void): TaskThread {
  let worker: Worker | null = null;
  let over = false;
  const finish = (r: RunReport) => {
    if (over) return;
    over = true;
    onReport(r);
    void worker?.terminate();
  };
  void workerBundle().then((code) => {
    if (over) return;
    try {
      worker = new Worker(new URL('./run-worker.mjs', import.meta.url), { workerData: { bundle: code, task }, execArgv: [] });
    } catch (err) {
      finish({ kind: 'failed', error: { reason: `cannot start a run thread: ${(err as Error).message}` } });
      return;
    }
    worker.on('message', (m: RunReport & { stack?: string }) => {
      if (m.kind === 'progress') {
        if (!over) onReport(m);
        return;
      }
      if (m.stack && log) log(m.stack);
      finish(m);
    });
    worker.on('error', (err) => {
      log?.(String(err?.stack ?? err));
      finish({ kind: 'failed', error: { reason: `the run thread failed: ${err.message}` } });
    });
    worker.on('exit', (code) => finish({ kind: 'failed', error: { reason: `the run thread ended without a result (exit code ${code})` } }));
  });
  return {
    stop: async () => {
      over = true;
      await worker?.terminate();
    },
  };
}
