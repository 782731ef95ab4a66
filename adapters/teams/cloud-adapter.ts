import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from '../../src/log.js';

/**
 * botbuilder's CloudAdapter with MAIA's failure policy on inbound requests:
 *
 * - Any failure to authenticate is a 401. Stock `process` answers 401 only for its own
 *   `AuthenticationError` and 500 for the rest — a forged signature (jsonwebtoken's
 *   `JsonWebTokenError`) would come back as a 500, inviting retries instead of refusal.
 * - Failures are answered as a status, never thrown back into `process`, which would
 *   print them with `console.error` outside the structured logs.
 * - In local mode (no authentication) replies may only go to a loopback serviceUrl: an
 *   unauthenticated caller must not make MAIA POST to an address of its choosing.
 *
 * `adapter.onTurnError` stays unset on purpose: botbuilder swallows errors it handled, and the
 * proactive sends of `send()` must see theirs to be retried.
 */
export class MaiaCloudAdapter extends CloudAdapter {
  constructor(
    auth: BotFrameworkAuthentication,
    private readonly options: { log: Logger; authenticated: boolean },
  ) {
    super(auth);
  }

  protected override async processActivity(
    authorization: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    const { log, authenticated } = this.options;
    let auth: AuthenticateRequestResult;
    if (typeof authorization === 'string') {
      try {
        auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        log.warn({ reason: reason.slice(0, 200), activityType: activity.type }, 'teams request refused: authentication failed');
        return { status: 401, body: { error: 'UNAUTHENTICATED' } };
      }
    } else {
      auth = authorization;
    }
    if (!authenticated && !isLoopback(activity.serviceUrl)) {
      log.warn({ activityType: activity.type }, 'teams request refused: local mode accepts only a loopback serviceUrl');
      return { status: 403, body: { error: 'FORBIDDEN' } };
    }
    try {
      return await super.processActivity(auth, activity, logic);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), activityType: activity.type }, 'teams turn failed');
      return { status: 500, body: { error: 'INTERNAL' } };
    }
  }
}

function isLoopback(serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    const host = new URL(serviceUrl).hostname;
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
