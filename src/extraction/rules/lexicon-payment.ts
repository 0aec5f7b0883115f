/**
 * Lexicon entries for invoicing, payment terms, order numbers, tax, late interest and caps (see lexicon.ts).
 */

import type { Entry } from './lexicon.ts';

/** German invoicing, payment days, order numbers, tax, interest and caps. */
export const DE_PAYMENT: Entry[] = [
  [/\b(?:Abrechnung|Rechnungsstellung|Fakturierung)\b/g, 'invoicing'],
  [/\bRechnungen\b/g, 'invoices'],
  [/\bRechnung\b/g, 'invoice'],
  [/\binnerhalb\s+von\b|\binnerhalb\b|\bbinnen\b|\binnert\b/gi, 'within'],
  [/\b(?:Kalendertagen|Kalendertage|Tagen|Tage)\b/g, 'days'],
  [
    /\b(?:nach|ab)\s+(?:Rechnungseingang|Rechnungserhalt|Rechnungszugang|(?:Eingang|Zugang|Erhalt)\s+der\s+(?:Rechnung|invoice))\b/gi,
    'of receipt of the invoice',
  ],
  // "binnen 14 Tagen nach Erhalt (zu bezahlen)", "ab Zugang": the invoice's receipt, said in the sentence about invoices.
  [/(?<=\bdays\s+(?:netto\s+)?)(?:nach|ab)\s+(?:Erhalt|Eingang|Zugang)\b/gi, 'of receipt of the invoice'],
  [
    /\b(?:nach|ab)\s+(?:Rechnungsdatum|Rechnungsstellung|Datum\s+der\s+Rechnung|Rechnungslegung)\b/gi,
    'of the invoice date',
  ],
  [
    // "Ende des auf die Rechnungsstellung / den Rechnungseingang / den Rechnungsmonat folgenden Monats".
    /\b(?:zum\s+)?Ende\s+des\s+(?:auf\s+(?:den|die|das)\s+[\wäöüß]+\s+)?folgenden\s+Monats\b|\bEnde\s+des\s+Folgemonats\b/gi,
    'the end of the following month',
  ],
  // "30 Tage ab Ende des Rechnungsmonats": the days count from the end of the invoice's month.
  [/\b(?:ab|nach)\s+(?:dem\s+)?Ende\s+des\s+(?:Rechnungs|Liefer|Leistungs)?monats\b/gi, 'from the end of the month'],
  [/\b(?:zahlbar|zu\s+(?:be)?zahlen|zur\s+Zahlung\s+fällig|fällig)\b/gi, 'payable'],
  // "Zahlbar 30 Tage netto": net days.
  [/(?<=\bdays\s+)netto\b/g, 'net'],
  [/\bZahlungsziel\b/g, 'payment'],
  // "Zahlung: 10 Tage ab Rechnungsdatum", "Zahlungsfrist", "Zahlungsbedingungen": the payment clause's own word.
  [/\b(?:Zahlungsfristen|Zahlungsfrist|Zahlungsbedingungen|Zahlungen|Zahlung)\b/g, 'payment'],
  [/\bnetto\s+Kasse\b|\bohne\s+Abzug\b/gi, 'net'],
  // Order numbers
  // Not inside an identifier: "2026-BANF-0771" is a number, not a label.
  [
    /(?<![-/])\b(?:Bestellanforderungsnummer|Bestellanforderung|Bestellnummer|Bestell-Nr\.?|Bestellung|Auftragsnummer|BANF-Nr\.?|BANF)(?:\s+(?:No\.|Nr\.?))?(?:\s+BANF)?\b(?![-/]\w)/g,
    'Purchase Order No.',
  ],
  // Tax, interest, caps
  [/\b(?:Umsatzsteuer|Mehrwertsteuer|USt\.?|MwSt\.?)\b/g, 'VAT'],
  [/\b(?:Verzugszinsen|Verzugszins)\b/g, 'late interest'],
  [/\bProzentpunkte[n]?\s+über\s+dem\s+(?:jeweiligen\s+)?Basiszinssatz\b/gi, 'above the base rate'],
  [/\b(?:Reisekosten|Reise-\s+und\s+Nebenkosten|Spesen|Auslagen|Nebenkosten)\b/g, 'travel expenses'],
  [
    /\b(?:höchstens(?:\s+jedoch)?|maximal|insgesamt\s+höchstens|bis\s+zu\s+einem\s+Betrag\s+von|begrenzt\s+auf|gedeckelt\s+auf)\b/gi,
    'not to exceed',
  ],
  // "ist auf insgesamt CHF 380'000.00 beschränkt": the amount between "auf" and the verb of limiting.
  [/\bauf\s+(?:insgesamt\s+)?(?=[^;\n]{0,50}?\b(?:beschränkt|begrenzt|limitiert|gedeckelt)\b)/gi, 'limited to '],
  [/\b(?:Kostenobergrenze|Obergrenze|Höchstbetrag|Kostendach|Auftragswert|Gesamtbudget)\b/g, 'maximum amount of'],
  // "die Begrenzung von 168.000,00 €", "eine neue Gesamtbegrenzung von …": the limit as a noun (not the liability's).
  [/\b(?:Gesamt|Kosten|Vergütungs|Honorar)?[Bb]egrenzung(?!\s+(?:der|die)\s+Haftung)\b/g, 'maximum amount of'],
];

