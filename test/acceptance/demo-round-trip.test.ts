import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db.js';
import { runSimulate, type SimOut } from '../helpers/simulate.js';

// The acceptance scenario, through the real CLI, on its own database.
describe('acceptance: escalation round trip after `maia seed demo`', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const url = await testDatabase('demo');
    env = { DATABASE_URL: url, ESCALATION_ACK_TIMEOUT_MINUTES: '0.03' };
    const seeded = spawnSync(process.execPath, ['bin/maia.js', 'seed', 'demo'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(seeded.status, seeded.stderr).toBe(0);
  }, 60_000);

  it('Inès → Claire takes it → Inès told; Lucas → chargé de mission; no ack → pinged; ALERTE never to Claire; summaries', async () => {
    const { code, lines } = await runSimulate(
      [
        { channel: 'whatsapp', from: '+33600000001', text: 'Je voudrais parler à ma mentore' },
        { channel: 'teams', from: '29:mentor-claire', text: 'Je prends en charge' },
        { channel: 'whatsapp', from: '+33600000004', text: 'je veux parler à quelqu’un' },
        { channel: 'whatsapp', from: '+33600000001', text: 'ALERTE un mentor me harcèle' },
        { channel: 'teams', from: '29:mentor-claire', text: 'synthèse Inès' },
        { channel: 'teams', from: '29:mentor-claire', text: 'synthèse Yanis' },
        { channel: 'teams', from: '29:mentor-claire', text: 'synthèse Aïcha' },
      ],
      env,
    );
    expect(code).toBe(0);
    const at = (i: number) => lines.filter((l) => l.in === i);
    const one = (i: number, f: (l: SimOut) => boolean) => at(i).find(f);

    expect(one(0, (l) => l.kind === 'staff')?.to).toBe('29:mentor-claire');
    expect(one(0, (l) => l.to === '+33600000001')?.kind).toBe('escalation');
    expect(one(1, (l) => l.to === '+33600000001')?.text).toMatch(/Claire.*a bien reçu ta demande/);
    expect(one(2, (l) => l.kind === 'staff')?.to).toBe('29:cdm-karim');
    // No acknowledgement for Lucas: after the delay, the chargés de mission are pinged.
    expect(lines.some((l) => l.in === 2 && l.kind === 'staff' && /Sans prise en charge/.test(l.text ?? ''))).toBe(true);
    // The alert: the alert team only, never Claire.
    expect(at(3).filter((l) => l.kind === 'staff').map((l) => l.to)).toEqual(['alertes']);
    expect(lines.filter((l) => l.to === '29:mentor-claire' && /harc[eè]le/i.test(l.text ?? ''))).toHaveLength(0);
    expect(one(4, (l) => l.to === '29:mentor-claire')?.text).toMatch(/Synthèse d'Inès/);
    expect(one(5, (l) => l.to === '29:mentor-claire')?.text).toMatch(/pas donné son accord/);
    expect(one(6, (l) => l.to === '29:mentor-claire')?.text).toMatch(/Je ne trouve pas « Aïcha » parmi vos jeunes/);
    for (const l of lines) expect(l.text).toMatch(/assisté par l'IA/);
  }, 90_000);
});
