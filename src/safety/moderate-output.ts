/**
 * Last check on a GENERATED answer before it is sent (charter §5: no
 * discriminatory, offensive or moralizing content; §2: the AI has no authority
 * — it does not diagnose, rule on a personal legal case, or promise on NQT's
 * behalf).
 *
 * Rules target verdicts about the reader (« tu as une dépression », « ton
 * employeur est en tort ») and leave general information alone (« le burn-out
 * est reconnu », « pendant la période d'essai, chacun peut rompre »).
 * Both tutoiement (youths) and vouvoiement (mentors) forms are covered.
 *
 * Patterns run on the canonical form of normalize.ts.
 */
import { asNormalized, type NormalizedText } from './normalize.js';

export type ModerationReason =
  | 'discriminatory' | 'offensive' | 'moralizing' | 'medical_verdict' | 'legal_verdict' | 'promise';

export interface ModerationResult {
  ok: boolean;
  reasons: ModerationReason[];
}

const YOU = '(?:tu|vous)';
const YOUR = '(?:ton|ta|tes|votre|vos)';

// Protected traits: judging someone on these is discrimination (Code du travail L1132-1).
const TRAIT = '(?:origine|origines|couleur de peau|religion|voile|foulard|nom|prenom|nom de famille|accent|quartier|cite|banlieue|adresse|code postal|age|handicap|sexe|genre|orientation sexuelle|apparence|physique|poids|nationalite|grossesse|situation familiale|tatouages?|barbe)';
const GROUP = '(?:femmes|hommes|arabes|noirs|noires|blacks|musulmans|musulmanes|juifs|juives|chretiens|asiatiques|africains|maghrebins|roms|gitans|handicapes|personnes handicapees|seniors|vieux|jeunes|jeunes de banlieue|jeunes des quartiers|gens des quartiers|gens des cites|banlieusards|immigres|etrangers|homosexuels|gays|lesbiennes|trans|meres|meres de famille)';

const DISCRIMINATORY: readonly RegExp[] = [
  new RegExp(`\\b(?:les )?${GROUP} (?:sont|seraient|restent) (?:souvent |generalement |naturellement |toujours |en general |par nature |moins |plus |trop |)(?:moins (?:competente?s|fiables|serieu(?:x|ses)|motivee?s|capables|intelligente?s|productive?s|adaptee?s)|plus (?:emotive?s|fragiles|lente?s|paresseu(?:x|ses)|agressi(?:fs|ves))|trop (?:emotive?s|fragiles|lente?s|agee?s)|fainea?nts|feignants|paresseu(?:x|ses)|violents|dangereux|pas faite?s pour|incapables|inferieure?s|pas fiables|pas adaptee?s)`),
  new RegExp(`\\b${YOUR} ${TRAIT} (?:va|vont|risque de|risquent de|peut|pourrait|pourraient|vont forcement|est un|sera un|joue|jouera) (?:te |vous )?(?:desservir|penaliser|jouer contre|faire peur|rebuter|poser probleme|etre un handicap|etre un frein|fermer des portes|handicap|frein|obstacle|contre (?:toi|vous))`),
  new RegExp(`\\b(?:cache|cachez|enleve|enlevez|retire|retirez|change|changez|efface|effacez|evite de mentionner|evitez de mentionner|ne mentionne pas|ne mentionnez pas|ne dis pas|ne dites pas) ${YOUR} (?:origine|origines|religion|voile|foulard|nom de famille|prenom|accent|quartier|cite|banlieue)\\b(?! (?:si|uniquement si|seulement si) ${YOU})`),
  new RegExp(`\\b(?:a ${YOUR} age|vu ${YOUR} (?:age|origine|origines|quartier|religion|handicap|nom|prenom|adresse|sexe|genre)|pour une? (?:femme|fille|arabe|noire?|musulmane?|handicapee?|jeune de banlieue|senior)),? (?:${YOU} (?:ne )?(?:devrais|devriez|peux|pouvez|as|avez|es|etes|auras|aurez|vas|allez)|ce est|il (?:vaut|faut)|mieux vaut|ce serait|inutile|difficile|(?:il est )?normal)`),
  new RegExp(`\\b(?:les recruteurs|les employeurs|les entreprises) (?:ont raison de|preferent a juste titre|ne veulent pas des?) ${GROUP}`),
  /\b(?:tu es|vous etes) (?:trop vieux|trop vieille|trop age|trop agee|trop jeune pour)\b/,
];