/** French invoicing, payment days, order numbers, late interest and caps. */
export const FR_PAYMENT: Entry[] = [
  [/\bfactur(?:é|ée|és|ées|era|eront|ation)\b/gi, 'invoiced'],
  // "demande de paiement" (public procurement): the invoice.
  [/\bdemandes?\s+de\s+paiement\b/gi, 'invoice'],
  [/\bfactures\b/gi, 'invoices'],
  [/\bfacture\b/gi, 'invoice'],
  [/\bdans\s+un\s+délai\s+de\b/gi, 'within'],
  [/\bà\s+(?=\d{1,3}\s+jours)/gi, 'within '],
  [/\bdans\s+les\s+(?=\d{1,3}\s+jours)/gi, 'within '],
  [/\bjours\b/g, 'days'],
  // "suivant leur date (d'émission)", "à compter de leur date d'émission": the invoices' own date.
  [
    /\b(?:suivant|à\s+compter\s+de|après)\s+(?:leur|sa|la)\s+date(?:\s+d['’](?:émission|établissement))?\b/gi,
    'of the invoice date',
  ],
  // "payables à 30 jours de leur date (d'émission)": the invoices' own date, right after the days.
  [/(?<=\bdays\s+)(?:de|dès)\s+(?:leur|sa)\s+date(?:\s+d['’](?:émission|établissement))?\b/gi, 'of the invoice date'],
  // "suivant leur réception", "à compter de leur réception (par le Client)".
  [/\b(?:suivant|à\s+compter\s+de|après|dès)\s+(?:leur|sa)\s+réception\b/gi, 'of receipt of the invoice'],
  [
    /\b(?:à\s+compter\s+de\s+la|de\s+la|après\s+la)\s+date\s+(?:d'émission\s+de\s+la\s+|de\s+la\s+|de\s+)?(?:invoice|facture)\b|\bdate\s+de\s+(?:invoice|facture)\b/gi,
    'of the invoice date',
  ],
  [
    // Also "dès réception de la facture", "à compter de la date de réception de la facture".
    /\b(?:(?:à\s+compter\s+de\s+la|de\s+la)(?:\s+date\s+de)?|après\s+la|à|dès)\s+(?:la\s+)?réception\s+de\s+(?:la\s+)?(?:invoice|facture)\b/gi,
    'of receipt of the invoice',
  ],
  // "suivant la réception de la facture", "après réception des factures", "date de réception de facture".
  [
    /(?:\b(?:suivant|à\s+compter\s+de|après|dès|de)\s+)?(?:la\s+)?(?:date\s+de\s+)?\bréception\s+(?:de\s+(?:la\s+|l['’])?|des\s+|d['’])?(?:invoices?|factures?)\b/gi,
    'of receipt of the invoice',
  ],
  // The bare receipt right after a count of days ("à 30 jours après réception", "payables à 30 jours de leur
  // réception"): the invoice's receipt, said in the sentence about invoices; a delivery's receipt names what it receives.
  [
    /(?<=\bdays\s+(?:net,?\s+)?)(?:après|suivant|dès|de|à\s+compter\s+de)\s+(?:leur\s+|sa\s+)?réception\b(?!\s+(?:de|des|du|d['’])\s*\p{L})/giu,
    'of receipt of the invoice',
  ],
  [/\b(?:payables?|réglées?|à\s+régler|exigibles?)\b/gi, 'payable'],
  [/\b(?:paiement|règlement)\b/gi, 'payment'],
  [
    /\b(?:numéro\s+de\s+(?:bon\s+de\s+)?commande|référence\s+de\s+(?:la\s+)?commande|bon\s+de\s+commande|demande\s+d'achat)(?:\s+(?:No\.|numéro))?/gi,
    'Purchase Order No.',
  ],
  // "n° de commande" alone heads an order form's own number; someone's ("du Client", "GAC") or one an invoice quotes
  // ("chaque facture rappelle le n° de commande") is the purchase order.
  [
    /(?:\b(?<=(?:rappel\w*|indiqu\w*|mentionn\w*|port\w*|report\w*)\s+(?:le\s+|son\s+|notre\s+|votre\s+)?)n°\s+de\s+commande|\bn°\s+de\s+commande(?=\s+(?:du|de\s+la|de\s+l['’]|des)\s))/gi,
    'Purchase Order No.',
  ],
  [/\b[Nn]°\s+de\s+commande(?=\s+\p{Lu}{2,6}\s*:)/gu, 'Purchase Order No.'],
  [/\b(?:pénalités|intérêts?)\s+de\s+retard\b/gi, 'late interest'],
  // "porte intérêt au taux de 18 % par année": interest on overdue amounts.
  [/\bintérêts?\b/gi, 'interest'],
  [/\b(?:frais\s+de\s+(?:déplacement|mission|voyage)|frais)\b/gi, 'travel expenses'],
  [
    /\b(?:plafonnée?s?\s+à|limitée?s?\s+à|dans\s+la\s+limite\s+de|à\s+concurrence\s+de|sans\s+(?:pouvoir\s+)?dépasser|ne\s+(?:pourra|peut|pourront|peuvent)\s+(?:pas\s+)?(?:excéder|dépasser))\b/gi,
    'not to exceed',
  ],
  [/\b(?:montant\s+maximum|plafond|budget\s+maximum|montant\s+total\s+maximum)\b/gi, 'maximum amount of'],
];
