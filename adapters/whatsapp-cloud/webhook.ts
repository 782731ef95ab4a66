import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../src/runtime/index.js';
import { enqueueDelivery, ingressQueue } from './ingress.js';

export const WEBHOOK_PATH = '/webhooks/whatsapp';

export interface WebhookSettings {
  verifyToken: string;
  appSecret: string;
  phoneNumberId?: string;
  /** Called once with the runtime when the plugin is registered (binds the sender too). */
  bind(runtime: Runtime): void;
}

/**
 * `GET /webhooks/whatsapp`: Meta's subscription check. `POST /webhooks/whatsapp`: signed
 * deliveries. The raw body parser is registered inside this plugin only (fastify encapsulation),
 * so the signature is computed over the exact bytes Meta signed, and no other route changes.
 */
export function cloudWebhookPlugin(settings: WebhookSettings): FastifyPluginAsync<{ runtime: Runtime }> {
  return async (app, { runtime }) => {
    settings.bind(runtime);
    const log = runtime.log.child({ mod: 'whatsapp-cloud' });
    const queue = ingressQueue(runtime);
    app.addHook('onClose', async () => queue.close());

    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.get(WEBHOOK_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      const q = request.query as Record<string, string | undefined>;
      if (q['hub.mode'] === 'subscribe' && sameSecret(q['hub.verify_token'], settings.verifyToken) && typeof q['hub.challenge'] === 'string') {
        return reply.type('text/plain').send(q['hub.challenge']);
      }
      log.warn({ mode: q['hub.mode'] }, 'webhook verification refused');
      return reply.code(403).type('text/plain').send('forbidden');
    });

    app.post(WEBHOOK_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = request.body;
      if (!Buffer.isBuffer(raw) || !verifySignature(raw, request.headers['x-hub-signature-256'], settings.appSecret)) {
        log.warn({ signed: request.headers['x-hub-signature-256'] !== undefined }, 'webhook signature refused');
        return reply.code(401).send({ error: 'UNAUTHENTICATED', message: 'invalid signature' });
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.code(400).send({ error: 'INPUT_INVALID', message: 'malformed JSON' });
      }
      if (typeof body !== 'object' || body === null) return reply.code(400).send({ error: 'INPUT_INVALID', message: 'not a webhook object' });
      try {
        await enqueueDelivery(queue, runtime, raw);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'webhook not stored; Meta will redeliver');
        return reply.code(500).send({ error: 'INTERNAL', message: 'retry later' });
      }
      return reply.code(200).type('text/plain').send('EVENT_RECEIVED');
    });
  };
}

const PREFIX = 'sha256=';

/**
 * Checks Meta's `X-Hub-Signature-256` header: `sha256=` then the hex HMAC-SHA256 of the raw
 * request body keyed with the app secret. Constant-time comparison; any malformed header is
 * simply "not valid".
 */
export function verifySignature(rawBody: Buffer, header: string | string[] | undefined, appSecret: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || !value.startsWith(PREFIX)) return false;
  const hex = value.slice(PREFIX.length).trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(hex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header value Meta would send for `rawBody` (tests, the bench, the stand-in). */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return PREFIX + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
