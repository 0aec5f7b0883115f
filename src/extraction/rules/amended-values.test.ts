import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';
import { roleAtLineStart } from './line-role.ts';

// Round eighteen: values an amendment states that the readers missed. Written for the mechanisms.
const rates = (text: string) => extractWithRules(text).terms.rates.map((r) => [r.role, r.amount, r.unit] as const);
const tiers = (text: string) =>
  extractWithRules(text).terms.usageTiers.map((t) => [t.from, t.upTo, t.unitPrice] as const);

describe('old and new leads before a rate', () => {
  it('takes the label before the leads as the role, in three languages', () => {
    expect(roleAtLineStart('- Lead Developer: Old: USD 140.00 per hour; New: ')?.role).toBe('Lead Developer');
    expect(roleAtLineStart('- Beraterin: Alt: 140,00 € pro Stunde – Neu: ')?.role).toBe('Beraterin');
    expect(roleAtLineStart('- Chef de projet : Ancien : 900,00 € HT par jour ; Nouveau : ')?.role).toBe(
      'Chef de projet',
    );
  });
  it('never reads a lead as the role, and keeps only the new amount as the rate', () => {
    const got = rates(
      'Amendment No. 1\n\n- Lead Developer: Old: USD 140.00 per hour; New: USD 150.00 per hour\n- Analyst: Old: USD 100.00 per hour; New: USD 110.00 per hour\n',
    );
    expect(got.map(([role]) => role)).toEqual(['Lead Developer', 'Analyst']);
    expect(got.map(([, amount]) => amount)).toEqual(['150.00', '110.00']);
  });
  it('takes the role from the line above where the leads start their lines', () => {
    const got = rates(
      'Amendment No. 1\n\nEffective 1 May 2026 the hourly rate of the Lead Developer changes.\nOld: USD 140.00 per hour\nNew: USD 150.00 per hour\n',
    );
    expect(got).toEqual([['Lead Developer', '150.00', 'hour']]);
  });
  it('leaves a line without leads as it was', () => {
    expect(roleAtLineStart('Lead – ')?.role).toBe('Lead');
    expect(roleAtLineStart('- Senior Consultant: ')?.role).toBe('Senior Consultant');
  });
});

describe('a rate stated through a pronoun clause', () => {
  it('inherits the rate noun of the clause before, in three languages', () => {
    const fr = rates(
      "Avenant n° 1\n\n2. Le taux horaire de l'Ingénieur réseau passe de 18 500 KMF à 19 500 KMF ; celui du Technicien est maintenu à 11 000 KMF.\n",
    );
    expect(fr).toContainEqual(['Technicien', '11000', 'hour']);
    const en = rates(
      'Amendment No. 1\n\nThe hourly rate of the Lead Developer rises from USD 140 to USD 150 per hour; that of the Analyst rises to USD 120.\n',
    );
    expect(en).toContainEqual(['Analyst', '120.00', 'hour']);
  });
  it('reads nothing where the pronoun clause states no amount', () => {
    const got = rates(
      "Avenant n° 1\n\n- Le taux de l'Ingénieur système passe de 95,00 € HT à 99,00 € HT de l'heure ; celui du Technicien ne change pas.\n",
    );
    expect(got.map(([role]) => role)).not.toContain('Technicien');
  });
});

describe('bands an amendment restates', () => {
  it('reads bands from the second on, at the price in force', () => {
    const got = tiers(
      "Avenant n° 1\n\n1. Le prix unitaire HT du palier B (10'001 à 50'000 jetons) passe de CHF 0.060 à CHF 0.055.\n2. Le prix unitaire HT du palier C (dès 50'001 jetons) passe de CHF 0.042 à CHF 0.036.\n",
    );
    expect(got).toEqual([
      [10001, 50000, '0.055'],
      [50001, null, '0.036'],
    ]);
  });
  it('still requires a price list that restates nothing to start at the first unit', () => {
    expect(
      tiers('Prices:\n- from 5,001 to 25,000 checks: USD 0.25 per check\n- over 25,000 checks: USD 0.16 per check\n'),
    ).toEqual([]);
  });
});
