/**
 * The router's reading of words, before any intent is chosen: one lower-case spelling per word (British and
 * American spellings, German words German-speaking users mix into English, typos of one letter on long keywords),
 * and the families of words each request is recognised by. Pure.
 */

/** Words that stand for another: British spellings, German words and common German-English forms. */
const SAME_AS: Record<string, string> = {
  // British and American spellings: the router reads the American one.
  summarise: 'summarize',
  summarised: 'summarized',
  summarising: 'summarizing',
  authorise: 'authorize',
  authorised: 'authorized',
  authorisation: 'authorization',
  finalise: 'finalize',
  finalised: 'finalized',
  analyse: 'analyze',
  prioritise: 'prioritize',
  cancelled: 'canceled',
  cancelling: 'canceling',
  cheque: 'check',
  cheques: 'checks',
  // German words in English sentences.
  rechnung: 'invoice',
  rechnungen: 'invoices',
  mahnung: 'reminder',
  mahnungen: 'reminders',
  zahlungserinnerung: 'reminder',
  erinnerung: 'reminder',
  mahnen: 'chase',
  überfällig: 'overdue',
  ueberfaellig: 'overdue',
  überfällige: 'overdue',
  offen: 'open',
  offene: 'open',
  freigabe: 'approval',
  freigaben: 'approvals',
  freigeben: 'approve',
  prüfen: 'review',
  pruefen: 'review',
  prüfer: 'reviewer',
  zeile: 'line',
  storno: 'cancel',
  stornieren: 'cancel',
  stornierung: 'cancel',
  zusammenfassung: 'summary',
  zusammenfassen: 'summarize',
  vertrag: 'contract',
  kunde: 'client',
  kunden: 'client',
  // German question words and modal verbs: "wer sollte …" is "who should …".
  wer: 'who',
  wen: 'whom',
  sollte: 'should',
  sollten: 'should',
  soll: 'should',
  könnte: 'could',
  koennte: 'could',
  kann: 'can',
  muss: 'must',
  zahlung: 'payment',
  zahlungen: 'payments',
  zahlungseingang: 'payment',
  zahlungseingänge: 'payments',
  // German-English forms: "overdued", "hangs" (hängt: stuck), "posts" (offene Posten: open items).
  overdued: 'overdue',
  hangs: 'stuck',
  hanging: 'stuck',
  hang: 'stuck',
  posts: 'items',
  customer: 'client',
  customers: 'clients',
};

/**
 * French words and phrases French-speaking users write, read as their English family word. Matched before the word
 * pass (accented letters are not word letters there), whole words only.
 */
const FRENCH: [RegExp, string][] = [
  [/(?<!\p{L})en retard(?!\p{L})/gu, 'overdue'],
  [/(?<!\p{L})(?:impayée?s?|échue?s?|non payée?s?)(?!\p{L})/gu, 'unpaid'],
  [/(?<!\p{L})(?:relances?|rappels? de paiement|lettres? de rappel)(?!\p{L})/gu, 'reminder'],
  [/(?<!\p{L})relancer(?!\p{L})/gu, 'chase'],
  [/(?<!\p{L})factures(?!\p{L})/gu, 'invoices'],
  [/(?<!\p{L})facture(?!\p{L})/gu, 'invoice'],
  [/(?<!\p{L})lignes?(?!\p{L})/gu, 'line'],
  [/(?<!\p{L})(?:bloquée?s?|en attente|retenue?s?)(?!\p{L})/gu, 'held'],
  [/(?<!\p{L})(?:approbations?|validations?)(?!\p{L})/gu, 'approval'],
  [/(?<!\p{L})(?:approuver|valider)(?!\p{L})/gu, 'approve'],
  [/(?<!\p{L})(?:vérifier|relire|contrôler)(?!\p{L})/gu, 'review'],
  [/(?<!\p{L})(?:rédige[rz]?|prépare[rz]?)(?!\p{L})/gu, 'draft'],
  [/(?<!\p{L})(?:résume[rz]?|résumé)(?!\p{L})/gu, 'summarize'],
  // "Qui devrait la vérifier ?" is "who should review it?".
  [/(?<!\p{L})qui (?=(?:devrai[st]|devraient|doit|doivent|pourrai[st]|peut|peuvent)(?!\p{L}))/gu, 'who '],
  [/(?<!\p{L})(?:devrai[st]|devraient|doit|doivent)(?!\p{L})/gu, 'should'],
  [/(?<!\p{L})(?:pourrai[st]|peut|peuvent)(?!\p{L})/gu, 'could'],
  [/(?<!\p{L})(?:paiements?|règlements?|encaissements?)(?!\p{L})/gu, 'payments'],
  [/(?<!\p{L})(?:non (?:affecté|imputé|lettré)e?s?)(?!\p{L})/gu, 'unapplied'],
];

