import { spawn } from 'node:child_process';
import { testDatabase } from './db.js';

export interface SimOut {
  in: number;
  channel?: string;
  to?: string;
  text?: string;
  kind?: string;
  tier?: string;
  sources?: { title: string; url?: string }[];
  error?: string;
}

/** Runs the real `maia simulate` CLI on the given input (string lines or raw bytes). */
export async function runSimulate(input: (string | object)[] | Buffer, env: Record<string, string> = {}): Promise<{ code: number | null; lines: SimOut[]; stderr: string }> {
  const url = env.DATABASE_URL ?? (await testDatabase());
  const child = spawn(process.execPath, ['bin/maia.js', 'simulate'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const payload = Buffer.isBuffer(input) ? input : Buffer.from(input.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  child.stdin.end(payload);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SimOut);
  return { code, lines, stderr };
}

export const phone = () => `+3361${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`;
