import { afterEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { inbox, inboundMessages } from '../../src/db/schema.js';
import { answerJobId } from '../../src/engine/engine.js';
import { sweepQuestions } from '../../src/engine/answer-job.js';
import { dedupeKey } from '../../src/engine/steps/dedupe.js';
import type { Answerer } from '../../src/answers/answerer.js';
import type { Step } from '../../src/engine/pipeline.js';
import type { Turn } from '../../src/engine/turn.js';
import type { InboundMessage } from '../../src/engine/messages.js';
import type { Runtime } from '../../src/runtime/index.js';
import { EchoAnswerer, RecordingChannels, consentingYouth, startTestRuntime, testConfig, whatsappText } from '../helpers/runtime.js';

/**
 * The ingress: a channel's message is persisted (sealed, pseudonymous) and a turn job queued;
 * the turn worker runs the engine in acceptance order per conversation, and nothing is lost
 * when a turn keeps failing or the process dies between the insert and the enqueue.
 */
describe('inbox: persist, enqueue, then the engine', () => {
  const runtimes: Runtime[] = [];
  afterEach(async () => {
    for (const rt of runtimes.splice(0)) await rt.close();
  });

  async function until(check: () => Promise<boolean> | boolean, ms = 10_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** An inbox row with no turn job, as a crash (or a failed enqueue) right after the insert leaves it. */
  async function storedWithoutJob(rt: Runtime, msg: InboundMessage, opts: { receivedAt?: Date; body?: string } = {}) {
    const id = crypto.randomUUID();
    await rt.db.insert(inbox).values({
      id,
      channel: 'whatsapp',
      channelMessageId: msg.channelMessageId,
      convKey: rt.inbox.convKey(msg),
      body: opts.body ?? rt.sealer.seal(JSON.stringify(msg)),
      lane: rt.config.QUEUE_PREFIX,
      job: `turns-${crypto.randomUUID()}`,
      ...(opts.receivedAt ? { receivedAt: opts.receivedAt } : {}),
    });
    return id;
  }

  /** A step that records the order turns reach it, and holds the ones that ask for it. */
  function recorder(slow: (text: string) => number, fail: (text: string) => boolean = () => false) {
    const seen: string[] = [];
    const step: Step<Turn> = {
      name: 'recorder',
      async run(turn, next) {
        if (fail(turn.inbound.text)) throw new Error('boom');
        const ms = slow(turn.inbound.text);
        if (ms) await new Promise((r) => setTimeout(r, ms));
        seen.push(turn.inbound.text);
        await next();
      },
    };
    return { seen, step };
  }

  async function start(
    opts: { config?: Awaited<ReturnType<typeof testConfig>>; workers?: boolean; step?: Step<Turn>; channels?: RecordingChannels; answerer?: Answerer } = {},
  ) {
    const rt = await startTestRuntime({
      config: opts.config ?? (await testConfig({ TURN_CONCURRENCY: '4' })),
      workers: opts.workers,
      answerer: opts.answerer ?? new EchoAnswerer(),
      adapters: (opts.channels ?? new RecordingChannels()).adapters(),
      steps: opts.step ? () => ({ charter: [opts.step!] }) : undefined,
    });
    runtimes.push(rt);
    return rt;
  }

  it('stores the message sealed under a pseudonym, and the turn worker answers it and removes it', async () => {
    const config = await testConfig();
    const producer = await start({ config, workers: false });
    const { phone } = await consentingYouth(producer);
    const msg = whatsappText('Texte reconnaissable zorglub sur le CV ?', phone);
    const accepted = await producer.inbox.accept(msg);
    expect(accepted.outcome).toBe('accepted');
    expect((await producer.inbox.accept({ ...msg, receivedAt: new Date() })).outcome).toBe('duplicate');

    const [row] = await producer.db.select().from(inbox).where(eq(inbox.id, accepted.id));
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain('zorglub');
    expect(JSON.stringify(row)).not.toContain(phone);
    expect(row!.convKey).toBe(producer.pseudo(`whatsapp:${phone}`));

    const channels = new RecordingChannels();
    await start({ config, channels });
    await channels.waitFor(() => channels.to(phone).length >= 1);
    expect(channels.to(phone)[0]!.body).toContain('zorglub');
    expect(await producer.db.select().from(inbox).where(eq(inbox.id, accepted.id))).toHaveLength(0);
    const journaled = await producer.db.select().from(inboundMessages).where(eq(inboundMessages.channelMessageId, msg.channelMessageId));
    expect(journaled).toHaveLength(1);
  });

  it('runs the turns of one conversation in the order they came, others side by side', async () => {
    // The first message of A is slow: without the per-conversation order, A's later
    // messages (separate turn jobs, four at once) would overtake it.
    const { seen, step } = recorder((t) => (t.startsWith('A1') ? 400 : 0));
    const rt = await start({ step });
    const a = await consentingYouth(rt);
    const b = await consentingYouth(rt);
    for (const text of ['A1 lent', 'A2', 'A3']) {
      await rt.inbox.accept(whatsappText(text, a.phone));
      await new Promise((r) => setTimeout(r, 15)); // separate batches, separate jobs
    }
    await rt.inbox.accept(whatsappText('B1', b.phone));
    await until(() => seen.length >= 4);
    expect(seen.filter((t) => t.startsWith('A'))).toEqual(['A1 lent', 'A2', 'A3']);
    // B was not held up behind A's slow turn.
    expect(seen.indexOf('B1')).toBeLessThan(seen.indexOf('A1 lent'));
  });

  it('sets a message aside after its last attempt, and the conversation goes on', async () => {
    const { seen, step } = recorder(() => 0, (t) => t.includes('casse'));
    const rt = await start({ config: await testConfig({ TURN_ATTEMPTS: '2' }), step });
    const { phone } = await consentingYouth(rt);
    const broken = await rt.inbox.accept(whatsappText('ce message casse tout', phone));
    await new Promise((r) => setTimeout(r, 15));
    await rt.inbox.accept(whatsappText('et celui-ci passe', phone));
    await until(() => seen.includes('et celui-ci passe'));
    const [row] = await rt.db.select().from(inbox).where(eq(inbox.id, broken.id));
    expect(row!.failedAt).not.toBeNull();
    expect(row!.error).toContain('boom');
    expect(seen).not.toContain('ce message casse tout');
  });

  it('sets aside a stored message that cannot be opened (its key is gone), and the conversation goes on', async () => {
    const channels = new RecordingChannels();
    const rt = await start({ channels, config: await testConfig({ TURN_ATTEMPTS: '1' }) });
    const { phone } = await consentingYouth(rt);
    const lost = whatsappText('illisible', phone);
    const id = await storedWithoutJob(rt, lost, { receivedAt: new Date(Date.now() - 120_000), body: 'v1.retired-key.aaaa.bbbb.cccc' });
    await rt.inbox.sweep(); // (or the maintenance worker's own sweep, scheduled at start)
    await until(async () => (await rt.db.select().from(inbox).where(eq(inbox.id, id)))[0]?.failedAt != null);
    const [row] = await rt.db.select().from(inbox).where(eq(inbox.id, id));
    expect(row!.error).toMatch(/cannot open/);
    await rt.inbox.accept(whatsappText('Et maintenant, le CV ?', phone));
    await channels.waitFor(() => channels.to(phone).length >= 1);
    expect(channels.to(phone)[0]!.body).toContain('le CV');
  });

  it('queues again a batch whose job never reached the queue (crash between insert and enqueue)', async () => {
    const channels = new RecordingChannels();
    const rt = await start({ channels });
    const { phone } = await consentingYouth(rt);
    const msg = whatsappText('Comment relancer un recruteur ?', phone);
    // What a crash right after the insert leaves: a row, no job.
    await storedWithoutJob(rt, msg, { receivedAt: new Date(Date.now() - 120_000) });
    await rt.inbox.sweep(); // (or the maintenance worker's own sweep, scheduled at start)
    await channels.waitFor(() => channels.to(phone).length >= 1);
    const [left] = await rt.db.select({ n: sql<number>`count(*)::int` }).from(inbox).where(eq(inbox.channelMessageId, msg.channelMessageId));
    expect(left!.n).toBe(0);
  });

  it('a turn whose process died mid-way is run again, not taken for a duplicate of itself', async () => {
    const config = await testConfig();
    const producer = await start({ config, workers: false });
    const { phone } = await consentingYouth(producer);
    const msg = whatsappText('Comment présenter mon parcours ?', phone);
    const { id } = await producer.inbox.accept(msg);
    // What the dead attempt left: its dedupe mark, and the inbox row (its write never happened).
    await producer.redis.set(dedupeKey(config.QUEUE_PREFIX, 'whatsapp', msg.channelMessageId), id, 'EX', 60);
    const channels = new RecordingChannels();
    await start({ config, channels });
    await channels.waitFor(() => channels.to(phone).length >= 1);
    expect(channels.to(phone)[0]!.body).toContain('présenter mon parcours');
  });

  it('a platform retry of a message stored without its turn job queues the job at once', async () => {
    const channels = new RecordingChannels();
    const rt = await start({ channels });
    const { phone } = await consentingYouth(rt);
    const msg = whatsappText('Comment préparer un entretien collectif ?', phone);
    // Stored, but the enqueue failed (Redis blip): the webhook answered 5xx and Meta retries.
    await storedWithoutJob(rt, msg);
    expect((await rt.inbox.accept(msg)).outcome).toBe('duplicate');
    await channels.waitFor(() => channels.to(phone).length >= 1, 5_000); // well before any sweep
    expect(channels.to(phone)[0]!.body).toContain('entretien collectif');
  });

  it('refuses a malformed message with a clear error', async () => {
    const rt = await start({ workers: false });
    await expect(rt.inbox.accept({ ...whatsappText('x'), channel: 'fax' as never })).rejects.toThrow(/unknown channel/);
    await expect(rt.inbox.accept({ ...whatsappText('x'), channelMessageId: '' })).rejects.toThrow(/channel message id/);
  });

  /** The journaled question of a channel message, once the turn wrote it. */
  async function questionOf(rt: Runtime, channelMessageId: string): Promise<string> {
    let id: string | undefined;
    await until(async () => {
      [{ id } = { id: undefined }] = await rt.db.select({ id: inboundMessages.id }).from(inboundMessages).where(eq(inboundMessages.channelMessageId, channelMessageId));
      return id !== undefined;
    });
    return id!;
  }

  describe('turns run by the accepting process (no queue hop)', () => {
    const jobs = async (rt: Runtime) => {
      const c = await rt.queues.turn.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
      return Object.values(c).reduce((a, b) => a + b, 0);
    };

    it('runs the turn where the message was accepted when it has a free turn slot: no turn job at all', async () => {
      const channels = new RecordingChannels();
      const rt = await start({ channels });
      const { phone } = await consentingYouth(rt);
      await rt.inbox.accept(whatsappText('Comment choisir ma formation ?', phone));
      await channels.waitFor(() => channels.to(phone).length >= 1);
      expect(channels.to(phone)[0]!.body).toContain('choisir ma formation');
      expect(await jobs(rt)).toBe(0);
      const [left] = await rt.sql<{ n: number }[]>`select count(*)::int as n from inbox where lane = ${rt.config.QUEUE_PREFIX}`;
      expect(left!.n).toBe(0);
    });

    it('queues a message whose conversation still has an earlier one in the inbox, and keeps the order', async () => {
      const { seen, step } = recorder((t) => (t.startsWith('A1') ? 400 : 0));
      const rt = await start({ step });
      const { phone } = await consentingYouth(rt);
      await rt.inbox.accept(whatsappText('A1 lent', phone));
      await new Promise((r) => setTimeout(r, 50)); // A1 is running here
      await rt.inbox.accept(whatsappText('A2', phone));
      expect(await jobs(rt)).toBe(1); // A2 went through the queue
      await until(() => seen.length >= 2);
      expect(seen).toEqual(['A1 lent', 'A2']);
    });

    it('two messages of one conversation accepted a tick apart (inserts that would overlap) run in order', async () => {
      const { seen, step } = recorder((t) => (t.startsWith('X1') ? 300 : 0));
      const rt = await start({ step, config: await testConfig({ TURN_CONCURRENCY: '16' }) });
      const youths = await Promise.all(Array.from({ length: 6 }, () => consentingYouth(rt)));
      await Promise.all(
        youths.map(async ({ phone }, i) => {
          const first = rt.inbox.accept(whatsappText(`X1 lent ${i}`, phone));
          await new Promise((r) => setImmediate(r)); // the first insert is on its way
          await Promise.all([first, rt.inbox.accept(whatsappText(`X2 ${i}`, phone))]);
        }),
      );
      await until(() => seen.length >= 12);
      for (let i = 0; i < youths.length; i++) expect(seen.filter((t) => t.endsWith(` ${i}`))).toEqual([`X1 lent ${i}`, `X2 ${i}`]);
    });

    it('hands a turn that failed here to the queue, which retries it', async () => {
      let failures = 0;
      const { seen, step } = recorder(() => 0, (t) => t.includes('fragile') && failures++ === 0);
      const rt = await start({ step });
      const { phone } = await consentingYouth(rt);
      await rt.inbox.accept(whatsappText('un message fragile', phone));
      await until(() => seen.includes('un message fragile'));
      expect(failures).toBe(2);
      expect(await jobs(rt)).toBeGreaterThanOrEqual(1);
    });
  });

  describe('answers in the turn job (no queue hop)', () => {
    it('answers the question right after its turn: the reply leaves and no answer job was queued', async () => {
      const channels = new RecordingChannels();
      const rt = await start({ channels });
      const { phone } = await consentingYouth(rt);
      const msg = whatsappText('Comment écrire une lettre de motivation ?', phone);
      await rt.inbox.accept(msg);
      await channels.waitFor(() => channels.to(phone).length >= 1);
      expect(channels.to(phone)[0]!.text).toContain('lettre de motivation');
      expect(channels.to(phone)[0]!.text).toContain("assisté par l'IA");
      const question = await questionOf(rt, msg.channelMessageId);
      expect(await rt.queues.answer.getJob(answerJobId(question))).toBeUndefined();
      const [row] = await rt.db.select({ state: inboundMessages.answerState }).from(inboundMessages).where(eq(inboundMessages.id, question));
      expect(row!.state).toBe('done');
    });

    it('keeps the order of three quick questions with two processes, a slow first answer and no overtaking', async () => {
      const config = await testConfig({ TURN_CONCURRENCY: '4' });
      const channels = new RecordingChannels();
      const slowFirst = () => new EchoAnswerer((q) => (q.includes('premier') ? 500 : 0));
      const one = await start({ config, channels, answerer: slowFirst() });
      await start({ config, channels, answerer: slowFirst() });
      const { phone } = await consentingYouth(one);
      for (const text of ['Mon premier souci : le CV ?', 'Mon deuxième : la lettre ?', 'Mon troisième : l’entretien ?']) {
        await one.inbox.accept(whatsappText(text, phone));
        await new Promise((r) => setTimeout(r, 20)); // separate batches, so separate turn jobs
      }
      await channels.waitFor(() => channels.to(phone).length >= 3);
      expect(channels.to(phone).map((m) => m.body.match(/premier|deuxième|troisième/)?.[0])).toEqual(['premier', 'deuxième', 'troisième']);
    });

    it('hands the question to the answer queue when the answerer fails inline, and the queue answers it', async () => {
      let calls = 0;
      const flaky: Answerer = {
        async answer(request) {
          if (calls++ === 0) throw new Error('provider down');
          return new EchoAnswerer().answer(request);
        },
      };
      const channels = new RecordingChannels();
      const rt = await start({ channels, answerer: flaky });
      const { phone } = await consentingYouth(rt);
      const msg = whatsappText('Comment trouver un stage ?', phone);
      await rt.inbox.accept(msg);
      await channels.waitFor(() => channels.to(phone).length >= 1);
      expect(channels.to(phone)[0]!.body).toContain('trouver un stage');
      expect(calls).toBe(2);
      expect(await rt.queues.answer.getJob(answerJobId(await questionOf(rt, msg.channelMessageId)))).toBeDefined();
    });

    it('computes at most ANSWER_CONCURRENCY answers at once, inline or queued, and turns never wait behind them', async () => {
      let inFlight = 0;
      let most = 0;
      const slow: Answerer = {
        async answer(request) {
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setTimeout(r, 600));
          inFlight--;
          return new EchoAnswerer().answer(request);
        },
      };
      const channels = new RecordingChannels();
      // Two turn slots only: if a turn job held its slot while its answer runs, the message
      // below (an empty one, which gets a kind notice at once) would wait for the slow answers.
      const rt = await start({ channels, config: await testConfig({ TURN_CONCURRENCY: '2', ANSWER_CONCURRENCY: '2' }), answerer: slow });
      const youths = await Promise.all([0, 1, 2, 3].map(() => consentingYouth(rt)));
      const questions = youths.slice(0, 3).map((y, i) => whatsappText(`Question lente numéro ${i} ?`, y.phone));
      for (const q of questions) {
        await rt.inbox.accept(q);
        await new Promise((r) => setTimeout(r, 30));
      }
      await rt.inbox.accept(whatsappText('   ', youths[3]!.phone));
      await channels.waitFor(() => youths.every((y) => channels.to(y.phone).length >= 1));
      // The notice left before any slow answer.
      expect(channels.sent.findIndex((m) => m.to === youths[3]!.phone)).toBe(0);
      expect(channels.sent[0]!.kind).toBe('notice');
      expect(most).toBe(2);
      // Two answered inline (no job), the third through the queue.
      const jobs = await Promise.all(questions.map(async (q) => rt.queues.answer.getJob(answerJobId(await questionOf(rt, q.channelMessageId)))));
      expect(jobs.filter(Boolean)).toHaveLength(1);
    });

    it('answers two questions sent in one webhook (same reception time) in the order they were written', async () => {
      const channels = new RecordingChannels();
      const rt = await start({ channels, answerer: new EchoAnswerer((q) => (q.includes('premier') ? 400 : 0)) });
      const { phone } = await consentingYouth(rt);
      const at = new Date();
      const first = { ...whatsappText('Mon premier souci : le CV ?', phone), receivedAt: at };
      const second = { ...whatsappText('Mon deuxième : la lettre ?', phone), receivedAt: at };
      await Promise.all([rt.inbox.accept(first), rt.inbox.accept(second)]); // one batch, one turn job
      await channels.waitFor(() => channels.to(phone).length >= 2);
      expect(channels.to(phone).map((m) => m.body.match(/premier|deuxième/)?.[0])).toEqual(['premier', 'deuxième']);
    });

    it('a graceful shutdown finishes the answers started after their turn, and delivers them', async () => {
      const channels = new RecordingChannels();
      const rt = await startTestRuntime({
        config: await testConfig(),
        answerer: new EchoAnswerer(() => 500),
        adapters: channels.adapters(),
      });
      const { phone } = await consentingYouth(rt);
      const msg = whatsappText('Comment organiser ma recherche ?', phone);
      await rt.inbox.accept(msg);
      await questionOf(rt, msg.channelMessageId); // the turn is written; its answer is under way
      await rt.close();
      expect(channels.to(phone)).toHaveLength(1);
      expect(channels.to(phone)[0]!.body).toContain('organiser ma recherche');
    });

    it('the question sweep leaves alone a question received long ago (a backlog) and being answered now', async () => {
      const answerer = new EchoAnswerer(() => 800);
      const channels = new RecordingChannels();
      const rt = await start({ channels, answerer });
      const { phone } = await consentingYouth(rt);
      // Received by the platform a minute ago, handled only now (the inbox had a backlog).
      const msg = { ...whatsappText('Comment rédiger un mail de relance ?', phone), receivedAt: new Date(Date.now() - 120_000) };
      await rt.inbox.accept(msg);
      await questionOf(rt, msg.channelMessageId); // journaled; its answer is being computed
      expect(await sweepQuestions(rt, 30_000)).toBe(0);
      await channels.waitFor(() => channels.to(phone).length >= 1);
      expect(answerer.calls).toHaveLength(1);
    });

    it('a turn written but never answered (process killed in between) is answered after the question sweep', async () => {
      const channels = new RecordingChannels();
      const rt = await start({ channels });
      const { phone } = await consentingYouth(rt);
      // What a crash between the turn's write and its inline answer leaves: a queued question, no job.
      const result = await rt.engine.receive(whatsappText('Comment négocier un salaire ?', phone), { deferAnswer: true });
      expect(result.deferred).toBeDefined();
      expect(await rt.queues.answer.getJob(answerJobId(result.deferred!.inboundId))).toBeUndefined();
      await new Promise((r) => setTimeout(r, 500));
      expect(channels.to(phone)).toHaveLength(0);
      expect(await sweepQuestions(rt, 0)).toBe(1);
      await channels.waitFor(() => channels.to(phone).length >= 1);
      expect(channels.to(phone)[0]!.body).toContain('négocier un salaire');
    });
  });
});
