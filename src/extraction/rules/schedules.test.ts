import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Payment schedules whose columns or list items are named in words the rules do not know. Written
// for the mechanism (content-typed columns, shares that make the whole, name-first lists), not
// copied from any corpus document.
const milestones = (text: string) =>
  extractWithRules(text).terms.milestones.map((m) => [m.name, m.amount, m.percent, m.dueDate]);

describe('payment schedules read by what their columns hold', () => {
  it('reads a table whose headers name no milestone, because its shares make the whole', () => {
    const text = [
      'Statement of Work',
      'The price is fixed at USD 50,000.00.',
      '',
      '| Ref | What has to happen | Portion | Expected by | USD |',
      '|---|---|---|---|---|',
      '| A1 | Kick-off held | 20% | 2 March 2027 | 10,000.00 |',
      '| A2 | Pilot accepted | 50% | 4 May 2027 | 25,000.00 |',
      '| A3 | Roll-out signed off | 30% | 6 July 2027 | 15,000.00 |',
    ].join('\n');
    expect(milestones(text)).toEqual([
      ['Kick-off held', '10000.00', 20, '2027-03-02'],
      ['Pilot accepted', '25000.00', 50, '2027-05-04'],
      ['Roll-out signed off', '15000.00', 30, '2027-07-06'],
    ]);
  });

  it('takes a column of row numbers for numbering, not for the amount, whatever its header', () => {
    const text = [
      'Festpreisvereinbarung',
      'Die Vergütung wird in Raten gezahlt:',
      '',
      '| Rate | Anlass | Betrag (netto) |',
      '|---|---|---|',
      '| 1 | Projektstart | 12.000,00 € |',
      '| 2 | Abnahme | 18.000,00 € |',
    ].join('\n');
    expect(milestones(text).map(([name, amount]) => [name, amount])).toEqual([
      ['Projektstart', '12000.00'],
      ['Abnahme', '18000.00'],
    ]);
  });

  it('does not take a rate card for a schedule, even right after a fixed price', () => {
    const text = [
      'Statement of Work',
      'Phase one is a fixed price of GBP 20,000.00 payable in instalments on acceptance.',
      '',
      '| Role | Day rate |',
      '|---|---|',
      '| Delivery lead | GBP 1,100.00 |',
      '| Engineer | GBP 850.00 |',
    ].join('\n');
    expect(milestones(text)).toEqual([]);
  });
});

describe('payment schedules written as lists, name first', () => {
  it('reads bullets with the amount, the share and the date after the name', () => {
    const text = [
      'Work order',
      'Fixed price of $40,000.00, paid as follows:',
      '',
      '- Design approved: $10,000.00 (25%), expected on 15 January 2027;',
      '- System accepted: $30,000.00 (75%), expected on 30 April 2027.',
    ].join('\n');
    expect(milestones(text)).toEqual([
      ['Design approved', '10000.00', 25, '2027-01-15'],
      ['System accepted', '30000.00', 75, '2027-04-30'],
    ]);
  });

  it('reads numbered items separated by dashes, in French', () => {
    const text = [
      'Contrat de prestation',
      'Les honoraires forfaitaires sont payables comme suit :',
      '',
      '1. Remise du cahier des charges — 40 % — prévu le 2027-02-01',
      '2. Réception définitive — 60 % — prévu le 2027-06-01',
    ].join('\n');
    expect(milestones(text)).toEqual([
      ['Remise du cahier des charges', null, 40, '2027-02-01'],
      ['Réception définitive', null, 60, '2027-06-01'],
    ]);
  });

  it('does not take a list of percentages that neither make a whole nor follow a schedule', () => {
    const text = [
      'Terms',
      'The following adjustments apply to all invoices:',
      '',
      '- Early payment discount: 2%',
      '- Late payment interest: 8%',
    ].join('\n');
    expect(milestones(text)).toEqual([]);
  });
});
