import { startMaia } from '../../src/runtime/maia.js';
import type { Runtime } from '../../src/runtime/index.js';
import type { Answerer } from '../../src/answers/answerer.js';
import type { Config } from '../../src/config/index.js';
import type { InboundMessage } from '../../src/engine/messages.js';
import { RecordingChannels, testConfig } from './runtime.js';

/** The production composition (every charter step), in-process, with recording channels. */
export async function startProduction(opts: { answerer?: Answerer; config?: Config; overrides?: Record<string, string> } = {}) {
  const channels = new RecordingChannels();
  const config = opts.config ?? (await testConfig(opts.overrides));
  const runtime = await startMaia(config, { adapters: channels.adapters(), workers: true, answerer: opts.answerer, skipMigrations: true });
  let n = 0;
  /** Sends a message and waits until everything it caused has been handed to the channels. */
  const say = async (from: string, text: string, extra: Partial<InboundMessage> = {}) => {
    const channel = extra.channel ?? 'whatsapp';
    const before = channels.sent.length;
    const { settle } = await import('../../src/cli/settle.js');
    const result = await runtime.engine.receive({
      channel,
      channelMessageId: `t-${Date.now()}-${n++}-${Math.random().toString(36).slice(2)}`,
      sender: { id: from, kind: channel === 'teams' ? 'teams' : 'phone' },
      conversationKey: from,
      kind: 'text',
      text,
      receivedAt: new Date(),
      ...extra,
    });
    await settle(runtime, result, 20_000);
    return { result, out: channels.sent.slice(before) };
  };
  return { runtime, channels, say };
}

export type Production = Awaited<ReturnType<typeof startProduction>>;
export type { Runtime };
