import type { Found, RuleContext } from './context.ts';

/** Role labels per language (en/de/fr): the words a document uses to say which party orders and which delivers. */
const CLIENT =
  /^(?:client|customer|company|buyer|purchaser|licensee|reit|employer|government|agency|principal|owner|authority|contracting authority|ordering party|commissioning party|subscriber|auftraggeber(?:in)?|kunde|kundin|besteller(?:in)?|bestellerin|mandant|abonnent(?:in)?|donneur d'ordre|bénéficiaire|acheteur|maître de l'ouvrage|maître d'ouvrage|commanditaire|abonnée?)$/i;
const PROVIDER =
  /^(?:consultant|contractor|provider|service provider|supplier|vendor|seller|cro|advisor|adviser|firm|agent|licensor|integrator|partner|auftragnehmer(?:in)?|anbieter(?:in)?|dienstleister(?:in)?|lieferant(?:in)?|unternehmer(?:in)?|berater(?:in)?|prestataire|mandataire|titulaire|fournisseur|entrepreneur)$/i;
/** Defined terms that are things, not parties: "(the Services)", "(le Logiciel)", "(die Software)". */
const NOT_A_PARTY =
  /^(?:agreement|contract|services?|software|work|works|project|deliverables?|system|platform|product|products|annex|schedule|order|term|fees?|price|site|premises|data|documentation|contrat|prestations?|logiciel|projet|ouvrage|travaux|vertrag|leistungen?|projekt|werk|system)$/i;
/** Defined terms of a contract's head that are not a party's short name. */
const SHORT_NOT_PARTY = /^(?:agreement|effective date|services?|sow|amendment|parties|party|term|fee|work product)$/i;
/** Address labels of a letter, quotation or order's head: the addressee orders, the sender delivers. */
const TO_LABEL =
  /^(?:to|for|attention|an|à|pour|destinataire|addressed\s+to|prepared\s+for|erstellt\s+für|adressée?\s+à|préparée?\s+pour)$/i;
const FROM_LABEL = /^(?:from|von|de|expéditeur|absender|prepared\s+by|erstellt\s+von|préparée?\s+par)$/i;
/** The end of an organisation's name: its legal form, in the forms of many countries. */
const ORG_END =
  /(?:\b(?:Inc|Ltd|Limited|LLC|LLP|LP|GmbH|AG|KG|SE|SA|SAS|SASU|SARL|SARLU|EURL|SAL|SAOC|Sàrl|SCRL|SPRL|SRL|BV|NV|plc|Oy|AB|AS|ApS|CC|eG|eGen|Ltée|Corp|Corporation|Company|Pte\.? Ltd|Sp\. z o\.o|S\.L|S\.A|S\.r\.l|S\.p\.A|B\.V|N\.V|K\.K|W\.L\.L|Co\.,? Ltd)\.?|\(Pty\) Ltd\.?|\bB\.S\.C\. \(c\)|\bS\.à r\.l\.|\binc\.)$/u;
const ORG_END_ANY_CASE = new RegExp(ORG_END.source, 'iu');
/** Whether a name looks like an organisation's (ends in a legal form); with `capitals`, "ISARTAL DATENDIENST GMBH" too. */
export const isOrganisation = (name: string, capitals = false): boolean => {
  const n = name.trim();
  // A letterhead in capitals ("KAROO SYSTEMS (PTY) LTD") ends in the same legal form.
  const cased = n === n.toUpperCase() ? n.replace(/\B\p{Lu}+/gu, (w) => w.toLowerCase()) : n;
  // In capitals the legal form's own case is lost: "MEUSE LOGICIELS SRL", "ISARTAL DATENDIENST GMBH".
  return (ORG_END.test(cased) || (capitals && cased !== n && ORG_END_ANY_CASE.test(n))) && /^[\p{Lu}0-9]/u.test(n);
};
const LEGAL_SUFFIX =
  /^(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|S\.A\.?|Lda\.?|Co\.?|plc|GmbH|AG|B\.V\.?|N\.V\.?|K\.K\.?|G\.K\.?|LLP|LP|L\.P\.|Pty\.?(?: Ltd\.?)?|Corp\.?|Corporation|S\.A\.S\.?|SARL|S\.r\.l\.|S\.p\.A\.|SpA|Oy|AB|AS|A\/S|SE|ULC)$/i;

const CUT =
  /\s+\((?!Pty\))|,?\s+(?:whose|having|residing|represented|located|with\s+a\s+place)\b|,\s+(?:a|an|the|with|organi[sz]ed|incorporated|duly|acting)\b/i;
/** The same cuts, but a parenthesis before a legal form stays part of the name: "Seabrook Trustees (Jersey) Limited". */
const KEEP_PAREN_CUT =
  /\s+\((?!Pty\))(?![^()]{1,40}\)\s+(?:Limited|Ltd\.?|LLC|Inc\.?|GmbH|AG|SA|SAS|SARL|SRL|BV|NV|plc)\b)|,?\s+(?:whose|having|residing|represented|located|with\s+a\s+place)\b|,\s+(?:a|an|the|with|organi[sz]ed|incorporated|duly|acting)\b/i;
