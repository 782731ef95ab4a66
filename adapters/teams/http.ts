import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Request as BotRequest, Response as BotResponse, TurnContext } from 'botbuilder';
import type { Runtime } from '../../src/runtime/index.js';
import type { MaiaCloudAdapter } from './cloud-adapter.js';

export const MESSAGES_PATH = '/api/messages';

/**
 * Mounts the Bot Framework endpoint: fastify parses the JSON body, a small shim gives botbuilder
 * the `Request`/`Response` it expects, and `adapter.process` authenticates and runs the turn.
 * Whatever the turn left in the shim (status, invoke body) becomes fastify's reply.
 */
export function messagesPlugin(options: {
  adapter: MaiaCloudAdapter;
  /** Builds the turn logic once the runtime is known (and binds it for `send()`). */
  bind(runtime: Runtime): (context: TurnContext) => Promise<void>;
}): FastifyPluginAsync<{ runtime: Runtime }> {
  return async (app, { runtime }) => {
    const logic = options.bind(runtime);
    app.post(MESSAGES_PATH, async (request, reply) => {
      // botbuilder throws outside its own error handling on these; they are the caller's fault.
      const type = (request.body as { type?: unknown } | null)?.type;
      if (typeof type !== 'string') return reply.status(400).send({ error: 'INPUT_INVALID', message: 'not a Bot Framework activity' });
      const response = new ShimResponse();
      await options.adapter.process(toBotRequest(request), response, logic);
      return send(reply, response);
    });
  };
}

function toBotRequest(request: FastifyRequest): BotRequest {
  const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : undefined;
  return { body, headers: request.headers as Record<string, string | string[] | undefined>, method: request.method };
}

function send(reply: FastifyReply, response: ShimResponse): FastifyReply {
  reply.status(response.statusCode);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  if (response.body === undefined || response.body === null || response.body === '') return reply.send();
  // Bodies are invoke responses (objects) or botbuilder's one-line refusals (strings).
  return typeof response.body === 'object' ? reply.send(response.body) : reply.type('text/plain; charset=utf-8').send(String(response.body));
}

/** botbuilder's `Response`: records what the turn decided instead of writing to a socket. */
class ShimResponse implements BotResponse {
  socket: unknown = undefined;
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown;
  ended = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }
}