/**
 * Ordinal and place words of German and French, read as the English ones ("die zweite Zeile", "la deuxième ligne":
 * the second line; "die älteste", "la plus ancienne": the oldest). German ones are stems that always take an ending
 * (-e, -en, -er, -es, -em); French ones are whole words with their feminine and plural forms.
 */
const GERMAN_ORDINALS: [string, string][] = [
  ['erst', 'first'],
  ['zweit', 'second'],
  ['dritt', 'third'],
  ['viert', 'fourth'],
  ['fünft|fuenft', 'fifth'],
  ['sechst', 'sixth'],
  ['siebt|siebent', 'seventh'],
  ['acht', 'eighth'],
  ['neunt', 'ninth'],
  ['zehnt', 'tenth'],
  ['letzt', 'last'],
  ['ältest|aeltest', 'oldest'],
  ['neuest|neust', 'newest'],
  ['größt|groesst|grösst', 'biggest'],
  ['kleinst', 'smallest'],
];
const FRENCH_ORDINALS: [string, string][] = [
  ['premi(?:er|ère)s?', 'first'],
  ['deuxièmes?|secondes?', 'second'],
  ['troisièmes?', 'third'],
  ['quatrièmes?', 'fourth'],
  ['cinquièmes?', 'fifth'],
  ['sixièmes?', 'sixth'],
  ['septièmes?', 'seventh'],
  ['huitièmes?', 'eighth'],
  ['neuvièmes?', 'ninth'],
  ['dixièmes?', 'tenth'],
  ['derni(?:er|ère)s?', 'last'],
  ['plus ancien(?:ne)?s?', 'oldest'],
  ['plus récente?s?', 'newest'],
  ['plus grande?s?|plus gros(?:se)?s?', 'biggest'],
  ['plus petite?s?', 'smallest'],
];
const ORDINAL_RE: [RegExp, string][] = [
  ...GERMAN_ORDINALS.map(([w, en]): [RegExp, string] => [
    new RegExp(`(?<![\\p{L}\\d])(?:${w})(?:e|en|er|es|em)(?!\\p{L})`, 'gu'),
    en,
  ]),
  ...FRENCH_ORDINALS.map(([w, en]): [RegExp, string] => [new RegExp(`(?<![\\p{L}\\d])(?:${w})(?!\\p{L})`, 'gu'), en]),
];

/**
 * German verbs whose particle goes to the end of the clause ("gib DRAFT-… frei", "schau dir NWUS-… an"), read as
 * the whole verb in the particle's place, so the words' families see them.
 */
const SEPARABLE: [RegExp, string][] = [
  [/(?<!\p{L})(?:gib|gebe|gebt|geben)(?!\p{L})(.{0,80}?)(?<!\p{L})frei(?!\p{L})/gu, 'approve$1'],
  [/(?<!\p{L})(?:schau|schaue|schaut|sieh|seht)(?!\p{L})(.{0,80}?)(?<!\p{L})an(?=\W*$)/gu, 'show $1'],
];

/** Long keywords a word one letter away from is read as (a typo): at least 6 letters, so short words stay. */
const KEYWORDS = [
  'overdue',
  'outstanding',
  'unpaid',
  'reminder',
  'reminders',
  'remind',
  'dunning',
  'nudge',
  'blocked',
  'blocking',
  'approval',
  'approvals',
  'approve',
  'review',
  'reviewer',
  'summarize',
  'summary',
  'exceptions',
  'exception',
  'invoice',
  'invoices',
  'billing',
  'explain',
  'statement',
  'contract',
  'payment',
  'payments',
  'pending',
  'follow',
  'reject',
  'resolve',
  'recommend',
  'overview',
].filter((k) => k.length >= 6);

