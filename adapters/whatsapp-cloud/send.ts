import { AppError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { ChannelAdapter, SealedOutbound, SendResult } from '../../src/outbox/sealed.js';
import type { Runtime } from '../../src/runtime/index.js';
import { WhatsAppDirectory } from './directory.js';
import { flattenForTemplate, splitMessage, splitTail, toWhatsAppMarkup } from './format.js';
import { GraphError, type GraphClient } from './graph-client.js';
import { PartsLedger } from './parts-ledger.js';

// Meta limits: text body 4,096 characters; interactive body 1,024; reply buttons 3 with
// titles of 20 characters; list rows 10 with titles of 24.
const TEXT_MAX = 4096;
const INTERACTIVE_BODY_MAX = 1024;
const TEMPLATE_PARAM_MAX = 900;
// The customer service window is 24 h after the user's last message; keep a margin for the
// time a message may wait in the queue.
const WINDOW_MS = 24 * 3600_000 - 10 * 60_000;

export interface TemplateSettings {
  /** Approved template name (WHATSAPP_CLOUD_TEMPLATE_NAME): one body variable `{{1}}`. */
  name: string;
  /** Template language code (WHATSAPP_CLOUD_TEMPLATE_LANG), default `fr`. */
  language: string;
}

export const lastInboundKey = (prefix: string, pseudonym: string) => `${prefix}:wa:lastin:${pseudonym}`;

/**
 * The Cloud API `ChannelAdapter`: writes only to people who wrote first or whom NQT registered,
 * inside the 24 h window as session messages (text, reply buttons), outside it as the approved
 * template. Long texts are split at sentence boundaries; each part is sent once even across
 * retries. Rejections Meta will never accept become `DELIVERY_REJECTED`; the rest is retried.
 */
export class CloudSender implements ChannelAdapter {
  readonly channel = 'whatsapp' as const;

  constructor(
    private readonly graph: GraphClient,
    private readonly log: Logger,
    private readonly runtime: () => Runtime | undefined,
    private readonly template?: TemplateSettings,
  ) {}

  async send(message: SealedOutbound): Promise<SendResult> {
    const runtime = this.runtime();
    if (!runtime) throw new Error('WhatsApp Cloud channel not started (no runtime bound yet)');
    const recipient = await new WhatsAppDirectory(runtime.db).mayWrite(message.to);
    const address = addressOf(message.to);
    const ledger = new PartsLedger(runtime.redis, runtime.config.QUEUE_PREFIX);
    const inWindow = recipient.lastInboundAt !== null && Date.now() - recipient.lastInboundAt.getTime() < WINDOW_MS;
    try {
      if (inWindow) return await this.sendParts(message, address, ledger, sessionPayloads(message));
      return await this.sendTemplate(message, address, ledger);
    } catch (err) {
      // Our clock said "inside the window", Meta's says otherwise: fall back to the template.
      if (err instanceof GraphError && err.failure === 'outside-window' && inWindow && this.template) {
        return this.sendTemplate(message, address, ledger).catch((e) => rethrow(e, this.log, message.id));
      }
      return rethrow(err, this.log, message.id);
    }
  }

  /** Marks the person's last message read and shows "typing…" (Cloud API typing indicator). */
  async typing(to: string): Promise<void> {
    const runtime = this.runtime();
    if (!runtime) return;
    try {
      const wamid = await runtime.redis.get(lastInboundKey(runtime.config.QUEUE_PREFIX, runtime.pseudo(`whatsapp:${to}`)));
      if (wamid) await this.graph.markRead(wamid, true);
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'typing indicator failed');
    }
  }

  private async sendTemplate(message: SealedOutbound, address: Record<string, string>, ledger: PartsLedger): Promise<SendResult> {
    if (!this.template) {
      throw new AppError('DELIVERY_REJECTED', 'outside the 24 h window and no template configured (WHATSAPP_CLOUD_TEMPLATE_NAME)');
    }
    const payload = {
      type: 'template',
      template: {
        name: this.template.name,
        language: { code: this.template.language },
        // The label stays first: the parameter is the full text, flattened to one line.
        components: [{ type: 'body', parameters: [{ type: 'text', text: flattenForTemplate(message.text, TEMPLATE_PARAM_MAX) }] }],
      },
    };
    return this.sendParts(message, address, ledger, [{ key: 'template', payload }]);
  }

  private async sendParts(
    message: SealedOutbound,
    address: Record<string, string>,
    ledger: PartsLedger,
    parts: { key: string; payload: Record<string, unknown> }[],
  ): Promise<SendResult> {
    let primary: string | undefined;
    for (const part of parts) {
      const already = await ledger.sentPart(message.id, part.key);
      const wamid = already ?? (await this.graph.sendMessage({ ...address, ...part.payload }));
      primary ??= wamid;
      if (!already) await ledger.recordPart(message.id, part.key, wamid, primary);
    }
    return { platformMessageId: primary };
  }
}

