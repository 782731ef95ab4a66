import type { Channel } from '../../src/engine/messages.js';
import type { ChannelAdapter, SealedOutbound, SendResult } from '../../src/outbox/sealed.js';

export interface SimulateLine {
  in: number;
  channel: Channel;
  to: string;
  text: string;
  kind: string;
  tier?: string;
  sources?: { title: string; url?: string }[];
  author?: string;
}

/**
 * The console transport of `maia simulate`: stands in for WhatsApp, Teams and the console,
 * writing one JSON line per message the system sends. Deliveries are idempotent per outbound
 * id, like a real platform's would be at best.
 */
export class JsonlTransport {
  private readonly seen = new Set<string>();

  constructor(
    private readonly write: (line: string) => void,
    /** Input line index a message belongs to (from its cause, else the line being handled). */
    private readonly inputIndexFor: (message: SealedOutbound) => number,
  ) {}

  adapter(channel: Channel): ChannelAdapter {
    return {
      channel,
      send: async (message: SealedOutbound): Promise<SendResult> => {
        if (this.seen.has(message.id)) return { platformMessageId: `sim-${message.id}` };
        this.seen.add(message.id);
        const line: SimulateLine = { in: this.inputIndexFor(message), channel: message.channel, to: message.to, text: message.text, kind: message.kind };
        if (message.tier) line.tier = message.tier;
        if (message.sources && message.sources.length > 0) line.sources = message.sources.map((s) => (s.url ? { title: s.title, url: s.url } : { title: s.title }));
        if (message.author === 'human') line.author = 'human';
        this.write(JSON.stringify(line));
        return { platformMessageId: `sim-${message.id}` };
      },
    };
  }
}
