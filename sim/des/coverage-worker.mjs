// Entry of a coverage worker thread (see coverage-blocks.ts): loads the TypeScript sources,
// then measures the blocks it is sent. A failure is reported through the shared signal, because
// the thread that started it may be busy and not reading events.
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';

const { signal, port } = workerData;
try {
  const { serveCoverageBlocks } = await loadWorkerSide();
  serveCoverageBlocks(workerData, port, signal);
} catch (err) {
  port.postMessage({ failed: String(err?.stack ?? err) });
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
}

/**
 * The worker side is TypeScript. Bundled into one module by esbuild it loads in about 100 ms;
 * tsx's loader takes three times as long to start (a hooks thread, then a round trip per
 * module), and a helper that starts late measures fewer of a short run's samples. tsx remains
 * the fallback.
 */
async function loadWorkerSide() {
  const entry = fileURLToPath(new URL('./coverage-worker.ts', import.meta.url));
  let code = null;
  try {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
    code = out.outputFiles[0].text;
  } catch {
    code = null;
  }
  if (code !== null) return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const { register } = await import('tsx/esm/api');
  register();
  return import('./coverage-worker.ts');
}