const OFFENSIVE: readonly RegExp[] = [
  /\b(?:connard|connasse|salope|salaud|pute|encule|batard|fdp|fils de pute|abruti|abrutie|debile|cretin|cretine|imbecile|gogol|mongol|bouffon|tocard|trou du cul|ta gueule|ferme la|nique)s?\b/,
  new RegExp(`\\b(?:${YOU} (?:es|etes)|${YOU} ne (?:es|etes) que|quel|quelle) (?:un |une |vraiment |completement |)(?:idiot|idiote|nul|nulle|stupide|bete|incapable|incompetente?|minable|pathetique|ridicule|fainea?nt|faineante|feignante?|paresseuse?|bon a rien|bonne a rien|irrecuperable|con|conne)\\b`),
  /\b(?:ta|votre) question (?:est|etait) (?:stupide|debile|idiote|nulle|bete|ridicule)\b/,
];

// Verbs after « tu aurais dû » that state a right, not a reproach (« tu aurais dû recevoir ta paie »).
const ENTITLEMENT = '(?:(?:le |la |les |l |en |y |te |vous )?(?:recevoir|obtenir|toucher|percevoir|beneficier|avoir droit|avoir recu|etre (?:paye|payee|payes|informe|informee|prevenu|prevenue|convoque|convoquee|rembourse|remboursee|recontacte|recontactee|rappele|rappelee|augmente|augmentee|titularise|titularisee)))';
const MORALIZING: readonly RegExp[] = [
  /\b(?:tu devrais|vous devriez) avoir honte\b|\bquelle honte\b|\bhonte a (?:toi|vous)\b/,
  /\b(?:ce est|ce etait|ce serait|il est|ce est vraiment|ce est tres) (?:irresponsable|immature|inadmissible|inacceptable|inexcusable|pas serieux|puerile?|egoiste|lamentable|honteux|decevant) de (?:ta|votre) part\b/,
  // « tu aurais pu aussi postuler chez X » is a suggestion; « tu aurais dû » is a reproach.
  new RegExp(`\\b${YOU} (?:aurais|auriez) du (?!${ENTITLEMENT})\\w+`),
  new RegExp(`\\b${YOU} (?:aurais|auriez) pu (?:faire un effort|faire attention|faire mieux|prevenir|y penser|te renseigner|vous renseigner|etre plus|me le dire|le dire avant|nous prevenir)`),
  new RegExp(`\\b${YOU} (?:ne )?(?:aurais|auriez) (?:jamais |pas )(?:du|pu)\\b`),
  /\b(?:ce est|ce etait) (?:de )?(?:ta|votre) (?:faute|responsabilite)\b|\b(?:tu ne peux|vous ne pouvez) (?:en )?vouloir qu a (?:toi|vous) meme\b|\bil fallait y penser avant\b/,
  new RegExp(`\\b${YOU} (?:ne fais|ne faites|fais|faites) pas (?:assez|suffisamment) (?:de efforts|de efforts|efforts)\\b|\\b(?:arrete|arretez) de (?:te plaindre|vous plaindre|pleurnicher|faire le bebe|faire la victime)\\b`),
  new RegExp(`\\b(?:je suis|nous sommes) (?:tres |vraiment |un peu )?(?:decue?|decus|decues) (?:par ${YOU}|de ${YOU}|de ton|de votre)|\\b(?:tu n as qu a|vous n avez qu a) (?:te |vous )?(?:bouger|travailler|chercher|faire un effort|te prendre en main)\\b|\\b(?:sois|soyez) plus (?:serieu(?:x|se)|responsable|mature)\\b|\\bce ne est pas (?:serieux|responsable|professionnel) de (?:ta|votre) part\\b`),
];

