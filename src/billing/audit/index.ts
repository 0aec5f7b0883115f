export { canonicalJson, toJsonValue, type CanonicalValue, type JsonValue } from './canonical-json.ts';
export { GENESIS_HASH, type AuditEntry, type AuditRow, type ChainHead } from './audit-row.ts';
export { canonicaliseRow, chainRow, hashRow, type HashedFields } from './hash-row.ts';
export { verifyChain, type ChainBreak, type ChainSummary, type TamperKind } from './verify-chain.ts';
export type { AuditTrail } from './audit-port.ts';
