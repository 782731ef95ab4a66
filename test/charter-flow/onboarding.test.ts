import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { consents, persons } from '../../src/db/schema.js';
import { registerYouth } from '../../src/admin/register.js';
import { runOnboarding } from '../../src/onboarding/sequence.js';
import { randomPhone } from '../helpers/runtime.js';
import { startProduction, type Production } from '../helpers/maia.js';

describe('proactive help from registration', () => {
  let p: Production;
  beforeAll(async () => {
    p = await startProduction({ overrides: { ONBOARDING_DAYS: '1,3' } });
  });
  afterAll(() => p.runtime.close());

  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

  it('sends the tips of the due days once each, with sources, and stops at STOP', async () => {
    const phone = randomPhone();
    const { personId } = await registerYouth(p.runtime, { phone, firstName: 'Nora', profile: { lookingFor: 'alternance', studyField: 'marketing' } });
    await p.channels.waitFor(() => p.channels.to(phone).length === 1); // the welcome
    const deps = { ...p.runtime, answerer: p.runtime.answerer };

    expect((await runOnboarding(deps)).sent).toBe(0); // not consented yet: nothing
    await p.say(phone, 'oui');
    await p.runtime.db.update(persons).set({ createdAt: daysAgo(1.1) }).where(eq(persons.id, personId));
    await runOnboarding(deps);
    await runOnboarding(deps); // twice: still once
    await p.channels.waitFor(() => p.channels.to(phone).some((m) => m.text.includes('Pour bien démarrer')));
    expect(p.channels.to(phone).filter((m) => m.text.includes('Pour bien démarrer'))).toHaveLength(1);
    const tip = p.channels.to(phone).find((m) => m.text.includes('Pour bien démarrer'))!;
    expect(tip.text.split('\n')[0]).toBe(p.runtime.config.AI_DISCLOSURE);
    expect(tip.sources?.length).toBeGreaterThan(0);

    await p.say(phone, 'STOP');
    await p.runtime.db.update(persons).set({ createdAt: daysAgo(3.5) }).where(eq(persons.id, personId));
    expect((await runOnboarding(deps)).sent).toBe(0);
    const [c] = await p.runtime.db.select().from(consents).where(eq(consents.personId, personId));
    expect(c).toBeDefined();
  });

  it('stops once a first mentor meeting is recorded', async () => {
    const phone = randomPhone();
    const { personId } = await registerYouth(p.runtime, { phone, firstName: 'Sami' });
    await p.say(phone, 'oui');
    await p.runtime.db.update(persons).set({ createdAt: daysAgo(2), firstMeetingAt: new Date() }).where(eq(persons.id, personId));
    expect((await runOnboarding({ ...p.runtime, answerer: p.runtime.answerer })).sent).toBe(0);
  });
});
