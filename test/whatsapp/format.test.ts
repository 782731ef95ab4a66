import { describe, expect, it } from 'vitest';
import { splitMessage, splitTail, toWhatsAppMarkup } from '../../adapters/whatsapp-cloud/index.js';
import { render } from '../../adapters/whatsapp-baileys/outbound.js';

const LABEL = "🤖 MAIA · service assisté par l'IA de NQT";

describe('WhatsApp formatting', () => {
  it('converts the neutral format to WhatsApp markup', () => {
    const neutral = `${LABEL}\n\n## Préparer l'entretien\n\n**Avant** l'entretien, _relis_ l'offre :\n- renseigne-toi sur l'entreprise\n* prépare 3 questions\n\nVoir [la fiche APEC](https://www.apec.fr/x).`;
    const out = toWhatsAppMarkup(neutral);
    expect(out.split('\n')[0]).toBe(LABEL);
    expect(out).toContain("*Préparer l'entretien*");
    expect(out).toContain("*Avant* l'entretien, _relis_ l'offre :");
    expect(out).toContain("• renseigne-toi sur l'entreprise");
    expect(out).toContain('• prépare 3 questions');
    expect(out).toContain('la fiche APEC (https://www.apec.fr/x)');
    expect(out).not.toContain('**');
  });

  it('splits at sentence boundaries, every part within the limit, nothing lost', () => {
    const sentences = Array.from({ length: 60 }, (_, i) => `Phrase numéro ${i} qui explique un point utile pour ta recherche de stage.`);
    const text = `${LABEL}\n\n${sentences.join(' ')}`;
    const parts = splitMessage(text, 1000);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts[0]!.startsWith(LABEL)).toBe(true);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(1000);
      expect(p).toMatch(/\.$/); // ends on a full sentence
    }
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('never cuts an emoji in half, even without any boundary', () => {
    const text = '😀'.repeat(600);
    const parts = splitMessage(text, 101);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p.toWellFormed()).toBe(p);
  });

  it('splitTail leaves a tail that fits and starts at a boundary', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Conseil ${i} : garde une trace écrite de tes candidatures.`).join(' ');
    const [head, tail] = splitTail(text, 300);
    expect(tail.length).toBeLessThanOrEqual(300);
    expect(tail.startsWith('Conseil')).toBe(true);
    expect(`${head} ${tail}`).toBe(text);
    expect(splitTail('court', 300)).toEqual(['', 'court']);
  });

  it('Baileys renders actions as a line of text (reactions for emoji buttons)', () => {
    const feedback = render({ text: `${LABEL}\n\nRéponse.`, actions: [{ id: 'feedback:up', title: '👍' }, { id: 'feedback:down', title: '👎' }] });
    expect(feedback).toMatch(/Réagis avec 👍 ou 👎/);
    const consent = render({ text: `${LABEL}\n\nTu acceptes ?`, actions: [{ id: 'consent:yes', title: 'Oui' }, { id: 'consent:no', title: 'Non' }] });
    expect(consent).toMatch(/« Oui » ou « Non »/);
    expect(consent.startsWith(LABEL)).toBe(true);
  });
});