/** Edit distance with adjacent transpositions (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The keyword a long word is a one-letter typo of, or the word itself. */
export function spellWord(word: string): string {
  const same = SAME_AS[word];
  if (same) return same;
  if (word.length < 6 || KEYWORDS.includes(word)) return word;
  // Inflections of a keyword are words of their own, not typos ("reviewed", "approves").
  if (KEYWORDS.some((k) => word.startsWith(k))) return word;
  const near = KEYWORDS.filter((k) => editDistance(word, k, 1) === 1);
  return near.length === 1 ? near[0]! : word;
}

/**
 * The message in the router's spelling: lower case, straight quotes, every plain word through spellWord. Words
 * inside references (NWUS-2026-0001, DRAFT-1A2B3C4D) are left as they are.
 */
export function normalise(text: string): string {
  const lower = [...SEPARABLE, ...ORDINAL_RE].reduce((t, [re, to]) => t.replace(re, to), text.toLowerCase());
  return FRENCH.reduce((t, [re, to]) => t.replace(re, to), lower)
    .replace(/[\u2018\u2019\u201B\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E]/g, '"')
    .replace(/(?<![\w-])[a-zäöüß]+(?![\w-])/g, (w) => spellWord(w));
}

/** A family: any of the alternatives as whole words (each a regular expression source). */
const oneOf = (...alternatives: string[]): RegExp => new RegExp(`\\b(${alternatives.join('|')})\\b`);

/**
 * Families of words, over normalised text. Each is one request's vocabulary with its synonyms and inflections;
 * intents.ts decides with them and with what else the message names.
 */
