/**
 * Lexicon entries for document kinds, numbers and parties (see lexicon.ts).
 */

import type { Entry } from './lexicon.ts';

/** German document kinds and numbers. */
export const DE_DOCUMENTS: Entry[] = [
  [
    /\b(?:Leistungsschein|Leistungsbeschreibung|Einzelauftrag|Werkvertrag|Dienstleistungsvertrag|Projektvertrag|Abrufauftrag|Auftragsbestätigung)\b/gi,
    'Statement of Work',
  ],
  [/\b(?:Nachtrag|Änderungsvereinbarung|Vertragsänderung|Ergänzungsvereinbarung)\b/gi, 'Amendment'],
  [/\b(?:Änderungsauftrag|Änderungsantrag|Änderungsanforderung)\b/g, 'Change Order'],
  [/\bRahmenvertrag\b/g, 'Master Services Agreement'],
  [/\b(?:Beratungsvertrag|Beratervertrag)\b/g, 'Consulting Agreement'],
  [/\b(?:Nr\.|Nummer)(?=\s)/g, 'No.'],
];

/** German party roles and the "zwischen … und …" frame. */
export const DE_PARTIES: Entry[] = [
  [
    /\b(?:nachfolgend|nachstehend|im\s+Folgenden)(?:\s+(?:kurz|auch|genannt|bezeichnet\s+als))*\s*(?:der|die|das)?\s*(?=")/gi,
    'hereinafter ',
  ],
  [/\bAuftraggeber(?:in)?\b/g, 'Client'],
  [/\bAuftragnehmer(?:in)?\b/g, 'Provider'],
  [/\b(?:Kunde|Kundin|Besteller(?:in)?)\b/g, 'Customer'],
  [/\b(?:Dienstleister(?:in)?|Lieferant(?:in)?|Anbieter(?:in)?|Unternehmer(?:in)?|Berater(?:in)?)(?=")/g, 'Provider'],
  [/\bzwischen\s+(?:der|dem|den)?\s*/gi, 'between '],
  [/(?<=[")])\s*,?\s+und\s+(?:der|dem|den)?\s*/g, ' and '],
];

/** French titles of statements of work. */
export const FR_TITLE: Entry[] = [
  [
    /\b(?:Contrat|Convention)\s+de\s+prestations?(?:\s+de\s+services)?\b|\bCommande\s+de\s+prestations\b|\bProposition\s+commerciale\b/gi,
    'Statement of Work',
  ],
];

/** French document kinds and numbers. */
export const FR_DOCUMENTS: Entry[] = [
  [/\bAvenant\b/gi, 'Amendment'],
  [/\b(?:Demande|Ordre|Avis)\s+de\s+(?:modification|changement)\b/gi, 'Change Order'],
  [/\bLettre\s+de\s+mission\b/gi, 'Engagement Letter'],
  [/\bContrat[- ]cadre\b/g, 'Master Services Agreement'],
  [/\b(?:n°|N°|no\.|nº|Nº)(?=\s?[A-Z0-9])/g, 'No. '],
];

/** French party roles and the "entre … et …" frame. */
export const FR_PARTIES: Entry[] = [
  [/\bci-après\s+(?:dénommée?s?|désignée?s?|appelée?s?)?\s*(?:le|la|l')?\s*(?=")/gi, 'hereinafter '],
  [/(?<=")(?:le|la|l')\s*(?=[A-Z])/g, ''],
  [/\b(?:Prestataire|Titulaire|Fournisseur|Consultant|Mandataire)(?=")/g, 'Provider'],
  [/\b(?:Donneur\s+d'ordre|Bénéficiaire|Client|Mandant)(?=")/g, 'Client'],
  [/^(\s*\**\s*)(?:Prestataire|Titulaire|Fournisseur|Mandataire)(?=\s*\**\s*:)/gm, '$1Provider'],
  [/^(\s*\**\s*)(?:Donneur\s+d'ordre|Mandant)(?=\s*\**\s*:)/gm, '$1Client'],
  // "entre la société X" drops the descriptor, but "entre la Société des Bains …" keeps the name's own first word.
  [/\b(?:entre|Entre|ENTRE)\s+(?:la\s+société\s+|la\s+|le\s+|l')?/g, 'between '],
  [/(?<=[")])\s*,?\s+et\s+(?:la\s+société\s+|la\s+|le\s+|l')?/g, ' and '],
];
