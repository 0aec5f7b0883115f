/**
 * Lexicon entries for dates and the term (see lexicon.ts): month names, start and end labels, verbs of
 * taking effect and ending. Entries are applied in the order lexicon.ts lists the families.
 */

import type { Entry } from './lexicon.ts';

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
export const DE_MONTHS: Record<string, number> = {
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
export const FR_MONTHS: Record<string, number> = {
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

/** German dates with month names ("1. März 2027"). */
export const DE_DATES: Entry[] = [
  [
    new RegExp(`\\b(\\d{1,2})\\.\\s*(${monthAlt(DE_MONTHS)})\\s+(\\d{4})`, 'gi'),
    (_, d, mo, y) => `${d} ${MONTHS_EN[(DE_MONTHS[(mo ?? '').toLowerCase()] ?? 1) - 1]} ${y}`,
  ],
];

/** German term: start, end and completion dates. */
export const DE_TERM: Entry[] = [
  // Swiss "per 1. Januar 2028" (by then "per 1 January 2028"), "per 01.01.2028": as of the date.
  [/\bper(?=\s+(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{2,4})\b)/g, 'with effect from'],
  [/\btritt\s+(?:am|zum|mit\s+Wirkung\s+(?:zum|vom|ab))\b/gi, 'takes effect on'],
  [/\bgilt\s+(?:ab|vom|mit\s+Wirkung\s+(?:zum|vom|ab))(?:\s+dem)?\b/gi, 'effective from'],
  [/\bmit\s+Wirkung\s+(?:zum|vom|ab)\b/gi, 'with effect from'],
  // "… folgende Änderungen, wirksam ab 1. Jänner 2029:" (a sentence; "Wirksam ab:" is a label, below).
  [/\bwirksam\s+(?:ab|zum|mit)(?:\s+dem)?(?=\s+\d)/gi, 'with effect from'],
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
];

/** French dates with month names ("1er mars 2027"). */
export const FR_DATES: Entry[] = [
  [
    new RegExp(`\\b(\\d{1,2})(?:er)?\\s+(${monthAlt(FR_MONTHS)})\\s+(\\d{4})`, 'gi'),
    (_, d, mo, y) => `${d} ${MONTHS_EN[(FR_MONTHS[(mo ?? '').toLowerCase()] ?? 1) - 1]} ${y}`,
  ],
];

/** French verbs of taking effect (before "entre" becomes "between"). */
export const FR_EFFECT: Entry[] = [
  [
    /\b(?:prend\s+effet|prenant\s+effet|prend\s+cours|prendra\s+cours|entre\s+en\s+vigueur|prendra\s+effet|entrera\s+en\s+vigueur)\s+(?:le|à\s+compter\s+du)\b/gi,
    'takes effect on',
  ],
  // "avec prise d'effet le D", "Dès le D, …", "en vigueur le D" in a sentence; "En vigueur le : D" is a label.
  [/\b(?:avec\s+)?prise\s+d'effet\s+(?:le|au|à\s+compter\s+du)(?=\s+\d)/gi, 'with effect from'],
  [/(?<![\p{L}])dès\s+le(?=\s+\d)/giu, 'with effect from'],
  [/\ben\s+vigueur\s+(?:le|à\s+compter\s+du|dès\s+le)(?=\s*\**\s*:)/gi, 'Effective Date'],
  [/\ben\s+vigueur\s+(?:le|à\s+compter\s+du|dès\s+le)(?=\s+\d)/gi, 'with effect from'],
];

/** French term: start, end and completion dates. */
export const FR_TERM: Entry[] = [
  [/\b(?:à\s+compter\s+du|à\s+partir\s+du|avec\s+effet\s+(?:au|à\s+compter\s+du|dès\s+le|le))\b/gi, 'effective from'],
  [/\b(?:Date\s+d'effet|Date\s+de\s+prise\s+d'effet|Date\s+d'entrée\s+en\s+vigueur)\b/gi, 'Effective Date'],
  // Also a change table's row label: "| Fin du contrat | 28 juin 2029 | 20 décembre 2029 |".
  [
    /\b(?:Date\s+de\s+début|Début\s+(?:de\s+la\s+mission|des\s+prestations|du\s+contrat|du\s+marché|de\s+l['’]abonnement))\b|\bDébut(?=\s*\**\s*[:|])/gi,
    'Start date',
  ],
  [
    /\b(?:Date\s+de\s+fin|Fin\s+(?:de\s+la\s+mission|des\s+prestations|du\s+contrat|du\s+marché|de\s+l['’]abonnement))\b|\bFin(?=\s*\**\s*[:|])/gi,
    'End date',
  ],
  [/\b(?:prend(?:ra)?\s+fin|se\s+termine(?:ra)?|expire(?:ra)?|s'achève(?:ra)?)\s+le\b/gi, 'ends on'],
  [/\bjusqu'(?:au|à\s+la\s+date\s+du|à\s+la\s+date\s+du)\b|\bjusqu'au\b/gi, 'until'],
  [/\b(?:au\s+plus\s+tard\s+le|prévue?\s+(?:pour\s+)?le)\b/gi, 'completion date:'],
  [/\b(?:débute|commence|démarre)(?:nt|ra|ront)?\s+(?:dès\s+)?le\b/gi, 'commences on'],
  // The noun: "Démarrage le 2 octobre 2028", "Début des prestations le …".
  [
    /\b(?:Démarrage|Début|Lancement)(?:\s+(?:des\s+prestations|des\s+travaux|de\s+la\s+mission))?\s+le(?=\s+\d)/gi,
    'Start on',
  ],
  [/\bDurée\b/g, 'Term'],
];
