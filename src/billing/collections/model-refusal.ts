/** Longest refusal kept or shown: the check's sentences, never a whole draft. */
export const MAX_REFUSAL_CHARS = 600;

/**
 * Why a model's reminder draft was refused, fit to store and show to people: the program's sentences,
 * with what the check quoted from the model's own text masked. The check names the figures, rates and
 * threat words it found (its own patterns, bounded), but an e-mail address, a link, an IBAN or an
 * unresolved merge field is whatever the model wrote: each becomes a marker. Idempotent, bounded.
 * @example maskRefusal('it contains https://pay.example/x, and no reminder carries a link')
 *   // 'it contains <link>, and no reminder carries a link'
 */
export function maskRefusal(text: string): string {
  const masked = text
    .replace(/\{\{[^}]*\}\}/g, '{{…}}')
    .replace(/\bhttps?:\/\/[^\s,;]+|\bwww\.[^\s,;]+/gi, '<link>')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<e-mail address>')
    .replace(/\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b/g, '<IBAN>');
  return masked.length <= MAX_REFUSAL_CHARS ? masked : `${masked.slice(0, MAX_REFUSAL_CHARS - 1)}…`;
}
