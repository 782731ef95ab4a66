import { Redis } from 'ioredis';
import type { Config } from '../../src/config/index.js';
import { openDatabase } from '../../src/db/client.js';
import type { ReadinessCheck } from '../../src/http/health.js';
import type { Logger } from '../../src/log.js';
import type { ChannelAdapter } from '../../src/outbox/sealed.js';
import { Sealer } from '../../src/privacy/crypto.js';
import type { Runtime } from '../../src/runtime/index.js';
import { WhatsAppDirectory } from '../whatsapp-cloud/index.js';
import { BaileysConnection, leaseKey, type ConnectionTuning } from './connection.js';
import { ChannelHealth, type SocketState } from './health.js';
import { LidResolver } from './identity.js';
import { InboundHandler, type InboundOptions } from './inbound.js';
import { BaileysSender, type SendPacing } from './outbound.js';
import { pairWhatsApp, type PairOptions, type PairResult } from './pair.js';
import { SendRelay } from './relay.js';
import { defaultSocketFactory, type SocketFactory } from './socket.js';

export { usePostgresAuthState, hasRegisteredSession } from './auth-state.js';
export { RedisLease } from './lease.js';
export { normalizeBaileysMessage, type NormalizeContext } from './normalize.js';
export type { SocketFactory, WaSocket } from './socket.js';
export type { PairOptions, PairResult } from './pair.js';
export type { SocketState } from './health.js';

export interface BaileysChannelOptions extends InboundOptions {
  /** Session name: the auth rows' `session` and the lease key. Default `default` (one number). */
  session?: string;
  /** Makes the socket. Default: Baileys' `makeWASocket`. Tests pass a fake socket. */
  socketFactory?: SocketFactory;
  /** Operator alerts (socket down, silent, logged out, replace loop), routed to the staff channel. */
  onOperatorAlert?: (text: string) => void | Promise<void>;
  pacing?: SendPacing;
  tuning?: ConnectionTuning;
  /** Alert after the socket is down this long. Default 10 min. */
  downAlertMinutes?: number;
  /** Watchdog period for alerts. Default 60 s. */
  watchdogMs?: number;
  /** How long a relayed send waits for the socket holder. Default 30 s. */
  relayTimeoutMs?: number;
}

export interface BaileysChannel {
  adapter: ChannelAdapter;
  /** Competes for the socket lease, connects when it gets it, feeds the engine. */
  start(runtime: Runtime): Promise<void>;
  /** Closes the socket (no logout), releases the lease. */
  stop(): Promise<void>;
  /** `/readyz`: the socket is open here, held by another process, or briefly reconnecting. */
  readiness: ReadinessCheck;
  /** `maia whatsapp pair`: QR code (or pairing code for `phoneNumber`) and French instructions. */
  pair(opts?: PairOptions): Promise<PairResult>;
  /** Current socket state of this process. */
  state(): SocketState;
  /** Resolves when messages received so far are handed to the engine. */
  idle(): Promise<void>;
}

/**
 * The WhatsApp channel over Baileys (WhatsApp Web protocol, a linked device of MAIA's phone).
 * One process holds the socket (Redis lease); every process can send (relay through Redis).
 */
export function createBaileysChannel(config: Config, log: Logger, options: BaileysChannelOptions = {}): BaileysChannel {
  const session = options.session ?? 'default';
  const factory = options.socketFactory ?? defaultSocketFactory;
  const channelLog = log.child({ mod: 'whatsapp-baileys' });
  let runtime: Runtime | undefined;
  let relay: SendRelay | undefined;

  const health = new ChannelHealth({
    session,
    silenceAlertMinutes: config.WHATSAPP_SILENCE_ALERT_MINUTES,
    downAlertMinutes: options.downAlertMinutes,
    onOperatorAlert: options.onOperatorAlert,
    log: channelLog,
  });
  // Late-bound: the socket getter is the connection's, created just below.
  const socket = () => connection.socket();
  const holder = () => ['connecting', 'open', 'closed'].includes(health.state);
  const sender = new BaileysSender({ runtime: () => runtime, socket, relay: () => relay, holder, log: channelLog, pacing: options.pacing });
  let resolver: LidResolver | undefined;
  const inbound = new InboundHandler({
    runtime: () => runtime,
    socket,
    resolver: () => resolver,
    health,
    log: channelLog,
    session,
    options,
  });
  const connection: BaileysConnection = new BaileysConnection({
    session,
    factory,
    health,
    log: channelLog,
    tuning: options.tuning,
    getMessage: (key) => sender.sentMessage(key),
    onSocket(sock) {
      sock.ev.on('messages.upsert', (upsert) => {
        if (connection.isCurrent(sock)) void inbound.onUpsert(upsert);
      });
      sock.ev.on('lid-mapping.update', (mapping) => void resolver?.remember([mapping]));
      sock.ev.on('messaging-history.set', ({ lidPnMappings }) => {
        if (lidPnMappings?.length) void resolver?.remember(lidPnMappings);
      });
    },
    onOpenChange(sock) {
      if (sock) relay?.serve((fields) => sender.sendLocal(fields));
      else void relay?.stopServing();
    },
  });

  return {
    adapter: sender,
    readiness: health.readiness(),
    state: () => health.state,
    idle: () => inbound.idle(),
    async start(rt) {
      runtime = rt;
      resolver = new LidResolver(new WhatsAppDirectory(rt.db), socket, channelLog, rt.pseudo);
      relay = new SendRelay(rt.redis, {
        prefix: rt.config.QUEUE_PREFIX,
        session,
        sealer: rt.sealer,
        log: channelLog,
        timeoutMs: options.relayTimeoutMs,
        leaseKey: leaseKey(rt.config.QUEUE_PREFIX, session),
      });
      await inbound.load();
      health.startWatchdog(options.watchdogMs);
      await connection.start(rt);
    },
    async stop() {
      health.stopWatchdog();
      await connection.stop();
      await relay?.close();
      sender.close();
      await inbound.idle();
      relay = undefined;
      runtime = undefined;
    },
    async pair(opts = {}) {
      if (runtime) {
        return pairWhatsApp(
          { db: runtime.db, sealer: runtime.sealer, redis: runtime.redis, prefix: runtime.config.QUEUE_PREFIX, session, factory, log: channelLog },
          opts,
        );
      }
      // From the CLI, without a running MAIA: own short-lived connections.
      const database = openDatabase(config.DATABASE_URL, 2);
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
      try {
        return await pairWhatsApp(
          { db: database.db, sealer: new Sealer(config.encryptionKeys), redis, prefix: config.QUEUE_PREFIX, session, factory, log: channelLog },
          opts,
        );
      } finally {
        await redis.quit().catch(() => redis.disconnect());
        await database.close();
      }
    },
  };
}
