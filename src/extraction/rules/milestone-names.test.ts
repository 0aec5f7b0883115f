import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { extractWithRules } from './extract-rules.ts';
import { tidyMilestone } from './milestone-names.ts';
import { textDocument } from '../text/document-text.ts';

// Written for the mechanism, not copied from a corpus document.
const milestones = (text: string) => extractWithRules(text).terms.milestones;

describe('milestone names as the schedule means them', () => {
  it('drops a note that a schedule row is new from the name (fr)', () => {
    const text = `# Avenant n° 3 au contrat de prestations CP-12

Date d'effet : 1er mars 2031

L'échéancier de paiement est modifié comme suit :

| Jalon | Montant HT | Échéance |
|---|---|---|
| Cartographie | 30 000,00 € | 30 avril 2031 |
| Formation des agents (nouveau) | 6 500,00 € | 30 juin 2031 |
`;
    const names = milestones(text).map((m) => m.name);
    expect(names).toContain('Formation des agents');
    expect(names.some((n) => /nouveau/.test(n))).toBe(false);
  });

  it("takes an amount a flattened row left after the name as the amount, and drops a cell's dash", () => {
    const ctx = buildContext(textDocument('Payment schedule (USD)\n'));
    expect(
      tidyMilestone(ctx, { name: 'Pilot report 18,400.00', amount: null, percent: null, dueDate: '2031-05-14' }),
    ).toEqual({
      name: 'Pilot report',
      amount: '18400.00',
      percent: null,
      dueDate: '2031-05-14',
    });
    expect(tidyMilestone(ctx, { name: 'Go-live —', amount: '9000.00', percent: null, dueDate: null }).name).toBe(
      'Go-live',
    );
    // A number that is part of the name stays: "Phase 2", "Release 3.1".
    expect(tidyMilestone(ctx, { name: 'Release 3.1', amount: '500.00', percent: null, dueDate: null }).name).toBe(
      'Release 3.1',
    );
  });
});
