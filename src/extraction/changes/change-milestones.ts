/** How change sentences and rows name a payment stage (a milestone) and its due date. */

/** A milestone as named: "Stage 3 (Production release)", "the milestone "Go-live"", a table row's label. */
export function milestoneOf(sentence: string, rowLabel: string | null): string | null {
  // A row's note that it is new ("(neue Rate 5)", "(new)", "(nouveau jalon)") is not part of its name.
  if (rowLabel)
    return rowLabel
      .replace(/\*\*/g, '')
      .replace(/\s*\((?:new|neue?[nrs]?|nouve(?:au|lle))(?![\p{L}])[^)]*\)/giu, '')
      .trim();
  return (
    /(?<![\p{L}])(?:stage|milestone|phase|instalment|installment|jalon|étape|\p{L}*meilenstein|teilzahlung|tranche)\s+(?:\w{1,3}\s+)?\(([^)]{2,60})\)/iu.exec(
      sentence,
    )?.[1] ??
    /(?<![\p{L}])(?:stage|milestone|phase|jalon|étape|échéance|tranche|instalment|installment|teilzahlung|\p{L}*meilenstein)\s+["«“„]\s?([^"»”“]{2,60}?)\s?["»”“]/iu.exec(
      sentence,
    )?.[1] ??
    // The name quoted after the sentence's colon: 'A new fee milestone is added: "Seismic report", NZ$18,750.00'.
    /(?<![\p{L}])(?:stage|milestone|instalment|installment|jalon|étape|\p{L}*meilenstein|teilzahlung)(?![\p{L}])[^."«“„:\n]{0,30}:\s*["«“„]\s?([^"»”“]{2,60}?)\s?["»”“]/iu.exec(
      sentence,
    )?.[1] ??
    // The name before its word: 'the "Go-live" milestone', '« Recette » (jalon)'.
    /["«“„]\s?([^"»”“]{2,60}?)\s?["»”“]\s+(?:payment\s+)?(?:stage|milestone|phase|instalment)(?![\p{L}])/iu.exec(
      sentence,
    )?.[1] ??
    null
  );
}

// French words start with a letter \b does not see as one ("échéance", "étape"): a lookbehind on letters instead.
export const MILESTONE_WORDS =
  /\|\s*(?:deliverables?|livrables?)\s*\||(?<![\p{L}])(?:payment\s+for\s+(?:stage|milestone|phase)|payment\s+(?:event|trigger)s?|zahlungsereignis|payment\s+schedule|zahlungsplan|échéancier|milestone|stage\s+\d|instalment|installment|jalon|échéance|étape|\p{L}*meilenstein|teilzahlung|abschlagszahlung)/iu;

/**
 * A list item naming a payment stage by its label and its due date by a word: "- Abnahme Testversion: neuer Termin D
 * (bisher D); der Betrag sinkt von A auf B", "- Go-live: new due date D". The label is the milestone.
 */
export const SCHEDULE_ITEM =
  /^[\s\-–•*]*(?:\(?[a-z0-9]{1,2}[.)]\s*)?(\p{Lu}[^:\n\d]{2,60}?)\s*:\s*(?:(?:new|neue[rn]?|nouvelle|revised|geänderte[rn]?)\s+)?(?:termin|due\s+date|fälligkeit|échéance|date\s+d['’]échéance)(?![\p{L}])/iu;
