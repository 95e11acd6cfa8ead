// Entry of a coverage worker thread (see coverage-blocks.ts): loads the TypeScript sources,
// then measures the blocks it is sent. A failure is reported through the shared signal, because
// the thread that started it may be busy and not reading events.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const { signal, port } = workerData;
try {
  register();
  const { serveCoverageBlocks } = await import('./coverage-worker.ts');
  serveCoverageBlocks(workerData.setup, workerData.topology, port, signal);
} catch (err) {
  port.postMessage({ failed: String(err?.stack ?? err) });
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
}
