import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';
import { findProposedChanges, rewordedSpans } from './proposed-change.ts';

describe('clauses given a new wording', () => {
  it('reads the new value from the quoted wording and the old from a "Previously" sentence (en)', () => {
    const changes = changesOf(`# Amendment No. 3 to Statement of Work SOW-4410

This Amendment takes effect on 1 May 2029.

Clause 4.1 of the Statement of Work is amended to read as follows:

"The Supplier shall invoice no more than 140 hours per calendar month."

Previously, the limit was 100 hours per calendar month.
`);
    expect(changes).toEqual(['caps.hours_per_period 100 -> 140 @2029-05-01']);
  });

  it('reads "erhält folgende Fassung" and a "Bisher" sentence (de)', () => {
    const changes = changesOf(`# Nachtrag Nr. 2 zum Dienstleistungsvertrag DV-2029-7

Dieser Nachtrag tritt am 01.06.2029 in Kraft.

§ 3 Abs. 1 des Vertrags erhält folgende Fassung:

„Der Tagessatz für den Senior Berater beträgt 1.080,00 EUR."

Bisher betrug der Tagessatz 990,00 EUR.
`);
    expect(changes).toEqual(['rates[Senior Berater] 990.00 -> 1080.00 @2029-06-01']);
  });

  it('ends a wording on the announcing line with that line, so a later date is no change (en)', () => {
    const changes = changesOf(`# Amendment No. 1 to Service Agreement SA-77

1. Section 6.2 is amended to read: "The Client shall pay each invoice within forty-five (45) days of receipt." This replaces the previous period of thirty (30) days.
2. This Amendment is effective on 1 March 2029.
`);
    expect(changes.some((c) => c.startsWith('effectiveDate'))).toBe(false);
  });

  it('finds the block after an announcement in three languages, never past a heading', () => {
    for (const text of [
      'Clause 2 is hereby amended as follows:\n\n- the fee is X.\n\n## Next',
      'Ziffer 2 wird wie folgt geändert:\n\n- die Gebühr ist X.\n\n## Weiter',
      "L'article 2 est modifié comme suit :\n\n- la redevance est X.\n\n## Suite",
    ]) {
      const [span] = rewordedSpans(text);
      expect(text.slice(span?.start, span?.end).replace(/^\s*:\s*/, '')).toMatch(/^- \S+ \S+ \S+ X\.$/);
    }
  });
});

describe('change sentences in German order', () => {
  it('reads "von A auf B" without another change verb in the sentence', () => {
    expect(
      changesOf(`# Nachtrag Nr. 1 zum Vertrag V-2029-3

Dieser Nachtrag tritt am 01.02.2030 in Kraft.

Das Kostendach wird von CHF 100'000.– auf CHF 125'000.– (exkl. MWST) gesetzt.
`),
    ).toContain('caps.not_to_exceed 100000.00 -> 125000.00 @2030-02-01');
  });

  it('reads an extended term whose old end is in a relative clause and the verb comes last', () => {
    expect(
      changesOf(`# Nachtrag Nr. 1 zum Vertrag V-2029-3

Dieser Nachtrag tritt am 01.02.2030 in Kraft.

Die Laufzeit, die am 30.06.2030 enden würde, wird bis zum 31.12.2030 verlängert.
`),
    ).toContain('endDate 2030-06-30 -> 2030-12-31 @2030-02-01');
  });

  it('takes the role after the rate word, in a sentence and in a change table row', () => {
    const changes = changesOf(`# Nachtrag Nr. 4 zum Einzelauftrag EA-2029-12

Dieser Nachtrag tritt am 01.03.2030 in Kraft.

Der Stundensatz für die Funktion Datenarchitektin wird von 150,00 EUR auf 158,00 EUR erhöht.

| Position | bisherige Regelung | neue Regelung |
|---|---|---|
| Stundensatz Testmanagement | 120,00 € | 126,00 € |
`);
    expect(changes).toContain('rates[Datenarchitektin] 150.00 -> 158.00 @2030-03-01');
    expect(changes).toContain('rates[Testmanagement] 120.00 -> 126.00 @2030-03-01');
  });

  it('takes a rate change’s own start after "on and after"', () => {
    expect(
      changesOf(`# Change Order 7 to SOW-2029-01

This Change Order is effective on 1 July 2029.

The hourly rate for the Lead Tester increases from $150.00 to $160.00 for hours worked on and after September 15, 2029.
`),
    ).toContain('rates[Lead Tester] 150.00 -> 160.00 @2029-09-15');
  });
});
