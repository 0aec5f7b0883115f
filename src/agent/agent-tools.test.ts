import { describe, expect, it } from 'vitest';
import { ROLES, type Principal, type Role } from '../policy/roles.ts';
import { ALL_TOOLS } from '../tools/registry.ts';
import { toolsFor, whyNotForAgent } from './agent-tools.ts';

const person = (...roles: Role[]): Principal => ({ userId: 'p-1', roles, entityIds: null });

describe('toolsFor', () => {
  it("never gives the agent a decision entry, whatever the person's roles", () => {
    const all = toolsFor(person(...ROLES.filter((r) => r !== 'agent')));
    expect(all.filter((t) => t.risk === 'decision')).toEqual([]);
    expect(ALL_TOOLS.some((t) => t.risk === 'decision')).toBe(true);
  });

  it('gives no entry whose input a model cannot be told as JSON: an upload takes a file, through the API or the CLI', () => {
    const clerk = person('billing_clerk');
    const upload = ALL_TOOLS.find((t) => t.name === 'documents_upload')!;
    expect(whyNotForAgent(upload, clerk)).toMatch(/takes a file/);
    expect(toolsFor(clerk).map((t) => t.name)).not.toContain('documents_upload');
    expect(toolsFor(clerk).map((t) => t.name)).toContain('documents_apply_terms');
  });

  it('gives a read-only auditor no write', () => {
    expect(toolsFor(person('auditor')).filter((t) => t.risk !== 'read')).toEqual([]);
  });

  it('gives a clerk the invoice writes the agent may ask for, and not payments, which it never records', () => {
    const names = toolsFor(person('billing_clerk')).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['invoices_list', 'invoices_show', 'invoices_submit', 'invoices_void']),
    );
    expect(names).not.toContain('payments_record');
    expect(names).not.toContain('invoices_approve');
  });

  it('gives no read the person may not read themselves', () => {
    const collector = toolsFor(person('collector'));
    for (const t of collector.filter((x) => x.risk === 'read')) expect(t.readers, t.name).toContain('collector');
  });

  it('gives a collector their worklist, the reminder sequences and the dispute risk, and not the audit trail', () => {
    const names = toolsFor(person('collector')).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['collections_worklist', 'dunning_policy_show', 'invoices_dispute_risk']),
    );
    expect(names).not.toContain('audit_list');
    expect(names).not.toContain('collections_summary');
  });

  it('gives an auditor the audit trail, job failures and documents, and a controller the collections digest', () => {
    expect(toolsFor(person('auditor')).map((t) => t.name)).toEqual(
      expect.arrayContaining(['audit_list', 'job_failures_list', 'documents_show', 'documents_search']),
    );
    expect(toolsFor(person('controller')).map((t) => t.name)).toEqual(
      expect.arrayContaining(['collections_summary', 'audit_list']),
    );
    expect(toolsFor(person('account_manager')).map((t) => t.name)).not.toContain('audit_list');
  });

  it('gives whoever reads payments the cash-application suggestions, and a project manager not', () => {
    for (const role of ['collector', 'billing_clerk', 'controller', 'auditor'] as const)
      expect(
        toolsFor(person(role)).map((t) => t.name),
        role,
      ).toContain('payments_suggest_application');
    expect(toolsFor(person('project_manager')).map((t) => t.name)).not.toContain('payments_suggest_application');
  });

  it('says why an entry is withheld', () => {
    expect(whyNotForAgent(ALL_TOOLS.find((t) => t.name === 'approvals_grant')!, person('controller'))).toMatch(
      /never the copilot/,
    );
  });
});
