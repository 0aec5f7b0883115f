import { cleanPartyName, isOrganisation } from './parties.ts';

/**
 * Names a document gives as its parties without a role word (candidates of the party ranker, party-ranker.ts): the two
 * names of a pair ("between X and Y", "zwischen der X und der Y", "Entre : X / Et : Y", "X and Y agree", "Parties: X
 * and Y", "(X / Y)"), the names a sentence gives to the one that orders and the one that delivers ("X engages Y", "X
 * bezieht von der Y", "X confie à Y", "Y stellt dem X … zur Verfügung", "Auftrag der X an die Y"), and the names before
 * the signature lines of the last part ("X ______ Y ______", "For X: ______", "Pour X"). The frame, not the shape of
 * the name, makes it a candidate, so a name without a legal form or a firm word ("Schwyzer Kantonalbank Pensionskasse",
 * "Régie des eaux de l'agglomération orléanaise") is read as well; `notPartyName` keeps out what no frame should give
 * (people, places, addresses, document titles, role words).
 */
export interface FramedName {
  name: string;
  start: number;
  end: number;
  /** The frame's features: pair-first / pair-second, verb-orders / verb-ordered, sign-line / sign-first / sign-second. */
  features: string[];
}

const ARTICLE =
  /^(?:\*\*|__)?\s*(?:the|The|der|dem|den|die|Der|Die|la\s+société|la|le|les|La|Le|l['’]|L['’]|de\s+la|du)\s+(?=\**[\p{Lu}\d])|^(?:l['’]|L['’])(?=[\p{Lu}])/u;
/** Abbreviations whose dot does not end a sentence: a legal form ("Inc.", "L.L.C.", "S.A.E."), an initial. */
const NO_SENTENCE_END = /(?:^|[\s(])(?:Inc|Ltd|Co|Corp|Bhd|Pty|Cie|Sdn|inc|ltd|Nr|No|St|[\p{L}](?:\.[\p{L}]){0,4})$/u;
/** Words after a pair's second name that end it: a verb, a preposition of the sentence, a date. */
const NAME_END =
  /\s+(?:and|und|et)\s+(?=\p{Ll})|\s+(?:ihre|ihren|ihrem|ihr|seine|seinen|sein|eine|einen|ein|its|their|an?|son|sa|ses|leurs?|une?|which|who|that|whose|acting|represented|hereinafter|ci-après|nachfolgend|agree|agrees|agreed|hereby|amend|amends|have|has|are|is|will|shall|for|to|under|with|in|regarding|concerning|relating|dated|on|as|from|effective|vereinbaren|halten|haben|sind|wird|über|für|zum|zur|ab|conviennent|sont|ont|pour|relatif|concernant|portant|à|au|aux|du\s+\d|dès|le\s+\d)(?![\p{L}])/u;

/** The name at the start of `s`: without its article and markup, cut at the sentence's end, cleaned of descriptors. */
export function nameAtStart(s: string, end: RegExp | null = NAME_END): { name: string; offset: number } | null {
  const lead = /^[\s*_]*/.exec(s)?.[0].length ?? 0;
  // A name wrapped after a small word ("Municipality of the\nDistrict of …") runs on to the next line.
  let rest = s.slice(lead).replace(/(?<=\s(?:of|the|de|des|du|la|le|der|die|für|and|et|und|&))\n[ \t]*(?=\S)/giu, ' ');
  let offset = lead;
  const art = ARTICLE.exec(rest);
  if (art) {
    offset += art[0].length;
    rest = rest.slice(art[0].length);
  }
  const star = /^\**/.exec(rest)?.[0].length ?? 0;
  offset += star;
  rest = rest.slice(star);
  let cut = rest.search(/\n|;|\||_{2,}|\s[—–]\s|:\s|\*\*/);
  if (cut < 0) cut = rest.length;
  let body = rest.slice(0, cut);
  for (const m of body.matchAll(/\.(?=\s|$)/g)) {
    if (NO_SENTENCE_END.test(body.slice(0, m.index ?? 0))) continue;
    body = body.slice(0, m.index ?? 0);
    break;
  }
  if (end) {
    const e = end.exec(body);
    if (e) body = body.slice(0, e.index);
    // A name ends at its legal form: "Sahel Informatique SARL l'assistance …".
    const ws = body.split(' ');
    for (let k = 2; k < ws.length; k++) {
      const prefix = ws.slice(0, k).join(' ');
      if (isOrganisation(prefix) && !/^(?:&|Co\.?|KG|Cie)$/.test(ws[k] ?? '')) {
        body = prefix;
        break;
      }
    }
  }
  const name = cleanPartyName(body).replace(/[.,]$/, (d) => (/(?:\b\p{L}|Inc|Ltd|Co|Corp)\.$/u.test(body) ? d : ''));
  if (name.length < 3 || !/^[\p{Lu}\d]/u.test(name) || notPartyName(name)) return null;
  return { name, offset: offset + Math.max(0, body.indexOf(name.slice(0, 8))) };
}

/** Words of a document's title or kind: a name holding one is no party ("Master Services Agreement", "Nachtrag"). */
const DOCUMENT_WORD =
  /(?<![\p{L}])(?:Statement\s+of\s+Work|Agreement|Contract|Amendment|Addendum|Order|Schedule|Annex|Appendix|Proposal|Quotation|Quote|Letter|Invoice|Terms|Conditions|Variation|Modification|Minutes|Meeting|Section|Article|Clause|Vertrag|Vereinbarung|Nachtrag|Auftrag|Bestellung|Angebot|Anhang|Anlage|Contrat|Avenant|Commande|Annexe|Marché|Convention|Lettre|Devis)(?![\p{L}])/u;
/** A person's title or office: "Ms.", "Dr", "Herr", "Mme", "Le Président du Conseil", "Director of Finance". */
const PERSON =
  /^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Herr|Frau|Mme|Mlle|M|Me|Madame|Monsieur|Maître)\.?\s|^(?:(?:The|Le|La|Der|Die)\s+)?(?:President|Président|Présidente|Director|Directeur|Directrice|Chair|Chairman|Chairperson|Manager|Head|Secretary|Officer|Administrator|Geschäftsführer\p{L}*|Leiter\p{L}*|Präsident\p{L}*|Gérant\p{L}*|Maire)(?![\p{L}])/u;