/** Session messages: text parts, the last one carrying the reply buttons when there are actions. */
export function sessionPayloads(message: Pick<SealedOutbound, 'text' | 'actions'>): { key: string; payload: Record<string, unknown> }[] {
  const text = toWhatsAppMarkup(message.text);
  const actions = (message.actions ?? []).filter((a) => a.id && a.title);
  const textPart = (body: string): Record<string, unknown> => ({ type: 'text', text: { preview_url: false, body } });
  if (actions.length === 0) return splitMessage(text, TEXT_MAX).map((body, i) => ({ key: String(i), payload: textPart(body) }));
  const [head, tail] = splitTail(text, INTERACTIVE_BODY_MAX);
  const heads = head ? splitMessage(head, TEXT_MAX) : [];
  const out = heads.map((body, i) => ({ key: String(i), payload: textPart(body) }));
  out.push({ key: String(heads.length), payload: interactive(tail, actions) });
  return out;
}

function interactive(body: string, actions: readonly { id: string; title: string }[]): Record<string, unknown> {
  if (actions.length <= 3) {
    const titles = uniqueTitles(actions.map((a) => a.title), 20);
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: { buttons: actions.map((a, i) => ({ type: 'reply', reply: { id: a.id.slice(0, 256), title: titles[i] } })) },
      },
    };
  }
  const titles = uniqueTitles(actions.slice(0, 10).map((a) => a.title), 24);
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: body },
      action: { button: 'Choisir', sections: [{ rows: actions.slice(0, 10).map((a, i) => ({ id: a.id.slice(0, 200), title: titles[i] })) }] },
    },
  };
}

/** Meta refuses duplicate or over-long titles: cut at code points, number duplicates. */
function uniqueTitles(titles: string[], max: number): string[] {
  const seen = new Map<string, number>();
  return titles.map((t) => {
    let title = [...t.trim()].slice(0, max).join('');
    const n = seen.get(title) ?? 0;
    seen.set(title, n + 1);
    if (n > 0) title = [...title].slice(0, max - 3).join('') + ` ${n + 1}`;
    return title;
  });
}

/** `+33…` → `to` (digits); a BSUID (`FR.123…`) → `recipient`. Anything else is not a Cloud address. */
export function addressOf(to: string): Record<string, string> {
  if (/^\+\d{6,15}$/.test(to)) return { to: to.slice(1) };
  if (/^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/.test(to)) return { recipient: to };
  throw new AppError('DELIVERY_REJECTED', 'address is neither a phone number nor a business-scoped user id');
}

function rethrow(err: unknown, log: Logger, outboundId: string): never {
  if (err instanceof GraphError) {
    log.warn({ outboundId, failure: err.failure, code: err.code, http: err.httpStatus }, 'Graph API send failed');
    if (err.failure === 'rejected' || err.failure === 'outside-window') throw new AppError('DELIVERY_REJECTED', err.message, { cause: err });
  }
  throw err;
}
