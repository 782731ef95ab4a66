import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AdminToken, StaffRole } from '../config/index.js';
import { escalations, persons, rightsRequests } from '../db/schema.js';
import { AppError } from '../errors.js';
import { indicators } from '../admin/report.js';
import { applyRetention } from '../admin/retention.js';
import { registerYouth, registerYouthInput } from '../admin/register.js';
import { journal } from '../privacy/audit.js';
import { eraseExchanges, removeErasedJobs } from '../privacy/erase.js';
import { exportPersonData } from '../privacy/export.js';
import type { Runtime } from '../runtime/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    staff?: AdminToken;
  }
}

const why = z.object({ why: z.string().trim().min(3, 'say why (journaled)').max(500) });
const uuid = z.object({ id: z.string().uuid() });
const range = z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() });
const ONE_MONTH_MS = 30 * 86_400_000;

/**
 * The admin API: every action that affects a person is done by a named human (their bearer
 * token names them), allowed by role (admin, cdm = chargé de mission, dpo), and journaled
 * with who, what, when and why. Unauthenticated → 401, under-privileged → 403.
 */
export const adminPlugin: FastifyPluginAsync<{ runtime: Runtime }> = async (app, { runtime }) => {
  const tokens = runtime.config.adminTokens.map((t) => ({ ...t, buf: Buffer.from(t.token) }));

  const authenticate = (req: FastifyRequest): AdminToken => {
    const header = req.headers.authorization ?? '';
    const presented = Buffer.from(header.replace(/^Bearer\s+/i, ''));
    const found = tokens.find((t) => t.buf.length === presented.length && timingSafeEqual(t.buf, presented));
    if (!found) throw new AppError('UNAUTHENTICATED', 'missing or invalid bearer token');
    return found;
  };
  const allow = (...roles: StaffRole[]) => async (req: FastifyRequest) => {
    req.staff = authenticate(req);
    if (!roles.includes(req.staff.role)) {
      await journal(runtime.db, { actor: `staff:${req.staff.name}`, action: 'admin.denied', detail: { route: req.routeOptions.url, role: req.staff.role } });
      throw new AppError('FORBIDDEN', `role ${req.staff.role} may not do this`);
    }
  };
  const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const r = schema.safeParse(value ?? {});
    if (!r.success) throw new AppError('INPUT_INVALID', r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    return r.data;
  };
  const audit = (req: FastifyRequest, action: string, subjectId?: string, reason?: string, detail?: Record<string, unknown>) =>
    journal(runtime.db, { actor: `staff:${req.staff!.name}`, action, subject: subjectId ? runtime.pseudo(`person:${subjectId}`) : undefined, why: reason, detail: { role: req.staff!.role, ...detail } });
  const person = async (id: string) => {
    const [p] = await runtime.db.select().from(persons).where(eq(persons.id, id));
    if (!p) throw new AppError('NOT_FOUND', 'no such person');
    return p;
  };

  app.post('/admin/youths', { preHandler: allow('admin', 'cdm') }, async (req, reply) => {
    const input = parse(registerYouthInput, req.body);
    const result = await registerYouth(runtime, input);
    await audit(req, 'youth.registered', result.personId, undefined, { created: result.created });
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.post('/admin/persons/:id/suspend', { preHandler: allow('admin', 'cdm') }, async (req) => {
    const { id } = parse(uuid, req.params);
    const body = parse(why, req.body);
    await person(id);
    await runtime.db.update(persons).set({ status: 'suspended', suspendedAt: new Date(), suspensionReason: body.why }).where(eq(persons.id, id));
    await audit(req, 'person.suspended', id, body.why);
    return { status: 'suspended' };
  });

  app.post('/admin/persons/:id/reinstate', { preHandler: allow('admin', 'cdm') }, async (req) => {
    const { id } = parse(uuid, req.params);
    const body = parse(why, req.body);
    await person(id);
    await runtime.db.update(persons).set({ status: 'active', suspendedAt: null, suspensionReason: null, flaggedAt: null, misuseCount: 0 }).where(eq(persons.id, id));
    await audit(req, 'person.reinstated', id, body.why);
    return { status: 'active' };
  });

  // Erasure asked by someone other than the youth (e.g. a request by e-mail to the DPO).
  app.post('/admin/persons/:id/erase', { preHandler: allow('admin', 'dpo') }, async (req) => {
    const { id } = parse(uuid, req.params);
    const body = parse(why, req.body);
    await person(id);
    const subject = runtime.pseudo(`person:${id}`);
    const report = await runtime.db.transaction(async (tx) => {
      const r = await eraseExchanges(tx, id, { actor: `staff:${req.staff!.name}`, subject, why: body.why, pseudo: runtime.pseudo });
      await tx.insert(rightsRequests).values({ subject, kind: 'erasure', requestedBy: req.staff!.name, status: 'done', dueAt: new Date(Date.now() + ONE_MONTH_MS), closedAt: new Date() });
      return r;
    });
    await removeErasedJobs(runtime.queues, report);
    await audit(req, 'admin.erase', id, body.why);
    const { inboundIds: _i, outboundIds: _o, ...counts } = report;
    return { erased: counts };
  });

  app.get('/admin/persons/:id/export', { preHandler: allow('dpo', 'admin') }, async (req, reply) => {
    const { id } = parse(uuid, req.params);
    await person(id);
    const text = await exportPersonData(runtime.db, runtime.sealer, id);
    await audit(req, 'admin.export', id);
    return reply.type('text/plain; charset=utf-8').send(text);
  });

  app.post('/admin/escalations/:id/close', { preHandler: allow('admin', 'cdm') }, async (req) => {
    const { id } = parse(uuid, req.params);
    const body = parse(why, req.body);
    const [esc] = await runtime.db.update(escalations).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(escalations.id, id)).returning();
    if (!esc) throw new AppError('NOT_FOUND', 'no such escalation');
    await audit(req, 'escalation.closed', esc.personId, body.why, { kind: esc.kind });
    return { status: 'resolved' };
  });

  app.get('/admin/rights-requests', { preHandler: allow('dpo', 'admin') }, async (req) => {
    const rows = await runtime.db.select().from(rightsRequests).orderBy(rightsRequests.dueAt);
    await audit(req, 'rights.listed');
    return rows.map((r) => ({ ...r, overdue: r.status === 'open' && r.dueAt < new Date() }));
  });

  app.post('/admin/rights-requests', { preHandler: allow('dpo', 'admin') }, async (req, reply) => {
    const body = parse(z.object({ subject: z.string().min(1).max(200), kind: z.enum(['access', 'erasure', 'rectification', 'objection', 'other']) }), req.body);
    const [row] = await runtime.db
      .insert(rightsRequests)
      .values({ subject: body.subject, kind: body.kind, requestedBy: req.staff!.name, dueAt: new Date(Date.now() + ONE_MONTH_MS) })
      .returning();
    await audit(req, 'rights.opened', undefined, undefined, { kind: body.kind });
    return reply.status(201).send(row);
  });

  app.get('/admin/report', { preHandler: allow('admin', 'cdm', 'dpo') }, async (req) => {
    const q = parse(range, req.query);
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 30 * 86_400_000);
    await audit(req, 'report.viewed');
    return indicators(runtime.db, from, to);
  });

  app.post('/admin/retention/run', { preHandler: allow('admin', 'dpo') }, async (req) => {
    const report = await applyRetention(runtime);
    await audit(req, 'retention.run');
    return report;
  });
};
