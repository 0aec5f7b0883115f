import { z } from 'zod';
import { clientInputSchema } from '../../billing/inputs/contract-bundle.ts';
import {
  invoicesKeptByMove,
  lockClients,
  moveContractsWithClient,
  moveUnissuedInvoicesWithClient,
  type InvoiceKept,
  type InvoiceMovedFacts,
} from '../../db/stores/contract-moves.ts';
import { draftReference } from '../../db/stores/invoice-queries.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { getClient } from '../../db/stores/master-data-queries.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import type { ActionOf } from '../../policy/actions.ts';
import type { MovingInvoice } from '../../policy/moving-invoices.ts';
import { moneyView } from '../policy-gate/context.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import {
  bundleOf,
  unknownReference,
  writeUnderPolicy,
  type UnknownReference,
} from '../master-data/write-under-policy.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { billingDetails, clientView, clientViewSchema } from './client-view.ts';

export const upsertClientOutputSchema = z.object({
  created: z.boolean().describe('True when the client is new, false when an existing one was updated'),
  client: clientViewSchema,
});

export const clientsUpsert = defineTool({
  name: 'clients_upsert',
  description:
    "Creates a client, or updates the one with this code. A new client needs no approval; changing an existing client's billing contacts, " +
    'delivery channel, credit limit, account manager or legal entity (which decides the account it pays into) is ' +
    'client.change_billing_details, which the approval matrix has a second person approve (a move like a bank-account change: ' +
    'a finance admin by default): the first call answers APPROVAL_REQUIRED and writes nothing; once approved, the same call writes. ' +
    "Moving takes the client's contracts along (invoices billed under them afterwards are the new entity's), and its drafts " +
    'and invoices pending approval (approved again, level by level, in the new entity); approved and issued invoices keep ' +
    "their entity and number. It needs both entities in your scope, and in the approver's. Audited as client.create or client.update.",
  input: clientInputSchema,
  output: upsertClientOutputSchema,
  risk: 'write',
  policyAction: 'client.change_billing_details',
  handler: async (
    ctx,
    body,
  ): Promise<Result<z.output<typeof upsertClientOutputSchema>, UnknownReference | ScopeError | GateError>> => {
    const entityId = (await legalEntityCodes(ctx.db)).idByCode.get(body.legalEntity);
    if (!entityId) return err(unknownReference('legalEntity', 'legal entity', body.legalEntity));
    // Until the call commits: a contract written for this client meanwhile (contracts_upsert, the bundle) waits for the
    // move, then lands in the new entity, instead of staying behind in the old one (READ COMMITTED).
    await lockClients(ctx.db, [body.code]);
    const before = await getClient(ctx.db, body.code);
    // The entity it goes to and the one it leaves: a person limited to some entities moves clients only among them.
    for (const e of [entityId, before?.client.legalEntityId])
      if (e !== undefined && !actorMayTouch(ctx.actor, e)) return err(outOfScopeError(e));
    // A move takes the client's contracts along, in the same savepoint: what is billed afterwards is the new entity's.
    // Its invoices not yet numbered (draft, pending approval) follow, each at a new revision (approved again in the new
    // entity); approved ones already carry the old entity's number and stay, as do the follow-ons (a late fee, a
    // supplementary invoice) of invoices the old entity issued; the audit row names both.
    let movedContracts: string[] = [];
    let movedInvoices: InvoiceMovedFacts[] = [];
    let keptInvoices: InvoiceKept[] = [];
    const written = await writeUnderPolicy(ctx, {
      kind: 'client',
      read: (db) => getClient(db, body.code),
      write: async (db) => {
        const was = await getClient(db, body.code);
        await upsertBundle(db, bundleOf({ clients: [body] }));
        if (was && was.client.legalEntityId !== entityId) {
          movedContracts = await moveContractsWithClient(db, was.client.id);
          movedInvoices = await moveUnissuedInvoicesWithClient(db, was.client.id, ctx.now);
          keptInvoices = await invoicesKeptByMove(db, was.client.id, was.client.legalEntityId);
        }
      },
      guarded: billingDetails,
      guard: (after, was, is): ActionOf<'client.change_billing_details'> => ({
        type: 'client.change_billing_details',
        target: { kind: 'client', id: after.client.id },
        // A move binds the contracts and the unnumbered invoices it takes along, as its approvers are shown them: one
        // more contract, or an invoice added, gone or changed by the retry, is another move, asked again (re-listed).
        args:
          was.legalEntity.code === is.legalEntity.code
            ? { before: was, after: is }
            : {
                before: was,
                after: is,
                contracts: movedContracts,
                ...(movedInvoices.length > 0 ? { invoices: movedInvoices.map(movingInvoice) } : {}),
              },
      }),
      entityOf: (r) => r.client.legalEntityId,
      idOf: (r) => r.client.id,
      // The audit row's after of a move names every contract and invoice it took along (the decision's reason lists
      // five contracts), and the approved invoices the old entity numbered, which stay.
      view: (r) =>
        r.client.legalEntityId === entityId && before !== null && before.client.legalEntityId !== entityId
          ? {
              ...clientView(r),
              ...(movedContracts.length > 0 ? { contractsMoved: movedContracts } : {}),
              ...(movedInvoices.length > 0
                ? { invoicesMoved: movedInvoices.map(({ id, status, revision }) => ({ id, status, revision })) }
                : {}),
              ...(keptInvoices.length > 0 ? { invoicesKept: keptInvoices } : {}),
            }
          : clientView(r),
    });
    return written.ok ? ok({ created: written.value.created, client: clientView(written.value.after) }) : written;
  },
});

/** A moved invoice as the move's approvers are shown it (and its approval is bound to). */
const movingInvoice = (i: InvoiceMovedFacts): MovingInvoice => ({
  id: i.id,
  reference: draftReference(i.id),
  status: i.status,
  total: moneyView(i.totalMinor, i.currency).amount,
  currency: i.currency,
  dueDate: i.dueDate,
  paymentTermsDays: i.paymentTermsDays,
});
