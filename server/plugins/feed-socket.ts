// Position feeds over socket.io (namespace /feed): the built-in demo feed reports this way, and
// so can a bridge from another tracking system. Same checks and answers as POST /api/positions;
// a malformed event gets an error answer (when it asked for one) and the connection stays open.

import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyInstance } from 'fastify';
import type { Namespace } from 'socket.io';
import { FEED_NAMESPACE, type FeedClientToServerEvents, type FeedServerToClientEvents } from '../../shared/feed-protocol.ts';
import { PositionBatchSchema, type BatchAnswer, type ErrorBody } from '../../shared/live-schema.ts';
import { REPORT } from '../auth/roles.ts';
import type { TokenInfo } from '../auth/tokens.ts';
import { applyBatch } from '../ingest/apply-batch.ts';
import { countBatch } from './ingestion.ts';

const checkBatch = TypeCompiler.Compile(PositionBatchSchema);

/** The first schema problem of a batch, named like the HTTP route names it. */
function batchProblem(batch: unknown): ErrorBody | null {
  if (checkBatch.Check(batch)) return null;
  const first = checkBatch.Errors(batch).First();
  const field = first?.path ? `body${first.path.replace(/\//g, '.')}` : 'body';
  return { error: 'bad_request', field, reason: first?.message ?? 'not a batch of reports' };
}

export default async function feedSocket(app: FastifyInstance) {
  const feed = app.io.of(FEED_NAMESPACE) as unknown as Namespace<FeedClientToServerEvents, FeedServerToClientEvents, Record<string, never>, { who: TokenInfo }>;
  feed.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    const who = typeof token === 'string' ? app.tokens.lookup(token) : null;
    if (!who) return next(new Error('unauthorized: send auth: { token }'));
    if (who.role !== 'admin' && !REPORT.includes(who.role)) return next(new Error(`forbidden: role ${who.role} may not report positions`));
    socket.data.who = who;
    next();
  });
  feed.on('connection', (socket) => {
    socket.on('positions', (batch: unknown, ack: unknown) => {
      const answer = (a: BatchAnswer | ErrorBody) => {
        if (typeof ack === 'function') (ack as (x: BatchAnswer | ErrorBody) => void)(a);
      };
      const problem = batchProblem(batch);
      if (problem) return answer(problem);
      try {
        const result = applyBatch(app.live.units, socket.data.who, (batch as { reports: Parameters<typeof applyBatch>[2] }).reports);
        countBatch(app, 'feed', result);
        answer(result);
      } catch (err) {
        app.log.error({ err }, 'feed batch failed');
        answer({ error: 'internal', reason: 'the batch could not be applied' });
      }
    });
  });
  app.addHook('preClose', async () => {
    feed.local.disconnectSockets(true);
  });
}
