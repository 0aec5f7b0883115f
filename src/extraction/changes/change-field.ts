import { rateSubject } from '../rules/rate-roles.ts';
import type { SowTerms } from '../sow-terms.ts';
import { MILESTONE_WORDS, milestoneOf, SCHEDULE_ITEM } from './change-milestones.ts';

/** The type of a value a change sentence holds. */
export type Kind = 'money' | 'date' | 'percent' | 'days' | 'hours';

/** The field of the change vocabulary a value changes, and which item of a list field (a role, tier or milestone). */
export interface ChangeField {
  field: string;
  key: string | null;
}

/** A role named in a table row's label: "Senior Developer hourly rate", "New resource: Data Architect", "Profil X (nouveau)". */
function roleOfLabel(label: string): string | null {
  const cleaned = label
    .replace(/\((?:new(?:\s+role)?|nouveau|nouvelle|neu)\)/gi, '')
    .replace(/\*\*/g, '')
    .trim()
    // A clause reference before the label ("§ 3 Abs. 1 Stundensatz Entwickler", "4.2 Daily rate Analyst") is no role.
    .replace(
      /^(?:§+\s*|(?:Art\.?|Article|Artikel|Clause|Section|Ziffer|Ziff\.|Punkt)\s+)?\d+(?:\.\d+)*\.?(?:\s+(?:Abs\.?|Absatz|para\.?|al\.?|alinéa)\s*\d+)?(?:\s*[,:–—-])?\s+/iu,
      '',
    );
  const lead =
    /^(?:new\s+(?:resource|role|position|profile)|additional\s+(?:resource|role)|neue\s+rolle)\s*[:–-]\s*(.+)$/i.exec(
      cleaned,
    )?.[1];
  if (lead) return lead.trim();
  const before = /^(.+?)\s+(?:hourly|daily|weekly|monthly|day|hour)\s+rate\b/i.exec(cleaned)?.[1];
  if (before) return before.trim();
  // The rate word first, as German and French labels put it ("Stundensatz Projektleitung", by then "Hourly rate Projektleitung").
  const after =
    /^(?:hourly|daily|weekly|monthly|day|hour)\s+rate\s+(?:for\s+(?:the\s+)?)?(?:(?:HT|HTVA|TTC|net(?:to)?)\s+)?(\p{Lu}.{1,60})$/iu.exec(
      cleaned,
    )?.[1];
  if (after) return after.trim();
  // "Labor category Data Migration Analyst (Rate ID BSR-03)": the category's name without its code.
  const profil = /^(?:profil|profile|role|rolle|(?:labou?r\s+)?category|kategorie|catégorie)\s+(.+)$/iu.exec(
    cleaned,
  )?.[1];
  return profil ? profil.replace(/\s*\([^)]*\d[^)]*\)\s*$/u, '').trim() : null;
}

const ROLE_COLUMN =
  /(?:^|[|\t])\s*(?:role|rolle|profil|profile|funktion|function|fonction|position|resource|ressource|grade|qualifikation\w*|kategorie|catégorie|category)\s*(?:[|\t]|$)/iu;

