import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { err, ok, type Result } from '../../shared/result.ts';
import { isoDateOf, minorOf } from './amounts.ts';
import { MAX_STATEMENT_LINES, type ParsedStatement, type StatementLine, type StatementReadError } from './statement.ts';

/** Elements that repeat in camt.053 (any version 02 to 13): always read as lists, even when one is present. */
const REPEATED = new Set(['Stmt', 'Ntry', 'TxDtls', 'Ustrd', 'Strd', 'Bal', 'RfrdDocInf', 'NtryDtls']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Every value stays the text it is: amounts are never turned into JavaScript numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
  processEntities: true,
  htmlEntities: false,
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The child at a path of element names, or undefined; a list on the way is read at its first item. */
function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (Array.isArray(cur)) cur = cur[0];
    if (!isNode(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}
/** The text of an element (a bare string, or an element with attributes), trimmed; null when absent or empty. */
function text(v: unknown): string | null {
  if (Array.isArray(v)) v = v[0];
  const t = typeof v === 'string' ? v : isNode(v) && typeof v['#text'] === 'string' ? v['#text'] : null;
  return t && t.trim() ? t.trim() : null;
}
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const dateOf = (v: unknown): string | null => {
  const t = text(at(v, 'Dt')) ?? text(at(v, 'DtTm'));
  return t ? isoDateOf(t, 'YYYY-MM-DD') : null;
};
const noneIfNotProvided = (s: string | null) => (s && s.toUpperCase() !== 'NOTPROVIDED' ? s : null);

/** The party on the other side of a transaction: the debtor of a credit, the creditor of a debit (camt.053.001.02 and .08+ shapes). */
function counterparty(tx: unknown, direction: 'credit' | 'debit'): { name: string | null; account: string | null } {
  const [party, acct] = direction === 'credit' ? ['Dbtr', 'DbtrAcct'] : ['Cdtr', 'CdtrAcct'];
  const parties = at(tx, 'RltdPties');
  const name = text(at(parties, party, 'Nm')) ?? text(at(parties, party, 'Pty', 'Nm'));
  const account = text(at(parties, acct, 'Id', 'IBAN')) ?? text(at(parties, acct, 'Id', 'Othr', 'Id'));
  return { name, account: account ? account.replace(/\s+/g, '').toUpperCase() : null };
}

/** Remittance information as one text: unstructured lines, referred document numbers, creditor references, additional info. */
function remittanceOf(tx: unknown, entry: unknown): string | null {
  const rmt = at(tx, 'RmtInf');
  const parts: string[] = [];
  for (const u of list(at(rmt, 'Ustrd'))) {
    const t = text(u);
    if (t) parts.push(t);
  }
  for (const s of list(at(rmt, 'Strd'))) {
    for (const d of list(at(s, 'RfrdDocInf'))) {
      const nb = text(at(d, 'Nb'));
      if (nb) parts.push(nb);
    }
    const ref = text(at(s, 'CdtrRefInf', 'Ref'));
    if (ref) parts.push(ref);
  }
  const extra = text(at(tx, 'AddtlTxInf')) ?? text(at(entry, 'AddtlNtryInf'));
  if (extra) parts.push(extra);
  return parts.length ? parts.join(' | ').slice(0, 2000) : null;
}

/**
 * Reads an ISO 20022 camt.053 bank-to-customer statement (any version; namespaces ignored) into
 * statement lines. Only booked entries count (status BOOK); pending and information-only entries
 * are left out. An entry that batches several transactions, each with its own amount, becomes one
 * line per transaction, and their amounts must add up to the entry's. The bank reference of a line
 * is the transaction's account-servicer reference, else the entry's (with the transaction's
 * position for a batch), else the end-to-end id, else a hash of what the line says. A document
 * type declaration is refused (no statement has one; it is how entity-expansion attacks start).
 */
export function parseCamt053(xml: string): Result<ParsedStatement, StatementReadError> {
  const refuse = (message: string, at?: number) =>
    err({ code: 'BANK_STATEMENT_UNREADABLE' as const, message, ...(at ? { at } : {}) });
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    return refuse('the file declares a DOCTYPE or entities, which a camt.053 statement never does');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return refuse(`not well-formed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = parser.parse(xml) as Node;
  const statements = list(at(doc, 'Document', 'BkToCstmrStmt', 'Stmt'));
  if (statements.length === 0)
    return refuse('no Document/BkToCstmrStmt/Stmt element: this is not a camt.053 bank-to-customer statement');
  const lines: StatementLine[] = [];
  const ids: string[] = [];
  let account: string | null = null;
  let entryNo = 0;
  const seen = new Map<string, number>();
  for (const stmt of statements) {
    const id = text(at(stmt, 'Id'));
    if (id) ids.push(id);
    account ??= text(at(stmt, 'Acct', 'Id', 'IBAN')) ?? text(at(stmt, 'Acct', 'Id', 'Othr', 'Id'));
    const stmtCcy = text(at(stmt, 'Acct', 'Ccy'));
    for (const entry of list(at(stmt, 'Ntry'))) {
      entryNo++;
      const status = (text(at(entry, 'Sts', 'Cd')) ?? text(at(entry, 'Sts')) ?? 'BOOK').toUpperCase();
      if (status !== 'BOOK') continue;
      const ind = text(at(entry, 'CdtDbtInd'));
      if (ind !== 'CRDT' && ind !== 'DBIT')
        return refuse(`entry ${entryNo}: CdtDbtInd is "${ind ?? ''}", not CRDT or DBIT`, entryNo);
      const direction = ind === 'CRDT' ? 'credit' : 'debit';
      const amt = at(entry, 'Amt');
      const currency = (isNode(amt) ? text(amt['@Ccy']) : null) ?? stmtCcy;
      if (!currency) return refuse(`entry ${entryNo}: the amount has no currency (Amt/@Ccy)`, entryNo);
      const amountMinor = minorOf(text(amt) ?? '', currency);
      if (amountMinor === null || amountMinor <= 0n) {
        return refuse(
          `entry ${entryNo}: amount "${text(amt) ?? ''}" is not a positive amount in ${currency} (known currency, at most its decimals)`,
          entryNo,
        );
      }
      const bookedOn = dateOf(at(entry, 'BookgDt'));
      if (!bookedOn) return refuse(`entry ${entryNo}: no booking date (BookgDt/Dt)`, entryNo);
      const valueOn = dateOf(at(entry, 'ValDt'));
      const entryRef = text(at(entry, 'AcctSvcrRef')) ?? text(at(entry, 'NtryRef'));
      const txs = list(at(entry, 'NtryDtls')).flatMap((d) => list(at(d, 'TxDtls')));
      const split = txs.length > 1 && txs.every((t) => text(at(t, 'Amt')) ?? text(at(t, 'AmtDtls', 'TxAmt', 'Amt')));
      const parts = split ? txs : [txs[0]];
      let total = 0n;
      parts.forEach((tx, i) => {
        const txAmount = split
          ? minorOf(text(at(tx, 'Amt')) ?? text(at(tx, 'AmtDtls', 'TxAmt', 'Amt')) ?? '', currency)
          : amountMinor;
        total += txAmount ?? 0n;
        const cp = counterparty(tx, direction);
        const remittance = remittanceOf(tx, entry);
        const endToEndId = noneIfNotProvided(text(at(tx, 'Refs', 'EndToEndId')));
        const reversal = /^(true|1)$/i.test(text(at(entry, 'RvslInd')) ?? '');
        const rtr = at(tx, 'RtrInf');
        const returnInfo =
          reversal || rtr !== undefined
            ? {
                reversal,
                reasonCode: text(at(rtr, 'Rsn', 'Cd')) ?? text(at(rtr, 'Rsn', 'Prtry')),
                reason: text(at(rtr, 'AddtlInf')),
              }
            : null;
        const reference =
          text(at(tx, 'Refs', 'AcctSvcrRef')) ??
          (entryRef ? (split ? `${entryRef}/${i + 1}` : entryRef) : null) ??
          noneIfNotProvided(text(at(tx, 'Refs', 'EndToEndId'))) ??
          `H-${createHash('sha256').update([account, bookedOn, direction, txAmount, currency, cp.account, cp.name, remittance].join('|')).digest('hex').slice(0, 32)}`;
        // The same fallback twice in one file (two identical transfers the same day) stays two lines.
        const n = (seen.get(reference) ?? 0) + 1;
        seen.set(reference, n);
        lines.push({
          lineNo: lines.length + 1,
          bankReference: n > 1 ? `${reference}#${n}` : reference,
          direction,
          amountMinor: txAmount ?? 0n,
          currency,
          bookedOn,
          valueOn,
          counterpartyName: cp.name,
          counterpartyAccount: cp.account,
          remittance,
          endToEndId,
          returnInfo,
        });
      });
      if (split && total !== amountMinor)
        return refuse(`entry ${entryNo}: its transactions add up to another amount than the entry's`, entryNo);
      if (lines.some((l) => l.amountMinor <= 0n))
        return refuse(`entry ${entryNo}: a transaction amount is not a positive amount in ${currency}`, entryNo);
      if (lines.length > MAX_STATEMENT_LINES)
        return refuse(`more than ${MAX_STATEMENT_LINES} lines in one statement; split the file`);
    }
  }
  return ok({ format: 'camt053', statementId: ids.length ? ids.join(',') : null, account, lines });
}
