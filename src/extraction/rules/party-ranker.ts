import type { Found, RuleContext } from './context.ts';
import {
  addresseeOf,
  cleanPartyName,
  isOrganisation,
  letterheadOf,
  mixedCase,
  type Party,
  partyMentions,
  roleOf,
} from './parties.ts';
import {
  abbreviates,
  engageFeatures,
  frameFeatures,
  orderPrefixes,
  referencePrefixes,
  tradeName,
} from './party-evidence.ts';
import { type FramedName, namesNoParty, notPartyName, pairNames, signatureNames, verbNames } from './party-frames.ts';
import weightsJson from './party-ranker.weights.json' with { type: 'json' };
import { around, type LinearModel, scoreOf, sigmoid, tokens } from './ranker-features.ts';

/**
 * A trained ranker over the organisation names of a document, for the contracting parties the rules keep missing on
 * new authors' documents (the same method as value-ranker.ts): every organisation-like name of the head and of the
 * signature blocks is a candidate, described by general features (the role words near it in English, German and
 * French, which side of "between … and …" it stands on, the frame that named it: a defined term in parentheses, a
 * role label, a letterhead, a "To:"/"From:" line, a signature block, its legal form or public-body word, its place),
 * and one logistic regression per role scores them. Trained by `evals/extraction/value-ranker/train-parties.ts`
 * leave-one-author-out; it fills a role the rules left empty, and replaces a name the rules only inferred (or one that
 * does not look like an organisation's) where the trainer found that to gain held out. A labelled organisation's name
 * always stays.
 */
export type PartyRole = 'client' | 'provider';
export const PARTY_ROLES: readonly PartyRole[] = ['client', 'provider'];

export type PartyWeights = Partial<Record<PartyRole, LinearModel>> & {
  threshold: number;
  /** The roles the extractor fills with the ranker: those that gained held out by author. */
  enabled: PartyRole[];
  /** Per role, the probability above which the ranker's best name replaces a weak rules name (see decideParties). */
  override?: Partial<Record<PartyRole, number>>;
  /**
   * Whether a role the likeliest pair left empty may not take the name the pair put in the other role. Set by the
   * trainer since round eighteen; weights written before it decide as they were trained.
   */
  pairExclusive?: boolean;
};
export const PARTY_WEIGHTS = weightsJson as unknown as PartyWeights;

export interface PartyCandidate {
  name: string;
  start: number;
  end: number;
  features: string[];
}

