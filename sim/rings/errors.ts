// Input problems of the rings API, named by field so HTTP and CLI callers can report them as-is.

export class RingsInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'RingsInputError';
  }
}
