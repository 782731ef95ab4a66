import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { ConnectorStandIn } from './connector-stand-in.js';
import { endpointRow, FIXTURE, freshIds, inboundRow, insertMentor, post, startHarness, type Harness } from './harness.js';

const TENANT = '3d8e5c1a-7f2b-4a9d-b6e0-1c4f8a2d5e7b';
const APP_PASSWORD = 'stand-in-client-secret';

/**
 * TEAMS_MODE=bot: botbuilder validates each request's JWT against OpenID metadata and keys
 * served by the local stand-in (as the Bot Connector's are), and signs outbound calls with a
 * token from the stand-in's Entra token endpoint. Whatever fails authentication gets a 401
 * and reaches neither the engine nor the endpoint store.
 */
describe('Teams channel (bot mode, Bot Framework authentication)', () => {
  const connector = new ConnectorStandIn();
  let h: Harness;

  beforeAll(async () => {
    await connector.start();
    h = await startHarness(
      'teams_auth',
      {
        TEAMS_MODE: 'bot',
        MICROSOFT_APP_ID: FIXTURE.appId,
        MICROSOFT_APP_PASSWORD: APP_PASSWORD,
        MICROSOFT_APP_TENANT_ID: TENANT,
        MICROSOFT_APP_TYPE: 'SingleTenant',
      },
      {
        auth: { openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: `${connector.url}/${TENANT}` },
        // An OAuth2 client-credentials request, as MSAL would make it to Entra.
        acquireToken: async ({ appId, scope, loginUrl }) => {
          const res = await fetch(`${loginUrl}/oauth2/v2.0/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, client_secret: APP_PASSWORD, scope: `${scope}/.default` }),
          });
          const body = (await res.json()) as { access_token: string; expires_in: number };
          return { accessToken: body.access_token, expiresOn: new Date(Date.now() + body.expires_in * 1000) };
        },
      },
    );
  });

  afterAll(async () => {
    await h?.close();
    await connector.stop();
  });

  async function attempt(authorization: string | undefined) {
    const ids = freshIds(connector.url);
    await insertMentor(h.runtime, ids.user);
    const message = ids.load('personal-message');
    const res = await post(h.app, message, authorization ? { authorization } : {});
    return { ids, message, res };
  }

  async function expectRefused(authorization: string | undefined) {
    const { ids, message, res } = await attempt(authorization);
    expect(res.statusCode).toBe(401);
    expect(await inboundRow(h.runtime, message.id)).toBeUndefined();
    expect(await endpointRow(h.runtime, ids.personalChat)).toBeUndefined();
    expect(connector.sentTo(ids.personalChat)).toHaveLength(0);
  }

  it('accepts a token signed like the Bot Connector’s, and signs its own calls with the app’s token', async () => {
    const token = await connector.token({ aud: FIXTURE.appId, serviceurl: connector.url });
    const { ids, message, res } = await attempt(`Bearer ${token}`);

    expect(res.statusCode).toBe(200);
    expect((await inboundRow(h.runtime, message.id))?.kind).toBe('text');
    const typing = connector.sentTo(ids.personalChat).find((c) => c.body.type === 'typing');
    expect(typing?.authorization).toMatch(/^Bearer stand-in-access-token-\d+$/);
    const request = connector.tokenRequests.at(-1)!;
    expect(Object.fromEntries(request)).toMatchObject({
      grant_type: 'client_credentials',
      client_id: FIXTURE.appId,
      scope: 'https://api.botframework.com/.default',
    });

    // The answer, sent proactively later, is signed too.
    const answer = await connector.waitFor((calls) =>
      calls.find((c) => c.conversationId === ids.personalChat && c.body.type === 'message'),
    );
    expect(answer.authorization).toMatch(/^Bearer stand-in-access-token-\d+$/);
    expect(String(answer.body.text).startsWith(h.config.AI_DISCLOSURE)).toBe(true);
  });

  it('refuses a request without a token', async () => {
    await expectRefused(undefined);
  });

  it('refuses a token with a forged signature', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expectRefused(`Bearer ${await connector.token({ aud: FIXTURE.appId, serviceurl: connector.url }, { sign: privateKey })}`);
  });

  it('refuses a token issued for another bot', async () => {
    await expectRefused(`Bearer ${await connector.token({ aud: randomUUID(), serviceurl: connector.url })}`);
  });

  it('refuses a token from another issuer', async () => {
    await expectRefused(`Bearer ${await connector.token({ aud: FIXTURE.appId, serviceurl: connector.url, iss: 'https://evil.example' })}`);
  });

  it('refuses a token whose serviceurl is not where the activity says replies go', async () => {
    await expectRefused(`Bearer ${await connector.token({ aud: FIXTURE.appId, serviceurl: 'https://smba.trafficmanager.net/emea/' })}`);
  });
});
