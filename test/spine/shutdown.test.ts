import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { EchoAnswerer, RecordingChannels, consentingYouth, startTestRuntime, whatsappText } from '../helpers/runtime.js';
import { testDatabase, uniquePrefix } from '../helpers/db.js';

describe('graceful shutdown', () => {
  it('finishes the answer in flight and delivers it before closing', async () => {
    const channels = new RecordingChannels();
    const answerer = new EchoAnswerer(() => 800);
    const runtime = await startTestRuntime({ adapters: channels.adapters(), answerer });
    const app = await buildApp({ runtime });
    const { phone } = await consentingYouth(runtime);
    await runtime.engine.receive(whatsappText('une question lente', phone));
    while (answerer.calls.length === 0) await new Promise((r) => setTimeout(r, 10));
    await app.close();
    await runtime.close(); // must wait for the job in flight
    expect(channels.to(phone)).toHaveLength(1);
    expect(channels.to(phone)[0]!.body).toContain('une question lente');
  });

  it('npm start exits 0 on SIGTERM', async () => {
    const url = await testDatabase();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, DATABASE_URL: url, PORT: String(port), QUEUE_PREFIX: uniquePrefix(), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (d) => (logs += d));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`server did not start: ${logs}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs).toContain('stopped cleanly');
  });
});
