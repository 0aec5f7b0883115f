import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Several rates in one sentence: each amount takes the role named just before it in its own clause.
// Written for the mechanism, not copied from any corpus document.
const rates = (text: string) => extractWithRules(text).terms.rates.map((r) => [r.role, r.amount, r.unit]);

describe('rates enumerated in one sentence', () => {
  it('gives each amount the role of its own clause, in English', () => {
    expect(
      rates(
        'Work order\nTime is billed monthly. A Lead Surveyor is charged at USD 210.00 per hour, a Surveyor at USD 160.00 per hour and a Drafting Technician at USD 95.00 per hour.\n',
      ),
    ).toEqual([
      ['Lead Surveyor', '210.00', 'hour'],
      ['Surveyor', '160.00', 'hour'],
      ['Drafting Technician', '95.00', 'hour'],
    ]);
  });

  it('shares the unit a German enumeration states once', () => {
    expect(
      rates(
        'Leistungsschein\nMehraufwand wird zu folgenden Tagessätzen vergütet: Projektleiterin 1.250,00 €, Datenanalyst 990,00 € (jeweils netto je Personentag).\n',
      ),
    ).toEqual([
      ['Projektleiterin', '1250.00', 'day'],
      ['Datenanalyst', '990.00', 'day'],
    ]);
  });

  it('keeps French roles as written, after "celui d’un"', () => {
    expect(
      rates(
        "Contrat de prestation\nLes prestations sont facturées au temps passé. Le taux journalier de l'auditeur principal est fixé à 1 300,00 € HT ; celui d'un auditeur assistant à 690,00 € HT.\n",
      ).map(([role, amount]) => [role, amount]),
    ).toEqual([
      ['auditeur principal', '1300.00'],
      ['auditeur assistant', '690.00'],
    ]);
  });

  it('leaves an expense cap in the sentence alone', () => {
    const got = rates(
      'Statement of Work\nThe analyst is billed at $140 per hour, and travel expenses are capped at $3,000.\n',
    );
    expect(got.map(([, amount]) => amount)).not.toContain('3000.00');
    expect(got.map(([, amount]) => amount)).toContain('140.00');
  });
});
