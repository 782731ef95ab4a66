import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { Channel } from '../../src/engine/messages.js';
import type { ChannelAdapter } from '../../src/outbox/sealed.js';
import { createRuntime, type Runtime } from '../../src/runtime/index.js';
import { REDIS_URL, testDatabase, uniquePrefix } from '../helpers/db.js';

export const CLOUD_ENV = {
  WHATSAPP_MODE: 'cloud',
  WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token-for-tests',
  WHATSAPP_CLOUD_APP_SECRET: 'app-secret-for-tests',
  WHATSAPP_CLOUD_ACCESS_TOKEN: 'access-token-for-tests',
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
} as const;

/** A configuration on the WhatsApp test database with its own queue prefix. */
export async function testConfig(env: Record<string, string> = {}): Promise<Config> {
  return loadConfig({
    DATABASE_URL: await testDatabase('whatsapp'),
    REDIS_URL,
    QUEUE_PREFIX: uniquePrefix('wa'),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...env,
  });
}

export async function testRuntime(config: Config, adapters: Partial<Record<Channel, ChannelAdapter>>, workers = true): Promise<Runtime> {
  const runtime = await createRuntime({
    config,
    adapters,
    workerOptions: { stalledInterval: 1000, lockDuration: 5000 },
  });
  if (workers) await runtime.startWorkers();
  return runtime;
}

/** A French mobile number no other test uses (digits only, as Meta's `wa_id`). */
export function randomMsisdn(): string {
  return `336${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

export function randomId(prefix = 'wamid.'): string {
  return `${prefix}${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
}

/** A Meta webhook fixture with its placeholders filled. */
export function cloudFixture(name: string, vars: Record<string, string>): string {
  let text = readFileSync(new URL(`../fixtures/whatsapp/cloud/${name}.json`, import.meta.url), 'utf8');
  const all: Record<string, string> = { PHONE_NUMBER_ID: CLOUD_ENV.WHATSAPP_CLOUD_PHONE_NUMBER_ID, TS: String(Math.floor(Date.now() / 1000)), ...vars };
  for (const [k, v] of Object.entries(all)) text = text.replaceAll(`{{${k}}}`, v);
  return text;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, label = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}`);
    await sleep(25);
  }
}

export interface GraphCall {
  status?: number;
  /** What the stand-in answered (its wamid is `response.messages[0].id`). */
  response?: any;
  path: string;
  auth: string | undefined;
  body: Record<string, any>;
}

export type GraphResponder = (call: GraphCall, index: number) => { status: number; body: unknown; headers?: Record<string, string> } | undefined;

/**
 * A local stand-in for the Graph API speaking its wire format: `POST /{phone-id}/messages`
 * answers `{messaging_product, contacts, messages:[{id: wamid}]}` unless a responder says otherwise.
 */
export async function graphStandIn(responder?: GraphResponder): Promise<{ url: string; calls: GraphCall[]; close(): Promise<void> }> {
  const calls: GraphCall[] = [];
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call: GraphCall = { path: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') };
      const index = n++;
      const custom = responder?.(call, index);
      const status = custom?.status ?? 200;
      call.status = status;
      calls.push(call);
      const body = custom?.body ?? {
        messaging_product: 'whatsapp',
        contacts: [{ input: call.body.to, wa_id: call.body.to }],
        messages: [{ id: `wamid.standin${index}${Math.random().toString(36).slice(2, 8)}` }],
      };
      call.response = body;
      res.writeHead(status, { 'content-type': 'application/json', ...custom?.headers });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
