import { largeCity, timeRun, speedNote } from '../bench/sim-bench.ts';
const t0 = performance.now();
const input = largeCity(42);
console.log('build', (performance.now() - t0).toFixed(0), 'ms', input.graph.nodeCount);
const b = timeRun(input, 42, 0.25, 900);
console.log(b.wallMs.toFixed(0), 'ms', speedNote(b));
