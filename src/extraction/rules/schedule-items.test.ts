import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';
import { scheduleItemParts } from './milestones.ts';
import { findMoney } from './money.ts';

// Fifth round: a schedule item read by what its parts hold (share, money, marked date, event), and money in more
// national forms. Written for the mechanism, not copied from any corpus document.
describe('schedule items by what their parts hold', () => {
  it('takes the event after its preposition, not the instalment word', () => {
    expect(scheduleItemParts('Teilzahlung – 40 % (9.600,- €) nach Freigabe des Konzepts', 'eu', 'dmy')).toEqual({
      name: 'Freigabe des Konzepts',
      amount: '9600',
      percent: 40,
      dueDate: null,
    });
  });

  it('reads the amount after "soit" and the date after its marker, in any order', () => {
    expect(
      scheduleItemParts("30 % à l'installation du serveur, prévue le 2028-04-03, soit 7 500,00 $;", 'eu', 'dmy'),
    ).toEqual({
      name: 'installation du serveur',
      amount: '7500.00',
      percent: 30,
      dueDate: '2028-04-03',
    });
    expect(scheduleItemParts('Pilot signed off (target 9 June 2028) — 45% — R 90 000,00', 'eu', 'dmy')).toEqual({
      name: 'Pilot signed off',
      amount: '90000.00',
      percent: 45,
      dueDate: '2028-06-09',
    });
  });

  it('returns nothing for an item without a share or an amount', () => {
    expect(scheduleItemParts('Kick-off workshop at the client site', 'en', 'mdy')).toBeNull();
  });

  it('fills amounts and due dates of a whole list schedule', () => {
    const text =
      '# Proposal\n\nThe fixed price is 40.000,00 € and is paid as follows:\n\n- 25% (10.000,00 €) at the kick-off of the project;\n- 75% (30.000,00 €) at the go-live, foreseen for 14/09/2028.\n';
    expect(extractWithRules(text).terms.milestones).toEqual([
      { name: 'kick-off of the project', amount: '10000.00', percent: 25, dueDate: null },
      { name: 'go-live', amount: '30000.00', percent: 75, dueDate: '2028-09-14' },
    ]);
  });
});

describe('money in more national forms', () => {
  const money = (s: string, style: 'en' | 'eu' = 'en') => findMoney(s, style).map((m) => [m.currency, m.amount]);

  it('reads the rand before grouped amounts only', () => {
    expect(money('a fee of R 2 450 000,00 in total', 'eu')).toEqual([['ZAR', '2450000.00']]);
    expect(money('deposit R48,500.00 due')).toEqual([['ZAR', '48500.00']]);
    expect(money('release R2 ships in May')).toEqual([]);
  });

  it('reads a dash for the cents before a suffix currency, and suffix-only symbols', () => {
    expect(money('Festpreis 12.500,- € netto', 'eu')).toEqual([['EUR', '12500']]);
    expect(money('cena 3 200,00 zł netto', 'eu')).toEqual([['PLN', '3200.00']]);
    expect(money('sazba 1 450,- Kč za hodinu', 'eu')).toEqual([['CZK', '1450']]);
  });
});

// Sixth round: list items whose figures come before the event, and lettered items ("a)").
describe('list schedules with the figures first', () => {
  const milestones = (text: string) =>
    extractWithRules(text).terms.milestones.map((m) => [m.name, m.amount, m.percent, m.dueDate]);
  it('reads an item that starts with its amount and share', () => {
    expect(
      milestones(
        'The price is paid in three instalments:\n\n- $12,000.00 (30%) on signature of this order;\n- $16,000.00 (40%) on delivery of the prototype, expected by 14 May 2027;\n- $12,000.00 (30%) on final acceptance.\n',
      ),
    ).toEqual([
      ['signature of this order', '12000.00', 30, null],
      ['delivery of the prototype', '16000.00', 40, '2027-05-14'],
      ['final acceptance', '12000.00', 30, null],
    ]);
  });
  it('reads a lettered list that starts with the share', () => {
    expect(
      milestones(
        'Payment:\n\na) 40% – 8.000,00 € – upon kick-off;\nb) 60% – 12.000,00 € – on go-live, foreseen for 30/09/2027.\n',
      ),
    ).toEqual([
      ['kick-off', '8000.00', 40, null],
      ['go-live', '12000.00', 60, '2027-09-30'],
    ]);
  });
  it('does not read a list of prices or of rates that is no schedule', () => {
    expect(milestones('Options:\n\n- $1,200.00 for a training day;\n- $300.00 for a manual.\n')).toEqual([]);
    expect(
      milestones(
        'Additional work is invoiced at:\n\n- 900,00 EUR HTVA par jour pour un architecte ;\n- 700,00 EUR HTVA par jour pour un ingénieur.\n',
      ),
    ).toEqual([]);
  });
});
