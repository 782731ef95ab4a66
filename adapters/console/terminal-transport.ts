import type { Channel } from '../../src/engine/messages.js';
import type { ChannelAdapter, SealedOutbound, SendResult } from '../../src/outbox/sealed.js';

/** `maia chat`: prints what MAIA sends, as a person would read it. */
export function terminalAdapter(channel: Channel, print: (text: string) => void): ChannelAdapter {
  return {
    channel,
    async send(message: SealedOutbound): Promise<SendResult> {
      const who = message.kind === 'staff' ? `→ ${message.to} (équipe)` : 'MAIA';
      print(`\n${who} :\n${message.text}${message.actions?.length ? `\n[${message.actions.map((a) => a.title).join('] [')}]` : ''}\n`);
      return { platformMessageId: `term-${message.id}` };
    },
  };
}
