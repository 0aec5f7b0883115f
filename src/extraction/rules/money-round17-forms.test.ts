import { describe, expect, it } from 'vitest';
import { findSupersededSpans } from './context.ts';
import { extractWithRules } from './extract-rules.ts';

// Caps, rates, order numbers and late fees in forms round seventeen's rules did not read. Written for the
// mechanism in our own words, not copied from any corpus document.
const terms = (text: string) => extractWithRules(text).terms;
const caps = (text: string) =>
  terms(text).caps.map((c) => ({ kind: c.kind, amount: c.amount ?? null, period: c.period }));
const rates = (text: string) => terms(text).rates.map((r) => ({ role: r.role, amount: r.amount, unit: r.unit }));

describe('caps stated per period, withdrawn or in key tables', () => {
  it('reads a period stated before the verb as "in any one calendar month"', () => {
    expect(caps('Support charges in any one calendar month shall not exceed USD 12,500.00.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '12500.00', period: 'month' },
    ]);
  });

  it('reads an hours cap whose period is an adverb, and not as money', () => {
    expect(caps('Les travaux supplémentaires ne peuvent dépasser 45 heures par trimestre.\n')).toEqual([
      { kind: 'hours_per_period', amount: '45', period: 'quarter' },
    ]);
    expect(caps('Extra work shall not exceed 30 hours quarterly.\n')).toEqual([
      { kind: 'hours_per_period', amount: '30', period: 'quarter' },
    ]);
  });

  it('reads the new hours of a changed hours limit', () => {
    expect(
      caps('(1) Weekly support hours cap - was 80 hours per calendar month, becomes 120 hours per calendar month.\n'),
    ).toEqual([{ kind: 'hours_per_period', amount: '120', period: 'month' }]);
  });

  it('drops a ceiling the sentence withdraws and keeps the one put in its place', () => {
    expect(
      caps('The fee ceiling of $75,000.00 is withdrawn. Instead, fees shall not exceed $98,000.00 in total.\n'),
    ).toEqual([{ kind: 'not_to_exceed', amount: '98000.00', period: null }]);
  });

  it('reads a German limit as a noun, replaced by a new one', () => {
    expect(
      caps('Die Begrenzung von 50.000,00 € wird aufgehoben und durch eine Gesamtbegrenzung von 65.000,00 € ersetzt.\n'),
    ).toEqual([{ kind: 'not_to_exceed', amount: '65000.00', period: null }]);
  });

  it('reads a cap under a heading that names it', () => {
    expect(caps('## 3. Begrenzung\n\nPro Kalendermonat werden höchstens 8.400,00 € abgerechnet.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '8400.00', period: 'month' },
    ]);
  });

  it('reads a key table whose value cell comes before its label', () => {
    const table = '| Value | Meaning |\n|---|---|\n| $48,000.00 | Not-to-exceed amount for the project |\n';
    expect(caps(table)).toEqual([{ kind: 'not_to_exceed', amount: '48000.00', period: null }]);
  });
});

describe('rates by header meaning', () => {
  it('reads a rate table with a notes column left empty in some rows', () => {
    const table = [
      'Contrat de prestations entre la Société et le Prestataire.',
      '',
      'Les prestations sont facturées aux taux suivants :',
      '',
      '| Niveau | Intervenant | Taux horaire HT | Remarques |',
      '|---|---|---|---|',
      '| 1 | Architecte logiciel | 120,00 € | |',
      '| 2 | Testeuse | 64,00 € | sur site uniquement |',
      '',
    ].join('\n');
    expect(rates(table)).toEqual([
      { role: 'Architecte logiciel', amount: '120.00', unit: 'hour' },
      { role: 'Testeuse', amount: '64.00', unit: 'hour' },
    ]);
  });

  it('reads a before/after row whose cells name the unit and whose label is the role alone', () => {
    const table = [
      'Amendment No. 2',
      '',
      '| Clause | Current wording | New wording |',
      '|---|---|---|',
      '| 4 – Data Steward | 70.00 EUR per hour | 75.00 EUR per hour |',
      '',
    ].join('\n');
    expect(rates(table)).toEqual([{ role: 'Data Steward', amount: '75.00', unit: 'hour' }]);
  });
});

describe('rates in sentences and lists', () => {
  it('reads the role of a rate that rises, written with lower-case words', () => {
    const text =
      'Change Order 3\n\n2. For hours worked from March 1, 2029 the hourly rate of the Test Analyst rises to $120.00.\n';
    expect(rates(text)).toEqual([{ role: 'Test Analyst', amount: '120.00', unit: 'hour' }]);
  });

  it('gives each clause of a changed-rate sentence its own role and amount', () => {
    const text = [
      'Avenant n° 2 au contrat de prestations entre la Société et le Prestataire.',
      '',
      "1. Le taux horaire de l'Architecte réseau et sécurité est porté à 150,00 € HT ; celui du Technicien est maintenu à 80,00 € HT.",
      '',
    ].join('\n');
    expect(rates(text)).toEqual([
      { role: 'Architecte réseau et sécurité', amount: '150.00', unit: 'hour' },
      { role: 'Technicien', amount: '80.00', unit: 'hour' },
    ]);
  });

  it('reads the start a rate line gives after "beginning"', () => {
    const text = 'Change Order 4\n\n- Business Analyst hourly rate: $140.00 beginning 03/01/2029 (was $132.00).\n';
    expect(terms(text).rates.map((r) => [r.role, r.amount, r.effectiveFrom])).toEqual([
      ['Business Analyst', '140.00', '2029-03-01'],
    ]);
  });

  it('masks a replaced amount with a decimal comma whole ("anstelle von 920,00 EUR")', () => {
    const text =
      'Ab dem 01.06.2029 gilt ein Tagessatz von 980,00 EUR anstelle von 920,00 EUR. Sonst bleibt alles gleich.';
    expect(findSupersededSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['anstelle von 920,00 EUR']);
  });

  it('reads a list of rates whose intro wraps over a line break', () => {
    const text = [
      'Contrat de prestations entre la Société et le Prestataire pour la maintenance.',
      '',
      'Les interventions hors forfait sont facturées aux taux',
      'horaires suivants :',
      '',
      '- Architecte cloud : 140,00 € HT',
      '- Technicienne réseau : 75,00 € HT',
      '',
    ].join('\n');
    expect(rates(text)).toEqual([
      { role: 'Architecte cloud', amount: '140.00', unit: 'hour' },
      { role: 'Technicienne réseau', amount: '75.00', unit: 'hour' },
    ]);
  });
});

describe('order numbers and late fees', () => {
  it('reads a key table whose number comes before its label, cells apart by a tab', () => {
    expect(terms('Start\t01/02/2029\nKX-PO-5521\tCity purchase order\n').poNumber).toBe('KX-PO-5521');
  });

  it('reads the new number of a changed order in a currently/changed-to table', () => {
    const table = [
      '| Item | Currently | Changed to |',
      '|---|---|---|',
      '| Purchase order | PO-1180-A | PO-2291-B (new budget year) |',
      '',
    ].join('\n');
    expect(terms(table).poNumber).toBe('PO-2291-B');
  });

  it('reads late-payment penalties stated with a French or German word for delay', () => {
    const french =
      'Les factures sont payables à 30 jours. Tout retard de règlement entraîne des pénalités de 2 % par mois.\n';
    expect(terms(french).lateFee).toEqual({ percent: 2, period: 'month' });
  });
});
