// Entry of a run thread (see run-thread.ts): loads the TypeScript worker side, then does its one
// task and ends. The starting thread sends the worker side bundled by esbuild (loads in a blink,
// and needs none of this process's loader flags); without a bundle, tsx loads the sources.
import { parentPort, workerData } from 'node:worker_threads';

const post = (m) => parentPort.postMessage(m);
try {
  const side = await loadWorkerSide(workerData.bundle);
  await side.doTask(workerData.task, post);
} catch (err) {
  post({ kind: 'failed', error: { reason: `the run thread failed: ${err?.message ?? err}` }, stack: String(err?.stack ?? err) });
}

async function loadWorkerSide(bundle) {
  if (typeof bundle === 'string') return import(`data:text/javascript;base64,${Buffer.from(bundle).toString('base64')}`);
  const { register } = await import('tsx/esm/api');
  register();
  return import('./run-worker.ts');
}
