import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { RedisLease } from '../../adapters/whatsapp-baileys/index.js';
import { REDIS_URL, uniquePrefix } from '../helpers/db.js';
import { waitFor } from './support.js';

let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await redis?.quit();
});

const key = () => `${uniquePrefix('lease')}:wa:lease:default`;

describe('Redis lease: exactly one socket holder', () => {
  it('two instances: only one holds; release hands over at once', async () => {
    const k = key();
    const a = new RedisLease(redis, { key: k, ttlMs: 5000 });
    const b = new RedisLease(redis, { key: k, ttlMs: 5000 });
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect(await a.tryAcquire()).toBe(true); // re-entrant for the holder
    expect(await a.renew()).toBe(true);
    expect(await b.renew()).toBe(false);
    expect(await redis.get(k)).toBe(a.owner);
    await b.release(); // not the holder: no effect
    expect(await redis.get(k)).toBe(a.owner);
    await a.release();
    expect(await b.tryAcquire()).toBe(true);
    expect(await redis.get(k)).toBe(b.owner);
  });

  it('the holder stops renewing (crash): the other takes over after the TTL, and the old one cannot steal it back', async () => {
    const k = key();
    const a = new RedisLease(redis, { key: k, ttlMs: 300 });
    const b = new RedisLease(redis, { key: k, ttlMs: 300 });
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await waitFor(() => b.tryAcquire(), 2000, 'takeover');
    expect(await a.renew()).toBe(false);
    expect(await a.tryAcquire()).toBe(false);
    expect(await redis.get(k)).toBe(b.owner);
  });

  it('keepAlive renews past the TTL and reports the lease lost when someone else has it', async () => {
    const k = key();
    const a = new RedisLease(redis, { key: k, ttlMs: 300, renewEveryMs: 80 });
    const b = new RedisLease(redis, { key: k, ttlMs: 300 });
    expect(await a.tryAcquire()).toBe(true);
    const lost: string[] = [];
    a.keepAlive((reason) => lost.push(reason));
    await sleep(900);
    expect(await b.tryAcquire()).toBe(false);
    expect(lost).toEqual([]);
    // A partition: the key expired and B took it; A's next renewal must notice.
    await redis.set(k, b.owner, 'PX', 5000);
    await waitFor(() => lost.length > 0, 2000, 'lost callback');
    expect(a.isHeld).toBe(false);
    a.stopRenewing();
  });
});
