/**
 * German and French contract wording read through the English rules. A German or French document's
 * labels and stock phrases ("tritt am … in Kraft", "innerhalb von 30 Tagen nach Rechnungseingang",
 * "ci-après dénommée « le Client »", "à 45 jours fin de mois") are rewritten to their English
 * counterparts in the text the rules read; an offset map takes every span back to the document, so
 * quotes and pages are the document's own words. Values (names, roles, milestones) are left as
 * written: the entries are labels and phrases, not content. English documents are not touched.
 */

export type Language = 'en' | 'de' | 'fr';

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

/** The document's language from its function words; English unless German or French clearly dominate. */
export function detectLanguage(text: string): Language {
  const en = count(text, /\b(?:the|and|of|to|shall|will|is|are|for|with)\b/gi);
  const de = count(text, /\b(?:der|die|das|und|des|dem|den|ist|wird|werden|für|mit|von|zu|nach|bei)\b/gi);
  const fr = count(text, /\b(?:le|la|les|des|du|et|est|sont|pour|avec|au|aux|sera|seront|dans|une?)\b/gi);
  if (de > en * 1.2 && de >= fr) return 'de';
  if (fr > en * 1.2 && fr > de) return 'fr';
  return 'en';
}

type Entry = [RegExp, string | ((...m: string[]) => string)];

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DE_MONTHS: Record<string, number> = {
  januar: 1,
  jänner: 1,
  februar: 2,
  märz: 3,
  maerz: 3,
  april: 4,
  mai: 5,
  juni: 6,
  juli: 7,
  august: 8,
  september: 9,
  oktober: 10,
  november: 11,
  dezember: 12,
};
const FR_MONTHS: Record<string, number> = {
  janvier: 1,
  février: 2,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  août: 8,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
  decembre: 12,
};
const monthAlt = (m: Record<string, number>): string => Object.keys(m).join('|');

/** Typographic quotes to plain ones: „Auftraggeber“, « le Client », ‚x‘. */
const QUOTES: Entry[] = [[/„|“|”|«\s?|\s?»/g, '"']];

