import { DisconnectReason } from '@whiskeysockets/baileys';
import type { Logger } from '../../src/log.js';
import type { Runtime } from '../../src/runtime/index.js';
import { hasRegisteredSession, usePostgresAuthState, type PostgresAuthState } from './auth-state.js';
import { baileysCopy } from './copy.js';
import type { ChannelHealth } from './health.js';
import { RedisLease } from './lease.js';
import { quietBaileysLogger, type SocketFactory, type SocketFactoryInput, type WaSocket } from './socket.js';

export interface ConnectionTuning {
  /** Lease TTL; a dead holder is replaced within it. Default 30 s. */
  leaseTtlMs?: number;
  /** How often a process without the socket checks the lease / the pairing. Default 10 s. */
  pollMs?: number;
  /** First reconnection delay; doubles up to `maxBackoffMs`, ±30 % jitter. Default 1 s. */
  baseBackoffMs?: number;
  /** Default 60 s. */
  maxBackoffMs?: number;
  /** "Connection replaced" this many times within `replacedWindowMs` is a loop. Default 3 in 5 min. */
  replacedLimit?: number;
  replacedWindowMs?: number;
  /** Delay between reconnections during a replace loop. Default 5 min. */
  replacedBackoffMs?: number;
  /** Delay after WhatsApp refused the account (403). Default 30 min. */
  forbiddenBackoffMs?: number;
}

export const leaseKey = (prefix: string, session: string) => `${prefix}:wa:lease:${session}`;

export function disconnectCode(error: unknown): number | undefined {
  const e = error as { output?: { statusCode?: number }; statusCode?: number } | undefined;
  return e?.output?.statusCode ?? e?.statusCode;
}

/**
 * The socket's life: take the lease, connect with the stored session, reconnect on transient
 * closes (exponential backoff with jitter), at once after pairing (515), slowly during a
 * "connection replaced" loop (440), never after a logout (401: session wiped, operator told,
 * then wait for `maia whatsapp pair`). Losing the lease closes the socket at once.
 */
export class BaileysConnection {
  private current: WaSocket | undefined;
  private open: WaSocket | undefined;
  private auth: PostgresAuthState | undefined;
  private lease: RedisLease | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private attempt = 0;
  private purposeful = new WeakSet<WaSocket>();
  private replacedAt: number[] = [];
  private alertedUnpaired = false;
  private alertedReplaced = false;

  constructor(
    private readonly deps: {
      session: string;
      factory: SocketFactory;
      health: ChannelHealth;
      log: Logger;
      tuning?: ConnectionTuning;
      getMessage: SocketFactoryInput['getMessage'];
      /** Wires a new socket's message events (guard with `isCurrent`). */
      onSocket(sock: WaSocket): void;
      /** Called with the socket when it opens, with undefined when it closes. */
      onOpenChange(sock: WaSocket | undefined): void;
    },
  ) {}

  /** The connected socket, when this process holds it and it is open. */
  socket(): WaSocket | undefined {
    return this.open;
  }

  isCurrent(sock: WaSocket): boolean {
    return sock === this.current;
  }

