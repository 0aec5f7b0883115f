/**
 * What a table column holds, read from its header's meaning rather than its position, in English,
 * German and French: the amount, the share, the target date, the deliverable, a range's bounds. A
 * rule asks for the column of a meaning and reads that cell, so reordered and extra columns (a
 * deliverable beside the milestone, a target date beside the amount) do not change what is read.
 */
export type ColumnMeaning =
  | 'number'
  | 'name'
  | 'deliverable'
  | 'percent'
  | 'date'
  | 'amount'
  | 'price'
  | 'from'
  | 'to'
  | 'range'
  | 'unit'
  | 'other';

/**
 * A header whose head noun is a milestone: English and German put it last ("Payment milestone",
 * "Zahlungsmeilenstein", "Payment event"), French first ("Jalon de paiement", "Étape"). Such a column
 * names the milestone even when another word in it ("payment") would read as the amount.
 */
const MILESTONE_HEAD =
  /(?:^|\s|-)milestones?\s*$|^(?:payment\s+)?(?:events?|instal?lments?|triggers?)\s*$|meilenstein(?:e|en)?\s*$|(?<![\p{L}])teilzahlung(?:en)?\s*$|^(?:jalons?|étapes?|événements?)(?![\p{L}])/iu;

/** Whether a header names the milestone itself (its head noun), rather than a deliverable or a figure of it. */
export const namesMilestone = (header: string): boolean => MILESTONE_HEAD.test(header.trim());

const MEANINGS: [ColumnMeaning, RegExp][] = [
  ['number', /^(?:no\.?|nr\.?|n°|#|item|pos\.?|position|band|tier|stufe|palier|tranche|step)$/i],
  ['name', MILESTONE_HEAD],
  [
    'percent',
    /%|\bpercent\w*|\bshare\b|\bportion\b|\bweighting\b|\banteil\b|\bquote\b|\bpourcentage\b|\bquote-part\b|\bpart\b/i,
  ],
  [
    'date',
    /\bdate\b|\bdeadline\b|\btarget\b|\bplanned\b|\btermin\w*|datum\b|(?<![\p{L}])(?:échéance|échéances|date\s+cible|date\s+limite)(?![\p{L}])|(?<![\p{L}])pr[ée]vu\w*/iu,
  ],
  // The bound word may also end the header: "Messages from", "Calls in the month, from", "Sendungen bis".
  [
    'from',
    /^(?:from|von|ab|de|du|dès|min(?:imum)?|lower|start)(?![\p{L}])|\bfrom\s+\w+$|\bvon\s+\w*$|\b(?:from|von)$/iu,
  ],
  [
    'to',
    /^(?:to|bis|à|au|jusqu'?à|max(?:imum)?|upper|end|through)(?![\p{L}])|\bto\s+\w+$|\bbis\s+\w*$|\b(?:to|bis)$/iu,
  ],
  [
    'range',
    /^[\p{L}-]+\s+(?:per|pro|je|par)\s+(?:month|quarter|year|monat|quartal|jahr|mois|trimestre|an)$|\bvolume\b|\brange\b|\bband\b|\bquantity\b|\bmenge\b|\bvolumen\b|\bstaffel\b|\bfrom\s*[-–]\s*to\b|\bin\s+the\s+(?:month|period|year|quarter)\b|\bper\s+(?:month|quarter|year)\b.*\b(?:calls?|pages?|users?|documents?|units?|transactions?)\b|^(?:monthly|annual|quarterly)\s+\w+$|\bpages\b|\bcalls\b|\bseats\b|\busers\b|\bdocuments\b|\btransactions\b/iu,
  ],
  [
    'price',
    /\bprice\b|\bunit\s+(?:price|rate|cost)\b|\bpreis\b|\bprix\b|\btarif\b|\bper\s+\w+|\bje\s+\w+|\bpro\s+\w+|\bpar\s+\w+/i,
  ],
  [
    'amount',
    /\bamount\b|\bfee\b|\bvalue\b|\bsum\b|\bpayment\b|\binvoice\w*\b|\bbetrag\b|\bsumme\b|\bvergütung\b|\brate\b|\bzahlung\b|\bmontant\b|\bhonoraires?\b|\bprice\b|\bpreis\b|\bprix\b|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD)\b|\(\s*[$€£]\s*\)/i,
  ],
  ['date', /\bdue\b|\bwhen\b|\bby\b|\bfällig\w*|\bbis\s+zum\b|\bschedule\w*|\bweek\b|\bmonth\s+of\b/i],
  [
    'deliverable',
    /\bdeliverables?\b|\boutput\b|\bergebnis\w*|\blieferg\w*|\blivrables?\b|\bacceptance\s+criteri\w*|\babnahmekriteri\w*|\bdescription\b|\bbeschreibung\b|\bcontenu\b/i,
  ],
  [
    'name',
    /\bmilestones?\b|\bevents?\b|\bphases?\b|\bstages?\b|\binstal?lments?\b|\bmeilenstein\w*|\bjalons?\b|\bétapes?\b|\bzahlungsplan\b|\brate\s+\d|\braten?\b|\bteilzahlung\w*|\béchéancier\b|\btrigger\b|\bauslöser\b|\bfait\s+générateur\b|\brole\b|\brolle\b|\bprofil\w*|\bgrade\b|\bposition\b|\bfunktion\b|\bqualification\b|\bcategory\b|\bkategorie\b|\bleistung\b|\bprestation\b|\bservice\b/i,
  ],
  ['unit', /^(?:unit|einheit|unité|per)$/i],
];

/** The meaning of one header cell (the first that fits). */
export function columnMeaning(header: string): ColumnMeaning {
  const h = header.trim();
  for (const [meaning, re] of MEANINGS) if (re.test(h)) return meaning;
  return 'other';
}

/** Header cells to meanings; `columnOf` finds the index of the first column of a meaning, or -1. */
export function columnMeanings(header: readonly string[]): {
  meanings: ColumnMeaning[];
  columnOf: (m: ColumnMeaning) => number;
} {
  const meanings = header.map(columnMeaning);
  return { meanings, columnOf: (m) => meanings.indexOf(m) };
}
