// One catalogue of error answers: every 4xx names the field (when there is one) and the reason,
// with a stable code. Unexpected errors are logged and answered 500 without internals.

import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ReportError } from '../live/report-errors.ts';

export type ErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'unknown_unit' | 'not_found' | 'conflict' | 'rate_limited' | 'payload_too_large' | 'unsupported_media_type' | 'internal';

interface ErrorBody {
  error: ErrorCode;
  field?: string;
  reason: string;
}

/** Field name from a validation path ("/reports/0/lat" → "reports[0].lat"). */
const fieldOf = (path: string, missing?: unknown): string => {
  const parts = path.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`));
  if (typeof missing === 'string') parts.push(`.${missing}`);
  return parts.join('').replace(/^\./, '');
};

export default fp(async function errors(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: 'not_found', reason: `no route ${req.method} ${req.url.split('?')[0]}` } satisfies ErrorBody);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ReportError) {
      const status = err.code === 'unknown_unit' || err.code === 'not_found' ? 404 : err.code === 'conflict' ? 409 : err.code === 'forbidden' ? 403 : 400;
      return reply.code(status).send({ error: err.code, field: err.field, reason: err.reason } satisfies ErrorBody);
    }
    if (err.validation) {
      const v = err.validation[0];
      const params = v.params as { missingProperty?: unknown; additionalProperty?: unknown };
      const field = fieldOf(v.instancePath ?? '', params?.missingProperty ?? params?.additionalProperty);
      const where = err.validationContext ?? 'body';
      return reply.code(400).send({ error: 'bad_request', field: field ? `${where}.${field}` : where, reason: v.message ?? 'is invalid' } satisfies ErrorBody);
    }
    if (err.statusCode === 429) return reply.code(429).send({ error: 'rate_limited', reason: (err as unknown as { reason?: string }).reason ?? err.message } satisfies ErrorBody);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'payload_too_large', reason: err.message } satisfies ErrorBody);
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: 'unsupported_media_type', reason: err.message } satisfies ErrorBody);
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: 'bad_request', field: 'body', reason: err.message } satisfies ErrorBody);
    }
    req.log.error({ err }, 'unexpected error');
    return reply.code(500).send({ error: 'internal', reason: 'internal error (logged)' } satisfies ErrorBody);
  });
});
