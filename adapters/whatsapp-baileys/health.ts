import { Counter, Gauge } from 'prom-client';
import { registry } from '../../src/http/metrics.js';
import type { ReadinessCheck } from '../../src/http/health.js';
import type { Logger } from '../../src/log.js';
import { baileysCopy } from './copy.js';

/**
 * stopped: not started · standby: another process holds the lease · unpaired: no session to
 * connect with · connecting · open · closed: between reconnections · logged-out: session revoked.
 */
export type SocketState = 'stopped' | 'standby' | 'unpaired' | 'connecting' | 'open' | 'closed' | 'logged-out';

export interface HealthOptions {
  session: string;
  /** Alert when connected but no message for this long (WHATSAPP_SILENCE_ALERT_MINUTES). */
  silenceAlertMinutes: number;
  /** Alert when the socket is down this long. Default 10 min. */
  downAlertMinutes?: number;
  /** Reconnections shorter than this keep `/readyz` green. Default 2 min. */
  readinessGraceMs?: number;
  onOperatorAlert?: (text: string) => void | Promise<void>;
  log: Logger;
  now?: () => number;
}

// prom-client refuses a second registration of the same name (several channels in one test run).
function gauge(name: string, help: string): Gauge<'session'> {
  return (registry.getSingleMetric(name) as Gauge<'session'> | undefined) ?? new Gauge({ name, help, labelNames: ['session'], registers: [registry] });
}
const upGauge = () => gauge('maia_whatsapp_socket_up', 'WhatsApp socket connected in this process (1) or not (0)');
const leaseGauge = () => gauge('maia_whatsapp_lease_held', 'This process holds the WhatsApp socket lease');
const lastMessageGauge = () => gauge('maia_whatsapp_last_message_seconds', 'Unix time of the last WhatsApp message received');
const reconnectCounter = (): Counter<'session'> =>
  (registry.getSingleMetric('maia_whatsapp_reconnects_total') as Counter<'session'> | undefined) ??
  new Counter({ name: 'maia_whatsapp_reconnects_total', help: 'WhatsApp socket reconnections', labelNames: ['session'], registers: [registry] });

/**
 * The socket's health: state, last message, gauges, readiness, and the operator alerts
 * (down for long, connected but silent), each sent once per episode.
 */
export class ChannelHealth {
  state: SocketState = 'stopped';
  lastMessageAt: number | undefined;
  lastOpenAt: number | undefined;
  /** When the socket left `open` (or started without reaching it) while this process held the lease. */
  downSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private alerted = { down: false, silent: false };
  private readonly now: () => number;

  constructor(private readonly opts: HealthOptions) {
    this.now = opts.now ?? Date.now;
  }

  set(state: SocketState): void {
    const was = this.state;
    this.state = state;
    const labels = { session: this.opts.session };
    upGauge().set(labels, state === 'open' ? 1 : 0);
    leaseGauge().set(labels, ['connecting', 'open', 'closed'].includes(state) ? 1 : 0);
    if (state === 'open') {
      this.lastOpenAt = this.now();
      this.downSince = undefined;
      this.alerted.silent = false;
      if (this.alerted.down) void this.alert(baileysCopy.alert.recovered);
      this.alerted.down = false;
    } else if (state === 'standby' || state === 'stopped') {
      this.downSince = undefined;
    } else if (was === 'open' || this.downSince === undefined) {
      this.downSince = this.now();
    }
  }

  reconnecting(): void {
    reconnectCounter().inc({ session: this.opts.session });
  }

  messageSeen(at = this.now()): void {
    this.lastMessageAt = at;
    this.alerted.silent = false;
    lastMessageGauge().set({ session: this.opts.session }, Math.floor(at / 1000));
  }

  /** Sends an operator alert (errors from the callback are logged, never thrown). */
  async alert(text: string): Promise<void> {
    this.opts.log.warn({ alert: text.slice(0, 60) }, 'WhatsApp operator alert');
    try {
      await this.opts.onOperatorAlert?.(text);
    } catch (err) {
      this.opts.log.error({ err: (err as Error).message }, 'operator alert callback failed');
    }
  }

  /** One watchdog pass: alerts for a long outage or a long silence. */
  async check(): Promise<void> {
    const now = this.now();
    const downMs = (this.opts.downAlertMinutes ?? 10) * 60_000;
    if (this.downSince !== undefined && !this.alerted.down && now - this.downSince >= downMs && this.state !== 'logged-out' && this.state !== 'unpaired') {
      this.alerted.down = true;
      await this.alert(baileysCopy.alert.down(Math.round((now - this.downSince) / 60_000), this.state));
    }
    const silenceMs = this.opts.silenceAlertMinutes * 60_000;
    const quietSince = Math.max(this.lastMessageAt ?? 0, this.lastOpenAt ?? 0);
    if (this.state === 'open' && !this.alerted.silent && quietSince > 0 && now - quietSince >= silenceMs) {
      this.alerted.silent = true;
      await this.alert(baileysCopy.alert.silent(Math.round((now - quietSince) / 60_000)));
    }
  }

  startWatchdog(everyMs = 60_000): void {
    this.stopWatchdog();
    this.timer = setInterval(() => void this.check(), everyMs);
    this.timer.unref();
  }

  stopWatchdog(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  readiness(): ReadinessCheck {
    return {
      name: 'whatsapp',
      check: async () => {
        const now = this.now();
        const grace = this.opts.readinessGraceMs ?? 120_000;
        const reconnecting = (this.state === 'connecting' || this.state === 'closed') && this.downSince !== undefined && now - this.downSince < grace;
        const ok = this.state === 'open' || this.state === 'standby' || reconnecting;
        return {
          ok,
          detail: {
            state: this.state,
            holder: ['connecting', 'open', 'closed'].includes(this.state),
            lastMessageAt: this.lastMessageAt ? new Date(this.lastMessageAt).toISOString() : null,
            downForSeconds: this.downSince ? Math.round((now - this.downSince) / 1000) : 0,
          },
        };
      },
    };
  }
}
