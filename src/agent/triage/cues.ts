import type { TriageClass } from './classes.ts';

/**
 * Deterministic cues: hand-written patterns, in English and German, for what each class is about.
 * Each cue that matches becomes a feature of the classifier (so training decides how far to trust
 * it) and is quoted in the explanation. Patterns run on the text as sent (case-insensitive), after
 * any passage addressed to an assistant was masked.
 */
export interface Cue {
  id: string;
  label: TriageClass;
  pattern: RegExp;
}

export const CUES: readonly Cue[] = [
  {
    id: 'po_reference',
    label: 'missing_po',
    pattern:
      /\b(?:PO|P\.O\.|purchase order|order reference|order number|Bestell(?:ung|nummer|referenz|-?nr)|Bestellreferenz)\b/i,
  },
  {
    id: 'po_missing',
    label: 'missing_po',
    pattern:
      /\b(?:PO|purchase order|order reference|Bestellnummer|Bestellreferenz|Bestellung)\b[^.\n]{0,60}\b(?:missing|required|invalid|not valid|not found|does not exist|closed|expired|fehlt|abgelaufen|ungültig|keine)\b|\b(?:no|missing|invalid|without(?: a)?|keine|ohne)\b[^.\n]{0,25}\b(?:PO|purchase order|order reference|Bestellnummer|Bestellreferenz|Bestellung)\b/i,
  },
  {
    id: 'rate_words',
    label: 'rate_mismatch',
    pattern:
      /\b(?:rate card|hourly rate|day rate|unit price|price variance|Stundensatz|Tagess[aä]tze?|Preisabweichung|Bestellpreis|blended rate|Price Incorrect)\b/i,
  },
  {
    id: 'rate_differs',
    label: 'rate_mismatch',
    pattern:
      /\b(?:rates?|price|Satz|Preis|Stundensatz|Tagessatz)\b[^.\n]{0,60}\b(?:differs?|does not match|do not match|not the rate|higher than|too high|exceeds tolerance|entspricht nicht|passen nicht|vereinbart)\b/i,
  },
  {
    id: 'approval_words',
    label: 'missing_approval',
    pattern:
      /\b(?:sign(?:ed)? off|approved? by|approval|pending approval|receipt required|service entry sheet|goods receipt|acceptance|accepted|Abnahme|abgenommen|Freigabe|Leistungsnachweis|Leistungserfassungsblatt|Tätigkeitsnachweis|Stundenzettel)\b/i,
  },
  {
    id: 'cap_words',
    label: 'cap_exceeded',
    pattern:
      /\b(?:cap(?:ped)?|ceiling|not[- ]to[- ]exceed|budget|maximum|limit|remaining (?:balance|amount)|Budget|Höchstgrenze|Deckelung|Wertlimit|Auftragsvolumen|Restbetrag)\b/i,
  },
  {
    id: 'exceeds',
    label: 'cap_exceeded',
    pattern: /\b(?:exceeds?|exceeded|over (?:the|it|budget)|above the|beyond the|überschritten|übersteigt)\b/i,
  },
  {
    id: 'retainer',
    label: 'retainer_overage',
    pattern:
      /\b(?:retainer|overage|roll(?:s|ed)? over|drawdown|Pauschal\w*|Stundenkontingent|Kontingent|Mehrstunden|Mehraufwand|Überstunden)\b/i,
  },
  {
    id: 'fx_words',
    label: 'missing_fx_rate',
    pattern:
      /\b(?:exchange rates?|conversion rates?|currency (?:conversion|translation)|FX rate|rate date|Wechselkurs|Umrechnungskurs|Kurs(?:typ|datum)?|Umrechnung|Währungspaar)\b/i,
  },
  {
    id: 'tax_words',
    label: 'tax_setup',
    pattern:
      /\b(?:VAT|GST|sales tax|tax(?: code| ID| rate| category| registration| amount)?|reverse charge|exemption|exempt|W-9|Umsatzsteuer|USt-?IdNr|Mehrwertsteuer|Steuer\w*|Reverse Charge|Vorsteuer\w*)\b/i,
  },
  {
    id: 'bounce',
    label: 'delivery_failure',
    pattern:
      /\b(?:Delivery Status Notification|Undeliverable|Undelivered Mail|Mail delivery failed|Returned mail|Unzustellbar|could(?: not|n't) be delivered|nicht zugestellt|Final-Recipient|Diagnostic-Code|Recipient address rejected|User unknown|Mailbox (?:full|disabled)|Host unknown|not (?:been )?delivered)\b/i,
  },
  {
    id: 'smtp_status',
    label: 'delivery_failure',
    pattern: /\b[45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b|\bStatus: [245]\.\d{1,3}\.\d{1,3}\b/,
  },
  {
    id: 'address_changed',
    label: 'delivery_failure',
    pattern:
      /\b(?:never received|haven't received|not received|kommen bei uns nicht an|(?:old|alte) (?:AP )?(?:mailbox|address|Adresse)|no longer monitored|nicht mehr gelesen)\b/i,
  },
  {
    id: 'duplicate',
    label: 'duplicate',
    pattern: /\b(?:duplicate|twice|double[- ]billed|billed (?:on )?both|resubmission|doppelt\w*|Doppelung|zweimal)\b/i,
  },
  {
    id: 'already_done',
    label: 'duplicate',
    pattern:
      /\balready (?:been )?(?:paid|received|submitted|entered|posted|processed|exists|billed)\b|\bbereits (?:bezahlt|erhalten|erfasst|eingereicht|gebucht|berechnet)\b|\b(?:schon|bereits) unter\b/i,
  },
  {
    id: 'auto_reply',
    label: 'other',
    pattern: /^\s*(?:Automatic reply|Auto(?:matische)? Antwort|Out of office|Abwesenheitsnotiz)\b/im,
  },
  {
    id: 'payment_notice',
    label: 'other',
    pattern:
      /\b(?:remittance|scheduled for payment|payment run|Zahllauf|zur Zahlung freigegeben|Zahlung (?:erfolgt|wurde)|angewiesen|bank details|IBAN|statement of account|Saldenbestätigung|balance confirmation)\b/i,
  },
];

/** The cues that match a text, in table order. */
export function matchingCues(text: string): Cue[] {
  return CUES.filter((c) => c.pattern.test(text));
}