/** Cuts descriptors and addresses off a party name: "Acme, Inc., a Delaware corporation" → "Acme, Inc.". */
export function cleanPartyName(raw: string, keepLegalParenthesis = false): string {
  let s = raw
    .replace(/\*+|__/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:between|by|and|with|the|entre|et|zwischen|und)\s+(?:(?:la|le|les|der|die|das|dem|den)\s+|l')?/i, '')
    .replace(/^[:,;\s]+/, '')
    // A lower-case article before a capitalised name is no part of it: "la Régie des Ports", "l'Intercommunale".
    .replace(/^(?:the|la|le|les|der|die|das|dem|den)\s+(?=\p{Lu})|^l['’](?=\p{Lu})/u, '');
  s = s.split(keepLegalParenthesis ? KEEP_PAREN_CUT : CUT)[0] ?? s;
  const parts = s.split(/,\s*/);
  let name = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    if (LEGAL_SUFFIX.test(part.trim())) name += `, ${part.trim()}`;
    else break;
  }
  return name.replace(/[,;:\s]+$/, '').trim();
}

/** A role word after its article: "The Client", "Le Prestataire", "Die Auftraggeberin", "L'Acheteur". */
const ARTICLE = /^(?:(?:the|le|la|les|der|die|das)\s+|l['’]\s*)/i;
const roleOfOne = (raw: string): 'client' | 'provider' | null => {
  const label = raw.replace(ARTICLE, '');
  return CLIENT.test(label) ? 'client' : PROVIDER.test(label) ? 'provider' : null;
};
/** The role a label names; a bilingual label ("Client / Auftraggeber") names it once per language, and must agree. */
export const roleOf = (label: string): 'client' | 'provider' | null => {
  if (!label.includes('/')) return roleOfOne(label);
  const roles = new Set(label.split('/').map((l) => roleOfOne(l.trim())));
  return roles.size === 1 ? ([...roles][0] ?? null) : null;
};

export interface Party {
  name: string;
  label: string;
  /** The role when it comes from where the name stands (an address block, a table column), not from a role label. */
  role?: 'client' | 'provider';
  /** Below 1 where the role is inferred. */
  confidence?: number;
  /** A short name with no role ("ci-après « TAI »"): it may take the role another party leaves, never one by order. */
  shortOnly?: boolean;
  start: number;
  end: number;
}

/**
 * Every party name the head of the document defines with a label, a role or a short name, in order: `Acme AG
 * ("Client")`, `BETWEEN: X ... (the "Company")`, `Client: Acme AG`, a table of roles. The rules pick the parties among
 * them (findParties); the party ranker (party-ranker.ts) takes them as candidates.
 */
export function partyMentions(head: string): Party[] {
  const defined: Party[] = [];
  for (const m of head.matchAll(
    /\((?:the\s+|le\s+|la\s+|l'|der\s+|die\s+|das\s+|hereinafter(?:\s+referred\s+to\s+as)?\s+|each\s+a\s+)?["“](?:the\s+)?(\p{L}[\p{L}'’ \n]{1,30})["”](?:\s+or\s+(?:the\s+)?["“](?:the\s+)?(\p{Lu}[\p{L} ]{1,30})["”])?[^)]{0,40}\)/gu,
  )) {
    // A label in lower case ("the customer") counts only as a role word, not as a short name.
    if (/^\p{Ll}/u.test(m[1] ?? '') && !roleOf(m[1] ?? '')) continue;
    const labels = [m[1] ?? '', m[2] ?? ''].map((l) => l.replace(/\s+/g, ' ')).filter(Boolean);
    const label = labels.find((l) => roleOf(l)) ?? labels[0] ?? '';
    if (SHORT_NOT_PARTY.test(label)) continue;
    const before = head.slice(Math.max(0, (m.index ?? 0) - 300), m.index ?? 0);
    const cut = lastBoundary(before);
    const name = cleanPartyName(before.slice(cut));
    if (name.length < 3 || !/[A-Z]/.test(name)) continue;
    defined.push({ name, label, start: (m.index ?? 0) - (before.length - cut), end: (m.index ?? 0) + m[0].length });
  }
  for (const m of head.matchAll(/,?\s*hereinafter(?:\s+referred\s+to\s+as)?\s+"(?:the\s+)?(\p{Lu}[\p{L} ]{1,30})"/gu)) {
    const label = m[1] ?? '';
    // "hereinafter "the Provider"" names a role; "ci-après « la Coopérative »" defines a short name, role unknown.
    const shortName = !NOT_A_PARTY.test(label) && !SHORT_NOT_PARTY.test(label);
    if ((!roleOf(label) && !shortName) || defined.some((d) => d.end >= (m.index ?? 0) && d.start <= (m.index ?? 0)))
      continue;
    const before = head.slice(Math.max(0, (m.index ?? 0) - 300), m.index ?? 0);
    const cut = lastBoundary(before);
    const name = cleanPartyName(before.slice(cut));
    if (name.length >= 3 && /[A-Z]/.test(name))
      defined.push({
        name,
        label,
        start: (m.index ?? 0) - (before.length - cut),
        end: (m.index ?? 0) + m[0].length,
        ...(roleOf(label) ? {} : { shortOnly: true }),
      });
  }
  for (const m of head.matchAll(/\((the\s+|le\s+|la\s+|l'|der\s+|die\s+|das\s+)?([A-Z][\p{L}']{3,20})\)/gu)) {
    const label = m[2] ?? '';
    // "(le Prestataire)" names a role; "(la Commune)", "(the Bank)" a short name, which the article marks as one.
    const shortName = !!m[1] && (m.index ?? 0) < 1000 && !NOT_A_PARTY.test(label);
    if ((!roleOf(label) && !shortName) || defined.some((d) => d.end >= (m.index ?? 0) && d.start <= (m.index ?? 0)))
      continue;
    const before = head.slice(Math.max(0, (m.index ?? 0) - 300), m.index ?? 0);
    const cut = lastBoundary(before);
    const name = cleanPartyName(before.slice(cut));
    if (name.length >= 3 && /[A-Z]/.test(name))
      defined.push({ name, label, start: (m.index ?? 0) - (before.length - cut), end: (m.index ?? 0) + m[0].length });
  }
  for (const m of head.matchAll(
    /^[ \t]*(?:[-*•|][ \t]*)?\**[ \t]*(\p{Lu}[\p{L}' ]{1,25}?(?:[ \t]*\/[ \t]*\p{Lu}[\p{L}' ]{1,25}?)?)[ \t]*\**[ \t]*(?::|\.{3,}|\t|\|)[ \t]*\**[ \t]*([^\n|]{3,120})/gmu,
  )) {
    const label = (m[1] ?? '').trim();
    let role = roleOf(label);
    const name = cleanPartyName(m[2] ?? '', true);
    // A table's header row ("| Customer | Provider |") holds labels, not names: tableParties reads it.
    if (roleOf(name)) continue;
    // "County: Harlan Crossing County", "| Board | Okavango Delta Water Board |": a label that is a word of the name it
    // labels is the party's short name, its role unknown.
    if (!role && (m.index ?? 0) < 1500 && isShortNameOf(label, name)) {
      defined.push({ name, label, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, shortOnly: true });
      continue;
    }
    // "To: Okabe Trading Co., Ltd." / "From: …" in a document's head: the addressee and the sender, when named as firms.
    if (!role && (m.index ?? 0) < 800 && isOrganisation(name))
      role = TO_LABEL.test(label) ? 'client' : FROM_LABEL.test(label) ? 'provider' : null;
    if (!role) continue;
    defined.push({
      name,
      label: roleOf(label) ? label : '',
      ...(roleOf(label) ? {} : { role, confidence: 0.7 }),
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    });
  }
  defined.push(...tableParties(head), ...rolesAfterNames(head));
  defined.sort((a, b) => a.start - b.start);
  return defined;
}

/** Party names defined with a label: `Acme AG ("Client")`, `BETWEEN: X ... (the "Company")`, or `Client: Acme AG`. */
export function findParties(ctx: RuleContext): {
  client: Found<string> | null;
  provider: Found<string> | null;
  providerLabel: string | null;
} {
  const head = ctx.current.slice(0, 2500);
  const defined = partyMentions(head);
  const role = (p: Party): 'client' | 'provider' | null => p.role ?? roleOf(p.label);
  let client = defined.find((p) => role(p) === 'client') ?? null;
  let provider = defined.find((p) => role(p) === 'provider' && p.name !== client?.name) ?? null;
  const others = defined.filter((p) => p !== client && p !== provider && role(p) === null);
  if (!client && provider && others[0]) client = others[0];
  if (!provider && client && others[0]) provider = others[0];
  // "between Pinecrest Senior Living, Inc. ("Pinecrest") and Halvorsen Lane LLC ("Halvorsen Lane")": the client is named
  // first, unless the sentence says the first one provides the services to the second.
  let byVerb = false;
  const byOrder = others.filter((p) => !p.shortOnly);
  if (!client && !provider && byOrder[0] && byOrder[1]) {
    [client, provider] = [byOrder[0], byOrder[1]];
    const between = head.slice(byOrder[0].end, byOrder[1].start);
    if (PROVIDES.test(between)) {
      [client, provider] = [byOrder[1], byOrder[0]];
      byVerb = true;
    }
  }
  // A letter's or quotation's head: the firm in the letterhead sends it (provider), the firm above "Attn:" receives it.
  const addressee = client ? null : addresseeOf(head);
  if (addressee) client = addressee;
  const letterhead = provider || !client ? null : letterheadOf(head, client.name);
  if (letterhead) provider = letterhead;
  const guessed = !roleOf(client?.label ?? '') && !roleOf(provider?.label ?? '');
  // Roles told by the order of naming only (no label says which is which) are a guess.
  const found = (p: Party | null): Found<string> | null =>
    p
      ? {
          value: mixedCase(p.name, ctx.current),
          start: p.start,
          end: p.end,
          ...(p.confidence !== undefined
            ? { confidence: p.confidence }
            : byVerb
              ? { confidence: 0.7 }
              : guessed || !roleOf(p.label)
                ? { confidence: 0.55 }
                : {}),
        }
      : null;
  return { client: found(client), provider: found(provider), providerLabel: provider?.label || null };
}

/** Between two parties' names: the first one provides the services to the second ("X will provide advisory services to Y"). */
const PROVIDES =
  /\b(?:will|shall|agrees?\s+to|is\s+to)\s+(?:provide|perform|deliver|render|supply)\b[^.]{0,120}?\b(?:to|for)\s*$/i;

/** A name written in capitals (a letterhead's "HARAKEKE DIGITAL LIMITED") as the document writes it elsewhere. */
export function mixedCase(name: string, text: string): string {
  if (name !== name.toUpperCase() || !/\p{Lu}{3}/u.test(name)) return name;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  for (const m of text.matchAll(new RegExp(escaped, 'giu'))) if (m[0] !== m[0].toUpperCase()) return m[0];
  return name;
}

/** The head's lines up to the first section heading after the title (at most 12 non-empty lines). */
function headLines(head: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let at = 0;
  for (const line of head.split('\n')) {
    const start = at;
    at += line.length + 1;
    if (!line.trim()) continue;
    if (out.length > 0 && /^\s*#{2,}/.test(line)) break;
    out.push({ text: line, start });
    if (out.length >= 12) break;
  }
  return out;
}

/** A line that is only a firm's name, perhaps bold or a heading, perhaps followed by its address. */
function firmOnLine(line: string, capitals = false): string | null {
  const bare = line
    .replace(/^\s*#+\s*/, '')
    .replace(/\*\*|__/g, '')
    .trim();
  // The name ends where its address or registration starts: ", 14 Bree Street", " · Level 4", " (UEN …)".
  const name = cleanPartyName(bare.split(/\s+[·|–—-]\s+|\s+\((?!Pty\))/)[0] ?? '');
  // Only a line that starts with the name: "Agreement between X LLC" or "**Between** X NV" is a sentence, not a letterhead.
  if (!bare.startsWith(name) || /\s(?:between|and|entre|et|zwischen|und)\s/i.test(name)) return null;
  return isOrganisation(name, capitals) && name.length <= 80 && !/:/.test(name) ? name : null;
}

/** The letterhead: the first firm named alone on a line of the head that no label claims. */
export function letterheadOf(head: string, other: string | null, capitals = false): Party | null {
  for (const { text, start } of headLines(head)) {
    if (/^\s*\**\s*[\p{L}' ]{2,30}\s*\**\s*:/u.test(text)) continue;
    const name = firmOnLine(text, capitals);
    if (name && name.toLowerCase() !== other?.toLowerCase())
      return { name, label: '', role: 'provider', confidence: 0.6, start, end: start + text.length };
  }
  return null;
}

/** The addressee: a firm named alone on a line followed by "Attn:", "Attention:", "z. Hd.", "À l'attention de". */
export function addresseeOf(head: string): Party | null {
  const lines = headLines(head);
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i] as { text: string; start: number };
    if (!/^\s*\**\s*(?:Attn\.?|Attention|z\.\s?Hd\.?|zu\s+Händen|À\s+l'attention)\b/i.test(lines[i + 1]?.text ?? ''))
      continue;
    const name = firmOnLine(line.text);
    if (name)
      return {
        name,
        label: '',
        role: 'client',
        confidence: 0.6,
        start: line.start,
        end: line.start + line.text.length,
      };
  }
  return null;
}

/** Whether a one-word label is a word of the name it labels ("County" of "Harlan Crossing County"). */
function isShortNameOf(label: string, name: string): boolean {
  if (!/^\p{Lu}\p{Ll}{2,}$/u.test(label) || NOT_A_PARTY.test(label) || name.length > 90) return false;
  const ws = name.split(/[\s,]+/);
  return ws.length >= 2 && /^[\p{Lu}0-9]/u.test(name) && ws.some((w) => w === label);
}

/**
 * Roles written after the name they label: a table row with the value first ("| Acme Ltd | Customer |"), a line that
 * ends in its role ("Acme GmbH, Hauptstraße 1 — Auftragnehmerin") and a role alone between dashes or in parentheses on
 * the line under a name's block ("– Auftraggeberin –").
 */
function rolesAfterNames(head: string): Party[] {
  const out: Party[] = [];
  let at = 0;
  let prev: { text: string; start: number } | null = null;
  for (const raw of head.split('\n')) {
    const start = at;
    at += raw.length + 1;
    // A list item's bullet is no part of the name ("- **Acme GmbH**, Dresden – „Auftraggeberin" –").
    const line = raw
      .replace(/\*\*|__/g, '')
      .trim()
      .replace(/^[-*•]\s+/, '');
    if (!line) continue;
    const push = (rawName: string, label: string, from: number) => {
      const name = cleanPartyName(rawName);
      if (name.length >= 3 && /^[\p{Lu}0-9]/u.test(name) && !roleOf(name))
        out.push({ name, label, start: from, end: start + raw.length });
    };
    const row = /^\|\s*([^|]{3,120}?)\s*\|\s*([\p{L}' /]{3,40}?)\s*\|$/u.exec(line);
    // The name part holds no dash of its own: two name lines run together ("A — Provider B — Client") are not one.
    const trailing =
      /^((?:(?![—–]|\s-\s).)*?\S)\s+[—–-]{1,2}\s*["„“”«»]?\s*([\p{L}' ]{3,30}?)\s*["„“”«»]?\s*[—–-]{0,2}$/u.exec(line);
    const alone = /^[—–-]{1,2}\s*["„“”«»]?\s*([\p{L}' ]{3,30}?)\s*["„“”«»]?\s*[—–-]{1,2}$/u.exec(line);
    if (row && roleOf((row[2] ?? '').trim())) push(row[1] ?? '', (row[2] ?? '').trim(), start);
    else if (trailing && roleOf((trailing[2] ?? '').trim())) push(trailing[1] ?? '', (trailing[2] ?? '').trim(), start);
    else if (alone && prev && roleOf((alone[1] ?? '').trim()))
      push(prev.text.replace(/\*\*|__/g, '').replace(/^\s*[-*•]\s+/, ''), (alone[1] ?? '').trim(), prev.start);
    prev = { text: raw, start };
  }
  return out;
}

/** A table whose header cells are role labels ("| Customer | Provider |"): the first data row holds the names. */
function tableParties(head: string): Party[] {
  const lines = head.split('\n');
  let at = 0;
  const starts = lines.map((l) => {
    const s = at;
    at += l.length + 1;
    return s;
  });
  for (let i = 0; i < lines.length; i++) {
    const cells = (lines[i] ?? '').split('|').map((c) => c.replace(/\*\*/g, '').trim());
    if (cells.filter(Boolean).length < 2 || !(lines[i] ?? '').includes('|')) continue;
    const roles = cells.map((c) => (c ? roleOf(c) : null));
    if (!roles.includes('client') || !roles.includes('provider')) continue;
    if (cells.some((c, k) => c && roles[k] === null)) continue;
    let j = i + 1;
    while (j < lines.length && /^[\s|:-]+$/.test(lines[j] ?? '')) j++;
    const row = (lines[j] ?? '').split('|').map((c) => c.trim());
    if (row.length !== cells.length) continue;
    const out: Party[] = [];
    row.forEach((cell, k) => {
      const r = roles[k];
      const name = cleanPartyName(cell);
      if (r && name.length >= 3 && /^[\p{Lu}0-9]/u.test(name))
        out.push({
          name,
          label: cells[k] ?? '',
          start: starts[j] ?? 0,
          end: (starts[j] ?? 0) + (lines[j] ?? '').length,
        });
    });
    return out;
  }
  return [];
}

export function lastBoundary(before: string): number {
  const candidates: number[] = [0];
  for (const m of before.matchAll(
    /\bbetween\s+|\bBETWEEN:\s*|\bAND:\s*|,?\s+and\s+|\bby\s+|\bretain\s+|\bengages?\s+|[ \t](?:to|for)\s+|\n\s*|:\s+|\.\s+|\s[—–]\s+/gi,
  )) {
    const i = m.index ?? 0;
    const at = i + m[0].length;
    // A party name starts with a capital (or a digit); "registered and records office" is no boundary.
    if (at < before.length && !/^[\p{Lu}0-9"“*]/u.test(before.slice(at, at + 1))) continue;
    // "Corp. (", "Ltd. (", "N.D. " and "Inc. (" end a name or initial; they are not sentence ends.
    if (
      m[0].startsWith('.') &&
      /\b(?:Inc|Ltd|Corp|Co|Lda|Pty|S\.A|B\.V|N\.V|K\.K|G\.K|L\.P|LLC|plc|No|Dr|Mr|Ms|Mrs|St|[A-Z])$/i.test(
        before.slice(Math.max(0, i - 5), i),
      )
    )
      continue;
    if (/^,?\s+and\s+$/i.test(m[0]) && /&\s*$/.test(before.slice(0, i))) continue;
    if (/^by\s/i.test(m[0]) && /represented\s+$/i.test(before.slice(0, i))) continue;
    // A line break is a boundary only after a title-like or finished line, not inside a wrapped sentence.
    if (m[0].startsWith('\n')) {
      const line = before.slice(before.lastIndexOf('\n', i - 1) + 1, i).trim();
      if (line.length >= 45 && !/[.:;)]$/.test(line)) continue;
    }
    candidates.push(at);
  }
  // The nearest boundary that still leaves a name (letters, not a registration number such as "DE 318 442 071").
  for (const at of candidates.reverse()) {
    const name = cleanPartyName(before.slice(at));
    if (/[A-Za-z]{2}/.test(name) && (name.match(/\p{L}/gu)?.length ?? 0) > (name.match(/\d/g)?.length ?? 0)) return at;
  }
  return 0;
}
