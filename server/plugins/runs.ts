// Server-side simulation runs: POST /api/runs queues one (on the live scenario, or on an inline
// scenario document validated as `xunfang validate` does), GET /api/runs/:id shows its state,
// progress and, once done, the result `xunfang run` writes; GET /api/runs lists the latest and
// DELETE /api/runs/:id cancels one. Runs go one at a time in a worker thread (run-manager.ts).
// Shared (fastify-plugin), so /metrics can read the queue as `app.runs`.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { namedFiles, validateScenario } from '../../sim/scenario/validate-scenario.ts';
import { RUN, VIEW } from '../auth/roles.ts';
import { ReportError } from '../live/report-errors.ts';
import { RunManager } from '../runs/run-manager.ts';
import { scenarioField, type RunProblem } from '../runs/run-worker.ts';
import { simInput } from '../scenario/sim-input.ts';

declare module 'fastify' {
  interface FastifyInstance {
    runs: RunManager;
  }
}

/** The longest run the server takes, in days (longer ones are for `xunfang run`). */
export const MAX_RUN_DAYS = 31;
/** Coverage sampled more often than this would make a run mostly sampling. */
const MIN_SAMPLE_SECONDS = 10;

const CreateSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "a label (default: the scenario's name)" })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1, description: 'random seed (default 1)' })),
    days: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: MAX_RUN_DAYS, description: 'simulated days (default 1)' })),
    sampleEverySeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86400, description: `seconds between coverage samples (default 60; 0 = none; else at least ${MIN_SAMPLE_SECONDS})` })),
    scenario: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: "an inline scenario: scenario.json's content, naming no files (default: the server's own scenario)" }),
    ),
  },
  { additionalProperties: false },
);
type CreateBody = { name?: string; seed?: number; days?: number; sampleEverySeconds?: number; scenario?: Record<string, unknown> };
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const ListQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'how many, newest first (default 50)' })) }, { additionalProperties: false });

/** The problems an inline document shows without building its roads: files it names, then schema and reference checks. */
function documentProblems(doc: unknown): Required<RunProblem>[] {
  const named = namedFiles(doc);
  if (named.length > 0) {
    return named.map((f) => ({ field: scenarioField(f.path), reason: `names the file "${f.name}": an inline scenario must hold everything itself (files are not uploaded)` }));
  }
  return validateScenario(doc, { file: 'scenario.json' }).map((p) => ({ field: scenarioField(p.path), reason: p.reason }));
}

/** 400 naming the first problem's field, with every problem listed. */
function refuse(reply: FastifyReply, problems: Required<RunProblem>[]) {
  const [first] = problems;
  const more = problems.length - 1;
  return reply.code(400).send({
    error: 'bad_request',
    field: first.field,
    reason: more > 0 ? `${first.reason} (and ${more} more ${more === 1 ? 'problem' : 'problems'}, listed in problems)` : first.reason,
    problems,
  });
}

export default fp(
  async function runs(app: FastifyInstance) {
    const manager = new RunManager(app.db, { log: (msg) => app.log.error(msg) });
    const interrupted = manager.recover();
    if (interrupted > 0) app.log.warn(`${interrupted} run(s) left unfinished by the last process were marked failed`);
    app.decorate('runs', manager);
    app.addHook('onClose', async () => manager.close());

    app.post<{ Body: CreateBody }>(
      '/api/runs',
      {
        config: { roles: RUN },
        schema: { body: CreateSchema },
        // An empty request takes every default.
        preValidation: async (req) => {
          req.body ??= {};
        },
      },
      async (req, reply) => {
        const b = req.body;
        const every = b.sampleEverySeconds;
        if (every !== undefined && every > 0 && every < MIN_SAMPLE_SECONDS) {
          throw new ReportError('body.sampleEverySeconds', `must be 0 (no coverage sampling) or at least ${MIN_SAMPLE_SECONDS} s, got ${every}`);
        }
        manager.assertRoom();
        let scenario;
        if (b.scenario === undefined) {
          const live = app.live.scenario;
          scenario = { name: live.scenario.name, input: () => simInput(live) };
        } else {
          const problems = documentProblems(b.scenario);
          if (problems.length > 0) return refuse(reply, problems);
          const loaded = await manager.loadInline(b.scenario);
          if (!loaded.ok) return refuse(reply, loaded.problems);
          scenario = { name: loaded.input.name, input: loaded.input, doc: b.scenario };
        }
        const run = manager.create({
          ...(b.name !== undefined ? { name: b.name } : {}),
          seed: b.seed ?? 1,
          days: b.days ?? 1,
          ...(every !== undefined ? { sampleEverySeconds: every } : {}),
          scenario,
        });
        return reply.code(202).header('location', `/api/runs/${run.id}`).send(run);
      },
    );

    app.get<{ Querystring: { limit?: string } }>('/api/runs', { config: { roles: VIEW }, schema: { querystring: ListQuery } }, async (req) => ({
      runs: manager.list(Number(req.query.limit ?? '50')),
      ...manager.counts(),
    }));

    app.get<{ Params: { id: string } }>('/api/runs/:id', { config: { roles: VIEW }, schema: { params: IdParams } }, async (req, reply) => {
      const run = manager.get(req.params.id);
      if (!run) throw new ReportError('id', `no run "${req.params.id}"`, 'not_found');
      const head = JSON.stringify(run);
      const result = run.state === 'done' ? manager.resultJson(run.id) : null;
      // The stored result goes out as stored: a month's result is not parsed again to be sent.
      return reply.type('application/json; charset=utf-8').send(result === null ? head : `${head.slice(0, -1)},"result":${result}}`);
    });

    app.delete<{ Params: { id: string } }>('/api/runs/:id', { config: { roles: RUN }, schema: { params: IdParams } }, async (req) => {
      const out = manager.cancel(req.params.id);
      if (!out) throw new ReportError('id', `no run "${req.params.id}"`, 'not_found');
      if (!out.cancelled) throw new ReportError('id', `run ${out.run.id} is ${out.run.state} already; only queued or running runs can be cancelled`, 'conflict');
      return out.run;
    });
  },
  { name: 'runs' },
);
