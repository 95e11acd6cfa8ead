// Loads the TypeScript side of a worker thread. Bundled into one module by esbuild it loads in
// about 100 ms and needs none of the parent's loader flags; tsx's loader takes three times as
// long to start (a hooks thread, then a round trip per module). tsx remains the fallback.
import { fileURLToPath } from 'node:url';

/** The module at `entry` (a file URL of a .ts file). */
export async function loadWorkerSide(entry) {
  let code = null;
  try {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({ entryPoints: [fileURLToPath(entry)], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
    code = out.outputFiles[0].text;
  } catch {
    code = null;
  }
  if (code !== null) return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const { register } = await import('tsx/esm/api');
  register();
  return import(entry.href);
}
