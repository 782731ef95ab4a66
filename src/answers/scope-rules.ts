/**
 * Phrase rules for the scope check, on folded text (no accents, lower case, elisions split:
 * "l etat des lieux", "a t il"). Two strengths:
 * - `hard`: a request that is outside NQT's mission whatever else the message says
 *   ("la recette de la pâte brisée" even from a youth on a cooking internship);
 * - `soft`: a topic word that is out of scope only when nothing in the message ties it to
 *   jobs or the programme ("le foot" alone vs "je fais du foot en club, je le mets sur mon CV ?").
 * Written as categories, never as copies of test questions: add words, keep the shape.
 */

export interface ScopeCategory {
  name: string;
  hard: RegExp[];
  soft: RegExp[];
}

const JOB_WORDS =
  'cv|lettre|motivation|entretien|candidature|candidater|postuler|recruteur|recrutement|embauche|emploi|travail|travailler|travaille|bosser|bosse|boulot|taf|job|recommander|recommandation|client|stage|stagiaire|alternance|alternant|apprentissage|apprenti|mentor|mentoree?|mentorat|nqt|linkedin|reseau|salaire|contrat|cdi|cdd|interim|poste|chomage|france travail|carriere|metier|competences?|diplome|formation|etudes|licence|master|bts|entreprise|employeur|patron|manager|collegue|rh|filleule?|jeune';

/** Words that tie a message to NQT's mission (jobs, the programme). */
export const ANCHORS = new RegExp(`\\b(${JOB_WORDS})s?\\b`);

