import { describe, expect, it } from 'vitest';
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { normalizeBaileysMessage } from '../../adapters/whatsapp-baileys/index.js';
import { wire } from './baileys-wire.js';

const PN = '33612345678@s.whatsapp.net';
const LID = '123456789012345@lid';
const T = 1_750_000_000;
const msg = (message: proto.IMessage, key: Partial<proto.IMessageKey> = {}, extras: Record<string, string> = {}): WAMessage =>
  wire({ key: { remoteJid: PN, fromMe: false, id: 'ABCDEF0123', ...key }, messageTimestamp: T, pushName: 'Inès', message }, extras);
const norm = (m: WAMessage) => normalizeBaileysMessage(m, { receivedAt: new Date(0) });
const { Type } = proto.Message.ProtocolMessage;

describe('normalizeBaileysMessage (messages encoded with Baileys protobufs)', () => {
  it('conversation: E.164 sender, JID alias, push name, timestamp', () => {
    expect(norm(msg({ conversation: 'Salut MAIA' }))).toMatchObject({
      channel: 'whatsapp',
      channelMessageId: 'ABCDEF0123',
      sender: { id: '+33612345678', kind: 'phone', aliases: [{ id: PN, kind: 'jid' }], name: 'Inès' },
      conversationKey: '+33612345678',
      kind: 'text',
      text: 'Salut MAIA',
      sentAt: new Date(T * 1000),
      receivedAt: new Date(0),
    });
  });

  it('extendedTextMessage with a quote → replyToMessageId', () => {
    const m = norm(msg({ extendedTextMessage: { text: 'Et ça ?', contextInfo: { stanzaId: 'QUOTED01', participant: '33700000001@s.whatsapp.net' } } }));
    expect(m).toMatchObject({ kind: 'text', text: 'Et ça ?', replyToMessageId: 'QUOTED01' });
  });

  it('a device suffix on the JID is dropped', () => {
    expect(norm(msg({ conversation: 'x' }, { remoteJid: '33612345678:12@s.whatsapp.net' }))?.sender.aliases).toEqual([{ id: PN, kind: 'jid' }]);
  });

  it('LID chat with the phone JID as remoteJidAlt (Baileys 7) → phone id, JID and LID aliases', () => {
    const m = norm(msg({ conversation: 'x' }, { remoteJid: LID }, { remoteJidAlt: PN }));
    expect(m?.sender).toMatchObject({ id: '+33612345678', kind: 'phone', aliases: [{ id: PN, kind: 'jid' }, { id: LID, kind: 'lid' }] });
    expect(m?.conversationKey).toBe('+33612345678');
  });

  it('LID chat with senderPn (Baileys 6 spelling) → phone id', () => {
    expect(norm(msg({ conversation: 'x' }, { remoteJid: LID }, { senderPn: PN }))?.sender.id).toBe('+33612345678');
  });

  it('phone chat with the LID as remoteJidAlt → LID alias', () => {
    expect(norm(msg({ conversation: 'x' }, {}, { remoteJidAlt: LID }))?.sender.aliases).toContainEqual({ id: LID, kind: 'lid' });
  });

  it('LID only → the LID is the sender until resolved', () => {
    const m = norm(msg({ conversation: 'x' }, { remoteJid: LID }));
    expect(m?.sender).toMatchObject({ id: LID, kind: 'lid' });
    expect(m?.conversationKey).toBe(LID);
  });

  it.each<[string, proto.IMessage, string, string]>([
    ['buttonsResponseMessage', { buttonsResponseMessage: { selectedButtonId: 'feedback:up', selectedDisplayText: '👍' } }, 'feedback:up', '👍'],
    ['templateButtonReplyMessage', { templateButtonReplyMessage: { selectedId: 'consent:yes', selectedDisplayText: 'Oui' } }, 'consent:yes', 'Oui'],
    ['listResponseMessage', { listResponseMessage: { title: 'Mon CV', singleSelectReply: { selectedRowId: 'topic:cv' } } }, 'topic:cv', 'Mon CV'],
    [
      'interactiveResponseMessage',
      { interactiveResponseMessage: { body: { text: 'Non' }, nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: '{"id":"consent:no"}', version: 1 } } },
      'consent:no',
      'Non',
    ],
  ])('%s → kind button with the action id', (_name, message, id, text) => {
    expect(norm(msg(message))).toMatchObject({ kind: 'button', action: { id }, text });
  });

  it.each<[string, proto.IMessage, string, string]>([
    ['image with caption', { imageMessage: { caption: 'Mon CV', mimetype: 'image/jpeg' } }, 'media', 'Mon CV'],
    ['video with caption', { videoMessage: { caption: 'Ma vidéo', mimetype: 'video/mp4' } }, 'media', 'Ma vidéo'],
    ['document with caption', { documentMessage: { caption: 'CV.pdf à relire', fileName: 'cv.pdf' } }, 'media', 'CV.pdf à relire'],
    ['documentWithCaption wrapper', { documentWithCaptionMessage: { message: { documentMessage: { caption: 'Lettre', fileName: 'l.pdf' } } } }, 'media', 'Lettre'],
    ['voice note (ptt)', { audioMessage: { ptt: true, mimetype: 'audio/ogg; codecs=opus', seconds: 12 } }, 'voice', ''],
    ['audio file (not ptt)', { audioMessage: { ptt: false, mimetype: 'audio/mpeg' } }, 'media', ''],
    ['sticker', { stickerMessage: { mimetype: 'image/webp' } }, 'sticker', ''],
    ['location', { locationMessage: { degreesLatitude: 48.85, degreesLongitude: 2.35, name: 'NQT', address: 'Paris' } }, 'location', 'NQT — Paris'],
    ['live location', { liveLocationMessage: { degreesLatitude: 48.85, degreesLongitude: 2.35 } }, 'location', ''],
    ['contact', { contactMessage: { displayName: 'Karim', vcard: 'BEGIN:VCARD\nEND:VCARD' } }, 'contact', 'Karim'],
    ['contacts array', { contactsArrayMessage: { contacts: [{ displayName: 'A' }, { displayName: 'B' }] } }, 'contact', 'A, B'],
    ['poll', { pollCreationMessage: { name: 'Sondage ?', options: [{ optionName: 'a' }] } }, 'unsupported', ''],
    ['ephemeral wrapper', { ephemeralMessage: { message: { extendedTextMessage: { text: 'éphémère' } } } }, 'text', 'éphémère'],
    ['view once', { viewOnceMessage: { message: { imageMessage: { caption: 'une fois' } } } }, 'media', 'une fois'],
    ['view once v2', { viewOnceMessageV2: { message: { videoMessage: { caption: 'une fois v2' } } } }, 'media', 'une fois v2'],
  ])('%s → %s', (_name, message, kind, text) => {
    expect(norm(msg(message))).toMatchObject({ kind, text });
  });

  it('reaction → emoji and the target message id', () => {
    const m = norm(msg({ reactionMessage: { key: { remoteJid: PN, fromMe: true, id: 'OURANSWER1' }, text: '👎', senderTimestampMs: T * 1000 } }));
    expect(m).toMatchObject({ kind: 'reaction', text: '👎', reaction: { emoji: '👎', targetMessageId: 'OURANSWER1' } });
  });

  it('edit (editedMessage wrapper around protocolMessage MESSAGE_EDIT) → new text, derived id', () => {
    const edit = msg(
      { editedMessage: { message: { protocolMessage: { type: Type.MESSAGE_EDIT, key: { remoteJid: PN, fromMe: false, id: 'ORIGINAL01' }, editedMessage: { conversation: 'texte corrigé' } } } } },
      { id: 'EDITMSG001' },
    );
    expect(norm(edit)).toMatchObject({ kind: 'text', text: 'texte corrigé', channelMessageId: 'ORIGINAL01:edit:EDITMSG001' });
  });

  it('edit as a bare protocolMessage, of a caption → media with the new caption', () => {
    const edit = msg(
      { protocolMessage: { type: Type.MESSAGE_EDIT, key: { id: 'ORIGINAL02' }, editedMessage: { imageMessage: { caption: 'nouvelle légende' } } } },
      { id: 'EDITMSG002' },
    );
    expect(norm(edit)).toMatchObject({ kind: 'media', text: 'nouvelle légende', channelMessageId: 'ORIGINAL02:edit:EDITMSG002' });
  });

  it('revoke → deleted, the deleted message id as replyToMessageId', () => {
    expect(norm(msg({ protocolMessage: { type: Type.REVOKE, key: { remoteJid: PN, id: 'GONE0001' } } }, { id: 'REVOKE01' }))).toMatchObject({
      kind: 'deleted',
      channelMessageId: 'REVOKE01',
      replyToMessageId: 'GONE0001',
      text: '',
    });
  });

  it.each<[string, WAMessage]>([
    ['our own message', msg({ conversation: 'x' }, { fromMe: true })],
    ['a group', msg({ conversation: 'x' }, { remoteJid: '120363025246125888@g.us', participant: PN })],
    ['a status', msg({ conversation: 'x' }, { remoteJid: 'status@broadcast', participant: PN })],
    ['a broadcast list', msg({ conversation: 'x' }, { remoteJid: '1234567890@broadcast' })],
    ['a newsletter', msg({ conversation: 'x' }, { remoteJid: '120363144038483540@newsletter' })],
    ['an ephemeral setting', msg({ protocolMessage: { type: Type.EPHEMERAL_SETTING, ephemeralExpiration: 86400 } })],
    ['a history sync notification', msg({ protocolMessage: { type: Type.HISTORY_SYNC_NOTIFICATION } })],
    ['an undecrypted stub', wire({ key: { remoteJid: PN, fromMe: false, id: 'STUB0001' }, messageTimestamp: T, messageStubType: proto.WebMessageInfo.StubType.CIPHERTEXT })],
    ['a sender key distribution only', msg({ senderKeyDistributionMessage: { groupId: 'g', axolotlSenderKeyDistributionMessage: new Uint8Array([1]) } })],
  ])('%s → null', (_name, m) => {
    expect(norm(m)).toBeNull();
  });
});
