import { describe, it, expect } from 'vitest';
import { detectDistress, type DistressCategory, type DistressLevel } from '../../src/safety/distress.js';

type Case = [text: string, level: Exclude<DistressLevel, 'none'>, category: DistressCategory];

const POSITIVES: readonly Case[] = [
  // suicide
  ['je veux mourir', 'danger', 'suicide'],
  ["J'ai envie d'en finir", 'danger', 'suicide'],
  ['jveu plus vivre', 'danger', 'suicide'],
  ['je ne veux plus vivre', 'danger', 'suicide'],
  ['jpense a me suicider', 'danger', 'suicide'],
  ['parfois je pense à me suicider', 'danger', 'suicide'],
  ["j'ai envie de me foutre en l'air", 'danger', 'suicide'],
  ['je vais me foutre en lair ce soir', 'danger', 'suicide'],
  ['g envie de mourrir', 'danger', 'suicide'],
  ["j'ai plus envie de vivre", 'danger', 'suicide'],
  ['je veux juste en finir avec la vie', 'danger', 'suicide'],
  ["je vais mettre fin à mes jours", 'danger', 'suicide'],
  ['tout le monde serait mieux sans moi', 'danger', 'suicide'],
  ['je suis suicidaire depuis des semaines', 'danger', 'suicide'],
  ['marre de vivre franchement', 'danger', 'suicide'],
  ['je veux crever', 'danger', 'suicide'],
  ['je vais me tuer', 'danger', 'suicide'],
  ['j ai des idées noires', 'concern', 'suicide'],
  ['je voudrais disparaître', 'concern', 'suicide'],
  ['Je veux plus vivre 😔', 'danger', 'suicide'],
  ["j'ai pensé à sauter du pont", 'danger', 'suicide'],
  // self-harm
  ['je me scarifie', 'danger', 'self_harm'],
  ['je me fais du mal', 'danger', 'self_harm'],
  ['je me coupe les bras le soir', 'danger', 'self_harm'],
  ['je me coupe.', 'danger', 'self_harm'],
  ["je me suis scarifiée hier", 'danger', 'self_harm'],
  ["j'ai envie de me faire du mal", 'danger', 'self_harm'],
  ['automutilation depuis le lycée', 'danger', 'self_harm'],
  // violence
  ['il me frappe', 'danger', 'violence'],
  ['mon copain me bat', 'danger', 'violence'],
  ['mon copain me bat', 'danger', 'abuse'],
  ["mon père m'a frappé hier soir", 'danger', 'violence'],
  ['on me menace de mort', 'danger', 'violence'],
  ["j'ai reçu des menaces de mort", 'danger', 'violence'],
  ['je vais le tuer', 'danger', 'violence'],
  ['je vais tuer ce recruteur', 'danger', 'violence'],
  ["je me suis fait agresser dans le metro", 'danger', 'violence'],
  ["on m'a agressée en sortant du taf", 'danger', 'violence'],
  ['mon manager me tape', 'danger', 'violence'],
  // abuse
  ["j'ai été violée", 'danger', 'abuse'],
  ["jai ete violee l'an dernier", 'danger', 'abuse'],
  ["il m'a violée", 'danger', 'abuse'],
  ['mon oncle me touche quand on est seuls', 'danger', 'abuse'],
  ['je subis des violences conjugales', 'danger', 'abuse'],
  // severe harassment
  ['mon manager me harcèle', 'concern', 'harassment_severe'],
  ['je suis harcelée au travail', 'concern', 'harassment_severe'],
  ['je subis du harcèlement depuis 3 mois', 'concern', 'harassment_severe'],
  ["il m'envoie des photos de lui nu", 'danger', 'harassment_severe'],
  ['mon tuteur me fait des avances', 'danger', 'harassment_severe'],
  ['on me menace', 'concern', 'harassment_severe'],
  ['mon patron me harcèle sexuellement', 'danger', 'harassment_severe'],
  ["j'ai été agressé verbalement par un client", 'concern', 'harassment_severe'],
  ["j'ai envie de disparaître", 'concern', 'suicide'],
  ["j'ai plus la force de vivre", 'danger', 'suicide'],
  ['ma mère me bat', 'danger', 'abuse'],
];

const NEGATIVES: readonly string[] = [
  "je meurs d'envie de décrocher ce poste",
  'ce CV me tue',
  'ça me tue de devoir tout recommencer',
  'la deadline me tue',
  'pour tuer le temps je fais des candidatures',
  'mourir de rire 😂',
  "j'étais mort de rire pendant l'entretien",
  'entretien mortel !',
  'je suis mort de fatigue',
  'je suis morte ce soir, grosse journée',
  'je crève de faim',
  'mdr',
  'ce recruteur me tape sur les nerfs',
  'il me bat toujours aux échecs',
  "il m'a tapé dans l'œil ce recruteur",
  'je vais tuer cet entretien',
  'je vais le défoncer cet oral',
  'je harcèle les recruteurs de relances',
  'je veux en finir avec mes candidatures',
  "j'ai envie d'en finir avec ce dossier Pôle emploi",
  "j'en ai marre de cette recherche",
  "c'est la fin du monde si je rate",
  'mon père va me tuer si je rate le concours',
  'je me coupe les cheveux avant l’entretien',
  "je me suis coupé en cuisinant",
  'ce qui me frappe c’est le salaire',
  "je me fais du souci pour mon stage",
  'je vais mourir de stress demain',
  'je meurs de chaud dans ce costume',
  "ça m'a foutu en l'air ma journée",
  "c'est quoi le harcèlement moral au travail ?",
  'je suis crevé mais motivé',
  'je veux tuer le game à cet entretien',
  "j'ai envie de vivre à Lyon",
  'il me tape la discute tous les jours',
  "mon frère m'a battu à Fifa",
  'le manager m’a battu au ping-pong',
  "c'est une atteinte, un viol de la vie privée ce test",
];

describe('detectDistress — positives', () => {
  it.each(POSITIVES)('%s → %s / %s', (text, level, category) => {
    const r = detectDistress(text);
    expect(r.level).toBe(level);
    expect(r.categories).toContain(category);
  });

  it('has enough positive phrasings', () => {
    expect(POSITIVES.length).toBeGreaterThanOrEqual(25);
  });
});

describe('detectDistress — job-search talk is not distress', () => {
  it.each(NEGATIVES)('%s', (text) => {
    expect(detectDistress(text)).toEqual({ level: 'none', categories: [] });
  });

  it('has enough negative phrasings', () => {
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(25);
  });
});

describe('detectDistress — aggregation', () => {
  it('keeps the highest level when concern and danger both match', () => {
    const r = detectDistress("j'ai des idées noires et je veux mourir");
    expect(r.level).toBe('danger');
    expect(r.categories).toEqual(['suicide']);
  });

  it('reports several categories in a stable order', () => {
    const r = detectDistress('mon mari me frappe et je veux mourir');
    expect(r.categories).toEqual(['suicide', 'violence', 'abuse']);
  });

  it('returns none on an empty message', () => {
    expect(detectDistress('')).toEqual({ level: 'none', categories: [] });
  });
});
