import type { Found, RuleContext } from './context.ts';

const CLIENT =
  /^(?:client|customer|company|buyer|purchaser|licensee|reit|employer|government|agency|principal|owner|authority|contracting authority|auftraggeber(?:in)?|kunde|kundin|besteller(?:in)?|mandant|donneur d'ordre|bénéficiaire|acheteur)$/i;
const PROVIDER =
  /^(?:consultant|contractor|provider|service provider|supplier|vendor|seller|cro|advisor|adviser|firm|agent|licensor|integrator|partner|auftragnehmer(?:in)?|anbieter(?:in)?|dienstleister(?:in)?|lieferant(?:in)?|unternehmer(?:in)?|berater(?:in)?|prestataire|mandataire|titulaire|fournisseur)$/i;
const LEGAL_SUFFIX =
  /^(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|S\.A\.?|Lda\.?|Co\.?|plc|GmbH|AG|B\.V\.?|N\.V\.?|K\.K\.?|G\.K\.?|LLP|LP|L\.P\.|Pty\.?(?: Ltd\.?)?|Corp\.?|Corporation|S\.A\.S\.?|SARL|S\.r\.l\.|S\.p\.A\.|SpA|Oy|AB|AS|A\/S|SE|ULC)$/i;

/** Cuts descriptors and addresses off a party name: "Acme, Inc., a Delaware corporation" → "Acme, Inc.". */
export function cleanPartyName(raw: string): string {
  let s = raw
    .replace(/\*+|__/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:between|by|and|with|the)\s+/i, '')
    .replace(/^[:,;\s]+/, '');
  s =
    s.split(
      /\s+\((?!Pty\))|,?\s+(?:whose|having|residing|represented|located|with\s+a\s+place)\b|,\s+(?:a|an|the|with|organi[sz]ed|incorporated|duly|acting)\b/i,
    )[0] ?? s;
  const parts = s.split(/,\s*/);
  let name = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    if (LEGAL_SUFFIX.test(part.trim())) name += `, ${part.trim()}`;
    else break;
  }
  return name.replace(/[,;:\s]+$/, '').trim();
}

const roleOf = (label: string): 'client' | 'provider' | null =>
  CLIENT.test(label) ? 'client' : PROVIDER.test(label) ? 'provider' : null;

interface Party {
  name: string;
  label: string;
  start: number;
  end: number;
}

/** Party names defined with a label: `Acme AG ("Client")`, `BETWEEN: X ... (the "Company")`, or `Client: Acme AG`. */
export function findParties(ctx: RuleContext): {
  client: Found<string> | null;
  provider: Found<string> | null;
  providerLabel: string | null;
} {
  const head = ctx.current.slice(0, 2500);
  const defined: Party[] = [];
  for (const m of head.matchAll(
    /\((?:the\s+|hereinafter(?:\s+referred\s+to\s+as)?\s+|each\s+a\s+)?["“](?:the\s+)?([A-Z][A-Za-z ]{1,30})["”](?:\s+or\s+(?:the\s+)?["“](?:the\s+)?([A-Z][A-Za-z ]{1,30})["”])?[^)]{0,40}\)/g,
  )) {
    const labels = [m[1] ?? '', m[2] ?? ''].filter(Boolean);
    const label = labels.find((l) => roleOf(l)) ?? labels[0] ?? '';
    if (/^(?:agreement|effective date|services?|sow|amendment|parties|party|term|fee|work product)$/i.test(label))
      continue;
    const before = head.slice(Math.max(0, (m.index ?? 0) - 300), m.index ?? 0);
    const cut = lastBoundary(before);
    const name = cleanPartyName(before.slice(cut));
    if (name.length < 3 || !/[A-Z]/.test(name)) continue;
    defined.push({ name, label, start: (m.index ?? 0) - (before.length - cut), end: (m.index ?? 0) + m[0].length });
  }
  for (const m of head.matchAll(/,?\s*hereinafter(?:\s+referred\s+to\s+as)?\s+"(?:the\s+)?([A-Z][A-Za-z ]{1,30})"/g)) {
    const label = m[1] ?? '';
    if (!roleOf(label) || defined.some((d) => d.end >= (m.index ?? 0) && d.start <= (m.index ?? 0))) continue;
    const before = head.slice(Math.max(0, (m.index ?? 0) - 300), m.index ?? 0);
    const cut = lastBoundary(before);
    const name = cleanPartyName(before.slice(cut));
    if (name.length >= 3 && /[A-Z]/.test(name))
      defined.push({ name, label, start: (m.index ?? 0) - (before.length - cut), end: (m.index ?? 0) + m[0].length });
  }
  for (const m of head.matchAll(/\((?:the\s+)?([A-Z][\p{L}']{3,20})\)/gu)) {
    const label = m[1] ?? '';
    if (!roleOf(label) || defined.some((d) => d.end >= (m.index ?? 0) && d.start <= (m.index ?? 0))) continue;
    const before = head.slice(Math.max(0, (m.index ?? 0) - 300), m.index ?? 0);
    const cut = lastBoundary(before);
    const name = cleanPartyName(before.slice(cut));
    if (name.length >= 3 && /[A-Z]/.test(name))
      defined.push({ name, label, start: (m.index ?? 0) - (before.length - cut), end: (m.index ?? 0) + m[0].length });
  }
  for (const m of head.matchAll(
    /^[ \t]*(?:[-*•|][ \t]*)?\**[ \t]*([A-Z][\p{L}' ]{2,25}?)[ \t]*\**[ \t]*(?::|\.{3,}|\t|\|)[ \t]*\**[ \t]*([^\n|]{3,120})/gmu,
  )) {
    if (!roleOf(m[1] ?? '')) continue;
    defined.push({
      name: cleanPartyName(m[2] ?? ''),
      label: m[1] ?? '',
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    });
  }
  defined.sort((a, b) => a.start - b.start);
  let client = defined.find((p) => roleOf(p.label) === 'client') ?? null;
  let provider = defined.find((p) => roleOf(p.label) === 'provider') ?? null;
  const others = defined.filter((p) => p !== client && p !== provider && roleOf(p.label) === null);
  if (!client && provider && others[0]) client = others[0];
  if (!provider && client && others[0]) provider = others[0];
  // "between Pinecrest Senior Living, Inc. ("Pinecrest") and Halvorsen Lane LLC ("Halvorsen Lane")": the client is named first.
  if (!client && !provider && others[0] && others[1]) [client, provider] = [others[0], others[1]];
  const guessed = !roleOf(client?.label ?? '') && !roleOf(provider?.label ?? '');
  // Roles told by the order of naming only (no label says which is which) are a guess.
  const found = (p: Party | null): Found<string> | null =>
    p
      ? { value: p.name, start: p.start, end: p.end, ...(guessed || !roleOf(p.label) ? { confidence: 0.55 } : {}) }
      : null;
  return { client: found(client), provider: found(provider), providerLabel: provider ? provider.label : null };
}

function lastBoundary(before: string): number {
  const candidates: number[] = [0];
  for (const m of before.matchAll(
    /\bbetween\s+|\bBETWEEN:\s*|\bAND:\s*|,?\s+and\s+|\bby\s+|\bretain\s+|\bengages?\s+|\n\s*|:\s+|\.\s+/gi,
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
  // The nearest boundary that still leaves a name.
  for (const at of candidates.reverse()) if (/[A-Za-z]{2}/.test(cleanPartyName(before.slice(at)))) return at;
  return 0;
}