  async start(runtime: Runtime): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.runtime = runtime;
    this.lease = new RedisLease(runtime.redis, { key: leaseKey(runtime.config.QUEUE_PREFIX, this.deps.session), ttlMs: this.t.leaseTtlMs ?? 30_000 });
    await this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.closeSocket();
    await this.lease?.release();
    this.deps.health.set('stopped');
  }

  private runtime: Runtime | undefined;

  private get t(): ConnectionTuning {
    return this.deps.tuning ?? {};
  }

  private schedule(ms: number, step: () => Promise<void>) {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void step().catch((err: Error) => this.fail(err)), ms);
    this.timer.unref();
  }

  private fail(err: Error) {
    this.deps.log.error({ err: err.message }, 'WhatsApp connection step failed');
    this.closeSocket();
    this.deps.health.set('closed');
    this.schedule(this.backoff(), () => this.tick());
  }

  /** If a paired session exists, take (or keep) the lease and connect. */
  private async tick(): Promise<void> {
    const runtime = this.runtime;
    if (!this.running || !runtime || !this.lease) return;
    if (!(await hasRegisteredSession(runtime.db, runtime.sealer, this.deps.session))) {
      // Not even taking the lease: `maia whatsapp pair` needs it.
      if (this.lease.isHeld) await this.lease.release();
      if (this.deps.health.state !== 'logged-out') this.deps.health.set('unpaired');
      if (!this.alertedUnpaired && this.deps.health.state === 'unpaired') await this.deps.health.alert(baileysCopy.alert.unpaired);
      this.alertedUnpaired = true;
      return this.schedule(this.t.pollMs ?? 10_000, () => this.tick());
    }
    if (!(await this.lease.tryAcquire())) {
      this.deps.health.set('standby');
      return this.schedule(this.t.pollMs ?? 10_000, () => this.tick());
    }
    this.lease.keepAlive((reason) => this.onLeaseLost(reason));
    await this.connect();
  }

  private async connect(): Promise<void> {
    const runtime = this.runtime;
    if (!this.running || !runtime) return;
    this.closeSocket();
    this.auth = await usePostgresAuthState(runtime.db, runtime.sealer, this.deps.session);
    const auth = this.auth;
    this.deps.health.set('connecting');
    const sock = this.deps.factory({ auth: auth.state, logger: quietBaileysLogger(this.deps.log), getMessage: this.deps.getMessage });
    this.current = sock;
    sock.ev.on('creds.update', () => {
      if (sock !== this.current) return;
      auth.saveCreds().catch((err: Error) => this.deps.log.error({ err: err.message }, 'WhatsApp credentials not saved'));
    });
    sock.ev.on('connection.update', (update) => {
      if (sock !== this.current) return;
      if (update.connection === 'open') this.onOpen(sock);
      else if (update.connection === 'close') void this.onClose(sock, update.lastDisconnect?.error).catch((err: Error) => this.fail(err));
      else if (update.qr) void this.onUnexpectedQr(sock);
    });
    this.deps.onSocket(sock);
  }

  private onOpen(sock: WaSocket) {
    this.open = sock;
    this.attempt = 0;
    this.alertedUnpaired = false;
    this.deps.health.set('open');
    this.deps.log.info({ session: this.deps.session }, 'WhatsApp connected');
    this.deps.onOpenChange(sock);
  }

  private async onClose(sock: WaSocket, error: unknown): Promise<void> {
    if (this.open === sock) {
      this.open = undefined;
      this.deps.onOpenChange(undefined);
    }
    if (this.purposeful.has(sock) || !this.running) return;
    const code = disconnectCode(error);
    this.deps.log.warn({ code, session: this.deps.session }, 'WhatsApp connection closed');
    this.deps.health.set('closed');
    this.deps.health.reconnecting();
    switch (code) {
      case DisconnectReason.loggedOut:
        return this.onLoggedOut();
      case DisconnectReason.restartRequired:
        // Normal right after pairing: the server asks for a fresh connection with the new creds.
        return this.connect();
      case DisconnectReason.connectionReplaced:
        return this.schedule(this.onReplaced(), () => this.connect());
      case DisconnectReason.forbidden:
        await this.deps.health.alert(baileysCopy.alert.forbidden);
        return this.schedule(this.t.forbiddenBackoffMs ?? 30 * 60_000, () => this.connect());
      default:
        return this.schedule(this.backoff(), () => this.connect());
    }
  }

  private async onLoggedOut(): Promise<void> {
    // Socket first: a late `creds.update` from it must not write the session back.
    this.closeSocket();
    await this.auth?.clear();
    this.deps.health.set('logged-out');
    await this.deps.health.alert(baileysCopy.alert.loggedOut);
    this.alertedUnpaired = true;
    await this.lease?.release();
    this.schedule(this.t.pollMs ?? 10_000, () => this.tick());
  }

  /** Returns the delay before reconnecting; alerts once when replacements loop. */
  private onReplaced(): number {
    const now = Date.now();
    const window = this.t.replacedWindowMs ?? 5 * 60_000;
    this.replacedAt = [...this.replacedAt.filter((at) => now - at < window), now];
    const limit = this.t.replacedLimit ?? 3;
    if (this.replacedAt.length < limit) {
      this.alertedReplaced = false;
      return this.backoff();
    }
    this.deps.log.error({ count: this.replacedAt.length, windowMs: window }, 'WhatsApp connection replaced in a loop: slowing down');
    if (!this.alertedReplaced) void this.deps.health.alert(baileysCopy.alert.replaced(this.replacedAt.length, Math.round(window / 60_000)));
    this.alertedReplaced = true;
    return this.t.replacedBackoffMs ?? 5 * 60_000;
  }

  /** A QR on a stored session means WhatsApp no longer knows it: treat as unpaired. */
  private async onUnexpectedQr(sock: WaSocket): Promise<void> {
    this.deps.log.error({ session: this.deps.session }, 'WhatsApp asks for a new pairing');
    this.purposeful.add(sock);
    await Promise.resolve(sock.end(undefined)).catch(() => undefined);
    await this.onLoggedOut();
  }

  private onLeaseLost(reason: string) {
    this.deps.log.error({ reason, session: this.deps.session }, 'WhatsApp lease lost: closing the socket');
    this.closeSocket();
    this.deps.health.set('standby');
    this.schedule(this.t.pollMs ?? 10_000, () => this.tick());
  }

  private backoff(): number {
    const base = this.t.baseBackoffMs ?? 1000;
    const raw = Math.min(this.t.maxBackoffMs ?? 60_000, base * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 20);
    return Math.round(raw * (0.7 + Math.random() * 0.6));
  }

  private closeSocket() {
    const sock = this.current;
    this.current = undefined;
    if (this.open) this.deps.onOpenChange(undefined);
    this.open = undefined;
    if (!sock) return;
    this.purposeful.add(sock);
    try {
      void Promise.resolve(sock.end(undefined)).catch(() => undefined);
    } catch {
      // already closed
    }
  }
}
