import { setTimeout as sleep } from 'node:timers/promises';
import { DisconnectReason, jidDecode } from '@whiskeysockets/baileys';
import qrcode from 'qrcode-terminal';
import type { Redis } from 'ioredis';
import type { Db } from '../../src/db/client.js';
import type { Logger } from '../../src/log.js';
import type { Sealer } from '../../src/privacy/crypto.js';
import { hasRegisteredSession, usePostgresAuthState } from './auth-state.js';
import { disconnectCode, leaseKey } from './connection.js';
import { baileysCopy } from './copy.js';
import { RedisLease } from './lease.js';
import { quietBaileysLogger, type SocketFactory, type WaSocket } from './socket.js';

export interface PairOptions {
  /** Pair with an 8-character code typed on the phone instead of a QR code (international format). */
  phoneNumber?: string;
  /** Forget the current session first (changing numbers). */
  reset?: boolean;
  /** Where operator instructions go. Default: stdout. */
  print?: (line: string) => void;
  /** Give up after this long. Default 3 min. */
  timeoutMs?: number;
}

export interface PairResult {
  ok: boolean;
  /** `paired` | `already-paired` | `lease-busy` | `timeout` | `failed` */
  outcome: string;
}

export interface PairDeps {
  db: Db;
  sealer: Sealer;
  redis: Redis;
  prefix: string;
  session: string;
  factory: SocketFactory;
  log: Logger;
}

/**
 * `maia whatsapp pair`: takes the socket lease (the server gives it up while unpaired), shows a
 * QR code in the terminal or asks WhatsApp for a pairing code, waits for the phone to confirm,
 * saves the session (encrypted) and gives the lease back; the server then connects by itself.
 */
export async function pairWhatsApp(deps: PairDeps, opts: PairOptions = {}): Promise<PairResult> {
  const print = opts.print ?? ((line: string) => process.stdout.write(line + '\n'));
  const lease = new RedisLease(deps.redis, { key: leaseKey(deps.prefix, deps.session), ttlMs: 30_000 });
  print(`\n${baileysCopy.pair.intro}\n`);
  if (!opts.reset && (await hasRegisteredSession(deps.db, deps.sealer, deps.session))) {
    print(baileysCopy.pair.alreadyPaired);
    return { ok: true, outcome: 'already-paired' };
  }
  if (!(await waitForLease(lease, 30_000))) {
    print(baileysCopy.pair.leaseBusy);
    return { ok: false, outcome: 'lease-busy' };
  }
  lease.keepAlive(() => undefined);
  try {
    const auth = await usePostgresAuthState(deps.db, deps.sealer, deps.session);
    if (opts.reset) await auth.clear();
    const fresh = opts.reset ? await usePostgresAuthState(deps.db, deps.sealer, deps.session) : auth;
    if (fresh.state.creds.me?.id && fresh.state.creds.account) {
      print(baileysCopy.pair.alreadyPaired);
      return { ok: true, outcome: 'already-paired' };
    }
    return await runPairing(deps, fresh, opts, print);
  } finally {
    await lease.release();
  }
}

async function runPairing(
  deps: PairDeps,
  auth: Awaited<ReturnType<typeof usePostgresAuthState>>,
  opts: PairOptions,
  print: (line: string) => void,
): Promise<PairResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  const digits = opts.phoneNumber?.replace(/[^\d]/g, '');
  let shownSteps = false;
  let codeRequested = false;
  let sock: WaSocket | undefined;
  const outcome = await new Promise<PairResult>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, outcome: 'timeout' }), Math.max(0, deadline - Date.now()));
    timer.unref();
    const finish = (r: PairResult) => {
      clearTimeout(timer);
      resolve(r);
    };
    const connect = () => {
      const s = deps.factory({ auth: auth.state, logger: quietBaileysLogger(deps.log), getMessage: async () => undefined });
      sock = s;
      s.ev.on('creds.update', () => void auth.saveCreds().catch((err: Error) => deps.log.error({ err: err.message }, 'credentials not saved')));
      s.ev.on('connection.update', (u) => {
        if (s !== sock) return;
        if (u.qr) {
          if (digits && !codeRequested) {
            codeRequested = true;
            s.requestPairingCode(digits).then(
              (code) => printSteps(print, baileysCopy.pair.codeSteps(code.match(/.{1,4}/g)?.join('-') ?? code)),
              (err: Error) => finish({ ok: false, outcome: `failed: ${err.message}` }),
            );
          } else if (!digits) {
            if (!shownSteps) printSteps(print, baileysCopy.pair.qrSteps);
            shownSteps = true;
            qrcode.generate(u.qr, { small: true }, (art) => print(art));
          }
        }
        if (u.connection === 'open') {
          void auth.saveCreds().then(() => finish({ ok: true, outcome: 'paired' }));
        } else if (u.connection === 'close') {
          const code = disconnectCode(u.lastDisconnect?.error);
          if (code === DisconnectReason.restartRequired) {
            print(baileysCopy.pair.restarting);
            connect();
          } else {
            finish({ ok: false, outcome: `failed: ${code ?? 'connection closed'}` });
          }
        }
      });
    };
    connect();
    print(baileysCopy.pair.waiting);
  });
  const current = sock as WaSocket | undefined;
  await auth.saveCreds().catch(() => undefined);
  if (current) await Promise.resolve(current.end(undefined)).catch(() => undefined);
  if (outcome.ok) print(baileysCopy.pair.success(maskedNumber(auth.state.creds.me?.id)));
  else if (outcome.outcome === 'timeout') print(baileysCopy.pair.timeout);
  else print(baileysCopy.pair.failed(outcome.outcome.replace(/^failed: /, '')));
  return outcome.ok ? outcome : { ok: false, outcome: outcome.outcome.startsWith('failed') ? 'failed' : outcome.outcome };
}

async function waitForLease(lease: RedisLease, maxMs: number): Promise<boolean> {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    if (await lease.tryAcquire()) return true;
    await sleep(1000);
  }
  return false;
}

function printSteps(print: (line: string) => void, steps: readonly string[]) {
  steps.forEach((step, i) => print(`  ${i + 1}. ${step}`));
  print('');
}

/** `+33 6•• ••• •78`: enough for the operator to recognise the number, not to copy it. */
function maskedNumber(jid: string | undefined): string {
  const user = jid ? jidDecode(jid)?.user : undefined;
  if (!user) return '(inconnu)';
  return `+${user.slice(0, 3)}${'•'.repeat(Math.max(0, user.length - 5))}${user.slice(-2)}`;
}
