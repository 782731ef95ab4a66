/**
 * Phone numbers as the WhatsApp adapters store them: E.164 with a leading `+`. NQT's
 * spreadsheets hold French numbers written every possible way (« 06 12 34 56 78 »,
 * « 0033 6… », « +33 (0)6… »), so national forms default to France.
 */
export function toE164(raw: string): string | undefined {
  let s = raw.trim().replace(/\(0\)/g, '').replace(/[\s.\-()/]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  // French national format: 0 followed by nine digits.
  if (/^0[1-9]\d{8}$/.test(s)) s = `+33${s.slice(1)}`;
  // Digits only, country code included (as WhatsApp shows them).
  if (/^[1-9]\d{9,14}$/.test(s)) s = `+${s}`;
  return /^\+[1-9]\d{7,14}$/.test(s) ? s : undefined;
}

/** Every form under which a WhatsApp adapter may have recorded this number. */
export function whatsappAddresses(e164: string): string[] {
  const digits = e164.slice(1);
  return [e164, digits, `${digits}@s.whatsapp.net`];
}
