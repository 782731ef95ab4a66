import { setTimeout as sleep } from 'node:timers/promises';

export interface GraphClientOptions {
  /** e.g. `https://graph.facebook.com/v21.0` (WHATSAPP_CLOUD_GRAPH_URL). */
  baseUrl: string;
  phoneNumberId: string;
  accessToken: string;
  /** Per-request timeout. Default 15 s: a send slower than that is retried by the worker. */
  timeoutMs?: number;
  /** Longest `Retry-After` waited inline before handing the retry to the deliver worker. Default 5 s. */
  maxInlineWaitMs?: number;
  /** Inline retries on a rate limit. Default 2. */
  inlineRetries?: number;
  fetch?: typeof fetch;
}

/** How a failed Graph call should be treated. */
export type GraphFailure = 'rate-limit' | 'outside-window' | 'rejected' | 'transient';

export class GraphError extends Error {
  constructor(
    message: string,
    readonly failure: GraphFailure,
    readonly httpStatus?: number,
    readonly code?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

// Meta error codes (Cloud API error reference). Rate limits: app (4), account (80007), cloud
// API throughput (130429), pair rate (131056), spam rate (131048).
const RATE_LIMIT = new Set([4, 80007, 130429, 131048, 131056]);
// Permanent for this message: undeliverable (131026), recipient = sender (131021), not in the
// test allow-list (131030), unsupported/invalid message or parameters, template problems.
const REJECTED = new Set([
  100, 131008, 131009, 131021, 131026, 131030, 131049, 131050, 131051, 131052, 131053, 130472, 132000, 132001, 132005, 132007,
  132012, 132015, 132016, 132068, 132069,
]);
const OUTSIDE_WINDOW = 131047;

export function classify(httpStatus: number | undefined, code: number | undefined): GraphFailure {
  if (httpStatus === 429 || (code !== undefined && RATE_LIMIT.has(code))) return 'rate-limit';
  if (code === OUTSIDE_WINDOW) return 'outside-window';
  if (code !== undefined && REJECTED.has(code)) return 'rejected';
  // Token or permission problems (401/403, code 190/10/200) need the operator, then succeed:
  // retried. Other 4xx mean the request itself is wrong and would fail again.
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500 && ![401, 403, 408, 409].includes(httpStatus)) return 'rejected';
  return 'transient';
}

/** The few Graph API calls MAIA makes: send a message, mark read (with typing indicator). */
export class GraphClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: GraphClientOptions) {
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  /** Sends one message payload (without `messaging_product`); returns its wamid. */
  async sendMessage(payload: Record<string, unknown>): Promise<string> {
    const retries = this.opts.inlineRetries ?? 2;
    const maxWait = this.opts.maxInlineWaitMs ?? 5000;
    for (let attempt = 0; ; attempt++) {
      try {
        const body = await this.post({ messaging_product: 'whatsapp', recipient_type: 'individual', ...payload });
        const id = (body as { messages?: { id?: string }[] }).messages?.[0]?.id;
        if (!id) throw new GraphError('Graph API answered without a message id', 'transient');
        return id;
      } catch (err) {
        if (!(err instanceof GraphError) || err.failure !== 'rate-limit' || attempt >= retries) throw err;
        // Short waits are cheaper inline than a worker backoff; long ones go back to the queue.
        const wait = err.retryAfterMs ?? 1000 * 2 ** attempt;
        if (wait > maxWait) throw err;
        await sleep(wait + Math.floor(Math.random() * 250));
      }
    }
  }

  /** Blue ticks on an inbound message, and optionally the typing indicator (up to 25 s). */
  async markRead(messageId: string, typing: boolean): Promise<void> {
    await this.post({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: messageId,
      ...(typing ? { typing_indicator: { type: 'text' } } : {}),
    });
  }

  private async post(body: Record<string, unknown>): Promise<unknown> {
    const url = `${this.opts.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(this.opts.phoneNumberId)}/messages`;
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.opts.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new GraphError(`Graph API unreachable: ${(err as Error).message}`, 'transient');
    }
    const text = await res.text().catch(() => '');
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // An HTML error page from a proxy: classified by status alone.
    }
    if (res.ok) return json ?? {};
    const error = (json as { error?: { code?: number; message?: string; error_data?: { details?: string } } } | undefined)?.error;
    const code = typeof error?.code === 'number' ? error.code : undefined;
    const failure = classify(res.status, code);
    // Meta's messages may quote the recipient's number: only the code and status are kept.
    throw new GraphError(`Graph API ${res.status}${code !== undefined ? ` code ${code}` : ''} (${failure})`, failure, res.status, code, retryAfter(res.headers.get('retry-after')));
  }
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