/** A person named with a title, a party in a label's frame ("Consultant: Dr. Ana Ruiz"), never by a bare frame. */
const TITLED = /^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau|Mme|Mlle|Madame|Monsieur|Maître)\.?\s/u;
/** An address: a name that starts with a street word or a post box, or ends in a street word ("Boulevard de la Liberté"). */
const PLACE =
  /^(?:Rue|Avenue|Boulevard|Chemin|Allée|Quai|Place|Route|Impasse|Suite|Floor|Level|P\.?\s?O\.?\s+Box|BP|B\.P\.|Postfach)(?![\p{L}])|(?<![\p{L}])(?:Street|Road|Avenue|Boulevard)$|\p{Ll}(?:strasse|straße|gasse|platz)$/u;
const ROLE_OR_PARTY =
  /^(?:(?:the|le|la|der|die)\s+)?(?:party|parties|(?:ordering|contracting|commissioning)\s+(?:party|authority)|parteien|vertragsparteien|client|customer|provider|supplier|contractor|consultant|vendor|auftraggeber\p{L}*|auftragnehmer\p{L}*|kunde|prestataire|titulaire|fournisseur|date|datum|signature|unterschrift|name|nom|title|titre)$/iu;

/**
 * Whether a name a frame gave is no organisation's: a person, a place or address, a document's title, a role word. With
 * `people`, a person named with a title stays (a role label's frame may name an individual consultant).
 */
/** Whether a name says what it is not a party's: a document's title or kind, an address, a person's office, a role word. */
export const namesNoParty = (name: string): boolean =>
  ROLE_OR_PARTY.test(name.trim()) || PLACE.test(name.trim()) || DOCUMENT_WORD.test(name) || PERSON.test(name.trim());

