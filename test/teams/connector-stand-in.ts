import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';

/** One request the bot made to the Bot Connector stand-in. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  authorization?: string;
  body: Record<string, unknown>;
}

/**
 * A local stand-in for what a Teams bot talks to, speaking the real wire format over HTTP:
 * the Bot Connector REST API (`/v3/conversations/{id}/activities[/{replyToId}]`, `PUT` for
 * updates, `/v3/teams/{id}/conversations`), an Entra token endpoint, and the OpenID metadata
 * + JWKS that sign the Connector's tokens to the bot (`token()` signs like the Connector).
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  /** Channels returned for a team (`TeamsInfo.getTeamChannels`). */
  teamChannels: { id: string; name?: string }[] = [];
  private failures: { status: number; conversationId?: string }[] = [];
  private server?: Server;
  private seq = 0;
  private keys?: { kid: string; privateKey: CryptoKey; jwk: JWK };
  url = '';

  async start(): Promise<this> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    this.keys = { kid: 'stand-in-key-1', privateKey, jwk: { ...jwk, kid: 'stand-in-key-1', use: 'sig', alg: 'RS256' } };
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        (err) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(err) }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get openIdMetadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /** The next Connector call (to that conversation, if given) answers with `status` (503, 429, 404…). */
  failNext(status: number, conversationId?: string): void {
    this.failures.push({ status, conversationId });
  }

  /** Forgets failures not consumed yet. */
  clearFailures(): void {
    this.failures = [];
  }

  /** Signs a token as the Bot Connector does; `sign` overrides the key (a forgery). */
  async token(claims: { aud: string; serviceurl: string; iss?: string }, opts: { sign?: CryptoKey } = {}): Promise<string> {
    return new SignJWT({ serviceurl: claims.serviceurl })
      .setProtectedHeader({ alg: 'RS256', kid: this.keys!.kid, typ: 'JWT' })
      .setIssuer(claims.iss ?? 'https://api.botframework.com')
      .setAudience(claims.aud)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m')
      .sign(opts.sign ?? this.keys!.privateKey);
  }

  /** Calls to one conversation's activities (sends and replies, not updates). */
  sentTo(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId && c.path.includes('/activities'));
  }

  async waitFor(predicate: (calls: ConnectorCall[]) => ConnectorCall | undefined, timeoutMs = 15_000): Promise<ConnectorCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = predicate(this.calls);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`stand-in: no matching call within ${timeoutMs} ms (${this.calls.length} calls seen)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = await readBody(req);
    if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      return { status: 200, body: { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] } };
    }
    if (req.method === 'GET' && path === '/v1/keys') {
      // The real metadata lists the channels each key may sign for: the SDK enforces it.
      return { status: 200, body: { keys: [{ ...this.keys!.jwk, endorsements: ['msteams'] }] } };
    }
    if (req.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(path)) {
      const form = new URLSearchParams(raw);
      this.tokenRequests.push(form);
      return { status: 200, body: { token_type: 'Bearer', expires_in: 3600, access_token: `stand-in-access-token-${this.tokenRequests.length}` } };
    }
    const conversation = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    const team = /^\/v3\/teams\/([^/]+)\/conversations$/.exec(path);
    if (!conversation && !team) return { status: 404, body: { error: { code: 'NotFound', message: path } } };
    const call: ConnectorCall = {
      method: req.method ?? 'GET',
      path,
      conversationId: conversation ? decodeURIComponent(conversation[1]!) : undefined,
      activityId: conversation?.[2] ? decodeURIComponent(conversation[2]) : undefined,
      authorization: req.headers.authorization,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    };
    this.calls.push(call);
    const at = this.failures.findIndex((f) => !f.conversationId || f.conversationId === call.conversationId);
    if (at >= 0) {
      const [{ status }] = this.failures.splice(at, 1) as [{ status: number }];
      return { status, body: { error: { code: 'StandInFailure', message: `injected ${status}` } } };
    }
    if (team) return { status: 200, body: { conversations: this.teamChannels } };
    if (req.method === 'PUT') return { status: 200, body: { id: call.activityId } };
    return { status: 201, body: { id: `1:stand-in-${++this.seq}-${randomUUID()}` } };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
