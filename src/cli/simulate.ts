import { createInterface } from 'node:readline';
import { z } from 'zod';
import { JsonlTransport } from '../../adapters/console/jsonl-transport.js';
import type { Config } from '../config/index.js';
import { CHANNELS, type Channel, type InboundMessage } from '../engine/messages.js';
import type { Runtime } from '../runtime/index.js';
import type { SealedOutbound } from '../outbox/sealed.js';
import { drainSoon, settle } from './settle.js';

/** One input line of the simulate contract (README § « Le contrat simulate »). */
export const simulateInput = z.object({
  channel: z.enum(CHANNELS),
  from: z.string().trim().min(1).max(200),
  text: z.string().max(1_000_000),
  name: z.string().max(200).optional(),
  id: z.string().min(1).max(300).optional(),
});

export interface SimulateOptions {
  input: NodeJS.ReadableStream;
  write: (line: string) => void;
  /** Builds the runtime with the given transports (kept injectable for tests). */
  start: (adapters: Partial<Record<Channel, ReturnType<JsonlTransport['adapter']>>>) => Promise<Runtime>;
  /** Longest wait for one line's consequences before reporting an error line. */
  lineTimeoutMs?: number;
}

/**
 * JSON Lines in, JSON Lines out. Lines are handled one after another: the next input is read
 * only once everything the previous one caused has been sent. Exits when input ends.
 */
export async function simulate(opts: SimulateOptions): Promise<number> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const causeToLine = new Map<string, number>();
  let current = 0;
  const transport = new JsonlTransport(opts.write, (m: SealedOutbound) => (m.causeInboundId ? causeToLine.get(m.causeInboundId) : undefined) ?? current);
  const runtime = await opts.start({
    whatsapp: transport.adapter('whatsapp'),
    teams: transport.adapter('teams'),
    console: transport.adapter('console'),
  });
  let exitCode = 0;
  const startedAt = new Date();
  try {
    const lines = createInterface({ input: opts.input, crlfDelay: Infinity });
    let index = -1;
    for await (const rawLine of lines) {
      index += 1;
      current = index;
      if (!rawLine.trim()) {
        index -= 1; // blank lines are not inputs
        continue;
      }
      let parsed: z.infer<typeof simulateInput>;
      try {
        parsed = simulateInput.parse(JSON.parse(rawLine));
      } catch (err) {
        opts.write(JSON.stringify({ in: index, error: describeInputError(err) }));
        continue;
      }
      const inbound: InboundMessage = {
        channel: parsed.channel,
        channelMessageId: parsed.id ?? `sim-${runId}-${index}`,
        sender: { id: parsed.from, kind: senderKind(parsed.channel), name: parsed.name },
        conversationKey: parsed.from,
        kind: 'text',
        text: parsed.text,
        receivedAt: new Date(),
      };
      try {
        const result = await runtime.engine.receive(inbound);
        if (result.inboundId) causeToLine.set(result.inboundId, index);
        await settle(runtime, result, opts.lineTimeoutMs ?? 60_000);
      } catch (err) {
        exitCode = 1;
        opts.write(JSON.stringify({ in: index, error: err instanceof Error ? err.message : String(err) }));
      }
    }
    await drainSoon(runtime, runtime.config.SIMULATE_DRAIN_SECONDS * 1000, startedAt);
  } finally {
    await runtime.close({ discardQueues: true });
  }
  return exitCode;
}

export function senderKind(channel: Channel): string {
  return channel === 'whatsapp' ? 'phone' : channel === 'teams' ? 'teams' : 'console';
}

function describeInputError(err: unknown): string {
  if (err instanceof SyntaxError) return `invalid JSON: ${err.message}`;
  if (err instanceof z.ZodError) {
    const issue = err.issues[0]!;
    const field = issue.path.join('.') || 'line';
    if (field === 'channel') return `unknown channel: expected one of ${CHANNELS.join(', ')}`;
    return `invalid field "${field}": ${issue.message}`;
  }
  return String(err);
}

export type { Config };