const CONDITION = '(?:depression|burn out|dependance|addiction|trouble anxieux|troubles anxieux|anxiete generalisee|trouble bipolaire|bipolaire|tdah|phobie sociale|stress post traumatique|syndrome \\w+|maladie \\w+|dyslexie|autisme|anorexie|boulimie|insomnie chronique)';
const DRUG = '(?:doliprane|paracetamol|ibuprofene|advil|xanax|lexomil|temesta|lysanthyl|atarax|antidepresseurs?|anxiolytiques?|somniferes?|melatonine|stilnox|lithium|ritaline|cbd|tranquillisants?|calmants?|magnesium|millepertuis)';
const MEDICAL_VERDICT: readonly RegExp[] = [
  // Conditionals are information, not a verdict (« si tu as une dépression, … »).
  new RegExp(`(?<!\\b(?:si|meme si|quand|lorsque|que) )\\b(?:${YOU} (?:as|avez|fais|faites|souffres|souffrez|traverses|traversez)|${YOU} (?:es|etes) (?:en|atteinte? de|atteints de)) (?:probablement |surement |certainement |clairement |visiblement |sans doute |peut etre |manifestement |)(?:une? |de la |de le |du |des |en |de une? |de )?(?:${CONDITION})\\b`),
  new RegExp(`\\b${YOU} (?:es|etes|sembles|semblez|as l air) (?:probablement |surement |certainement |clairement |visiblement |sans doute |peut etre |manifestement |)(?:en (?:burn out|depression|depression)|depressi(?:f|ve|fs|ves)|bipolaires?|anorexiques?|dependante?s?|addicte?s?|autistes?|hyperactive?s?|dyslexiques?)\\b`),
  new RegExp(`\\b(?:ce est|ca ressemble a|ce sont|il sagit de|il se agit de|on dirait) (?:clairement |typiquement |surement |probablement |)(?:un |une |des |de la )?(?:burn out|depression|symptomes de (?:la )?depression|crise de angoisse|trouble \\w+|signes de burn out)\\b(?! (?:peut|peuvent|se manifeste|est un syndrome|est reconnu|est une maladie))`),
  new RegExp(`\\b(?:prends|prenez|essaie|essayez|je te conseille de prendre|je vous conseille de prendre|tu peux prendre|vous pouvez prendre|tu devrais prendre|vous devriez prendre)(?: un| une| des| du| de la| de le)? ${DRUG}\\b`),
  /\b(?:arrete|arretez|diminue|diminuez|augmente|augmentez|double|doublez|change|changez) (?:ton|votre|tes|vos) (?:traitement|medicaments?|dose|dosage|posologie)\b/,
  new RegExp(`\\b(?:${YOU} n as pas besoin|${YOU} n avez pas besoin|inutile) de (?:voir|consulter) (?:un |une |de )?(?:medecin|psy|psychologue|psychiatre|docteur)\\b`),
];

