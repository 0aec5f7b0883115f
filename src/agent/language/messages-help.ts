/**
 * What the built-in router says it can do, and the questions it asks when a request lacks something (intents.ts),
 * in English, German and French. Examples in quotes stay in the words the router reads in that language.
 */
import type { Texts } from './texts.ts';

const list = (items: readonly string[]) => items.map((i) => `- ${i}`).join('\n');

export const CAN_DO_EN = [
  'overdue invoices for a client ("what is overdue for ACME?")',
  'why an invoice is held ("why is DRAFT-1A2B3C4D held?")',
  'explain an invoice line ("explain line 2 of NWUS-2026-0001")',
  'what waits for my approval',
  "draft a payment reminder for a client's oldest overdue invoice (a draft; nothing is sent)",
  'exceptions past their SLA',
  'DSO and receivables as of today, with the exceptions past SLA ("this month\'s DSO and exceptions past SLA")',
  'who should review an unusual invoice ("who should review DRAFT-1A2B3C4D?"), from who approved similar ones',
  'summarise a processed document ("summarise the ACME statement of work", or by its id)',
  'run billing for a period ("run billing for 2026-10"), where your role may start a billing run',
  'void an invoice with a reason (it goes through policy and may need approval)',
  'which invoices a payment\'s unapplied cash could pay ("what could payment <id> pay?"); a person applies it',
  'payments received, or those with unapplied cash ("any unapplied payments?")',
  'what became of a request that waited for approval ("is it done?")',
];

const CAN_DO_DE = [
  'überfällige Rechnungen eines Kunden („Was ist bei ACME überfällig?“)',
  'warum eine Rechnung gesperrt ist („Warum ist DRAFT-1A2B3C4D gesperrt?“)',
  'eine Rechnungszeile erklären („Erkläre Zeile 2 von NWUS-2026-0001“)',
  'was auf meine Freigabe wartet',
  'eine Zahlungserinnerung für die älteste überfällige Rechnung eines Kunden entwerfen (ein Entwurf; nichts wird ' +
    'versendet)',
  'Ausnahmen, die ihr SLA überschritten haben',
  'DSO und Forderungen zum heutigen Tag, mit den Ausnahmen über SLA („DSO dieses Monats und Ausnahmen über SLA“)',
  'wer eine ungewöhnliche Rechnung prüfen sollte („Wer sollte DRAFT-1A2B3C4D prüfen?“), nach früheren Freigaben',
  'ein verarbeitetes Dokument zusammenfassen (nach Kunde oder ID)',
  'die Abrechnung für einen Zeitraum starten („run billing for 2026-10“), wo Ihre Rolle das darf',
  'eine Rechnung mit Grund stornieren (über die Richtlinien; oft mit Freigabe)',
  'welche Rechnungen der nicht zugeordnete Betrag einer Zahlung bezahlen könnte; eine Person ordnet zu',
  'eingegangene Zahlungen oder solche mit nicht zugeordnetem Betrag',
  'was aus einer Anfrage wurde, die auf Freigabe wartete („Ist es erledigt?“)',
];

const CAN_DO_FR = [
  "les factures en retard d'un client (« Quelles factures d'ACME sont en retard ? »)",
  'pourquoi une facture est bloquée (« Pourquoi DRAFT-1A2B3C4D est-elle bloquée ? »)',
  'expliquer une ligne de facture (« Explique la ligne 2 de NWUS-2026-0001 »)',
  'ce qui attend mon approbation',
  "préparer une relance pour la plus ancienne facture en retard d'un client (un brouillon ; rien n'est envoyé)",
  'les exceptions hors SLA',
  'le DSO et les créances à ce jour, avec les exceptions hors SLA (« DSO de ce mois et exceptions hors SLA »)',
  'qui devrait vérifier une facture inhabituelle (« Qui devrait vérifier DRAFT-1A2B3C4D ? »), selon les ' +
    'approbations passées',
  'résumer un document traité (par client ou par identifiant)',
  'lancer la facturation d’une période (« run billing for 2026-10 »), si votre rôle le permet',
  'annuler une facture avec un motif (selon les règles ; souvent avec approbation)',
  "quelles factures le montant non affecté d'un paiement pourrait payer ; une personne l'affecte",
  'les paiements reçus, ou ceux non affectés',
  "ce qu'est devenue une demande en attente d'approbation (« C'est fait ? »)",
];