export const SCOPE_CATEGORIES: ScopeCategory[] = [
  {
    name: 'cuisine',
    hard: [
      /\brecettes? (de |du |des |d )(?!(un |une |la |le )?(bon |bonne )?(cv|lettre|entretien|candidature|reussite|succes|motivation|presentation))/,
      /\b(comment|pour) (faire|cuisiner|preparer|reussir) (un |une |des |le |la |les |du |de la )?(gateau|gateaux|crepes?|couscous|tajine|pates?|pizza|quiche|tarte|omelette|lasagnes?|poulet|riz|sauce|cookies?|brownie|mafe|thieb|pate brisee|pate feuilletee)\b/,
      /\b(ingredients|temps de cuisson|faire cuire|au four|pate brisee|pate feuilletee)\b/,
    ],
    soft: [/\b(recettes?|cuisiner|gateau|couscous|tajine|crepes?|pizza|cuisson)\b/],
  },
  {
    name: 'sport',
    hard: [
      /\bscore (du|de|d) ?(match|la finale|l equipe)/,
      /\b(resultats? (du|des) match|qui a gagne (le |la |les )?(match|finale|coupe|ligue|tournoi|euro|mondial|course))\b/,
      /\b(ligue 1|ligue des champions|champions league|coupe du monde|ballon d or|nba|roland garros|tour de france|jeux olympiques|six nations|mercato)\b/,
      /\b(psg|om|ol|real madrid|barca|barcelone fc)\b.*\b(match|score|gagne|joue)\b|\bmatch\b.*\b(psg|om|ol|france|angleterre)\b/,
      /\b(salle de sport|salle de muscu|programme (de )?(muscu|musculation)|seance de muscu)\b/,
    ],
    soft: [/\b(foot|football|rugby|basket|tennis|sport|muscu|musculation|match|equipe de france)\b/],
  },
  {
    name: 'devoirs',
    hard: [
      /\b(resous|resoudre|derivee|integrale|equation|equations|theoreme)\b/,
      /\bpour (mon|ma|mes|le|la) (dm|devoir|devoirs|cours|controle|interro|td|tp|partiel|exam|examen)\b/,
      /\b(dissertation|commentaire de texte|expose sur|fiche de lecture|philo|exercices? (de|d) (maths|physique|chimie|francais|anglais|svt|histoire|philo|economie|compta))\b/,
      /\b(fais|faire|corrige|corriger|resoudre) (moi )?(mon|mes|cet|cette|ces|l|les) (exercice|exercices|devoir|devoirs|dm)\b/,
      /\b(traduis|traduire|traduction)\b.*\b(texte|cours|devoir|phrase|paragraphe)\b/,
      /\b(resultats du bac|parcoursup|brevet des colleges|notes du bac)\b/,
      /\b(ecris|ecrire|redige|rediger|fais|faire) (moi |m )?(mon|ma|mes|un|une|le|la) (memoire|these|rapport de stage|dissertation|expose)\b/,
    ],
    soft: [/\b(maths|mathematiques|physique chimie|devoirs|homework)\b/],
  },
  {
    name: 'sante',
    hard: [
      /\bmal (au|a la|aux|a l|a mon|a ma) ?(ventre|tete|dos|dents?|gorge|oreilles?|coeur|genou|pied|jambe|bras|estomac|yeux|oeil)\b/,
      /\b(symptomes?|medicaments?|doliprane|ibuprofene|paracetamol|ordonnance|posologie|antibiotiques?|eczema|acne|verrue|infection|diagnostiquer)\b/,
      /\b(boutons? (sur|au|a) (le |la |mon |ma )?(visage|peau|front|dos)|quelle creme|une creme|creme (pour|contre|a mettre))\b/,
      /\b(je vomis|il vomit|elle vomit|vomit|vomi|diarrhee|saigne|enceinte de combien)\b/,
      /\b(mon|ma|mes) (chat|chien|lapin|hamster|chaton|chiot|perroquet)\b|\bveterinaire\b/,
      /\b(c est grave docteur|je dois voir un medecin|quel medecin|aller aux urgences)\b/,
    ],
    soft: [/\b(malade|maladie|docteur|medecin|hopital|regime|maigrir|grossir|fievre|grippe|angine|migraine|covid)\b/],
  },
  {
    name: 'juridique',
    hard: [
      /\bprud ?h?ommes?\b/,
      /\b((un|mon|prendre un|besoin d un) avocat|tribunal|proces|mettre en demeure|mise en demeure|casier judiciaire)\b/,
      /\bporter plainte contre (mon|ma|le|la|les|mes) (proprio|proprietaire|voisin|voisine|voisins|ex|banque|operateur)\b/,
      /\b(amende|amendes|contravention|pv de stationnement|proces verbal)\b/,
      /\b(etat des lieux|garder (ma|la|mon) (caution|depot)|depot de garantie|expulsion|loyer impaye)\b/,
      /\b(divorce|pension alimentaire|garde (des|de mes) enfants|heritage|succession|testament)\b/,
      /\b(mon|ma|mes|le|la|les) (voisin|voisine|voisins|voisines)\b.*\b(droit|bruit|plainte|tapage|nuisance|parking)\b/,
      /\b(je vais|vais je|est ce que je vais) gagner\b/,
    ],
    soft: [],
  },
  {
    name: 'politique',
    hard: [
      /\b(voter|vote pour|votes? blanc|elections?|municipales|presidentielles?|legislatives|europeennes|referendum|parti politique|extreme droite|extreme gauche|assemblee nationale)\b/,
      /\b(macron|le pen|bardella|melenchon|zemmour|attal|barnier|bayrou|trump|poutine)\b/,
      /\b(tu penses|ton avis|t en penses|que penses tu|tu en penses) (quoi )?(du|de la|des|sur le|sur la) (gouvernement|president|politique|ministre|gauche|droite|guerre)\b/,
      /\b(de gauche ou de droite|t es de gauche|t es de droite)\b/,
    ],
    soft: [/\b(gouvernement|politique|president|ministre|guerre|religion)\b/],
  },
  {
    name: 'meteo',
    hard: [
      /\b(meteo|il va (faire beau|faire chaud|faire froid|pleuvoir|neiger)|va t il pleuvoir|quel temps (il )?(fait|va faire|fera)|previsions meteo|temperature (demain|ce week end|aujourd hui))\b/,
    ],
    soft: [/\b(pleuvoir|pluie|canicule|neige)\b/],
  },
  {
    name: 'vie-sentimentale',
    hard: [
      /\b(draguer|drague|seduire|rencard|tinder|crush|tomber amoureux|tomber amoureuse|declarer ma flamme|rupture amoureuse|faire un bisou)\b/,
      /\b(mon|ma) ex\b(?! ?(employeur|collegue|manager|boss|patron|entreprise|boite|chef|tuteur|tutrice|mentor|marraine|parrain|stage|poste|job|taf|travail))/,
      /\b(poeme|lettre|message|declaration|texto) (d amour|romantique)\b/,
      /\b(ecris|ecrire|fais|faire) (moi )?(un|une) (poeme|chanson|rap|blague|histoire drole)\b|\braconte (moi )?une blague\b/,
    ],
    soft: [/\b(ma copine|mon copain|ma meuf|mon mec|petite amie|petit ami|amoureux|amoureuse|celibataire|couple)\b/],
  },
  {
    name: 'argent-placements',
    hard: [
      /\b(crypto|cryptos|cryptomonnaies?|bitcoin|btc|ethereum|nft|trading|trader|forex|etf|dividendes?|livret a|assurance vie|pari sportif|paris sportifs|casino|loto|pmu)\b/,
      /\bbourse\b(?! ?(d etudes|etudiante|crous|sur criteres|de l emploi|aux stages))/,
      /\b(un placement|placement financier|placer (mon|de l|mon argent|ma prime)|investir (dans|en) (la |une |des )?(crypto|bourse|action|actions|immobilier|bitcoin))\b/,
      /\b(faire x ?\d+|x\d+ avant)\b/,
      /\b(banque en ligne|meilleure banque|ouvrir un compte (bancaire|en banque)|credit conso|credit a la consommation|pret immobilier)\b/,
    ],
    soft: [/\b(banque|investir|acheter)\b/],
  },
  {
    name: 'consommation',
    hard: [
      /\b(forfait (mobile|telephone|portable|internet|4g|5g)|operateur (mobile|telephone)|box internet|code promo|meilleur (telephone|smartphone|ordinateur|pc portable)|quel (telephone|smartphone|iphone) acheter|abonnement (netflix|spotify|disney))\b/,
    ],
    soft: [/\b(shopping|soldes|iphone|netflix)\b/],
  },
  {
    name: 'divertissement',
    hard: [
      /\b(koh lanta|telerealite|tele realite|star academy|les marseillais|secret story|fortnite|gta|playstation|ps5|xbox|nintendo|league of legends)\b/,
      /\b(rappeurs?|chanteurs?|chanteuse|influenceurs?|influenceuse|youtubeur|youtubeuse|tiktokeur|people|celebrites?|clash)\b/,
      /\bqui a gagne\b/,
    ],
    soft: [/\b(film|serie|series|anime|manga|jeu video|jeux video|tiktok|insta|instagram|snap|concert|album)\b/],
  },
  {
    name: 'astrologie',
    hard: [/\b(signe astro|signe astrologique|astrologie|astro|horoscope|tarot|voyance|voyant|numerologie|zodiaque)\b/],
    soft: [],
  },
  {
    name: 'loisirs-voyages',
    hard: [
      /\b(organise|organiser|planifie|planifier|prevois) (moi |m )?(un |une |mon |ma |mes )?(voyage|vacances|week end|road trip|sejour|anniversaire|soiree)\b/,
      /\b(voyage pas cher|billet d avion|vol pas cher|hotel pas cher|airbnb|que visiter)\b/,
    ],
    soft: [/\b(voyage|vacances|week end a)\b/],
  },
  {
    name: 'code',
    hard: [
      /\b(me coder|code moi|debugue moi|debugger mon code|corrige mon code)\b/,
      /\b((code|cree|developpe|programme) (moi|m)|coder|programmer) (un|une|mon|ma) (site|appli|application|programme|script|jeu|bot)\b/,
    ],
    soft: [],
  },
];

