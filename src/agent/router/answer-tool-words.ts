/**
 * The sentences two read entries write for people (invoices_explain_line's `explanation`, invoices_recommend_reviewer's
 * `summary`) are English. In English the router answers with them as they are; in German and French it writes the
 * same facts from the entries' structured fields, figures formatted for the language. Free text the entries carry
 * (a contract term, an exception's message, a reason why an invoice is unusual) is quoted as it was written.
 */
import type { Language } from '../language/detect.ts';
import { dateIn, decimalIn, moneyIn, type Money } from '../language/format.ts';

/** What invoices_explain_line answers (the parts used here). */
export interface LineExplanation {
  reference: string;
  lineNo: number;
  explanation: string;
  amount: Money;
  held: boolean;
  line?: {
    kind?: string;
    quantity?: string;
    unit?: string | null;
    unitPrice?: string;
    role?: string | null;
    contractTerm?: string | null;
    servicePeriod?: { start: string | null; end: string | null };
    sources?: { kind: string; count: number }[];
  };
  exceptions: { type: string; message: string }[];
}

const SOURCES: Record<string, { de: string; fr: string }> = {
  time_entry: { de: 'Zeiteinträgen', fr: 'saisies de temps' },
  expense: { de: 'Auslagen', fr: 'frais' },
  usage_record: { de: 'Nutzungsdaten', fr: "relevés d'usage" },
  milestone: { de: 'Meilensteinen', fr: 'jalons' },
};

/** One line of an invoice in a sentence, in the language (English: the entry's own sentence). */
export function lineWords(x: LineExplanation, lang: Language): string {
  const l = x.line;
  if (lang === 'en' || !l?.quantity || !l.unitPrice) return x.explanation;
  const de = lang === 'de';
  const qty = `${decimalIn(l.quantity, lang)}${l.unit ? ` ${l.unit}` : ''}`;
  const rate = moneyIn({ amount: l.unitPrice, currency: x.amount.currency }, lang);
  const who = l.role ? (de ? ` für ${l.role}` : ` de ${l.role}`) : '';
  const period = l.servicePeriod?.start
    ? de
      ? ` für ${dateIn(l.servicePeriod.start, lang)} bis ${dateIn(l.servicePeriod.end, lang)}`
      : ` du ${dateIn(l.servicePeriod.start, lang)} au ${dateIn(l.servicePeriod.end, lang)}`
    : '';
  const sources = (l.sources ?? []).map((s) => `${s.count} ${SOURCES[s.kind]?.[lang] ?? s.kind}`);
  const from = sources.length ? (de ? `, aus ${sources.join(' und ')}` : `, issue de ${sources.join(' et ')}`) : '';
  const term = l.contractTerm
    ? de
      ? `; Vertragsklausel: "${l.contractTerm}"`
      : `; clause du contrat : "${l.contractTerm}"`
    : '';
  const why = x.exceptions.map((e) => `${e.type} (${e.message})`).join('; ');
  const held = x.held
    ? de
      ? ` Sie ist gesperrt${why ? `: ${why}` : ''}.`
      : ` Elle est bloquée${why ? ` : ${why}` : ''}.`
    : '';
  const amount = moneyIn(x.amount, lang);
  return de
    ? `Zeile ${x.lineNo} von ${x.reference} (${l.kind}) berechnet ${qty}${who} zu ${rate} = ` +
        `${amount}${period}${from}${term}.${held}`
    : `La ligne ${x.lineNo} de ${x.reference} (${l.kind}) facture ${qty}${who} à ${rate} = ` +
        `${amount}${period}${from}${term}.${held}`;
}

/** What invoices_recommend_reviewer answers (the parts used here). */
export interface ReviewerAnswer {
  reference: string;
  unusual: boolean;
  reasons: string[];
  reviewer: { name: string; roles: string[]; approvedSimilar: number; similarInvoices: string[] } | null;
  summary: string;
}

/** Whether an invoice is unusual and who should review it, in the language (English: the entry's own summary). */
export function reviewerWords(x: ReviewerAnswer, lang: Language): string {
  if (lang === 'en') return x.summary;
  const de = lang === 'de';
  if (!x.unusual)
    return de
      ? `${x.reference} ist Routine: Die üblichen Freigebenden der Freigabematrix genügen.`
      : `${x.reference} est courante : les approbateurs habituels de la matrice d'approbation suffisent.`;
  const reasons = x.reasons.length
    ? de
      ? ` Gründe: ${x.reasons.join('; ')}.`
      : ` Raisons : ${x.reasons.join(' ; ')}.`
    : '';
  const r = x.reviewer;
  const who = r
    ? de
      ? ` Vorgeschlagene Prüfung: ${r.name} (${r.roles.join(', ')}), die ${r.approvedSimilar} der ` +
        `ähnlichsten früheren ` +
        `Rechnungen freigegeben hat (${r.similarInvoices.join(', ')}).`
      : ` Vérification suggérée : ${r.name} (${r.roles.join(', ')}), qui a approuvé ${r.approvedSimilar} ` +
        `des factures ` +
        `passées les plus semblables (${r.similarInvoices.join(', ')}).`
    : de
      ? ' Niemand außer der erstellenden Person hat eine ähnliche Rechnung freigegeben; bitten Sie ein ' +
        'Controlling um Prüfung.'
      : " Personne d'autre que son auteur n'a approuvé de facture semblable ; demandez à un contrôleur de la vérifier.";
  return de
    ? `${x.reference} ist ungewöhnlich.${reasons}${who} Es ist ein Vorschlag: Die Freigabematrix entscheidet weiterhin.`
    : `${x.reference} est inhabituelle.${reasons}${who} C'est une suggestion : la matrice d'approbation ` +
        `décide toujours.`;
}