export const HELP_MESSAGES = {
  canDo: { en: () => list(CAN_DO_EN), de: () => list(CAN_DO_DE), fr: () => list(CAN_DO_FR) },
  'ask.voidWords': {
    en: (p) =>
      `Do you want ${p.ref} voided? I void an invoice only when asked in those words, with a reason: ` +
      `"void ${p.ref} because …" (it goes through policy and usually needs approval). ` +
      'A credit note or anything else needs a model or the invoices screen.',
    de: (p) =>
      `Soll ${p.ref} storniert werden? Ich storniere eine Rechnung nur, wenn es so gesagt wird, mit Grund: ` +
      `„void ${p.ref} because …“ (das geht über die Richtlinien und braucht meist eine Freigabe). ` +
      'Eine Gutschrift oder anderes braucht ein Sprachmodell oder die Rechnungsansicht.',
    fr: (p) =>
      `Voulez-vous annuler ${p.ref} ? Je n'annule une facture que si on me le demande en ces termes, avec un motif : ` +
      `« void ${p.ref} because … » (selon les règles, le plus souvent avec approbation). ` +
      "Un avoir ou autre chose demande un modèle de langage ou l'écran des factures.",
  },
  'ask.reminderClient': {
    en: () =>
      'Which client should the reminder be for? Give its code or name ("draft a reminder for ACME"); ' +
      'I draft it for their oldest overdue invoice and send nothing.',
    de: () =>
      'Für welchen Kunden soll die Mahnung sein? Nennen Sie Code oder Namen („Mahnung für ACME entwerfen“); ' +
      'ich entwerfe sie für die älteste überfällige Rechnung und versende nichts.',
    fr: () =>
      'Pour quel client faut-il la relance ? Donnez son code ou son nom (« prépare une relance pour ACME ») ; ' +
      "je la rédige pour sa plus ancienne facture en retard et n'envoie rien.",
  },
  'ask.reviewerInvoice': {
    en: () =>
      'Which invoice? Give its number or DRAFT- reference ("who should review DRAFT-1A2B3C4D?") ' +
      'and I will say whether it is unusual and who approved similar ones.',
    de: () =>
      'Welche Rechnung? Nennen Sie ihre Nummer oder DRAFT-Referenz („Wer sollte DRAFT-1A2B3C4D prüfen?“), ' +
      'und ich sage, ob sie ungewöhnlich ist und wer ähnliche freigegeben hat.',
    fr: () =>
      'Quelle facture ? Donnez son numéro ou sa référence DRAFT- (« Qui devrait vérifier DRAFT-1A2B3C4D ? ») ' +
      'et je vous dirai si elle est inhabituelle et qui a approuvé des factures semblables.',
  },
  'ask.runMonthOfQuarter': {
    en: (p) =>
      `A billing run covers one month: which month of Q${p.quarter} ${p.year}? ` +
      `(for example "run billing for ${p.example}")`,
    de: (p) =>
      `Ein Abrechnungslauf umfasst einen Monat: welcher Monat von Q${p.quarter} ${p.year}? ` +
      `(zum Beispiel „run billing for ${p.example}“)`,
    fr: (p) =>
      `Une facturation couvre un mois : quel mois du T${p.quarter} ${p.year} ? ` +
      `(par exemple « run billing for ${p.example} »)`,
  },
  'ask.runMonth': {
    en: () => 'For which month? ("run billing for 2026-11", "for last month", "for November 2026")',
    de: () => 'Für welchen Monat? („run billing for 2026-11“, „für letzten Monat“, „für November 2026“)',
    fr: () => 'Pour quel mois ? (« run billing for 2026-11 », « pour le mois dernier », « pour novembre 2026 »)',
  },
  'ask.heldInvoice': {
    en: () => 'Which invoice? Give its number or DRAFT- reference ("why is DRAFT-1A2B3C4D held?").',
    de: () => 'Welche Rechnung? Nennen Sie ihre Nummer oder DRAFT-Referenz („Warum ist DRAFT-1A2B3C4D gesperrt?“).',
    fr: () =>
      'Quelle facture ? Donnez son numéro ou sa référence DRAFT- (« Pourquoi DRAFT-1A2B3C4D est-elle bloquée ? »).',
  },
  'ask.lineInvoice': {
    en: (p) =>
      `Line ${p.n} of which invoice? Give its number or DRAFT- reference ("explain line ${p.n} of NWUS-2026-0001").`,
    de: (p) =>
      `Zeile ${p.n} welcher Rechnung? Nennen Sie ihre Nummer oder DRAFT-Referenz („Erkläre Zeile ${p.n} von ` +
      'NWUS-2026-0001“).',
    fr: (p) =>
      `La ligne ${p.n} de quelle facture ? Donnez son numéro ou sa référence DRAFT- (« Explique la ligne ${p.n} de ` +
      'NWUS-2026-0001 »).',
  },
} satisfies Record<string, Texts>;

/** Invoice statuses in words (the ledger's codes stay the English words in English replies). */
export const INVOICE_STATUS_WORDS: Record<string, { de: string; fr: string }> = {
  draft: { de: 'Entwurf', fr: 'brouillon' },
  pending_approval: { de: 'wartet auf Freigabe', fr: "en attente d'approbation" },
  approved: { de: 'freigegeben', fr: 'approuvée' },
  posted: { de: 'gebucht', fr: 'comptabilisée' },
  delivered: { de: 'zugestellt', fr: 'envoyée' },
  partially_paid: { de: 'teilweise bezahlt', fr: 'partiellement payée' },
  paid: { de: 'bezahlt', fr: 'payée' },
  disputed: { de: 'bestritten', fr: 'contestée' },
  void: { de: 'storniert', fr: 'annulée' },
  written_off: { de: 'abgeschrieben', fr: 'passée en perte' },
};
