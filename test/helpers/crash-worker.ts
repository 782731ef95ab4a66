/**
 * A MAIA deliver worker in its own process, for crash tests. It posts each message to the
 * platform stand-in at PLATFORM_URL and SIGKILLs itself at the point named by KILL_AT:
 * `before-send` (after the row is marked sending) or `after-sent` (after the row is marked
 * sent, before BullMQ hears the job is done).
 */
import { loadConfig } from '../../src/config/index.js';
import { createRuntime } from '../../src/runtime/index.js';
import type { ChannelAdapter } from '../../src/outbox/sealed.js';

const config = loadConfig(process.env);
const killAt = process.env.KILL_AT;
const post = async (body: unknown) => {
  const res = await fetch(process.env.PLATFORM_URL!, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`platform ${res.status}`);
};
const adapter: ChannelAdapter = {
  channel: 'whatsapp',
  async send(message) {
    if (killAt === 'before-send') process.kill(process.pid, 'SIGKILL');
    await post({ id: message.id, text: message.text });
    return { platformMessageId: `p-${message.id}` };
  },
};
const runtime = await createRuntime({
  config,
  adapters: { whatsapp: adapter },
  workerOptions: { lockDuration: 1000, stalledInterval: 500 },
  onSent: () => {
    if (killAt === 'after-sent') process.kill(process.pid, 'SIGKILL');
  },
});
await runtime.startWorkers();
process.send?.('ready');
