import { invoicesNamedIn, type OpenItem } from './cash-application.ts';

/** A client as the payer look-up knows it. */
export interface PayerClient {
  id: string;
  code: string;
  name: string;
}

/** What a bank line says about who paid. */
export interface PayerClues {
  counterpartyName: string | null;
  remittance: string | null;
  currency: string;
  /** The client an earlier line from the same payer account was recorded for, if any. */
  clientOfAccount: string | null;
}

const SUFFIXES = new Set([
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'kg',
  'bv',
  'nv',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'oy',
  'ab',
  'as',
  'pty',
  'the',
]);

/**
 * A company name reduced to what identifies it: lower case, accents and punctuation gone, legal
 * forms dropped.
 * @example normalizeName('ACME Widgets, Inc.') // 'acme widgets'
 * @example normalizeName('Müller GmbH & Co. KG') // 'muller'
 */
export function normalizeName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !SUFFIXES.has(w))
    .join(' ');
}

/**
 * Who paid a bank line, with why, or null with why not. In order: the open invoices the remittance
 * names (when they are all one client's), the client an earlier line from the same account was
 * recorded for, the one client whose name matches the payer's name (legal forms and punctuation
 * aside, or one containing the other).
 */
export function identifyPayer(
  clues: PayerClues,
  clients: readonly PayerClient[],
  items: readonly OpenItem[],
): { clientId: string | null; reason: string } {
  const named = invoicesNamedIn(
    clues.remittance,
    items.filter((i) => i.currency === clues.currency),
  );
  const owners = [...new Set(named.map((i) => i.clientId))];
  if (owners.length === 1) {
    return {
      clientId: owners[0]!,
      reason: `the remittance names ${named.map((i) => i.number).join(', ')} of ${named[0]!.clientCode}`,
    };
  }
  if (clues.clientOfAccount && clients.some((c) => c.id === clues.clientOfAccount)) {
    const c = clients.find((x) => x.id === clues.clientOfAccount)!;
    return { clientId: c.id, reason: `an earlier payment from the same account was ${c.code}'s` };
  }
  if (clues.counterpartyName) {
    const payer = normalizeName(clues.counterpartyName);
    const exact = payer ? clients.filter((c) => normalizeName(c.name) === payer) : [];
    if (exact.length === 1)
      return {
        clientId: exact[0]!.id,
        reason: `the payer "${clues.counterpartyName}" is ${exact[0]!.code} (${exact[0]!.name})`,
      };
    const loose =
      payer.length >= 4
        ? clients.filter((c) => {
            const n = normalizeName(c.name);
            return n.length >= 4 && (payer.includes(n) || n.includes(payer));
          })
        : [];
    if (exact.length === 0 && loose.length === 1)
      return {
        clientId: loose[0]!.id,
        reason: `the payer "${clues.counterpartyName}" resembles ${loose[0]!.code} (${loose[0]!.name})`,
      };
  }
  const why =
    owners.length > 1
      ? 'the remittance names invoices of several clients'
      : clues.counterpartyName
        ? `no client is called "${clues.counterpartyName}"`
        : 'the line names no payer';
  return {
    clientId: null,
    reason: `${why}, no invoice it names and no earlier payment from its account tell the client`,
  };
}