export const FAMILY = {
  /** Asking a client to pay: a reminder, dunning, a chaser or a nudge. */
  chase: oneOf(
    'remind(?:er|ers|ed|ing|s)?',
    'dun|dunning|dunned',
    'chas(?:e|es|ed|ing|er|ers)',
    'nudg(?:e|es|ed|ing)',
    'follow(?:s|ed|ing)?[- ]up',
    'prod',
    'payment request|collection letter',
  ),
  /** Money that should have come in: overdue, past due, late, outstanding, unpaid, not paid, owing. */
  overdue: oneOf(
    'overdue|over due|past[- ]due|past (?:the |their |its )?due[- ]dates?',
    'late|outstanding|unpaid|unsettled|delinquent|in arrears|arrears|open items',
    'not (?:yet |been |fully )*paid',
    '(?:still |yet to )?owe[sd]?|owing',
    'behind (?:on|with) (?:their |its )?payments?',
    // "has X paid everything that is due?": "due" alone is a date, with paying it is a question of overdue money.
    '(?:paid|pay|pays|settled?) (?:everything|all|what|in full)\\b.*\\bdue',
  ),
  /** An invoice not going out: held, on hold, blocked, stuck, why it cannot go out. */
  held: oneOf(
    'held|holds?|holding|on hold|stuck|halted',
    'block(?:ed|ing|s|er|ers)?',
    'not (?:yet )?(?:gone|going|been sent|sent|released|out)',
    "(?:can ?not|can't|couldn't|won't|isn't|is not|doesn't|does not)\\b.{0,60}?" +
      '\\b(?:go(?:ing)? out|be sent|be released|be issued|be posted|sent|released|issued)',
    'keeps? it from',
  ),
  /** Deciding, asked of the copilot: never done by it. */
  decision: oneOf(
    'approve|grant|reject|decline|resolve',
    'record (?:a |the )?payment|mark .* (?:as )?paid',
    'write[- ]off|written off',
  ),
  /** Deciding in other words, a decision only with an object after it: "OK the invoice", "sign off DRAFT-…". */
  decisionWithObject: new RegExp(
    '\\b(ok|okay|greenlight|green-light|release|sign[- ]off(?: on)?|accept)\\s+' +
      '(?:it|them|this|that|these|those|the|all|every|my|our|draft-|[a-z]+-\\d|[0-9a-f]{8}-)' +
      // "sign it off", "sign DRAFT-1A2B3C4D off".
      '|\\b(sign)\\s+(?:it|them|this|that|these|those|draft-[0-9a-z]+|[a-z]+-[0-9a-z-]+)\\s+off\\b',
  ),
  /** The approvals inbox: what waits for the person. */
  inbox: oneOf(
    'approv\\w*|inbox|queue|pending|waiting (?:for|on) me',
    'sign[- ]off|signoff|sign[- ]offs|to sign',
    'authori[sz]\\w*',
  ),
  /** Someone else looking at an invoice. */
  review: oneOf(
    'review\\w*|check(?:ed|ing|s)?|look(?:s|ed|ing)? (?:[\\w-]+ )?(?:over|at)|vet',
    'second (?:pair of )?eyes|four[- ]eyes',
    'approve|sign(?:s|ed)? (?:it )?off',
  ),
  /** Asking for a person: who should, the right person, recommend a reviewer. */
  whoShould: oneOf(
    'who (?:should|would|could|can|ought to|must|shall|is (?:best|the right person) to|to ask|do i ask)',
    'which (?:person|colleague|approver|reviewer)',
    '(?:right|best|correct|appropriate) (?:person|people|colleague|reviewer)',
    'recommend\\w*|suggest\\w*|second (?:pair of )?eyes|reviewer for',
  ),
  summarise: oneOf(
    'summari[sz]\\w*|summary|sum(?:s|med)? (?:it )?up',
    'tl;?dr|gist|in (?:a )?nutshell|key (?:terms|points)',
  ),
  dso: oneOf('dso|days? sales? outstanding'),
  exceptions: oneOf('exceptions?'),
  pastSla: oneOf(
    'sla|past|overdue|late|breach\\w*|blown|missed|expired|too old|aged',
    'over (?:their |the )?(?:deadline|time)',
  ),
  billingRun: oneOf(
    'run(?:s|ning)? (?:the )?billing|billing[- ]runs?',
    'bill (?:the )?(?:period|month|quarter)|invoice (?:the )?(?:period|month)',
    '(?:start|kick off|launch|do|trigger|prepare) (?:the |a )?(?:monthly )?billing',
  ),
  /** Payments received, in English, German and French words (normalised). */
  payments: oneOf('payments?|receipts?|remittances?|cash received'),
  /** Cash not yet applied to an invoice. */
  unapplied: oneOf(
    'unapplied|unallocated|unmatched|not (?:yet |been )*(?:applied|allocated|matched)',
    "(?:haven't|hasn't|have not|has not) (?:yet )?been (?:applied|allocated|matched)",
    'nicht zugeordnet\\w*|offene zahlungen',
  ),
  /** Putting a payment's cash on an invoice: a person's decision, the copilot only asks or refuses. */
  applyCash: oneOf('appl(?:y|ies|ied|ying)|allocat\\w*|put|match|zuordnen|ordne|verrechne\\w*|affecte\\w*|impute\\w*'),
  /** Asking what became of an earlier request: "is it done?", "ist es erledigt?", "c'est fait ?". */
  status: oneOf(
    'is it done|is that done|done yet|did (?:it|that) (?:go through|work|happen|run)|what happened|any news|news on',
    'status of (?:my|the|that) request|has (?:it|that) (?:been )?(?:done|run|gone through)',
    'erledigt|durchgegangen|was ist (?:daraus )?geworden|schon passiert',
    "c'est fait|est-ce fait|est-ce que c'est fait|où en est",
  ),
  /** Undoing an invoice in other words than "void": asked about, never taken as a void. */
  cancel: oneOf('cancel\\w*|reverse|reversal|annul\\w*|scrap'),
  explain: oneOf("explain\\w*|what (?:is|does|'s)|where does|come from|why|break ?down|details?"),
} as const;

/** Ordinal words for lines: "the third line". */
export const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];