/** The role a rate change names: "the rate for the Data Engineer role", "the hourly rate of the Lead Consultant", a quoted role. */
export function roleOf(sentence: string, rowLabel: string | null = null): string | null {
  // "New: $150 per hour", "Neu: 150,00 €", "Nouveau : 950 €": a lead that names the side of a change, no role.
  sentence = sentence
    .replace(/^([\s\-–•*]*)(?:old|new|previous|current|alt|neu|bisher|künftig|ancien|nouveau|actuel)\s*:\s*/iu, '$1')
    .replace(/(?<=\S)\*\*|\*\*(?=\S)/gu, '');
  if (rowLabel) {
    const r = roleOfLabel(rowLabel);
    if (r) return r;
    // A table whose column of labels is headed as roles ("| Role | Previous rate | New rate |", "| Funktion | … |").
    if (ROLE_COLUMN.test(sentence.split('\n')[0] ?? '')) return rowLabel.replace(/\*\*/g, '').trim();
    // A cell that names the role before its rate ("Développeur confirmé : 690,00 € HT par jour"), or a row whose label is
    // a role after a clause number ("3 – Chef de projet | 98,00 € per hour | …"): the rate's unit is in the row.
    const named = (/^([^:\d]{3,60}?)\s*:\s*\S*\d/u.exec(rowLabel)?.[1] ?? rowLabel)
      .replace(/\*\*|\((?:new(?:\s+role)?|nouveau|nouvelle|neu)\)/giu, '')
      .replace(/^\d+(?:\.\d+)*\.?\s*[–—,-]?\s*/u, '')
      .trim();
    if (
      /^\p{Lu}[\p{L}'’-]*(?:\s+[\p{L}'’&/-]+){0,4}$/u.test(named) &&
      !/\b(?:rate|term|payment|fee|cap|ceiling|maximum|total|end|start|date)\b/i.test(named) &&
      /\b(?:per|an|a)\s+(?:hour|day)\b|\bpar\s+jour\b/i.test(sentence)
    )
      return named;
  }
  // A list item's label before its colon: "- Data Engineer hourly rate: $184.00 …", "b) Stundensatz Senior: …".
  // "(b) QA Engineer - US$102.00 per hour": a dash after the label as well as a colon.
  const itemLabel = /^[\s\-–•*]*(?:\(?[a-z0-9]{1,2}[.)]\s*)?(?:([^:\n]{3,60}):|([^:\n\d–—-]{3,60}?)\s[–—-]\s)/iu.exec(
    sentence,
  );
  const itemText = itemLabel?.[1] ?? itemLabel?.[2];
  const itemRole = itemText ? roleOfLabel(itemText) : null;
  if (itemRole && /^\p{Lu}/u.test(itemRole)) return itemRole;
  // A list of rates under their announcement names the role alone, before a colon or a dash: "- Associé : de A à B par
  // jour", "(b) QA Engineer - US$102.00 per hour".
  const alone = (itemLabel?.[1] ?? '').trim();
  if (
    /^\p{Lu}[\p{L}'’&/-]*(?:\s+[\p{L}'’&/-]+){0,3}$/u.test(alone) &&
    !/\b(?:rates?|tarifs?|taux|term|payment|fee|cap|ceiling|maximum|total|end|start|date|hours?)\b/i.test(alone) &&
    /\b(?:per|an|a)\s+(?:hour|day)\b|\bpar\s+jour\b|\b(?:hourly|daily|day)\s+rate\b/i.test(sentence)
  )
    return alone;
  // The dash form names the role alone: "(b) QA Engineer - US$102.00 per hour".
  if (itemLabel?.[2] && /^\p{Lu}[\p{L}&/-]*(?:\s+\p{Lu}[\p{L}&/-]*){0,3}$/u.test(itemLabel[2].trim()))
    return itemLabel[2].trim();
  const quoted =
    /(?:\b(?:role|profil|rolle|fonction)|(?<![\p{L}])rôle)\s+"([^"]{2,60})"/iu.exec(sentence)?.[1] ??
    /"([^"]{2,60})"\s+role\b/i.exec(sentence)?.[1];
  if (quoted) return quoted.trim();
  // "A new role is added: Data Steward, at …", "Un nouveau profil est ajouté : Expert réseau, au prix de …".
  const listed =
    /(?<![\p{L}])(?:added|supplemented|ajoutée?s?|complétée?s?|hinzugefügt|aufgenommen|ergänzt|erweitert)(?![\p{L}])[^:.\n]{0,80}:\s*(\p{Lu}[^,;:()\n]{1,60}?)\s*(?:,|\(|\s[—–-]\s|\s(?:at|au|à|zu|zum|mit|charged)\s)/u.exec(
      sentence,
    )?.[1];
  if (listed && !/\d/.test(listed)) return listed.trim();
  const added = /\b(?:A|An|The)\s+((?:[A-Z][\w&/-]*\s+){0,4}?[A-Z][\w&/-]*)\s+(?:is|are|will\s+be)\s+added\b/.exec(
    sentence,
  )?.[1];
  if (added) return added.trim();
  // French role names keep their small words and lower case: "le taux journalier du profil Chef de projet est porté à …".
  const profil =
    /(?<![\p{L}])(?:profil|rôle|fonction)\s+(\p{Lu}[\p{L}'’-]*(?:\s+(?!est\b|passe\b|sera\b|devient\b)[\p{L}'’-]+){0,3}?)\s+(?:est|passe|sera|devient)(?![\p{L}])/u.exec(
      sentence,
    )?.[1];
  if (profil) return profil.trim();
  // "die Rolle Testmanager" (by then "Role Testmanager"), "le profil Expert", "die Qualifikationsstufe Senior Berater".
  const named =
    /\b(?:[Rr]ol(?:e|le)|[Pp]rofil|[Ff]onction|[Qq]ualifikationsstufe|[Kk]ategorie|[Cc]atégorie|position)\s+((?:\p{Lu}[\p{L}\d&/-]*)(?:\s+\p{Lu}[\p{L}\d&/-]*){0,3})/u.exec(
      sentence,
    )?.[1];
  if (named) return named.trim();
  // "gilt für Hafenplaner/in ein Tagessatz von …", "for Data Steward a day rate of …": the role before its rate.
  const forRole =
    /(?<![\p{L}])(?:für|for|pour)\s+(?:(?:die|den|das|the|le|la|l['’])\s*)?(\p{Lu}[\p{L}\d&/-]*(?:\s+\p{Lu}[\p{L}\d&/-]*){0,3})\s+(?:eine?n?|a|an|un|une)\s+(?:Tagessatz|Stundensatz|[Dd]ay\s+rate|[Hh]ourly\s+rate|[Dd]aily\s+rate|taux|TJM)(?![\p{L}])/u.exec(
      sentence,
    )?.[1];
  if (forRole && !/^(?:The|A|An|New|Leistungen|Services?|Work)$/.test(forRole)) return forRole.trim();
  // "Der Hourly rate für den Anwendungsbetreuer", "le taux journalier pour le profil Expert", "rate for the function X".
  const forThe =
    /(?:\brate|(?<![\p{L}])taux)\s+(?:für|for|pour|de(?=\s+la\s|\s+l['’])|du|des|der)\s+(?:den|die|das|the|le|la|les|l['’])?\s*(?:(?:[Ff]unktion|[Ff]unction|[Ff]onction|[Rr]olle|[Rr]ole|[Rr]ôle|[Pp]rofils?|[Pp]rofile)\s+)?(\p{Lu}[\p{L}\d&/-]*(?:\s+(?![A-Z]{3}\b)\p{Lu}[\p{L}\d&/-]*){0,3})/u.exec(
      sentence,
    )?.[1];
  if (forThe && !/^(?:The|A|An|New)$/.test(forThe)) return forThe.trim();
  const found =
    /\b(?:rates?|(?:unit\s+)?price)\s+(?:for|of)\s+(?:the\s+|a\s+|an\s+)?(?:role\s+(?:of\s+)?)?((?:[A-Z][\w&/-]*\s*){1,5}?)(?:\s+role|\s+set\s+out|\s+in\s+(?:Article|Section|Clause|Schedule)|\s+is|\s+are|\s+increases?|\s+decreases?|\s+rises?|\s+falls?|\s+goes|\s+moves|\s+changes?|\s+remains?|\s+from|[,(:])/.exec(
      sentence,
    )?.[1] ??
    /\b((?:[A-Z][\w&/-]*\s+){0,4}[A-Z][\w&/-]*)\s+role\b/.exec(sentence)?.[1] ??
    null;
  const role = found ? found.replace(/^(?:The|A|An|New)\s+/, '').trim() : null;
  // A heading's "New role." names no role.
  if (role && !/^(?:new|additional|the)$/i.test(role)) return role;
  // "… and the Tester rate from X to Y", "From D the Platform Engineer rate rises from …": the role before its rate word.
  const before =
    /(?:^|[\s(])[Tt]he\s+(\p{Lu}[\p{L}&/-]*(?:\s+\p{Lu}[\p{L}&/-]*){0,3})\s+(?:(?:hourly|daily|day|weekly|monthly)\s+)?rate\s+(?:rises|falls|goes|moves|from|changes|increases|decreases|is\s+(?:increased|decreased|raised|reduced|changed))(?![\p{L}])/u.exec(
      sentence,
    )?.[1];
  if (
    before &&
    !/^(?:Hourly|Daily|Day|Contract|Standard|New|Old|Current|Blended|Overage)$/.test(before.split(/\s+/)[0] ?? '')
  )
    return before.trim();
  // The rate word before the role and its verb, as German and French write it: "Der Ansatz Softwareentwickler beträgt
  // neu …", "Der Tagessatz Entwickler steigt …" (by then "Der Day rate Entwickler steigt"), "le taux Consultant passe …".
  const rateFirst =
    /(?:\b(?:[Hh]ourly|[Dd]aily|[Dd]ay|[Hh]our)\s+rate|(?<![\p{L}])(?:Ansatz|Stundenansatz|Tagesansatz|Stundensatz|Tagessatz|[Tt]aux|[Tt]arif|TJM))\s+(\p{Lu}[\p{L}&/-]*(?:\s+\p{Lu}[\p{L}&/-]*){0,3})\s+(?:beträgt|steigt|sinkt|wird|erhöht|passe|est|increases|rises|becomes|changes|goes|moves|is)(?![\p{L}])/u.exec(
      sentence,
    )?.[1];
  if (rateFirst && !/^(?:HT|HTVA|TTC|CHF|EUR|USD|Netto|Brutto)$/u.test(rateFirst)) return rateFirst.trim();
  // A change table's cell naming the role before its rate: "| — | MLOps Engineer, daily fee NIS 4,600 |".
  const cellRole =
    /[|\t]\s*(\p{Lu}[\p{L}&/-]*(?:\s+\p{Lu}[\p{L}&/-]*){0,3})\s*[,:–]\s*(?:[Dd]aily|[Hh]ourly|[Dd]ay|[Hh]our)\s+(?:fee|rate|charge)\b/u.exec(
      sentence,
    )?.[1];
  if (cellRole) return cellRole.trim();
  // "Labor category Data Migration Analyst (Rate ID …): the hourly rate …", "Kategorie Senior Berater": a named category.
  const category =
    /(?:\b(?:[Ll]abou?r|[Jj]ob|[Pp]ersonnel|[Ss]taff)\s+category|(?<![\p{L}])(?:Kategorie|[Cc]atégorie))\s+(\p{Lu}[\p{L}&/-]*(?:\s+\p{Lu}[\p{L}&/-]*){0,4})/u.exec(
      sentence,
    )?.[1];
  if (category && /\brate\b|(?<![\p{L}])taux(?![\p{L}])/u.test(sentence)) return category.trim();
  // "The GIS Technician rate changes to …", "Der Day rate der Digitalisierungsexpertin steigt …": the rate's subject.
  return rateSubject(sentence);
}

/** A usage tier as written: "palier C", "Stufe 3", "Tier 2", "Band B"; in a price table, the row's range. */
function tierOf(sentence: string, rowLabel: string | null): string | null {
  if (rowLabel && /\d/.test(rowLabel)) return rowLabel.replace(/\*\*/g, '').trim();
  // A list item keyed by its range: "- 5'001 bis 25'000: CHF 0.66 (bisher CHF 0.72)".
  const item = rowLabel ? null : itemRange(sentence);
  if (item) return item;
  // A tier named with its range in parentheses is keyed by the range as the schedule writes it: "palier B (10'001 à
  // 50'000 jetons)" → "10'001 à 50'000", "Tier 3 (over 40,000 checks)" → "over 40,000".
  const ranged =
    /(?<![\p{L}])(?:tier|band|level|stufe|staffel|palier|tranche)\s+[A-Z0-9]{1,3}\s*\(([^()]*\d[^()]*)\)/iu.exec(
      sentence,
    )?.[1];
  if (ranged && VOLUME_RANGE.test(ranged)) return ranged.trim();
  if (ranged && VOLUME_RANGE.test(ranged.replace(/\s+\p{L}+\.?$/u, '')))
    return ranged.replace(/\s+\p{L}+\.?$/u, '').trim();
  const after = rangeAfterTierWord(sentence);
  if (after) return after;
  return (
    /(?<![\p{L}])((?:tier|band|level|stufe|staffel|palier|tranche)\s+[A-Z0-9]{1,3})(?![\p{L}\d])/iu.exec(
      sentence,
    )?.[1] ?? null
  );
}

/**
 * A tier's range written after its word, with or without the tier's own name: "Stufe B, 20'001 bis 100'000 SMS: …",
 * "la tranche de 5 001 à 25 000 vérifications est ramené …". The range, as the schedule writes it, keys the tier.
 */
function rangeAfterTierWord(sentence: string): string | null {
  const m =
    /(?<![\p{L}])(?:[Tt]iers?|[Bb]and|[Ll]evel|[Ss]tufe|[Ss]taffel|[Pp]alier|[Tt]ranche)(?:\s+[A-Z0-9]{1,3}(?![\p{L}\d]))?\s*[,:–-]?\s+([^:;()\n]{1,60})/u.exec(
      sentence,
    );
  const words = (m?.[1] ?? '').trim().split(/\s+/);
  for (; words.length > 0; words.pop()) {
    const candidate = words.join(' ').replace(/[,.]$/u, '');
    if (/\d/.test(candidate) && VOLUME_RANGE.test(candidate)) return candidate;
  }
  return null;
}

const TIER_WORDS =
  /(?<![\p{L}])(?:tiers?|band|stufe|staffel|palier|tranche\s+[A-Z0-9])(?![\p{L}])|(?<![\p{L}])tranche\s+(?:de\s+\d[\d\s.,'’]*\s(?:à|until)\s+\d|au-delà\s+de\s+\d|beyond\s+(?:the\s+)?\d)|\bprice\s+per\s+(?!hour|day|week|month|person|man)\p{L}+/iu;
/** A row label that is a volume range and nothing else: "1 – 500,000", "Up to 1,00,000", "de 100 001 à 400 000". */
export const VOLUME_RANGE =
  /^\s*(?:(?:up\s+to|above|over|beyond(?:\s+the)?|more\s+than|bis|über|ab|de|dès|au-delà\s+de|jusqu['’]à|plus\s+de)\s+)?\d[\d.,'’ ]*?(?:\s*(?:[–-]|to|until|bis|à)\s*\d[\d.,'’ ]*)?(?:\+|\s+(?:and\s+(?:above|over|more|beyond)|or\s+more|und\s+(?:mehr|darüber)|et\s+(?:plus|au-delà)))?\s*$/iu;
/** A list item's label that is a volume range: "- 5'001 bis 25'000: CHF 0.66", "• over 40,000 : …". */
function itemRange(sentence: string): string | null {
  const label = /^[\s\-–•*]*([^:\n]{1,40}?)\s*:/u.exec(sentence)?.[1];
  return label && VOLUME_RANGE.test(label) ? label.trim() : null;
}
const OVERAGE_WORDS =
  /\bin\s+excess\s+of\b|\b(?:excess|additional|extra)\s+hours\b|\boverage\b|\bbeyond\b|(?<![\p{L}])(?:au-delà|dépassement|excédentaires?|heures\s+supplémentaires|mehrstunden|zusatzstunden|über\s+\S+\s+hinaus|hours\s+(?:excédentaires|supplémentaires))/iu;
/** A period's fee, also its amount ("Le montant mensuel passe de …") and German compounds ("Pauschalbetrag"). */
const FEE_WORDS =
  /\bfee\b|charge|remuneration|compensation|pauschal|gebühr|entgelt|honora\p{L}*\s+(?:monthly|mensuels?)|forfait|redevance|abonnement|\bmontant\s+(?:monthly|quarterly|mensuel)\b|\b(?:monthly|quarterly)\s+amount\b|monatsbetrag/u;
/** Fee nouns, without the verb "charged" that prices the hours beyond ("extra hours are charged at …"). */
const FEE_NOUNS =
  /\bfee\b|retainer|remuneration|compensation|pauschal|gebühr|forfait|redevance|abonnement|\bmontant\b/u;
const APPROVAL_WORDS = /approv|freigabe|zustimmung|genehmigung|accord\s+(?:préalable|écrit)|autorisation/iu;

/** The field a change sentence is about, from its words and the type of its values. */
export function fieldOf(
  sentence: string,
  kind: Kind,
  terms: SowTerms,
  includesHours = false,
  rowLabel: string | null = null,
): ChangeField | null {
  const s = sentence.toLowerCase();
  const retainerDoc = Boolean(terms.retainer) || includesHours;
  if (kind === 'money') {
    const perUnit =
      /\bper\s+(?:hour|day|(?:person|man)[- ]?(?:month|day))\b|\/\s?(?:hour|day|h)\b|\bunit\s+price\b|\b(?:daily|hourly)\s+(?:fee|charge)\b/;
    // Hours beyond a retainer's: "hours in excess of 24 … are billed at KES 21,000.00 per hour".
    // A sentence that names the fee before the hours beyond it ("the monthly fee is … and covers 22 hours; additional
    // hours …") holds both amounts: it is not the overage rate's alone.
    const overageAt = s.search(OVERAGE_WORDS);
    const feeAt = s.search(FEE_NOUNS);
    if (
      retainerDoc &&
      overageAt >= 0 &&
      !(feeAt >= 0 && feeAt < overageAt) &&
      /\b(?:per|an|a|each)\s+hour\b|\/\s?h(?:our)?\b|hourly|stunde|heure|\b(?:additional|extra|excess)\s+hours\b/u.test(
        s,
      )
    )
      return { field: 'retainer.overageRate', key: null };
    const item = SCHEDULE_ITEM.exec(sentence)?.[1];
    if (item && /(?<![\p{L}])(?:betrag|amount|montant|sum|summe)(?![\p{L}])/iu.test(s))
      return { field: 'milestones.amount', key: item.trim() };
    // German "Rate 5" is the fifth instalment, not a rate.
    if (MILESTONE_WORDS.test(s) && !/\brate\b(?!\s+\d)/.test(s)) {
      const key = milestoneOf(sentence, rowLabel);
      if (key) return { field: 'milestones.amount', key };
    }
    // A price table's row keyed by a volume range ("20,001 – 80,000", "Up to 1,00,000", "über 25.000") is a tier.
    const rangeRow =
      (rowLabel !== null && VOLUME_RANGE.test(rowLabel.replace(/\*\*/g, ''))) ||
      (rowLabel === null && itemRange(sentence) !== null);
    if ((TIER_WORDS.test(s) || rangeRow) && !perUnit.test(s)) {
      const key = tierOf(sentence, rowLabel);
      if (key) return { field: 'usageTiers', key };
    }
    const resource = /\b(?:resource|position|role|profil|profile|rolle|ressource)\b/u.test(s);
    const perPeriod = /\bper\s+(?:week|month)\b/.test(s);
    if (
      ((/\brate\b|(?<![\p{L}])(?:taux|tage?s?satz|stundensatz)(?![\p{L}])/u.test(s) || perUnit.test(s)) &&
        !/\binterest\b/.test(s)) ||
      (resource && perPeriod)
    )
      return { field: 'rates', key: roleOf(sentence, rowLabel) };
    // "must not exceed $372,500.00", "the limit on total charges", "the total limit on expenses" are caps too.
    // Expenses reimbursable "up to" an amount ("… bis 9.000,00 EUR erstattungsfähig", by then "until 9.000,00 EUR").
    const upTo =
      /\b(?:up\s+to|until|jusqu['’]à)\s+(?:[a-z]{1,3}\$?\s?|[$€£]\s?)?\d/u.test(s) &&
      /expense|travel|(?<![\p{L}])reise|frais/u.test(s);
    const cap =
      upTo ||
      /not[- ]to[- ]exceed|\bcap\b|ceiling|budget|maximum|contract\s+value|upper\s+limit|contract\s+sum|\b(?:must|shall|may|will)\s+not\s+exceed\b|\blimite?\b|\bmaximal\b|höchstbetrag|kostenrahmen|kostendach|begrenz|plafonn/u.test(
        s,
      );
    // A cap on charges "excluding GST and expenses" is not a cap on expenses.
    const expenses =
      /expense|travel|disbursement|(?<![\p{L}])(?:dépenses|frais|spesen|auslagen|reisekosten)(?![\p{L}])/u.test(
        s.replace(/\bexcl\w*\.?\s+(?:of\s+)?(?:\w+\s+){0,3}?expenses|\b(?:fees|charges)\s+(?:and|&)\s+expenses/g, ''),
      );
    if (cap && expenses) return { field: 'caps.expenses', key: null };
    if (cap) return { field: 'caps.not_to_exceed', key: null };
    if (/retainer/.test(s)) return { field: 'retainer.amount', key: null };
    if (/minimum|mindest|(?<![\p{L}])minimale?s?(?![\p{L}])/u.test(s))
      return { field: 'minimumCommitment.amount', key: null };
    // A document on a retainer calls it a monthly fee as often as a retainer.
    // German compounds of "Pauschale" and French "forfait", "redevance" are fees too; a fee that includes hours is a retainer.
    // A period's amount is its fee too ("Le montant mensuel passe de …", "Pauschalbetrag je Monat").
    if (FEE_WORDS.test(s)) return { field: retainerDoc ? 'retainer.amount' : 'recurringFee.amount', key: null };
    return null;
  }
  if (kind === 'hours') {
    if (/unused|carr(?:y|ied)|roll(?:ed)?[- ]?over|forfeit|übertrag|report\s+d['’](?:heures|hours)/u.test(s))
      return { field: 'retainer.rolloverHoursMax', key: null };
    // Hours per period are the retainer's where the document has one ("couvre 40 heures par mois"), else a cap on hours.
    const perPeriod =
      /\bper\s+(?:month|week|quarter|year)\b|\bmonthly\b|maximum|\bcap\b|\blimit|kontingent|not\s+to\s+exceed|calendar\s+month|\bpro\s+(?:kalender)?monat|\bpar\s+mois\b/u.test(
        s,
      );
    // A bank, pool or package of hours is the retainer's too ("Stundenpaket", "banque d'heures", "umfasst 22 Stunden").
    if (
      /includ|retainer|comprise|cover|enthalten|compris|inclus|umfass|stundenpaket|stundenpool|hours?\s+(?:bank|pool|package)|banque\s+d['’]heures/u.test(
        s,
      ) ||
      (perPeriod && retainerDoc)
    )
      return { field: 'retainer.includedHours', key: null };
    if (perPeriod) return { field: 'caps.hours_per_period', key: null };
    return null;
  }
  if (kind === 'date') {
    const item = SCHEDULE_ITEM.exec(sentence)?.[1];
    if (item) return { field: 'milestones.dueDate', key: item.trim() };
    // A milestone's due date: "the payment for Stage 3 (Production release) … is now due on D".
    // In a milestone table's row, a date column is the due date ("Original Date | Revised Date").
    if (
      MILESTONE_WORDS.test(s) &&
      (/\bdue\b|fällig|termin|échéance|exigible|\btarget\b|\b(?:moved|postponed|deferred|rescheduled|brought\s+forward)\b|verschoben|verlegt|\bcarried\s+over\b|(?<![\p{L}])(?:décalée?|reportée?|avancée?)(?![\p{L}])/u.test(
        s,
      ) ||
        (rowLabel && /\bdates?\b|datum|spätestens|au\s+plus\s+tard|no\s+later\s+than/u.test(s)))
    ) {
      const key = milestoneOf(sentence, rowLabel);
      if (key) return { field: 'milestones.dueDate', key };
    }
    if (
      /\bends?\b|\bending\b|expir|terminat|term\b|extend|until|complet|\bfinish|(?<![\p{L}])(?:fin\s+d[eu]s?\s+(?:la\s+)?(?:contrat|mission|prestations?|marché)|date\s+de\s+fin|vertragsende|laufzeitende|enddatum)(?![\p{L}])|\bendet\b|\benden\b|se\s+termin|endabnahme|final\s+acceptance|(?<![\p{L}])(?:abzunehmen|fertigzustellen|abzuschlie(?:ss|ß)en|spätestens|au\s+plus\s+tard|(?:no|not)\s+later\s+than)(?![\p{L}])/u.test(
        s,
      )
    )
      return { field: 'endDate', key: null };
    if (/start|commence|effective/.test(s)) return { field: 'effectiveDate', key: null };
    return null;
  }
  if (kind === 'percent') {
    if (/late|interest|overdue|intérêt|zins|verzug|retard/u.test(s)) return { field: 'lateFee.percent', key: null };
    if (/\b(?:vat|gst|hst|tax)\b/.test(s)) return { field: 'taxRatePercent', key: null };
    // "shall not exceed the included hours by more than 25% … without the Client's prior written approval".
    // "our written-approval point moves from 20% to 25% of the included hours": a share of the included hours.
    if (
      APPROVAL_WORDS.test(s) &&
      /exceed|übersteig|überschreit|dépass|more\s+than|mehr\s+als|plus\s+de|threshold|\bpoint\b|seuil|schwelle|%\s+(?:of|du|des|der)\s+(?:the\s+)?(?:included\s+)?(?:hours|volume)/u.test(
        s,
      )
    )
      return { field: 'retainer.overageApprovalThresholdPercent', key: null };
    return null;
  }
  if (/pay|invoice/.test(s)) return { field: 'paymentTerms.netDays', key: null };
  return null;
}
