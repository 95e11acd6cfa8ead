// Why a request was refused (a position report, a call, an incident action): the field it names,
// the reason in words, and a stable code (the HTTP layer turns these into 4xx answers).

export type ReportErrorCode = 'bad_request' | 'unknown_unit' | 'not_found' | 'conflict' | 'forbidden';

export class ReportError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly code: ReportErrorCode = 'bad_request',
  ) {
    super(`${field}: ${reason}`);
    this.name = 'ReportError';
  }
}
