// Entry of the live coverage thread (see coverage-thread.ts): loads the TypeScript worker side,
// then measures the coverage it is sent. A failure is reported through the shared signal,
// because the thread that started it may be blocked waiting for an answer.
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';

const { signal, port } = workerData;
try {
  const { serveCoverage } = await loadWorkerSide();
  serveCoverage(workerData, port, signal);
} catch (err) {
  port.postMessage({ failed: String(err?.stack ?? err) });
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
}

/** Bundled by esbuild it loads in a blink and needs none of the parent's loader flags; tsx is the fallback. */
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
