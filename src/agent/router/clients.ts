/**
 * Which client a message means, matched against the firm's clients the person may see: by code, by name or the
 * first word of its name, case-insensitive, with one-letter typos on words of five letters or more. Pure: the
 * directory is given (answer-intent.ts reads it with clients_list for the person).
 */
import { editDistance } from './words.ts';

export interface ClientEntry {
  code: string;
  name: string;
}

export type ClientMatch =
  | { kind: 'one'; code: string }
  | { kind: 'several'; said: string; codes: string[] }
  | { kind: 'unknown'; said: string; near: string[] }
  | { kind: 'none' };

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
/** Legal forms and filler that do not tell clients apart. */
const FORMS = new Set(['inc', 'llc', 'ltd', 'plc', 'gmbh', 'ag', 'sa', 'nv', 'bv', 'kk', 'co', 'corp', 'the', 'and']);

/** The clients one said word or phrase names: exact code, else full or first word of the name, else one typo. */
export function clientsNamed(said: string, directory: readonly ClientEntry[]): ClientEntry[] {
  const s = said.trim().toLowerCase();
  if (!s) return [];
  const exact = directory.filter((c) => c.code.toLowerCase() === s);
  if (exact.length) return exact;
  const saidWords = words(s).filter((w) => !FORMS.has(w));
  if (saidWords.length === 0) return [];
  const byName = directory.filter((c) => {
    const name = words(c.name).filter((w) => !FORMS.has(w));
    // "kestrel", "kestrel retail", "Acme Logistics Inc": the said words start the name, or are all of it.
    return saidWords.every((w, i) => name[i] === w) && saidWords[0]!.length >= 3;
  });
  if (byName.length) return byName;
  if (s.length < 5) return [];
  return directory.filter(
    (c) =>
      editDistance(s, c.code.toLowerCase(), 1) === 1 ||
      (saidWords.length === 1 && editDistance(saidWords[0]!, words(c.name)[0] ?? '', 1) === 1),
  );
}

/** Clients whose code or name is close to a word: for "did you mean". */
function near(said: string, directory: readonly ClientEntry[]): string[] {
  const s = said.toLowerCase();
  return directory
    .filter(
      (c) =>
        editDistance(s, c.code.toLowerCase(), 2) <= 2 ||
        editDistance(s, words(c.name)[0] ?? '', 2) <= 2 ||
        (s.length >= 3 && (c.code.toLowerCase().startsWith(s) || c.name.toLowerCase().startsWith(s))),
    )
    .map((c) => c.code)
    .slice(0, 5);
}

/**
 * The client of a request. `said` is the word the message put where a client goes ("for kestrel", "chase ACME");
 * `mentions` are its other words that may name one ("how much does kestrel still owe"). A said word that names no
 * client is `unknown` (the router asks); mentions that name none are `none`; two clients named is `several`.
 */
export function matchClient(
  said: string | null,
  mentions: readonly string[],
  directory: readonly ClientEntry[],
): ClientMatch {
  if (said) {
    const found = clientsNamed(said, directory);
    const codes = [...new Set(found.map((c) => c.code))];
    if (codes.length === 1) return { kind: 'one', code: codes[0]! };
    if (codes.length > 1) return { kind: 'several', said, codes };
  }
  const fromMentions = new Set<string>();
  for (let i = 0; i < mentions.length; i++) {
    // Two words together first ("delta freight"), then one.
    const pair = i + 1 < mentions.length ? clientsNamed(`${mentions[i]} ${mentions[i + 1]}`, directory) : [];
    const found = pair.length === 1 ? pair : clientsNamed(mentions[i]!, directory);
    if (found.length === 1) fromMentions.add(found[0]!.code);
  }
  if (fromMentions.size === 1) return { kind: 'one', code: [...fromMentions][0]! };
  if (fromMentions.size > 1) return { kind: 'several', said: mentions.join(' '), codes: [...fromMentions] };
  if (said) return { kind: 'unknown', said, near: near(said, directory) };
  return { kind: 'none' };
}
