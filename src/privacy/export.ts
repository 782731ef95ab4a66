import { asc, eq, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { consents, escalations, feedback, identities, inboundMessages, outboundMessages, persons } from '../db/schema.js';
import type { Sealer } from './crypto.js';

const fmt = (d: Date) => d.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });

/**
 * « MES DONNÉES »: everything held about a person, readable: profile, addresses, consents,
 * every exchange in order, tickets and reports. Long exports are split by the channel adapter.
 */
export async function exportPersonData(db: Db, sealer: Sealer, personId: string): Promise<string> {
  const [person] = await db.select().from(persons).where(eq(persons.id, personId));
  if (!person) return 'Aucune donnée.';
  const ids = await db.select().from(identities).where(eq(identities.personId, personId));
  const cons = await db.select().from(consents).where(eq(consents.personId, personId)).orderBy(asc(consents.at));
  const ins = await db.select().from(inboundMessages).where(eq(inboundMessages.personId, personId));
  const outs = await db
    .select()
    .from(outboundMessages)
    .where(or(eq(outboundMessages.recipientPersonId, personId), eq(outboundMessages.subjectPersonId, personId)));
  const esc = await db.select().from(escalations).where(eq(escalations.personId, personId));
  const fb = await db.select().from(feedback).where(eq(feedback.personId, personId));

  const profile = Object.entries(person.profile ?? {}).map(([k, v]) => `- ${k} : ${String(v)}`);
  const exchanges = [
    ...ins.map((m) => ({ at: m.receivedAt, line: `[${fmt(m.receivedAt)}] Toi : ${sealer.openOrNull(m.body) ?? `(${m.kind})`}${m.redactions.length ? ' (infos sensibles masquées)' : ''}` })),
    ...outs
      .filter((m) => m.recipientPersonId === personId || m.kind !== 'staff')
      .map((m) => {
        const stored = JSON.parse(sealer.open(m.body)) as { body: string };
        const who = m.author === 'human' ? 'Humain' : 'MAIA';
        return { at: m.createdAt, line: `[${fmt(m.createdAt)}] ${who} : ${stored.body.replace(/\n+/g, ' ')}` };
      }),
    ...outs
      .filter((m) => m.kind === 'staff' && m.recipientPersonId !== personId)
      .map((m) => ({ at: m.createdAt, line: `[${fmt(m.createdAt)}] (Message envoyé à l'équipe NQT à ton sujet : ${m.kind})` })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  return [
    '**Tes données chez MAIA**',
    `Prénom : ${person.firstName ?? '(non renseigné)'} · inscrit·e le ${fmt(person.createdAt)} · statut : ${person.status === 'active' ? 'actif' : 'suspendu'}`,
    `Adresses : ${ids.map((i) => `${i.channel} (${i.kind})`).join(', ')}`,
    `**Profil**\n${profile.length ? profile.join('\n') : '- (vide)'}`,
    `**Consentements**\n${cons.map((c) => `- ${fmt(c.at)} : ${c.kind === 'maia' ? 'MAIA' : 'partage avec le mentor'} → ${c.granted ? 'oui' : 'non'} (charte ${c.charterVersion})`).join('\n') || '- aucun'}`,
    `**Demandes d'aide** : ${esc.length} · **Signalements** : ${fb.length}`,
    `**Échanges (${exchanges.length})**\n${exchanges.map((e) => e.line).join('\n') || '- aucun'}`,
  ].join('\n\n');
}