export function notPartyName(name: string, people = false): boolean {
  const n = name.trim();
  if (n.length < 3 || n.length > 100 || n.split(/\s+/).length > 12) return true;
  if (ROLE_OR_PARTY.test(n) || PLACE.test(n) || DOCUMENT_WORD.test(n)) return true;
  if (PERSON.test(n) && !(people && TITLED.test(n))) return true;
  if (/[#·:@]|https?:|\d{3}/.test(n)) return true;
  // More digits than letters, or no capitalised word of at least three letters.
  if ((n.match(/\d/g)?.length ?? 0) * 2 > (n.match(/\p{L}/gu)?.length ?? 0)) return true;
  return !/\p{Lu}[\p{L}'’-]{2,}|\p{Lu}{2,}/u.test(n);
}

const AND_WORD = /(?<![\p{L}])(?:and|und|et|AND|UND|ET|And|Und|Et|sowie)(?![\p{L}])[ \t]*:?[ \t]*(?:\n[ \t]*)?/gu;

/** The second name of a pair after its "and" (the first "and" after three characters of the first name). */
function pairAfter(text: string, from: number): { first: string; second: FramedName } | null {
  const window = text.slice(from, from + 300);
  for (const m of window.matchAll(AND_WORD)) {
    const lead = /[\s*,]*$/.exec(window.slice(0, m.index ?? 0))?.[0] ?? '';
    const i = (m.index ?? 0) - lead.length;
    if (i < 3 || lead.length === 0 || (lead.match(/\n/g)?.length ?? 0) > 1) continue;
    if (window.slice(0, i).includes('\n\n')) return null;
    const after = (m.index ?? 0) + m[0].length;
    const second = nameAtStart(window.slice(after));
    if (!second) return null;
    const at = from + after + second.offset;
    return {
      first: window.slice(0, i),
      second: { name: second.name, start: at, end: at + second.name.length, features: ['pair-second'] },
    };
  }
  return null;
}

const framed = (
  text: string,
  from: number,
  raw: string,
  features: string[],
  end: RegExp | null = NAME_END,
): FramedName | null => {
  const n = nameAtStart(raw, end);
  return n ? { name: n.name, start: from + n.offset, end: from + n.offset + n.name.length, features } : null;
};

/** Pairs of names in the head: "between X and Y", "Entre : X / Et : Y", "Parties: X and Y", "X and Y agree", "X / Y". */
export function pairNames(head: string): FramedName[] {
  const out: FramedName[] = [];
  const push = (first: FramedName | null, second: FramedName | null) => {
    if (first && second && first.name !== second.name) out.push(first, second);
  };
  const starts = [
    // "between", "zwischen", "entre" (the lexicon reads the last two as "between"), a "Parties:" label.
    ...head.matchAll(/(?<![\p{L}])(?:between|Between|BETWEEN)\s*:?\s*(?:\n\s*)?/gu),
    ...head.matchAll(/(?<![\p{L}])(?:Parties|Parteien|Vertragsparteien|Les\s+parties)\s*\**\s*(?::|\|)\s*\**\s*/gu),
    // A sentence that starts with a pair: "X and Y agree", "X und Y halten fest", "X et Y conviennent".
    ...head.matchAll(/(?:^|(?<=[.!?]\s))[ \t]*(?=(?:The\s+|Die\s+|Der\s+|La\s+|Le\s+|L['’])?\**[\p{Lu}])/gmu),
  ];
  for (const m of starts) {
    const from = (m.index ?? 0) + m[0].length;
    const pair = pairAfter(head, from);
    if (!pair) continue;
    const sentenceStart = !/^(?:between|parties|parteien|vertragsparteien|les)/i.test(m[0].trim());
    // A sentence's pair needs the verb the parties share right after the second name.
    if (sentenceStart) {
      const tail = head.slice(pair.second.end, pair.second.end + 40);
      if (
        !/^\s*(?:\([^)]{0,40}\)\s*)?(?:hereby\s+)?(?:agree|amend|have\s+agreed|vereinbaren|halten|conviennent|sont\s+convenu|ont\s+convenu|confirm|bestätigen|acknowledge)/iu.test(
          tail,
        )
      )
        continue;
    }
    push(framed(head, from, pair.first, ['pair-first'], null), pair.second);
  }
  // "(X / Y)", "— X / Y" on a line: two names told apart by a slash.
  for (const m of head.matchAll(
    /(?:\(|[—–]\s|,\s)([\p{Lu}][^()\n/]{2,90}?)\s+\/\s+([\p{Lu}][^()\n/]{2,90}?)(?=\)|\.?\s*$|\.\s)/gmu,
  )) {
    const a = (m.index ?? 0) + m[0].indexOf(m[1] ?? '');
    const b = (m.index ?? 0) + m[0].lastIndexOf(m[2] ?? '');
    push(
      framed(head, a, m[1] ?? '', ['pair-first', 'pair-slash']),
      framed(head, b, m[2] ?? '', ['pair-second', 'pair-slash']),
    );
  }
  return dedupe(out);
}

/**
 * Verbs by which one party orders from the other, in English, German and French: the subject orders, the object
 * delivers. Also the party ranker's evidence of who engages whom (party-evidence.ts).
 */
export const ORDER_VERBS =
  '(?:engages|has\\s+engaged|retains|appoints|commissions|instructs|hires|has\\s+asked|beauftragt|bezieht\\s+(?:von|bei)|bestellt\\s+bei|confie\\s+à|commande\\s+à|mandate)';
const ORDERS = new RegExp(`(?<![\\p{L}])${ORDER_VERBS}\\s+`, 'gu');
/** Verbs by which one party supplies the other: the subject delivers, the object orders. */
const SUPPLIES = /(?<![\p{L}])(?:stellt|liefert|fournit\s+à|provides\s+to)\s+(?=(?:dem|der|den|the|la|le|l['’])\s)/gu;

/** Who orders from whom, by the verb of a sentence of the head. */
export function verbNames(head: string): FramedName[] {
  const out: FramedName[] = [];
  for (const [re, subject, object] of [
    [ORDERS, 'verb-orders', 'verb-ordered'],
    [SUPPLIES, 'verb-ordered', 'verb-orders'],
  ] as const) {
    for (const m of head.matchAll(re)) {
      const i = m.index ?? 0;
      const dot = head.lastIndexOf('. ', i);
      const sentence = Math.max(dot < 0 ? 0 : dot + 2, head.lastIndexOf('\n', i) + 1);
      const subj = framed(head, sentence, head.slice(sentence, i), [subject]);
      const obj = framed(head, i + m[0].length, head.slice(i + m[0].length, i + m[0].length + 200), [object]);
      if (subj && obj && subj.name !== obj.name) out.push(subj, obj);
    }
  }
  // "Änderungsauftrag … der X an die Y", "ordre de la X à la Y": an order from X to Y.
  for (const m of head.matchAll(/(?<![\p{L}])(?:der|des|von\s+der|de\s+la|du)\s+(?=\p{Lu})/gu)) {
    const from = (m.index ?? 0) + m[0].length;
    const seg = head.slice(from, from + 250);
    const to = /^([^\n.]{3,120}?)\s+(?:an\s+(?:die|den|das)|à\s+(?:la|l['’]|le))\s+(?=\p{Lu})/u.exec(seg);
    if (
      !to ||
      !/(?:auftrag|bestellung|order|ordre|commande)\S*\s[^\n]{0,40}$/iu.test(head.slice(Math.max(0, from - 60), from))
    )
      continue;
    const a = framed(head, from, to[1] ?? '', ['verb-orders'], null);
    const b = framed(head, from + to[0].length, seg.slice(to[0].length), ['verb-ordered']);
    if (a && b) out.push(a, b);
  }
  return dedupe(out);
}

/** The names written before signature lines or after "For"/"Pour"/"Für" in the last part. */
export function signatureNames(text: string, from: number): FramedName[] {
  const out: FramedName[] = [];
  const tail = text.slice(from);
  let at = from;
  let k = 0;
  for (const line of tail.split('\n')) {
    const start = at;
    at += line.length + 1;
    if (!/_{3,}|\.{5,}/.test(line)) continue;
    const pieces = line.split(/_{3,}|\.{5,}/);
    let pos = start;
    for (const piece of pieces.slice(0, -1)) {
      // A place and date ("Brunnen, 24. November 2028") is no name.
      if (/\d{4}|\d{1,2}\.\s?\d{1,2}\./.test(piece)) continue;
      const p = piece
        .replace(/\b(?:Date|Datum|Place|Ort|Lieu|Signature|Unterschrift)\s*:?\s*$/i, '')
        .replace(
          /^\s*(?:(?:Signed|Accepted|Approved|Agreed|Executed|Sign[ée]|Unterzeichnet|Lu\s+et\s+approuvé)\s*:?\s*)?(?:(?:for\s+and\s+)?on\s+behalf\s+of|for|pour|für|by|par|namens)?\s*/i,
          '',
        )
        .replace(/,\s*(?:by|represented|vertreten|représentée?)\b.*$/i, '')
        .replace(/\s*\([^)]*\)\s*$/, '')
        .replace(/[:\s]+$/, '');
      const i = line.indexOf(p, pos - start);
      pos = start + Math.max(0, i) + p.length;
      if (!p || i < 0) continue;
      const f = framed(text, start + i, p, ['sign-line', k === 0 ? 'sign-first' : 'sign-second'], null);
      if (f && f.end - f.start <= p.length) {
        out.push(f);
        k++;
      }
    }
  }
  return dedupe(out);
}

function dedupe(xs: FramedName[]): FramedName[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const key = `${x.start}:${x.name}:${x.features.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
