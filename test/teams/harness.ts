import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { createTeamsChannel, type TeamsChannel, type TeamsChannelOptions } from '../../adapters/teams/index.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { channelEndpoints, identities, inboundMessages, persons } from '../../src/db/schema.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import type { Runtime } from '../../src/runtime/index.js';
import { startMaia } from '../../src/runtime/maia.js';
import { REDIS_URL, testDatabase, uniquePrefix } from '../helpers/db.js';

/** The ids the fixtures were captured with; each test swaps them for fresh ones. */
export const FIXTURE = {
  appId: '9f2c2a3e-5b7d-4c1e-8a6f-2d4b6c8e0a1f',
  user: '29:1Xq3mT0vKpL8aZ2wQy7rN4uB6sD9fH1jE5cG0iO3tR8yU2wA4zX7vB9nM1kL6pQ3sD5fG8hJ0',
  aad: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
  personalChat:
    'a:1Kq9pZ3xW7vB2nM5tR8yU1iO4eA6sD0fG3hJ9kL2zX5cV8bN1mQ4wE7rT0yU3iO6pA9sD2fG5hJ8kL1zX4cV7bN0mQ3wE6rT9yU2iO5pA8sD1fG4hJ7kL0',
  team: '19:0f1e2d3c4b5a69788796a5b4c3d2e1f0@thread.tacv2',
  channel: '19:4a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
} as const;

export type Activity = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A fixture with its ids replaced (`FIXTURE.user` → a fresh user id…), so tests sharing a
 * database never collide, and its serviceUrl pointed at the Bot Connector stand-in.
 */
export function activity(name: string, replace: Record<string, string>): Activity {
  let json = readFileSync(new URL(`../fixtures/teams/${name}.json`, import.meta.url), 'utf8');
  for (const [from, to] of Object.entries(replace)) json = json.split(from).join(to);
  return JSON.parse(json) as Activity;
}

/** Fresh ids for one test: a user, their personal chat, a team and its channel. */
export function freshIds(serviceUrl: string) {
  const tag = randomUUID().replaceAll('-', '');
  const ids = {
    user: `29:${tag}`,
    aad: randomUUID(),
    personalChat: `a:${tag}`,
    team: `19:team${tag}@thread.tacv2`,
    channel: `19:chan${tag}@thread.tacv2`,
    message: String(Date.now()) + tag.slice(0, 6),
  };
  const replace: Record<string, string> = {
    [FIXTURE.user]: ids.user,
    [FIXTURE.aad]: ids.aad,
    [FIXTURE.personalChat]: ids.personalChat,
    [FIXTURE.team]: ids.team,
    [FIXTURE.channel]: ids.channel,
    [FIXTURE.serviceUrl]: serviceUrl,
  };
  let n = 0;
  /** A fixture for this test, with its own activity id (dedupe is per channel + id). */
  const load = (name: string): Activity => ({ ...activity(name, replace), id: `${ids.message}-${++n}` });
  return { ...ids, replace, load };
}

export interface Harness {
  config: Config;
  runtime: Runtime;
  app: FastifyInstance;
  channel: TeamsChannel;
  close(): Promise<void>;
}

/** The full MAIA: real engine, Postgres, Redis and workers, with the Teams channel mounted. */
export async function startHarness(dbSuffix: string, env: Record<string, string>, opts: TeamsChannelOptions = {}): Promise<Harness> {
  const config = loadConfig({
    DATABASE_URL: await testDatabase(dbSuffix),
    REDIS_URL,
    QUEUE_PREFIX: uniquePrefix('teams'),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...env,
  });
  const log = createLogger('silent');
  const channel = createTeamsChannel(config, log, opts);
  // The production composition (every step), so card actions reach the ticket handlers.
  const runtime = await startMaia(config, {
    log,
    adapters: { teams: channel.adapter },
    workers: true,
    workerOptions: { stalledInterval: 1000, lockDuration: 5000 },
  });
  await channel.start(runtime);
  const app = await buildApp({ runtime, plugins: [{ plugin: channel.plugin }] });
  return {
    config,
    runtime,
    app,
    channel,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

/** A mentor of the directory, reachable on Teams as `teamsUserId`. */
export async function insertMentor(runtime: Runtime, teamsUserId: string): Promise<string> {
  const [person] = await runtime.db.insert(persons).values({ role: 'mentor', registeredBy: 'nqt', firstName: 'Claire' }).returning();
  await runtime.db.insert(identities).values({ personId: person!.id, channel: 'teams', kind: 'teams', value: teamsUserId });
  return person!.id;
}

export async function inboundRow(runtime: Runtime, channelMessageId: string) {
  const [row] = await runtime.db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channel, 'teams'), eq(inboundMessages.channelMessageId, channelMessageId)));
  return row;
}

export async function endpointRow(runtime: Runtime, address: string) {
  const [row] = await runtime.db
    .select()
    .from(channelEndpoints)
    .where(and(eq(channelEndpoints.channel, 'teams'), eq(channelEndpoints.address, address)));
  return row;
}

export function post(app: FastifyInstance, body: Activity, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/messages', payload: body, headers: { 'content-type': 'application/json', ...headers } });
}
