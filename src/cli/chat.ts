import { createInterface } from 'node:readline/promises';
import { terminalAdapter } from '../../adapters/console/terminal-transport.js';
import type { Config } from '../config/index.js';
import type { InboundMessage } from '../engine/messages.js';
import { createLogger } from '../log.js';
import { startMaia } from '../runtime/maia.js';
import { settle } from './settle.js';

/**
 * A conversation in the terminal through the real pipeline (queue, worker, database). As a
 * youth the messages come in on the console channel; as a mentor on the Teams channel, so
 * Super Mentor answers with the mentor's directory entry (`--user 29:mentor-claire`).
 */
export async function chat(config: Config, opts: { as: 'youth' | 'mentor'; user?: string }): Promise<number> {
  const print = (text: string) => process.stdout.write(text + '\n');
  const channel = opts.as === 'mentor' ? 'teams' : 'console';
  const user = opts.user ?? (opts.as === 'mentor' ? '29:mentor-claire' : `console-${process.env.USER ?? 'moi'}`);
  const runtime = await startMaia(config, {
    adapters: { console: terminalAdapter('console', print), teams: terminalAdapter('teams', print), whatsapp: terminalAdapter('whatsapp', print) },
    log: createLogger(process.env.LOG_LEVEL ?? 'warn'),
    workers: true,
  });
  print(`MAIA — conversation en tant que ${opts.as === 'mentor' ? 'mentor' : 'jeune'} (${user}). Ctrl+D pour quitter.`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  let n = 0;
  try {
    for (;;) {
      let line: string;
      try {
        line = await rl.question('> ');
      } catch {
        break; // Ctrl+D / end of input
      }
      if (!line.trim()) continue;
      const inbound: InboundMessage = {
        channel,
        channelMessageId: `chat-${process.pid}-${Date.now()}-${n++}`,
        sender: { id: user, kind: channel },
        conversationKey: user,
        kind: 'text',
        text: line,
        receivedAt: new Date(),
      };
      const result = await runtime.engine.receive(inbound);
      await settle(runtime, result, 60_000);
    }
  } finally {
    rl.close();
    await runtime.close({ discardQueues: true });
  }
  return 0;
}
