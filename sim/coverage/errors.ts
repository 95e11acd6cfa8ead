// Input problems of the coverage engine, named by field so the simulator, the server and the CLI
// can report them as they are (`zones[2] (Z-OLD): contains no road segment`).

export class CoverageInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'CoverageInputError';
  }
}