/** Role words of the party that orders and of the party that delivers, in English, German and French. */
const CLIENT_WORD =
  /(?<![\p{L}])(?:client|customer|subscriber|abonn(?:é|ée|ent|entin)|buyer|purchaser|licensee|owner|employer|principal|ordering\s+party|contracting\s+authority|auftraggeber\w*|kund(?:e|in|en)|besteller\w*|mandant\w*|acheteur|donneur\s+d'ordre|bénéficiaire|maître\s+d[e'’]\s*(?:l['’])?ouvrage|pouvoir\s+adjudicateur|commanditaire)(?![\p{L}])/iu;
const PROVIDER_WORD =
  /(?<![\p{L}])(?:provider|supplier|contractor|consultant|vendor|seller|licensor|auftragnehmer\w*|dienstleister\w*|lieferant\w*|anbieter\w*|unternehmer\w*|berater\w*|prestataire|titulaire|fournisseur|mandataire|entrepreneur|cocontractant)(?![\p{L}])/iu;
/** Words of a public body's name. */
const PUBLIC =
  /(?<![\p{L}])(?:County|District|City|Town|Village|Township|Borough|Parish|Council|Board|Commission|Ministry|Department|Authority|Agency|University|College|School|Hospital|Government|Municipality|Republic|State|Province|Stadt|Gemeinde|Landkreis|Kreis|Kanton|Bezirk|Amt|Ministerium|Behörde|Universität|Hochschule|Klinikum|Stadtwerke|Verband|Zweckverband|Land|Commune|Ville|Département|Région|Canton|Ministère|Université|Hôpital|Syndicat|Conseil|Agence|Direction|Mairie|Communauté|Métropole|Collectivité|Office|Centre|Center)(?![\p{L}])/u;
/** Words of a firm's or an institution's name. */
const ORG_WORD =
  /(?<![\p{L}])(?:Group|Partners|Consulting|Consultants|Solutions|Systems|Services|Technologies|Technology|Software|Labs|Analytics|Digital|Networks?|Associates|Holdings|Industries|Enterprises|Foundation|Association|Institute|Trust|Bank|Insurance|Company|Cooperative|Society|Clinic|Health|Logistics|Media|Stiftung|Verein|Genossenschaft|Institut|Werke|Fondation|Cabinet|Société|Groupe|Conseil|Studio|Agentur)(?![\p{L}])/u;
/** A run of capitalised words, with the small words a name holds ("Board of County Commissioners", "Stadt für"). */
const NAME_RUN =
  /(?<![\p{L}\d])[\p{Lu}][\p{L}\d&'’.-]*(?:[ \t]+(?:[\p{Lu}\d&][\p{L}\d&'’.-]*|of|de|du|des|d'|la|le|les|für|der|die|das|for|the|van|von|zu|am|an|im|r\.l\.)){0,8}(?:,?[ \t]+(?:Inc\.|Inc|LLC|Ltd\.|Ltd|Limited|plc|S\.A\.|GmbH|AG|SA|SAS|SARL|Sàrl|S\.à[ \t]?r\.l\.|Corp\.|Pty Ltd|\(Pty\) Ltd))?/gu;
/** The end of a legal form inside a run of capitalised words: a second name may follow. */
const AFTER_LEGAL_FORM =
  /(?<=(?<![\p{L}])(?:Limited|LIMITED|Ltd\.?|LTD\.?|LLC|LLP|Inc\.|INC\.|GmbH|AG|SA|SAS|SARL|Sàrl|plc|PLC|Corp\.|KG|BV|NV|B\.V\.|N\.V\.|S\.A\.|Bhd|Berhad|DAC))[ \t]+(?:(?:for|to|the)[ \t]+)?(?=[\p{Lu}])/u;
/** A signature block's or a cover's words before a name: "For and on behalf of", "Signed for", "Pour", "Für". */
const SIGN_PREFIX =
  /^(?:(?:Signed|Agreed|Accepted|Prepared|Issued|Executed|Supplied|Provided|Delivered|Submitted|Offered|Sign[ée]|Unterzeichnet)\s+)?(?:for\s+and\s+on\s+behalf\s+of|on\s+behalf\s+of|for|pour|für|by|par)\s+(?:the\s+|le\s+|la\s+|l['’]|den\s+|die\s+|das\s+)?/i;
const SMALL_TAIL = /(?:[ \t]+(?:of|de|du|des|d'|la|le|les|für|der|die|das|for|the|van|von|zu|am|an|im))+$/u;
const REGISTRATION =
  /\b(?:HRB|HRA|CHE-|UID|SIREN|SIRET|RCS|TVA|VAT|Company\s+No|Registration|Reg\.|UEN|ABN|ACN|EIN|FN\s|KvK|BCE|IDE|N°\s*d'entreprise)/i;
const SIGN_FOR =
  /(?:for\s+and\s+on\s+behalf\s+of|on\s+behalf\s+of|signed\s+for|for\s+the|für\s+(?:den|die|das)|namens|pour\s+(?:le|la|l['’])|au\s+nom\s+d[eu])\s*:?\s*$/i;

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

/** Whether two names are one party's: one's words contain the other's (the scorer's leniency, kept stricter). */
export function sameParty(a: string, b: string): boolean {
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  if (wa.size === 0 || wb.size === 0) return false;
  const inter = [...wa].filter((w) => wb.has(w)).length;
  return inter === Math.min(wa.size, wb.size);
}

const roleNear = (text: string, prefix: string): string[] => [
  CLIENT_WORD.test(text) ? `${prefix}-client` : '',
  PROVIDER_WORD.test(text) ? `${prefix}-provider` : '',
];

/** The kinds of mention that party-frames.ts gives. */
const FRAME_KINDS = new Set(['pair', 'verb', 'sign']);

/** The features of one place where a candidate is named. */
function mentionFeatures(ctx: RuleContext, start: number, end: number, kind: string, label: string): string[] {
  const t = ctx.current;
  const o = ctx.toOriginal(start);
  const oe = Math.max(o, ctx.toOriginal(end));
  const before = t.slice(Math.max(0, start - 60), start);
  const after = t.slice(end, end + 80);
  const lineStart = t.lastIndexOf('\n', start - 1) + 1;
  const lead = t.slice(lineStart, start);
  const prevLine = t.slice(t.lastIndexOf('\n', Math.max(0, lineStart - 2)) + 1, Math.max(lineStart - 1, 0));
  const tail = start > t.length - 2500 && start > 2500;
  const between = /\bbetween\s*:?\s*(?:\**\s*)?$/i.test(before);
  const and =
    /(?:\band|AND)\s*:?\s*(?:\**\s*)?$/.test(before) && /\bbetween\b/i.test(t.slice(Math.max(0, start - 500), start));
  const afterParen = /^\W{0,6}\(([^)]{0,60})\)/.exec(after)?.[1] ?? '';
  return [
    `src:${kind}`,
    label ? `label:${roleOf(label) ?? 'name'}` : '',
    ...roleNear(afterParen, 'paren'),
    // A letter's parties named as its writer and its reader: ("we") delivers, ("you") orders.
    /["“„«]\s*(?:we|us|nous|wir)\s*["”“»]/i.test(afterParen) ? 'paren-we' : '',
    /["“„«]\s*(?:you|vous|sie|ihr)\s*["”“»]/i.test(afterParen) ? 'paren-you' : '',
    ...roleNear(after.slice(0, 40), 'after'),
    ...roleNear(before.slice(-40), 'before'),
    ...roleNear(lead, 'lead'),
    // The label right before the name, across a line the PDF text layer broke: "… Principal:\nMurrumbidgee Water …".
    ...roleNear(/([\p{L}' ]{3,40})\s*\**\s*:\s*\**\s*$/u.exec(before)?.[1] ?? '', 'colon'),
    ...roleNear(ctx.original.slice(Math.max(0, o - 60), oe + 60), 'orig'),
    between ? 'between-first' : '',
    and ? 'between-second' : '',
    /^\s*(?:to|an|à|destinataire)\s*:/i.test(lead) ? 'to-line' : '',
    /^\s*(?:from|von|de|expéditeur)\s*:/i.test(lead) ? 'from-line' : '',
    SIGN_FOR.test(lead) || SIGN_FOR.test(prevLine) ? 'sign-for' : '',
    tail ? 'tail' : `head:${Math.min(5, Math.floor(start / 500))}`,
    lead.trim().replace(/[*#\s]/g, '').length === 0 ? 'line-start' : '',
    REGISTRATION.test(after) ? 'registration' : '',
    ...engageFeatures(before, after),
    ...frameFeatures(t, start, lead, prevLine, before),
    ...around('r', t, start, end).filter((f) => !f.includes('2:')),
  ].filter(Boolean);
}

/** The shape of a name: its legal form, public-body and firm words, its length. */
function nameFeatures(name: string): string[] {
  const ws = name.split(/\s+/);
  return [
    isOrganisation(name) || MORE_FORMS.test(name) ? 'legal-form' : '',
    PUBLIC.test(name) ? 'public-body' : '',
    ORG_WORD.test(name) ? 'org-word' : '',
    `words:${Math.min(5, ws.length)}`,
    name === name.toUpperCase() ? 'capitals' : '',
    ...tokens(ws.at(-1) ?? '').map((w) => `last:${w}`),
    ...tokens(ws[0] ?? '').map((w) => `first:${w}`),
  ].filter(Boolean);
}

/** Legal forms the rules' list leaves out (Latin America, Asia, Eastern Europe, associations). */
const MORE_FORMS =
  /(?<![\p{L}])(?:Ltda|Lda|Bhd|Berhad|DAC|SpA|Srl|S\.A|S\.L|GIE|SCOP|SNC|SASU|EIRL|Kft|s\.r\.o|a\.s|d\.o\.o|ASA|KGaA|OHG|GbR|UG|e\.\s?V|eG|Private Limited|Sdn)\.?$/u;
const likeName = (n: string): boolean =>
  n.length >= 3 &&
  n.length <= 90 &&
  /^[\p{Lu}\d]/u.test(n) &&
  (isOrganisation(n) || MORE_FORMS.test(n) || PUBLIC.test(n) || ORG_WORD.test(n));

/**
 * Every candidate party of a document with its features: the names the rules' frames define (partyMentions, the
 * letterhead, the addressee) and every organisation-like run of capitalised words in the head and the last part
 * (signature blocks). A short name contained in a longer one ("County" in "Harlan Crossing County") is the longer
 * one's mention. `rules` marks the names the rules chose, with how sure they were.
 */
export function partyCandidates(
  ctx: RuleContext,
  rules: { client: Found<string> | null; provider: Found<string> | null },
): PartyCandidate[] {
  const t = ctx.current;
  const head = t.slice(0, 2500);
  const mentions: Array<{ name: string; start: number; end: number; kind: string; label: string; extra?: string[] }> =
    [];
  // A short name without a role ("ci-après « TAI »") is no frame of the ranker's: it only fills the role left open.
  const framed: Party[] = partyMentions(head).filter((p) => !p.shortOnly);
  const addressee = addresseeOf(head);
  if (addressee) framed.push({ ...addressee, label: 'addressee' });
  const letterhead = letterheadOf(head, null);
  if (letterhead) framed.push({ ...letterhead, label: 'letterhead' });
  for (const f of framed) {
    // Two names on one line: a letterhead's or an addressee's is the first; a labelled one's the last, next to its label.
    const pieces = f.name.split(AFTER_LEGAL_FORM);
    const piece = f.label === 'letterhead' || f.label === 'addressee' ? pieces[0] : pieces.at(-1);
    const p = { ...f, name: (piece ?? f.name).replace(SIGN_PREFIX, '') };
    const at = t.indexOf(p.name, p.start);
    const start = at >= 0 && at < p.end ? at : p.start;
    const kind = p.label === 'addressee' || p.label === 'letterhead' ? p.label : p.role ? 'to-from' : 'frame';
    mentions.push({ name: p.name, start, end: start + p.name.length, kind, label: kind === 'frame' ? p.label : '' });
  }
  const tailFrom = Math.max(2500, t.length - 2500);
  // Names a pair, a verb or a signature line gives, whatever their shape (party-frames.ts; read in the text before
  // superseded values are blanked, which keeps a sentence's order "der X an die Y").
  const frames: Array<[string, FramedName[]]> = [
    ['pair', pairNames(ctx.text.slice(0, 2500))],
    ['verb', verbNames(ctx.text.slice(0, 2500))],
    ['sign', signatureNames(ctx.text, Math.min(tailFrom, Math.max(0, t.length - 2500)))],
  ];
  for (const [kind, names] of frames)
    for (const f of names)
      mentions.push({ name: f.name, start: f.start, end: f.end, kind, label: '', extra: f.features });
  for (const [from, to] of [
    [0, Math.min(t.length, 3000)],
    [tailFrom, t.length],
  ] as const) {
    if (to <= from) continue;
    for (const m of t.slice(from, to).matchAll(NAME_RUN)) {
      // A run may hold two names ("X Limited for Y Limited", two columns of a signature block): cut after a legal form.
      let at = from + (m.index ?? 0);
      for (const piece of m[0].split(AFTER_LEGAL_FORM)) {
        const bare = piece.replace(SIGN_PREFIX, '');
        const name = cleanPartyName(bare.replace(SMALL_TAIL, '')).replace(
          /(?<!(?:Inc|Ltd|Corp|Co|Bhd|Pty|\b\p{L}))\.$/u,
          '',
        );
        const start = t.indexOf(name, at);
        if (start >= 0) at = start + name.length;
        if (!likeName(name) || start < 0) continue;
        mentions.push({ name, start, end: start + name.length, kind: 'run', label: '' });
      }
    }
  }
  // Group the mentions by party: the same words, or a short name inside a longer one.
  const groups: Array<{ name: string; first: number; mentions: typeof mentions }> = [];
  // Places, addresses, document titles and people are no candidates (a titled person only in a role label's frame).
  const byLength = [...mentions]
    .filter((m) => !FRAME_KINDS.has(m.kind) || !notPartyName(m.name))
    .sort((a, b) => b.name.length - a.name.length || a.start - b.start);
  for (const m of byLength) {
    const g = groups.find((x) => sameParty(x.name, m.name));
    if (g) {
      g.mentions.push(m);
      g.first = Math.min(g.first, m.start);
    } else groups.push({ name: m.name, first: m.start, mentions: [m] });
  }
  groups.sort((a, b) => a.first - b.first);
  // The buyer's order number often starts with the buyer's initials ("PO LAD/PO/27/0455" for Luangwa Agro Dealers).
  const orders = orderPrefixes(t);
  // The document's own number (or the contract's it amends) usually carries the supplier's initials ("VAL-AT-2028-08").
  const refs = [...referencePrefixes(t.slice(0, 800))].filter((r) => !orders.has(r));
  // The order of naming counts the names the rules' frames and the runs give; a name only a party frame gives has none.
  const ranked = groups.filter((g) => g.mentions.some((m) => !FRAME_KINDS.has(m.kind)));
  // A run that is no organisation's name (a title, an address, a person) keeps its place in that order but is no
  // candidate.
  const stopped = (g: (typeof groups)[number]): boolean =>
    g.mentions.every((m) => m.kind === 'run' && namesNoParty(m.name));
  return groups
    .filter((g) => !stopped(g))
    .map((g) => {
      const i = ranked.indexOf(g);
      // A frame's name that another mention already gives adds only the frame's features (not a mention of its own).
      const seen = g.mentions.filter((m) => !FRAME_KINDS.has(m.kind));
      const own = g.mentions.filter((m) => !FRAME_KINDS.has(m.kind) || seen.length === 0);
      const framedName =
        g.mentions.find(
          (m) => !FRAME_KINDS.has(m.kind) && m.kind !== 'run' && words(m.name).length >= words(g.name).length,
        ) ?? (seen.length === 0 ? g.mentions.find((m) => words(m.name).length >= words(g.name).length) : undefined);
      const name = mixedCase(framedName?.name ?? g.name, t);
      const first = g.mentions.reduce((a, b) => (b.start < a.start ? b : a));
      const features = new Set<string>([
        ...own.flatMap((m) => mentionFeatures(ctx, m.start, m.end, m.kind, m.label)),
        ...g.mentions.flatMap((m) => m.extra ?? []),
        ...nameFeatures(name),
        i < 0 ? 'order:frame' : `order:${i < 4 ? i : 'later'}`,
        `mentions:${Math.min(4, own.length)}`,
        [...orders].some((o) => abbreviates(o, name)) ? 'order-initials' : '',
        refs.some((r) => abbreviates(r, name)) ? 'ref-initials' : '',
        tradeName(name) ? 'trade' : '',
      ]);
      features.delete('');
      for (const role of PARTY_ROLES) {
        const r = rules[role];
        if (r && sameParty(r.value, name))
          features.add(`rules:${role}:${r.confidence === undefined ? 'label' : 'guess'}`);
      }
      return { name, start: first.start, end: first.end, features: [...features].sort() };
    });
}

const probability = (model: LinearModel, c: PartyCandidate): number => sigmoid(scoreOf(model, c.features));

/**
 * The parties after the ranker: a role the rules left empty takes the best-scored candidate at or above the threshold
 * (never the other party's name); a weak rules name (inferred, or not shaped like an organisation's: "Ordering party",
 * "Original Contract: …") is replaced by a candidate scored at least the role's override threshold when the ranker
 * gives the rules' own name less than the threshold. Provider after client.
 */
export function decideParties(
  candidates: readonly PartyCandidate[],
  rules: { client: Found<string> | null; provider: Found<string> | null },
  weights: PartyWeights,
): { client: PartyChoice | null; provider: PartyChoice | null } {
  const out: { client: PartyChoice | null; provider: PartyChoice | null } = {
    client: rules.client ? { ...rules.client, ranked: false } : null,
    provider: rules.provider ? { ...rules.provider, ranked: false } : null,
  };
  const pick = (c: PartyCandidate): PartyChoice => ({
    value: c.name,
    start: c.start,
    end: c.end,
    confidence: 0.6,
    ranked: true,
  });
  // Both roles empty: the pair of two names that is likeliest together, so a letter's two firms are not both taken
  // for the role one of them scores higher in.
  const { client: cm, provider: pm } = weights;
  // The name the pair puts on the other side: a role the pair leaves empty never takes it (the pair found it likelier
  // in the other role, "Issued by: X … Issued to: Y" with neither sure enough).
  const paired: Partial<Record<PartyRole, string>> = {};
  if (!out.client && !out.provider && cm && pm && weights.enabled.length === 2) {
    let pair: { c: PartyCandidate; p: PartyCandidate; pc: number; pp: number } | null = null;
    for (const c of candidates)
      for (const q of candidates) {
        if (c === q || sameParty(c.name, q.name)) continue;
        const pc = probability(cm, c);
        const pp = probability(pm, q);
        if (!pair || pc * pp > pair.pc * pair.pp) pair = { c, p: q, pc, pp };
      }
    if (pair && pair.pc >= weights.threshold) out.client = pick(pair.c);
    if (pair && pair.pp >= weights.threshold) out.provider = pick(pair.p);
    if (pair && weights.pairExclusive) Object.assign(paired, { client: pair.c.name, provider: pair.p.name });
  }
  for (const role of PARTY_ROLES) {
    const model = weights[role];
    if (!model || !weights.enabled.includes(role)) continue;
    const otherRole = role === 'client' ? 'provider' : 'client';
    const other = out[otherRole]?.value ?? paired[otherRole] ?? null;
    const pool = candidates.filter((c) => other === null || !sameParty(c.name, other));
    let best: { c: PartyCandidate; p: number } | null = null;
    for (const c of pool) {
      const p = probability(model, c);
      if (!best || p > best.p) best = { c, p };
    }
    if (!best) continue;
    const had = out[role];
    if (had === null) {
      if (best.p >= weights.threshold) out[role] = pick(best.c);
      continue;
    }
    const bar = weights.override?.[role];
    // A labelled name that looks like an organisation's is strongly supported and stays.
    const weak = had.confidence !== undefined || !likeName(had.value);
    if (bar === undefined || !weak || best.p < bar || sameParty(best.c.name, had.value)) continue;
    const support = Math.max(
      0,
      ...candidates.filter((c) => sameParty(c.name, had.value)).map((c) => probability(model, c)),
    );
    if (support < weights.threshold) out[role] = pick(best.c);
  }
  return out;
}
export type PartyChoice = Found<string> & { ranked: boolean };

/** The extractor's parties: the rules', filled or replaced by the ranker as decideParties says. */
export function rankParties(
  ctx: RuleContext,
  rules: { client: Found<string> | null; provider: Found<string> | null },
  weights: PartyWeights = PARTY_WEIGHTS,
): { client: Found<string> | null; provider: Found<string> | null } {
  if (weights.enabled.length === 0) return rules;
  const d = decideParties(partyCandidates(ctx, rules), rules, weights);
  const strip = (p: PartyChoice | null): Found<string> | null => {
    if (!p) return null;
    const { ranked: _, ...rest } = p;
    return rest;
  };
  return { client: strip(d.client), provider: strip(d.provider) };
}
