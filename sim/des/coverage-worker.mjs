// Entry of a coverage worker thread (see coverage-blocks.ts): loads the TypeScript sources,
// then measures the blocks it is sent. A failure is reported through the shared signal, because
// the thread that started it may be busy and not reading events. (A helper that starts late
// measures fewer of a short run's samples: hence the bundle, see worker-side.mjs.)
import { workerData } from 'node:worker_threads';
import { loadWorkerSide } from '../worker-side.mjs';

const { signal, port } = workerData;
try {
  const { serveCoverageBlocks } = await loadWorkerSide(new URL('./coverage-worker.ts', import.meta.url));
  serveCoverageBlocks(workerData, port, signal);
} catch (err) {
  port.postMessage({ failed: String(err?.stack ?? err) });
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
}
