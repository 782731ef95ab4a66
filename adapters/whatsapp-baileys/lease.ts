import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// Compare-and-renew / compare-and-delete: only the holder may extend or release the lease,
// so a process that paused past the TTL cannot steal it back from its successor.
const ACQUIRE = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if v then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface LeaseOptions {
  /** Redis key of the lease, e.g. `maia:wa:lease:default`. */
  key: string;
  /** Lease time-to-live. Default 30 s: a dead holder is replaced within that. */
  ttlMs?: number;
  /** Renewal period. Default a third of the TTL, so two renewals can fail before expiry. */
  renewEveryMs?: number;
  /** Identifies this process in the lease value. Default a random UUID. */
  owner?: string;
}

/**
 * "Exactly one process holds the WhatsApp socket": a Redis lease (`SET key owner NX PX ttl`)
 * renewed on a timer while held. When renewal fails (Redis unreachable past the TTL, or someone
 * else holds it), `onLost` fires and the holder must close its socket at once.
 */
export class RedisLease {
  readonly owner: string;
  readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private lastOk = Date.now();

  constructor(
    private readonly redis: Redis,
    private readonly opts: LeaseOptions,
  ) {
    this.owner = opts.owner ?? randomUUID();
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.renewEveryMs = opts.renewEveryMs ?? Math.floor(this.ttlMs / 3);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lease if free (or already ours). Does not start renewing. */
  async tryAcquire(): Promise<boolean> {
    const ok = (await this.redis.eval(ACQUIRE, 1, this.opts.key, this.owner, String(this.ttlMs))) === 1;
    this.held = ok;
    return ok;
  }

  /** Extends the lease if still ours. */
  async renew(): Promise<boolean> {
    const ok = (await this.redis.eval(RENEW, 1, this.opts.key, this.owner, String(this.ttlMs))) === 1;
    this.held = ok;
    return ok;
  }

  /** Renews on a timer; `onLost` is called once if the lease is lost. */
  keepAlive(onLost: (reason: string) => void): void {
    this.stopRenewing();
    this.timer = setInterval(() => {
      this.renew().then(
        (ok) => {
          if (ok) this.lastOk = Date.now();
          else this.lost(onLost, 'taken by another process or expired');
        },
        (err: Error) => {
          // Redis down: keep trying until the TTL would have passed, then give up the socket.
          if (Date.now() - this.lastOk > this.ttlMs) this.lost(onLost, `redis unreachable: ${err.message}`);
        },
      );
    }, this.renewEveryMs);
    this.timer.unref();
    this.lastOk = Date.now();
  }

  stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops renewing and deletes the lease if ours, so a successor starts at once. */
  async release(): Promise<void> {
    this.stopRenewing();
    if (!this.held) return;
    this.held = false;
    await this.redis.eval(RELEASE, 1, this.opts.key, this.owner).catch(() => undefined);
  }

  /** The current holder's id, if any. */
  async holder(): Promise<string | null> {
    return this.redis.get(this.opts.key);
  }

  private lost(onLost: (reason: string) => void, reason: string) {
    if (!this.timer) return;
    this.stopRenewing();
    this.held = false;
    onLost(reason);
  }
}
