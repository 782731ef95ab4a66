/**
 * What the Teams adapter itself writes (vouvoiement: its readers are mentors and staff).
 * Everything else comes from the engine's copy deck through the outbox.
 */
export const teamsCopy = {
  urgent: '🔴 Urgent',
  sources: '📚 **Sources**',
  /** Status line shown on a card once the engine accepted one of its actions. */
  actionDone: (actionId: string, by: string | undefined, at: Date): string => {
    const who = by ? ` par ${by}` : '';
    const when = at.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
    if (/^escalation:ack:/.test(actionId)) return `✅ Pris en charge${who} à ${when}`;
    if (/^escalation:resolve:/.test(actionId)) return `✅ Résolu${who} à ${when}`;
    return `✅ C'est noté${who} à ${when}`;
  },
  actionRefused:
    "Cette action n'a pas pu être prise en compte. Si vous pensez que c'est une erreur, contactez l'équipe NQT.",
  actionInvalid: "Cette carte n'est plus valable : l'action demandée est inconnue.",
} as const;
