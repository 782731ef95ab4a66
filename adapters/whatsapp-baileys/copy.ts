/**
 * What the Baileys channel says to people, in French. Operators and staff: vouvoiement;
 * youths: tutoiement. (Candidates for the shared copy deck in `src/copy/`.)
 */
export const baileysCopy = {
  alert: {
    down: (minutes: number, state: string) =>
      `⚠️ WhatsApp (MAIA) : la connexion est coupée depuis ${minutes} min (état : ${state}). Les jeunes ne reçoivent plus de réponses. Vérifiez que le téléphone de MAIA est allumé et connecté à Internet, puis consultez les journaux du serveur.`,
    silent: (minutes: number) =>
      `ℹ️ WhatsApp (MAIA) : connecté, mais aucun message reçu depuis ${minutes} min. Vérifiez que le téléphone de MAIA est allumé et que l'appareil « MAIA » apparaît toujours dans WhatsApp > Appareils connectés.`,
    recovered: '✅ WhatsApp (MAIA) : la connexion est rétablie, les messages reçus pendant la coupure sont en cours de traitement.',
    loggedOut:
      "🔴 WhatsApp (MAIA) : le numéro a été déconnecté (appareil retiré du téléphone ou session expirée). Les identifiants ont été effacés. Pour reconnecter MAIA, lancez « maia whatsapp pair » sur le serveur et suivez les instructions (scan du QR code avec le téléphone de MAIA).",
    unpaired:
      "🔴 WhatsApp (MAIA) : aucun numéro n'est appairé. Lancez « maia whatsapp pair » sur le serveur et suivez les instructions pour relier le téléphone de MAIA.",
    replaced: (count: number, minutes: number) =>
      `⚠️ WhatsApp (MAIA) : la connexion a été remplacée ${count} fois en ${minutes} min. Une autre installation utilise probablement la même session WhatsApp (serveur en double, WhatsApp Web ouvert avec les mêmes identifiants). MAIA ralentit ses reconnexions ; vérifiez qu'un seul serveur tourne avec cette session.`,
    forbidden:
      "🔴 WhatsApp (MAIA) : WhatsApp refuse la connexion (compte restreint ou banni ?). Vérifiez l'état du numéro sur le téléphone de MAIA. Les reconnexions sont espacées à 30 minutes.",
  },
  /** Rendered under a message whose actions cannot be buttons on WhatsApp Web. */
  actions: {
    react: (emojis: string[]) => `_Réagis avec ${emojis.join(' ou ')} à ce message pour me dire si ça t'a aidé._`,
    reply: (titles: string[]) => `_Réponds : ${titles.map((t) => `« ${t} »`).join(' ou ')}_`,
  },
  pair: {
    intro: 'Appairage de WhatsApp pour MAIA',
    alreadyPaired: 'Ce serveur est déjà relié à un numéro WhatsApp. Pour en changer, relancez avec --reset (les identifiants actuels seront effacés).',
    leaseBusy:
      "Un serveur MAIA tient déjà la connexion WhatsApp. Arrêtez-le (ou attendez qu'il la libère), puis relancez « maia whatsapp pair ».",
    qrSteps: [
      'Sur le téléphone de MAIA, ouvrez WhatsApp.',
      'Android : ⋮ (en haut à droite) > Appareils connectés. iPhone : Réglages > Appareils connectés.',
      'Touchez « Connecter un appareil », déverrouillez le téléphone si demandé.',
      "Scannez le QR code ci-dessous. Il change toutes les 20 secondes environ : s'il a expiré, attendez le suivant.",
    ],
    codeSteps: (code: string) => [
      'Sur le téléphone de MAIA, ouvrez WhatsApp.',
      'Android : ⋮ > Appareils connectés. iPhone : Réglages > Appareils connectés.',
      'Touchez « Connecter un appareil », puis « Connecter avec le numéro de téléphone à la place ».',
      `Saisissez ce code : ${code}`,
    ],
    waiting: 'En attente de la confirmation du téléphone…',
    restarting: 'Téléphone reconnu, finalisation de la connexion…',
    success: (masked: string) =>
      `✅ MAIA est relié au numéro ${masked}. Les identifiants sont enregistrés (chiffrés) dans la base. Le serveur MAIA reprend la connexion de lui-même dans la minute ; vous pouvez fermer cette fenêtre.`,
    timeout: "⏱️ Pas de confirmation du téléphone à temps. Relancez « maia whatsapp pair » et scannez le QR code dès qu'il s'affiche.",
    failed: (why: string) => `❌ L'appairage a échoué (${why}). Relancez « maia whatsapp pair » ; si cela se répète, retirez l'appareil « MAIA » du téléphone et recommencez.`,
  },
} as const;
