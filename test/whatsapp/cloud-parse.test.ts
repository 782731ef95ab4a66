import { describe, expect, it } from 'vitest';
import { parseCloudWebhook } from '../../adapters/whatsapp-cloud/index.js';
import { CLOUD_ENV, cloudFixture } from './support.js';

const FROM = '33612345678';
const vars = { FROM, WAMID: 'wamid.TEST1', NEW: '33698765432', BSUID: 'FR.1502576394655843', NEW_BSUID: 'FR.999000111222' };
const parse = (name: string, extra: Record<string, string> = {}) =>
  parseCloudWebhook(JSON.parse(cloudFixture(name, { ...vars, ...extra })), { phoneNumberId: CLOUD_ENV.WHATSAPP_CLOUD_PHONE_NUMBER_ID });
const one = (name: string) => {
  const parsed = parse(name);
  expect(parsed.skipped).toEqual([]);
  expect(parsed.messages).toHaveLength(1);
  return parsed.messages[0]!;
};

describe('Cloud API webhook normalisation (Meta payload shapes)', () => {
  it('text: E.164 sender, profile name, timestamp, conversation key', () => {
    const m = one('text');
    expect(m).toMatchObject({
      channel: 'whatsapp',
      channelMessageId: 'wamid.TEST1',
      sender: { id: '+33612345678', kind: 'phone', name: 'Inès Benali' },
      conversationKey: '+33612345678',
      kind: 'text',
      text: 'Bonjour, comment préparer un entretien ?',
    });
    expect(m.sentAt).toBeInstanceOf(Date);
    expect(m.replyToMessageId).toBeUndefined();
  });

  it('quoted reply keeps the quoted wamid', () => {
    expect(one('text-reply').replyToMessageId).toBe('wamid.QUOTED');
  });

  it.each([
    ['interactive-button-reply', 'feedback:up', '👍'],
    ['interactive-list-reply', 'topic:cv', 'Mon CV'],
    ['button', 'consent:yes', 'Oui'],
  ])('%s → kind button with the action id', (name, id, title) => {
    const m = one(name);
    expect(m.kind).toBe('button');
    expect(m.action).toEqual({ id });
    expect(m.text).toBe(title);
  });

  it.each([
    ['image', 'media', 'Voici mon CV, tu peux le relire ?'],
    ['video', 'media', 'Ma présentation'],
    ['document', 'media', 'Mon CV en PDF'],
    ['audio-voice', 'voice', ''],
    ['sticker', 'sticker', ''],
    ['location', 'location', 'NQT Paris — Paris'],
    ['contacts', 'contact', 'Karim Haddad'],
    ['unsupported', 'unsupported', ''],
    ['unknown', 'unsupported', ''],
  ])('%s → kind %s, text from the caption/name', (name, kind, text) => {
    const m = one(name);
    expect(m.kind).toBe(kind);
    expect(m.text).toBe(text);
  });

  it('reaction: emoji and target message id', () => {
    const m = one('reaction');
    expect(m.kind).toBe('reaction');
    expect(m.reaction).toEqual({ emoji: '👍', targetMessageId: 'wamid.ANSWER' });
  });

  it('user_changed_number: system message, the new number as an alias, no body kept', () => {
    const m = one('system-user-changed-number');
    expect(m.kind).toBe('system');
    expect(m.text).toBe('');
    expect(m.sender.id).toBe('+33612345678');
    expect(m.sender.aliases).toContainEqual({ id: '+33698765432', kind: 'phone' });
  });

  it('user_changed_user_id: the new BSUID becomes an alias', () => {
    const m = one('system-user-changed-user-id');
    expect(m.sender.aliases).toEqual(expect.arrayContaining([{ id: 'FR.999000111222', kind: 'bsuid' }]));
  });

  it('BSUID with a phone number: phone is the id, BSUID an alias', () => {
    const m = one('bsuid-text');
    expect(m.sender).toMatchObject({ id: '+33612345678', kind: 'phone', aliases: [{ id: 'FR.1502576394655843', kind: 'bsuid' }] });
  });

  it('BSUID only (username user, number withheld): BSUID is the id until resolved', () => {
    const m = one('bsuid-only-text');
    expect(m.sender).toMatchObject({ id: 'FR.1502576394655843', kind: 'bsuid' });
    expect(m.conversationKey).toBe('FR.1502576394655843');
  });

  it('statuses: sent, delivered, read, failed with code and title', () => {
    for (const s of ['sent', 'delivered', 'read'] as const) {
      expect(parse(`status-${s}`).statuses).toEqual([{ platformMessageId: 'wamid.TEST1', status: s, at: expect.any(Date) }]);
    }
    expect(parse('status-failed').statuses[0]).toMatchObject({ status: 'failed', error: '131047 Re-engagement message' });
  });

  it('a malformed message is skipped, the rest of the batch is kept', () => {
    const body = JSON.parse(cloudFixture('text', vars));
    const value = body.entry[0].changes[0].value;
    value.messages = [{ type: 'text', text: { body: 'sans id' } }, { id: 'wamid.bad', from: FROM, type: 'reaction', reaction: {} }, ...value.messages, 42];
    const parsed = parseCloudWebhook(body, { phoneNumberId: CLOUD_ENV.WHATSAPP_CLOUD_PHONE_NUMBER_ID });
    expect(parsed.messages.map((m) => m.channelMessageId)).toEqual(['wamid.TEST1']);
    expect(parsed.skipped).toHaveLength(3);
  });

  it('changes for another phone number id are ignored', () => {
    const parsed = parseCloudWebhook(JSON.parse(cloudFixture('text', { ...vars, PHONE_NUMBER_ID: '999' })), { phoneNumberId: CLOUD_ENV.WHATSAPP_CLOUD_PHONE_NUMBER_ID });
    expect(parsed.messages).toEqual([]);
  });

  it('user_id_update links the new BSUID to the person known by the old one', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'user_id_update', value: { user_id_update: [{ wa_id: FROM, detail: { previous: 'FR.1', current: 'FR.2' } }] } }] }] };
    expect(parseCloudWebhook(body).links).toEqual([{ known: ['FR.1', '+33612345678'], add: [{ id: 'FR.2', kind: 'bsuid' }] }]);
  });
});
