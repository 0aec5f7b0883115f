import { describe, expect, it } from 'vitest';
import { findProposedChanges } from '../changes/proposed-change.ts';
import { textDocument } from '../text/document-text.ts';
import { extractWithRules } from './extract-rules.ts';
import { findMoney } from './money.ts';

const amounts = (text: string) => findMoney(text, 'en').map((m) => [m.currency, m.amount]);

describe('three-decimal amounts: the Tunisian DT and space-grouped dinars', () => {
  it('reads DT with its millimes whatever the number style detected', () => {
    expect(amounts('Taux journalier : 720,000 DT')).toEqual([['TND', '720.000']]);
    expect(amounts('Forfait : 3 180,250 DT HT')).toEqual([['TND', '3180.250']]);
    expect(amounts('Timbre fiscal : 1,000 DT')).toEqual([['TND', '1.000']]);
  });
  it('reads thousands grouped by spaces before a comma as millimes for a three-decimal code', () => {
    expect(amounts('TND 2 640,500')).toEqual([['TND', '2640.500']]);
    expect(amounts('KWD 1,250.500')).toEqual([['KWD', '1250.500']]);
  });
  it('reads a Tunisian contract in dinars: its monthly fee, rates and cap', () => {
    const t = extractWithRules(
      [
        '# Contrat de maintenance n° CM-SFX-2030-02',
        '',
        '1. Redevance mensuelle : 3 180,250 DT HT.',
        '2. Hors forfait, au taux horaire HT :',
        '   - Administrateur réseau : 88,000 DT',
        '   - Technicien : 47,500 DT',
        '',
        '   Le plafond mensuel des interventions hors forfait est de 2 500,000 DT HT.',
        '',
        'Fait à Sfax, le 3 janvier 2030.',
      ].join('\n'),
    ).terms;
    expect(t.currency).toBe('TND');
    expect(t.recurringFee).toMatchObject({ amount: '3180.250', period: 'month' });
    expect(t.rates.map((r) => [r.amount, r.unit])).toEqual([
      ['88.000', 'hour'],
      ['47.500', 'hour'],
    ]);
    expect(t.milestones).toEqual([]);
    expect(t.caps).toEqual([expect.objectContaining({ kind: 'not_to_exceed', amount: '2500.000', period: 'month' })]);
  });
  it('pairs a sentence naming the previous fee with the new one, as one change', () => {
    const text = [
      '# Avenant n° 2',
      '',
      "L'article 4 est modifié : le Client verse une redevance mensuelle de 3 400,000 DT HT.",
      "La redevance précédente s'élevait à 3 180,250 DT HT.",
    ].join('\n');
    const doc = textDocument(text);
    const changes = findProposedChanges(doc, extractWithRules(doc).terms).filter(
      (c) => c.field === 'recurringFee.amount',
    );
    expect(changes.map((c) => [c.from, c.to])).toEqual([['3180.250', '3400.000']]);
  });
});
