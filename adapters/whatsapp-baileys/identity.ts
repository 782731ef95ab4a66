import { jidDecode, jidNormalizedUser, type LIDMapping } from '@whiskeysockets/baileys';
import type { InboundMessage } from '../../src/engine/messages.js';
import type { Logger } from '../../src/log.js';
import { toE164, type WhatsAppAddress, type WhatsAppDirectory } from '../whatsapp-cloud/index.js';
import type { WaSocket } from './socket.js';

/**
 * One youth, one person, whether WhatsApp shows their phone JID or their LID. A LID-only
 * message is resolved to the phone number before the engine sees it: first through the
 * socket's own LID store (kept in `wa_auth_keys`), then through the `identities` table.
 * Mappings learnt from WhatsApp (`lid-mapping.update`, history sync) are written to
 * `identities` for people MAIA already knows.
 */
export class LidResolver {
  constructor(
    private readonly directory: WhatsAppDirectory,
    private readonly socket: () => WaSocket | undefined,
    private readonly log: Logger,
    private readonly pseudo: (value: string) => string,
  ) {}

  async resolve(inbound: InboundMessage): Promise<InboundMessage> {
    if (inbound.sender.kind !== 'lid') return inbound;
    const lid = inbound.sender.id;
    let pnJid: string | null = null;
    try {
      pnJid = (await this.socket()?.signalRepository?.lidMapping.getPNForLID(lid)) ?? null;
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'LID store lookup failed');
    }
    const phone = pnJid ? toE164(jidDecode(pnJid)?.user ?? '') : undefined;
    if (phone && pnJid) {
      const withJid: InboundMessage = {
        ...inbound,
        sender: { ...inbound.sender, aliases: [...(inbound.sender.aliases ?? []), { id: jidNormalizedUser(pnJid), kind: 'jid' }] },
      };
      return this.directory.preferPhone(withJid, phone);
    }
    return this.directory.preferPhone(inbound);
  }

  /** Records LID ↔ phone pairs for people already known by either side. */
  async remember(mappings: LIDMapping[]): Promise<void> {
    for (const { lid, pn } of mappings) {
      const addresses = addressesOf(lid, pn);
      if (addresses.length < 2) continue;
      try {
        const r = await this.directory.link(
          addresses.map((a) => a.id),
          addresses,
        );
        if (r.conflicts) this.log.warn({ person: r.personId ? this.pseudo(r.personId) : undefined, conflicts: r.conflicts }, 'LID and phone belong to two people: left for staff');
        else if (r.added) this.log.debug({ person: r.personId ? this.pseudo(r.personId) : undefined, added: r.added }, 'LID mapping recorded');
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'LID mapping not recorded');
      }
    }
  }
}

function addressesOf(lid: string, pn: string): WhatsAppAddress[] {
  const user = jidDecode(pn)?.user;
  const phone = user ? toE164(user) : undefined;
  const lidUser = jidDecode(lid)?.user;
  const out: WhatsAppAddress[] = [];
  if (phone) out.push({ id: phone, kind: 'phone' }, { id: jidNormalizedUser(pn.includes('@') ? pn : `${user}@s.whatsapp.net`), kind: 'jid' });
  if (lidUser) out.push({ id: jidNormalizedUser(lid.includes('@') ? lid : `${lidUser}@lid`), kind: 'lid' });
  return out;
}