const DE: Entry[] = [
  ...QUOTES,
  [
    new RegExp(`\\b(\\d{1,2})\\.\\s*(${monthAlt(DE_MONTHS)})\\s+(\\d{4})`, 'gi'),
    (_, d, mo, y) => `${d} ${MONTHS_EN[(DE_MONTHS[(mo ?? '').toLowerCase()] ?? 1) - 1]} ${y}`,
  ],
  // Document kinds and numbers
  [
    /\b(?:Leistungsschein|Leistungsbeschreibung|Einzelauftrag|Werkvertrag|Dienstleistungsvertrag|Projektvertrag|Abrufauftrag|Auftragsbestätigung)\b/gi,
    'Statement of Work',
  ],
  [/\b(?:Nachtrag|Änderungsvereinbarung|Vertragsänderung|Ergänzungsvereinbarung)\b/gi, 'Amendment'],
  [/\b(?:Änderungsauftrag|Änderungsantrag|Änderungsanforderung)\b/g, 'Change Order'],
  [/\bRahmenvertrag\b/g, 'Master Services Agreement'],
  [/\b(?:Beratungsvertrag|Beratervertrag)\b/g, 'Consulting Agreement'],
  [/\b(?:Nr\.|Nummer)(?=\s)/g, 'No.'],
  // Parties
  [
    /\b(?:nachfolgend|im\s+Folgenden)(?:\s+(?:kurz|auch|genannt|bezeichnet\s+als))*\s*(?:der|die|das)?\s*(?=")/gi,
    'hereinafter ',
  ],
  [/\bAuftraggeber(?:in)?\b/g, 'Client'],
  [/\bAuftragnehmer(?:in)?\b/g, 'Provider'],
  [/\b(?:Kunde|Kundin|Besteller(?:in)?)\b/g, 'Customer'],
  [/\b(?:Dienstleister(?:in)?|Lieferant(?:in)?|Anbieter(?:in)?|Unternehmer(?:in)?|Berater(?:in)?)(?=")/g, 'Provider'],
  [/\bzwischen\s+(?:der|dem|den)?\s*/gi, 'between '],
  [/(?<=[")])\s*,?\s+und\s+(?:der|dem|den)?\s*/g, ' and '],
  // Term
  [/\btritt\s+(?:am|zum|mit\s+Wirkung\s+(?:zum|vom|ab))\b/gi, 'takes effect on'],
  [/\bgilt\s+(?:ab|vom|mit\s+Wirkung\s+(?:zum|vom|ab))(?:\s+dem)?\b/gi, 'effective from'],
  [/\bmit\s+Wirkung\s+(?:zum|vom|ab)\b/gi, 'with effect from'],
  [/\b(?:beginnt|startet)\s+(?:am|zum|mit\s+dem)\b/gi, 'commences on'],
  [
    /\b(?:beginnt|beginnen|startet|starten)\b(?:\s+(?:mit|den|der|dem|die|Arbeiten|Leistungen|Projekt|Vertrag|Einsatz)){0,4}\s+(?:am|zum|ab)(?=\s+\d)/gi,
    'commences on',
  ],
  [
    /\b(?:Vertragsbeginn|Leistungsbeginn|Laufzeitbeginn|Projektbeginn|Arbeitsbeginn|Startdatum|Inkrafttreten)\b|\b(?:Beginn(?:\s+der\s+(?:Arbeiten|Leistungen|Leistungserbringung|Dienstleistungen|Laufzeit))?|Gültig\s+ab|Wirksam\s+ab)(?=\s*\**\s*[:|])/g,
    'Start date',
  ],
  [
    /\b(?:Vertragsende|Leistungsende|Laufzeitende|Projektende|Enddatum)\b|\b(?:Ende(?:\s+der\s+(?:Arbeiten|Leistungen|Laufzeit))?|Gültig\s+bis)(?=\s*\**\s*[:|])/g,
    'End date',
  ],
  [/\b(?:endet|läuft|erlischt)\s+(?:am|zum|mit\s+Ablauf\s+des|bis(?:\s+zum|\s+einschließlich)?)\b/gi, 'ends on'],
  // "Das Werk ist bis 30. Juli 2027 fertigzustellen": a completion owed by the date.
  [
    /\bbis\s+(?:zum\s+|spätestens\s+)?(?=\d[^.\n]{0,25}\b(?:fertigzustellen|abzuschließen|abzuschliessen|zu\s+liefern|zu\s+übergeben|fertiggestellt|abgeschlossen)\b)/gi,
    'completion date: ',
  ],
  [/\b(?:bis\s+(?:zum|einschließlich)|bis)(?=\s+\d)/gi, 'until'],
  [/\bvoraussichtlich\s+(?:am|zum|bis\s+zum)\b/gi, 'ends on'],
  [/\b(?:Fertigstellung|Abschluss)\s+(?:ist\s+)?(?:geplant\s+)?(?:für\s+den|zum|bis\s+zum|am)\b/gi, 'completion date:'],
  [
    /\b(?:Abnahme|Fertigstellung|Übergabe)\b[^.\n]{0,40}?\b(?:ist\s+)?(?:für\s+den|zum|bis\s+zum|am|until)(?=\s+\d)/g,
    'completion date:',
  ],
  [/\bLaufzeit\b/g, 'Term'],
  [/\bvom(?=\s+\d)/g, 'from'],
  // Billing model and rates
  [/\bnach\s+(?:tatsächlichem\s+)?(?:Aufwand|Zeitaufwand)\b(?!\s+erstattet)/gi, 'on a time and materials basis'],
  [/\b(?:Festpreis|Pauschalfestpreis|Werkpreis|Pauschalpreis)\b/g, 'fixed price'],
  [/\b(?:Tagess(?:a|ä)tze?|Tagessätzen|Tagespreis|Personentagessatz)\b/g, 'Day rate'],
  [
    /\b(?:Stundens(?:a|ä)tze?|Stundensätzen|Stundenpreis|Stundenverrechnungssatz|Stundenans(?:a|ä)tze?n?)\b/g,
    'Hourly rate',
  ],
  [/\bTagesans(?:a|ä)tze?n?\b/g, 'Day rate'],
  [/\bRolle\b/g, 'Role'],
  [
    /\b(?:monatliche\s+(?:Pauschale|Grundgebühr|Gebühr|Pauschalvergütung)|Monatspauschale|monatliche\s+Support-Pauschale)\b/g,
    'monthly fee',
  ],
  [/\b(?:Grundgebühr|Pauschale|Support-Pauschale|Betriebspauschale|Pauschalvergütung)\b/g, 'fixed fee'],
  [/\b(?:Mehrstunden|zusätzliche\s+Stunden|Zusätzliche\s+Stunden)\b/g, 'additional hours'],
  [/\b(?:über\s+das\s+(?:\p{L}+\s+)?Kontingent\s+hinaus|über\s+das\s+Kontingent)\b/gu, 'beyond the included hours'],
  [/\b(?:Darin|darin|Damit|damit)\s+(?:enthalten|abgegolten)(?:\s+sind\b|\s*:)/g, 'includes'],
  // Before "Stunde" becomes "hour": "pro Stunde", "je Stunde" are a unit.
  [/\b(?:pro|je)\s+(?:Stunde|Std\.?)(?![\p{L}])/gu, 'per hour'],
  [/\b\p{L}*[sS]tunden\b/gu, 'hours'],
  [/\bStunde\b/g, 'hour'],
  [/\bbis\s+zu\s+einer\s+Höhe\s+von\b/g, 'up to'],
  [/\b(?:übertragen|vorgetragen|mitgenommen)\b/g, 'carried over'],
  [/\b(?:verfallen|verfällt)\b/g, 'are forfeited'],
  [/\b(?:Überschreitet|überschreitet|übersteigt|Übersteigt)\b/g, 'exceeds'],
  [/\b(?:Zustimmung|Genehmigung|Freigabe)\b/g, 'approval'],
  [/\b(?:pro|je)\s+(?:Personentag|Tag|Arbeitstag|PT)\b/g, 'per day'],
  [/\b(?:pro|je)\s+(?:Stunde|Std\.?)\b/g, 'per hour'],
  [/\b(?:pro|je)\s+Monat\b|\bmonatlich\b(?!\s+(?:im\s+Voraus|nachträglich|nachschüssig|vorschüssig))/g, 'per month'],
  [/\b(?:pro|je)\s+Quartal\b|\b(?:quartalsweise|vierteljährlich)\b/g, 'per quarter'],
  [/\b(?:pro|je)\s+(?:Jahr|Vertragsjahr)\b|\bp\.\s?a\.(?=\s|$|[,;)])/g, 'per year'],
  [/\bmonatlich\s+(?:im\s+Voraus|vorschüssig)\b/gi, 'monthly in advance'],
  [/\bzu(?:m)?\s+(?:Monatsbeginn|Beginn\s+(?:jedes|des)\s+Monats)\b/g, 'at the start of each month'],
  [/\bzu\s+Beginn\s+(?:jedes|des)\s+Quartals\b/g, 'quarterly in advance'],
  [/\bim\s+Voraus\b/g, 'in advance'],
  [/\bin\s+Rechnung\s+gestellt\b|\bberechnet\b|\bfakturiert\b|\bverrechnet\b/g, 'invoiced'],
  [/\bmonatlich\s+(?:nachträglich|nachschüssig)\b/gi, 'monthly in arrears'],
  // Inflected period adjectives ("Monatliche Pauschale", "jährliche Lizenzgebühr"): the bare adverb is handled above.
  [/\b[Mm]onatlich(?:e|en|er|es)\b/g, 'monthly'],
  [/\b(?:[Vv]ierteljährlich|[Qq]uartalsweis)(?:e|en|er|es)\b/g, 'quarterly'],
  [/\b[Jj]ährlich(?:e|en|er|es)\b/g, 'annual'],
  [
    /\b(?:nach|mit)\s+(?:der\s+)?(?:Abnahme|Abschluss|Fertigstellung|Übergabe)\b(?:\s+(?:des|der)\s+\p{L}+)?/gu,
    'upon completion',
  ],
  [
    /\bnach\s+(?:dem\s+)?folgende[mn]?\s+Zahlungsplan\b|\bgemäß\s+(?:dem\s+)?(?:folgenden\s+)?Zahlungsplan\b/g,
    'according to the following payment schedule',
  ],
  [/\b(?:alle\s+(?:zwei|2)\s+Wochen|vierzehntäglich|zweiwöchentlich)\b/g, 'every two weeks'],
  // Invoicing and payment
  [/\b(?:Abrechnung|Rechnungsstellung|Fakturierung)\b/g, 'invoicing'],
  [/\bRechnungen\b/g, 'invoices'],
  [/\bRechnung\b/g, 'invoice'],
  [/\binnerhalb\s+von\b|\binnerhalb\b|\bbinnen\b|\binnert\b/gi, 'within'],
  [/\b(?:Kalendertagen|Kalendertage|Tagen|Tage)\b/g, 'days'],
  [
    /\b(?:nach|ab)\s+(?:Rechnungseingang|Rechnungserhalt|Rechnungszugang|Eingang\s+der\s+Rechnung|Zugang\s+der\s+Rechnung|Erhalt\s+der\s+Rechnung)\b/gi,
    'of receipt of the invoice',
  ],
  // "binnen 14 Tagen nach Erhalt (zu bezahlen)", "ab Zugang": the invoice's receipt, said in the sentence about invoices.
  [/(?<=\bdays\s+)(?:nach|ab)\s+(?:Erhalt|Eingang|Zugang)\b/gi, 'of receipt of the invoice'],
  [
    /\b(?:nach|ab)\s+(?:Rechnungsdatum|Rechnungsstellung|Datum\s+der\s+Rechnung|Rechnungslegung)\b/gi,
    'of the invoice date',
  ],
  [
    /\b(?:zum\s+)?Ende\s+des\s+(?:auf\s+die\s+Rechnungsstellung\s+)?folgenden\s+Monats\b|\bEnde\s+des\s+Folgemonats\b/gi,
    'the end of the following month',
  ],
  [/\b(?:zahlbar|zu\s+(?:be)?zahlen|zur\s+Zahlung\s+fällig|fällig)\b/gi, 'payable'],
  // "Zahlbar 30 Tage netto": net days.
  [/(?<=\bdays\s+)netto\b/g, 'net'],
  [/\bZahlungsziel\b/g, 'payment'],
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
];

const FR: Entry[] = [
  ...QUOTES,
  [
    new RegExp(`\\b(\\d{1,2})(?:er)?\\s+(${monthAlt(FR_MONTHS)})\\s+(\\d{4})`, 'gi'),
    (_, d, mo, y) => `${d} ${MONTHS_EN[(FR_MONTHS[(mo ?? '').toLowerCase()] ?? 1) - 1]} ${y}`,
  ],
  [
    /\b(?:Contrat|Convention)\s+de\s+prestations?(?:\s+de\s+services)?\b|\bCommande\s+de\s+prestations\b|\bProposition\s+commerciale\b/gi,
    'Statement of Work',
  ],
  [
    /\b(?:prend\s+effet|prend\s+cours|prendra\s+cours|entre\s+en\s+vigueur|prendra\s+effet|entrera\s+en\s+vigueur)\s+(?:le|à\s+compter\s+du)\b/gi,
    'takes effect on',
  ],
  [/\bAvenant\b/gi, 'Amendment'],
  [/\b(?:Demande|Ordre|Avis)\s+de\s+(?:modification|changement)\b/gi, 'Change Order'],
  [/\bLettre\s+de\s+mission\b/gi, 'Engagement Letter'],
  [/\bContrat[- ]cadre\b/g, 'Master Services Agreement'],
  [/\b(?:n°|N°|no\.|nº|Nº)(?=\s?[A-Z0-9])/g, 'No. '],
  [/\bci-après\s+(?:dénommée?s?|désignée?s?|appelée?s?)?\s*(?:le|la|l')?\s*(?=")/gi, 'hereinafter '],
  [/(?<=")(?:le|la|l')\s*(?=[A-Z])/g, ''],
  [/\b(?:Prestataire|Titulaire|Fournisseur|Consultant|Mandataire)(?=")/g, 'Provider'],
  [/\b(?:Donneur\s+d'ordre|Bénéficiaire|Client|Mandant)(?=")/g, 'Client'],
  [/^(\s*\**\s*)(?:Prestataire|Titulaire|Fournisseur|Mandataire)(?=\s*\**\s*:)/gm, '$1Provider'],
  [/^(\s*\**\s*)(?:Donneur\s+d'ordre|Mandant)(?=\s*\**\s*:)/gm, '$1Client'],
  [/\bentre\s+(?:la\s+société\s+|la\s+|le\s+|l')?/gi, 'between '],
  [/(?<=[")])\s*,?\s+et\s+(?:la\s+société\s+|la\s+|le\s+|l')?/g, ' and '],
  [/\b(?:à\s+compter\s+du|à\s+partir\s+du|avec\s+effet\s+(?:au|à\s+compter\s+du|dès\s+le|le))\b/gi, 'effective from'],
  [/\b(?:Date\s+d'effet|Date\s+de\s+prise\s+d'effet|Date\s+d'entrée\s+en\s+vigueur)\b/gi, 'Effective Date'],
  [/\b(?:Date\s+de\s+début|Début\s+(?:de\s+la\s+mission|des\s+prestations))\b|\bDébut(?=\s*\**\s*:)/gi, 'Start date'],
  [/\b(?:Date\s+de\s+fin|Fin\s+(?:de\s+la\s+mission|des\s+prestations))\b|\bFin(?=\s*\**\s*:)/gi, 'End date'],
  [/\b(?:prend(?:ra)?\s+fin|se\s+termine(?:ra)?|expire(?:ra)?|s'achève(?:ra)?)\s+le\b/gi, 'ends on'],
  [/\bjusqu'(?:au|à\s+la\s+date\s+du|à\s+la\s+date\s+du)\b|\bjusqu'au\b/gi, 'until'],
  [/\b(?:au\s+plus\s+tard\s+le|prévue?\s+(?:pour\s+)?le)\b/gi, 'completion date:'],
  [/\b(?:débute|commence|démarre)(?:nt|ra|ront)?\s+(?:dès\s+)?le\b/gi, 'commences on'],
  [/\bDurée\b/g, 'Term'],
  [/\ben\s+régie\b|\bau\s+temps\s+passé\b/gi, 'on a time and materials basis'],
  [/\b(?:prix\s+(?:global\s+et\s+)?forfaitaire|forfait\s+global|prix\s+ferme)\b/gi, 'fixed price'],
  [/\b(?:Tarif|Taux|Prix)\s+journalier(?:\s+moyen)?\b|\bTJM\b|\bPrix\s+de\s+journée\b/gi, 'Day rate'],
  [/\b(?:Tarif|Taux)\s+horaire\b/gi, 'Hourly rate'],
  [/\b(?:Profil|Rôle|Fonction)\b/g, 'Role'],
  [/\b(?:forfait|abonnement|redevance)\s+mensuel(?:le)?\b/gi, 'monthly fee'],
  [/\b(?:forfait|abonnement|redevance)\s+trimestriel(?:le)?\b/gi, 'quarterly fee'],
  [/\b(?:forfait|abonnement|redevance)\s+annuel(?:le)?\b/gi, 'annual fee'],
  [/\bheures\s+supplémentaires\b/gi, 'additional hours'],
  [/\bau-delà\s+(?:des|du|de\s+la|de)\b/gi, 'beyond the'],
  [/\b(?:de\s+l'heure|l'heure)\b/gi, 'per hour'],
  [/\bheures?\b/g, 'hours'],
  [/\b(?:reportables?|reportées?|reportés?|report)\b/gi, 'carried over'],
  [/\bà\s+raison\s+de\b/gi, 'up to'],
  [/\b(?:sont\s+perdues|seront\s+perdues|perdues)\b/gi, 'are forfeited'],
  [/\b(?:couvrant|comprenant|comprend(?:\s+désormais)?|inclut|incluant)\b/gi, 'includes'],
  [/\b(?:par|\/)\s*(?:jour(?:-homme|\s+ouvré)?|j)\b|\bjours?-hommes?\b/g, 'per day'],
  [/\b(?:par|\/)\s*heure\b/g, 'per hour'],
  [/\bmensuellement\s+(?:à\s+)?(?:terme\s+)?échu\b|\bà\s+terme\s+échu\b/gi, 'monthly in arrears'],
  [/\bmensuellement\s+(?:et\s+)?(?:d'avance|à\s+échoir|terme\s+à\s+échoir)\b/gi, 'monthly in advance'],
  [/\b(?:d'avance|à\s+échoir)\b/gi, 'in advance'],
  [
    /\b(?:à\s+la\s+(?:fin|livraison|réception)\s+(?:de\s+la\s+mission|des\s+prestations|du\s+projet|des\s+travaux)|après\s+(?:la\s+)?(?:réception|recette)\s+(?:définitive|des\s+travaux|du\s+projet))\b/gi,
    'upon completion',
  ],
  [/\b(?:toutes\s+les\s+deux\s+semaines|tous\s+les\s+quinze\s+jours)\b/gi, 'every two weeks'],
  [/\ben\s+début\s+de\s+(?:chaque\s+)?mois\b/gi, 'at the start of each month'],
  [/\ben\s+début\s+de\s+(?:chaque\s+)?trimestre\b/gi, 'quarterly in advance'],
  [/\b(?:par|chaque)\s+mois\b|\bmensuel(?:le)?s?\b|\bmensuellement\b/gi, 'monthly'],
  [/\b(?:par|chaque)\s+trimestre\b|\btrimestriel(?:le)?s?\b|\btrimestriellement\b/gi, 'quarterly'],
  [/\bpar\s+année(?:\s+civile)?\b/gi, 'per year'],
  [/\b(?:par\s+an|l'an|annuel(?:le)?s?|annuellement)\b/gi, 'per annum'],
  [/\bfactur(?:é|ée|és|ées|era|eront|ation)\b/gi, 'invoiced'],
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
  [/\b(?:payables?|réglées?|à\s+régler|exigibles?)\b/gi, 'payable'],
  [/\b(?:paiement|règlement)\b/gi, 'payment'],
  [
    /\b(?:numéro\s+de\s+(?:bon\s+de\s+)?commande|référence\s+de\s+(?:la\s+)?commande|bon\s+de\s+commande|demande\s+d'achat)(?:\s+(?:No\.|numéro))?/gi,
    'Purchase Order No.',
  ],
  [/\b(?:pénalités|intérêts)\s+de\s+retard\b/gi, 'late interest'],
  [/\b(?:frais\s+de\s+(?:déplacement|mission|voyage)|frais)\b/gi, 'travel expenses'],
  [
    /\b(?:plafonnée?s?\s+à|limitée?s?\s+à|dans\s+la\s+limite\s+de|à\s+concurrence\s+de|sans\s+(?:pouvoir\s+)?dépasser|ne\s+(?:pourra|peut|pourront|peuvent)\s+(?:pas\s+)?(?:excéder|dépasser))\b/gi,
    'not to exceed',
  ],
  [/\b(?:montant\s+maximum|plafond|budget\s+maximum|montant\s+total\s+maximum)\b/gi, 'maximum amount of'],
];

const WORD = '[\\p{L}\\p{N}_]';
/** \\b in these patterns means a Unicode word boundary: "à", "été" and "Kündigung" have letters JavaScript's \\b does not know. */
const unicode = (re: RegExp): RegExp =>
  new RegExp(
    re.source.replace(/\\b/g, `(?:(?<!${WORD})(?=${WORD})|(?<=${WORD})(?!${WORD}))`),
    re.flags.includes('u') ? re.flags : `${re.flags}u`,
  );

interface Segment {
  /** Start in the rewritten text. */
  out: number;
  /** Start in the document text. */
  orig: number;
  outLen: number;
  origLen: number;
}

export interface Rewritten {
  language: Language;
  text: string;
  /** Offset in the rewritten text → offset in the document text. */
  toOriginal: (offset: number) => number;
}

/** Rewrites a German or French document's labels to English; English text comes back as it is. */
export function rewriteLabels(text: string, language: Language = detectLanguage(text)): Rewritten {
  if (language === 'en') return { language, text, toOriginal: (o) => o };
  const entries = (language === 'de' ? DE : FR).map(([re, repl]) => [unicode(re), repl] as Entry);
  let current = text;
  // Each entry is applied in turn; the map composes back through every pass.
  const passes: Segment[][] = [];
  for (const [re, repl] of entries) {
    const segs: Segment[] = [];
    let out = '';
    let last = 0;
    let shift = 0;
    for (const m of current.matchAll(re)) {
      const at = m.index ?? 0;
      const replacement =
        typeof repl === 'string'
          ? repl.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '')
          : repl(...Array.from(m, (x) => x ?? ''));
      if (replacement === m[0]) continue;
      out += current.slice(last, at) + replacement;
      segs.push({ out: at + shift, orig: at, outLen: replacement.length, origLen: m[0].length });
      shift += replacement.length - m[0].length;
      last = at + m[0].length;
    }
    if (segs.length === 0) continue;
    current = out + current.slice(last);
    passes.push(segs);
  }
  const back = (segs: Segment[], o: number): number => {
    let shift = 0;
    for (const s of segs) {
      if (o < s.out) break;
      if (o < s.out + s.outLen) return s.orig + Math.min(o - s.out, s.origLen);
      shift = s.orig + s.origLen - (s.out + s.outLen);
    }
    return o + shift;
  };
  return { language, text: current, toOriginal: (o) => passes.reduceRight((acc, segs) => back(segs, acc), o) };
}
