/**
 * Lexicon entries for billing models, rates, fees, retainers and invoicing cadences (see lexicon.ts).
 */

import type { Entry } from './lexicon.ts';

/** German billing models, rates, fees, hours and cadences. */
export const DE_FEES: Entry[] = [
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
  // A period compound names its period ("Quartalspauschale", "Jahresgebühr").
  [/\b(?:Quartalspauschale|Quartalsgebühr|Quartalsentgelt)\b/g, 'quarterly fee'],
  [/\b(?:Jahrespauschale|Jahresgebühr|Jahresentgelt)\b/g, 'annual fee'],
  [/\b(?:Monatsgebühr|Monatsentgelt)\b/g, 'monthly fee'],
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
  [
    /\b(?:pro|je)\s+Monat\b|\bmonatlich\b(?!\s+(?:im\s+Voraus|im\s+Vorhinein|nachträglich|nachschüssig|vorschüssig))/g,
    'per month',
  ],
  [
    /\b(?:pro|je)\s+Kalender(?:quartal|vierteljahr|monat|jahr)\b/g,
    (m: string) => `per calendar ${/quartal|viertel/.test(m) ? 'quarter' : /monat/.test(m) ? 'month' : 'year'}`,
  ],
  [/\b(?:pro|je)\s+(?:Quartal|Vierteljahr)\b|\b(?:quartalsweise|vierteljährlich)\b/g, 'per quarter'],
  [/\b(?:pro|je)\s+(?:Jahr|Vertragsjahr)\b|\bp\.\s?a\.(?=\s|$|[,;)])/g, 'per year'],
  [/\bmonatlich\s+(?:im\s+Voraus|im\s+Vorhinein|vorschüssig)\b/gi, 'monthly in advance'],
  [/\bzu(?:m)?\s+(?:Monatsbeginn|Beginn\s+(?:jedes|des)\s+Monats)\b/g, 'at the start of each month'],
  [/\bzu\s+Beginn\s+(?:jedes|des)\s+Quartals\b/g, 'quarterly in advance'],
  [
    /\bam\s+Monatsersten\b|\bam\s+ersten\s+(?:Arbeits|Werk)?[Tt]ag\s+(?:jedes|des|eines)\s+(?:Kalender)?[Mm]onats\b/g,
    'on the first day of each month',
  ],
  [
    /\bnach\s+Ablauf\s+(?:jedes|eines|des)\s+(?:Kalender)?[Qq]uartals\b|\bzum\s+Quartalsende\b/g,
    'at the end of each quarter',
  ],
  [/\bim\s+Voraus\b|\b(?:im\s+)?Vorhinein\b|\bvorschüssig\b/g, 'in advance'],
  [/\bin\s+Rechnung\s+gestellt\b|\bberechnet\b|\bfakturiert\b|\bverrechnet\b/g, 'invoiced'],
  // Austrian "im Voraus vorgeschrieben": invoiced (only after a timing word; elsewhere it means prescribed).
  [/(?<=\bin\s+advance\s+)vorgeschrieben\b/g, 'invoiced'],
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
];

/** French billing models, rates, fees, hours and cadences. */
export const FR_FEES: Entry[] = [
  [/\ben\s+régie\b|\bau\s+temps\s+passé\b/gi, 'on a time and materials basis'],
  [/\b(?:prix\s+(?:global\s+et\s+)?forfaitaire|forfait\s+global|prix\s+ferme)\b/gi, 'fixed price'],
  [/\b(?:Tarif|Taux|Prix)\s+journalier(?:\s+moyen)?\b|\bTJM\b|\bPrix\s+de\s+journée\b/gi, 'Day rate'],
  [/\b(?:Tarif|Taux)\s+horaire\b/gi, 'Hourly rate'],
  [/\b(?:Profil|Rôle|Fonction)\b/g, 'Role'],
  [/\b(?:forfait|abonnement|redevance)\s+mensuel(?:le)?\b/gi, 'monthly fee'],
  [/\b(?:forfait|abonnement|redevance)\s+trimestriel(?:le)?\b/gi, 'quarterly fee'],
  [/\b(?:forfait|abonnement|redevance)\s+annuel(?:le)?\b/gi, 'annual fee'],
  // At a sentence's start the English keeps its capital, so the sentence before still ends there.
  [/(?<=(?:^|[.!?]\s+))Heures\s+supplémentaires\b/gm, 'Additional hours'],
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
  // "à terme échu" alone says when, not how often ("trimestriellement, à terme échu" is quarterly).
  [/\bmensuellement\s+(?:à\s+)?(?:terme\s+)?échu\b/gi, 'monthly in arrears'],
  [/\bà\s+terme\s+échu\b/gi, 'in arrears'],
  [
    /\bmensuellement\s+(?:et\s+)?(?:d'avance|(?:à\s+)?(?:terme\s+)?à\s+échoir|anticipativement|par\s+anticipation)(?![\p{L}])/giu,
    'monthly in advance',
  ],
  [/\b(?:d'avance|(?:à\s+)?(?:terme\s+)?à\s+échoir|anticipativement|par\s+anticipation)(?![\p{L}])/giu, 'in advance'],
  [/\bau\s+(?:début|commencement)\s+de\s+chaque\s+mois\b/gi, 'at the start of each month'],
  [
    /\ble\s+premier\s+jour\s+(?:ouvrable\s+|ouvré\s+|calendaire\s+)?de\s+chaque\s+mois\b/gi,
    'on the first day of each month',
  ],
  [/\bà\s+la\s+fin\s+de\s+chaque\s+trimestre\b/gi, 'at the end of each quarter'],
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
];