const EMPLOYER = '(?:employeur|patron|patronne|manager|entreprise|boite|societe|chef|proprietaire|bailleur|agence)';
const LEGAL_VERDICT: readonly RegExp[] = [
  new RegExp(`\\b${YOUR} ${EMPLOYER} (?:est|a) (?:clairement |totalement |completement |bien |)(?:en tort|dans son tort|tort|hors la loi|dans le illegalite|coupable|en infraction)\\b`),
  new RegExp(`\\b${YOU} (?:vas|allez|va) (?:forcement |surement |certainement |facilement |)gagner\\b|\\b${YOU} (?:gagneras|gagnerez)\\b|\\b(?:tu es|vous etes) (?:sure?s?|certaine?s?) de gagner\\b|\\bgagne(?: ce est)? (?:davance|de avance|garanti)\\b`),
  new RegExp(`\\b${YOUR} (?:licenciement|rupture|contrat|sanction|mutation|avertissement|convocation|mise a pied|fin de periode de essai) (?:est|etait|sera) (?:clairement |forcement |donc |totalement |)(?:illegale?|abusi(?:f|ve)|nulle?|invalide|illicite|irreguliere?|sans cause reelle)\\b`),
  new RegExp(`\\b(?:les prud hommes|le tribunal|le juge|les prudhommes|les prud'hommes) (?:te|vous|va te|va vous|vont te|vont vous) (?:donneront|donnera|donner|donne) raison\\b|\\b${YOU} (?:obtiendras|obtiendrez|toucheras|toucherez) (?:forcement |surement |au moins |)(?:des |une )?(?:indemnites|dommages|reparation)\\b`),
];

const PROMISE: readonly RegExp[] = [
  /\b(?:nqt|le association|notre association|maia|on|nous|je) (?:te |vous )?(?:garantit|garantis|garantissons|assure|assurons|promet|promets|promettons) (?:un |une |de te trouver |de vous trouver |que )/,
  /\bje (?:te|vous) (?:promets|garantis|le promets|le garantis)\b|\bpromis,? (?:tu|vous) (?:auras|aurez|vas|allez)\b|\bce est garanti\b|\b100 ?% (?:garanti|de reussite|sur)\b|\bsans aucun doute tu (?:seras|vas)\b/,
  new RegExp(`\\b${YOU} (?:auras|aurez|vas avoir|allez avoir|recevras|recevrez) (?:un |une |ton |votre |ta )?(?:mentor|marraine|parrain|emploi|job|poste|stage|cdi|alternance|reponse de ton mentor|rendez vous) (?:demain|aujourd'?hui|ce soir|cette semaine|sous \\d+|dans (?:les )?\\d+|dans la journee|dans la semaine|avant|des|au plus tard|d ici)`),
  new RegExp(`\\b${YOU} (?:vas|allez|seras|serez) (?:forcement|surement|a coup sur|certainement|obligatoirement|sans aucun doute|evidemment) (?:decrocher|trouver|etre (?:embauchee?|recrutee?|prise?|retenue?|selectionnee?)|avoir le poste|reussir)\\b|\\b${YOU} (?:es|etes) (?:sure?|certaine?) (?:de etre|d etre) (?:prise?|embauchee?|retenue?|recrutee?)\\b`),
  /\b(?:nqt|le association|ton mentor|votre mentor|ta marraine|ton parrain|nous|on) (?:va|vont|allons) (?:te |vous )?trouver (?:un |une )?(?:emploi|job|poste|stage|cdi|alternance|travail)\b/,
  /\b(?:ton|ta|votre) (?:mentor|marraine|parrain|chargee? de mission) (?:te|vous) (?:rappellera|repondra|contactera|ecrira|appellera) (?:demain|aujourd'?hui|ce soir|dans le heure|dans la journee|tout de suite|immediatement|sous \d+)/,
];

const CHECKS: readonly [ModerationReason, readonly RegExp[]][] = [
  ['discriminatory', DISCRIMINATORY],
  ['offensive', OFFENSIVE],
  ['moralizing', MORALIZING],
  ['medical_verdict', MEDICAL_VERDICT],
  ['legal_verdict', LEGAL_VERDICT],
  ['promise', PROMISE],
];

/**
 * Check a generated answer before sending it. `ok` is false when any rule fires;
 * `reasons` lists every reason found, in a stable order.
 */
export function moderateAnswer(input: string | NormalizedText): ModerationResult {
  const text = asNormalized(input).text;
  const reasons = CHECKS.filter(([, rules]) => rules.some((re) => re.test(text))).map(([reason]) => reason);
  return { ok: reasons.length === 0, reasons };
}
