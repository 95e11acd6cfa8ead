// Entry of the live coverage thread (see coverage-thread.ts): loads the TypeScript worker side
// (worker-side.mjs), then measures the coverage it is sent and helps draw contours. A failure is reported through the
// shared signal, because the thread that started it may be blocked waiting for an answer.
import { workerData } from 'node:worker_threads';
import { loadWorkerSide } from '../../sim/worker-side.mjs';

const { signal, port } = workerData;
try {
  const { serveCoverage } = await loadWorkerSide(new URL('./coverage-worker.ts', import.meta.url));
  serveCoverage(workerData, port, signal);
} catch (err) {
  port.postMessage({ kind: 'failed', failed: String(err?.stack ?? err) });
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
}