/**
 * Requests no document can answer even when in NQT's domain: guessing a recruiter's
 * decision, or private and current facts about a named company, person or place.
 */
export const UNANSWERABLE = {
  prediction: [
    /\b(va|vont|vas) (me|m|le|la|les|nous) (rappeler|recontacter|prendre|embaucher|recruter|retenir)\b/,
    /\b(vais|vas|va) (etre|je etre) (pris|prise|retenu|retenue|embauche|embauchee|recrute|recrutee|accepte|acceptee|selectionne)\b/,
    /\b(a t il|a t elle|ai je|j ai|il a|elle a|aurai je|aura t il) (des|de|une) (chances?|chance)\b/,
    /\b(mes|ses|leurs) chances (d etre|de|d)\b/,
    /\b(il|elle|ils|le recruteur|la recruteuse) (m a|m ont) (bien )?(aime|apprecie|trouve)\b/,
    /\ba ton avis (il|elle|ils|elles|je|est ce que je)\b/,
    /\bdis moi franchement\b/,
  ],
  /** A figure or inside fact about a named organisation (checked only when one is named). */
  entityFact: [
    /\bcombien\b/,
    /\b(paie|paye|payent|paient|gagne|gagnent|recrute|recrutent|embauche|embauchent)\b/,
    /\b(questions exactes|exactement les questions|cette annee|l annee prochaine)\b/,
    /\b(salaire|salaires|remuneration|taux|nombre|chiffres?|effectif)\b/,
    /\b(nom|prenom|numero|mail|email|adresse) (du|de la|des|de l) (recruteur|recruteuse|rh|manager|responsable|directeur|directrice|dirigeant|patron)\b/,
  ],
  /** Someone's private contact details: never in the documents, and not MAIA's to give. */
  privateFact: [/\b(numero|telephone|portable|adresse|mail|email|insta|snap) (perso|personnel|personnelle|prive|privee)\b|\b(perso|personnel|prive) (de|du) (mon|ma|la|le) (mentor|charge|chargee|recruteur|manager)\b/],
  /** Statistics or facts tied to the asker's own place and a given year: not in any document. */
  localFact: [/\b(de|dans) ma (region|ville|departement|commune)\b.*\b(en|pour) (19|20)\d\d\b|\b(en|pour) (19|20)\d\d\b.*\b(de|dans) ma (region|ville|departement)\b/],
};
