import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { proto } from '@whiskeysockets/baileys';
import { createBaileysChannel, usePostgresAuthState, type BaileysChannel } from '../../adapters/whatsapp-baileys/index.js';
import type { BaileysChannelOptions } from '../../adapters/whatsapp-baileys/index.js';
import type { SocketFactoryInput } from '../../adapters/whatsapp-baileys/socket.js';
import type { Config } from '../../src/config/index.js';
import { inboundMessages } from '../../src/db/schema.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { Runtime } from '../../src/runtime/index.js';
import { FakeSocket } from './baileys-wire.js';
import { waitFor } from './support.js';

export const uniqueSession = () => `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A paired session in `wa_auth_keys`, as `maia whatsapp pair` leaves it. */
export async function seedSession(runtime: Runtime, session: string): Promise<void> {
  const auth = await usePostgresAuthState(runtime.db, runtime.sealer, session);
  auth.state.creds.me = { id: '33700000001:5@s.whatsapp.net', name: 'MAIA' };
  auth.state.creds.account = proto.ADVSignedDeviceIdentity.create({ details: randomBytes(16), accountSignatureKey: randomBytes(32), accountSignature: randomBytes(64), deviceSignature: randomBytes(64) });
  await auth.saveCreds();
}

export interface Harness {
  channel: BaileysChannel;
  sockets: FakeSocket[];
  alerts: string[];
  inputs: SocketFactoryInput[];
  /** The socket created last. */
  socket(): FakeSocket;
}

/** A Baileys channel whose sockets are fakes, paced with no delays and quick reconnections. */
export function harness(config: Config, session: string, options: BaileysChannelOptions = {}, log: Logger = createLogger('silent')): Harness {
  const sockets: FakeSocket[] = [];
  const inputs: SocketFactoryInput[] = [];
  const alerts: string[] = [];
  const channel = createBaileysChannel(config, log, {
    session,
    socketFactory: (input) => {
      const s = new FakeSocket();
      sockets.push(s);
      inputs.push(input);
      return s;
    },
    onOperatorAlert: (text) => {
      alerts.push(text);
    },
    pacing: { perChatMinMs: 0, globalMinMs: 0, jitterMs: 0, typingRefreshMs: 40, typingMaxMs: 5000 },
    tuning: { pollMs: 50, baseBackoffMs: 20, maxBackoffMs: 100, leaseTtlMs: 2000, replacedLimit: 3, replacedBackoffMs: 60_000 },
    relayTimeoutMs: 5000,
    ...options,
  });
  return { channel, sockets, alerts, inputs, socket: () => sockets.at(-1)! };
}

/** Starts the channel and opens its first socket. */
export async function connected(runtime: Runtime, h: Harness): Promise<FakeSocket> {
  await h.channel.start(runtime);
  const sock = await waitFor(() => h.sockets[0], 5000, 'a socket');
  sock.open();
  await waitFor(() => h.channel.state() === 'open', 5000, 'open');
  return sock;
}

export async function inboundRow(runtime: Runtime, id: string) {
  const [row] = await runtime.db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channel, 'whatsapp'), eq(inboundMessages.channelMessageId, id)));
  return row;
}
