import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';

// Rate, ceiling and hours changes stated as before/after table rows or arrow lines, in English, German and French.
// Invented for the mechanism, not copied from any corpus document.
describe('changes read from before/after rows and arrow lines', () => {
  it.each([
    [
      'de, alte / neue Fassung',
      `# Nachtrag Nr. 2 zum Dienstvertrag DV-4

Dieser Nachtrag tritt am 01.03.2028 in Kraft.

| Ziffer | Regelung | alte Fassung | neue Fassung |
|---|---|---|---|
| § 5 | Stundensatz Testmanager/in | 120,00 € | 126,00 € |
| § 6 | Höchstbetrag der Vergütung | 90.000,00 € | 110.000,00 € |
`,
      ['rates[Testmanager/in] 120.00 -> 126.00 @2028-03-01', 'caps.not_to_exceed 90000.00 -> 110000.00 @2028-03-01'],
    ],
    [
      'fr, actuel / nouveau with a clause number in the label',
      `# Avenant n° 1 au contrat C-12

Le présent avenant prend effet le 1er avril 2028.

| Article | Actuel | Nouveau |
|---|---|---|
| 3.1 – TJM HT Cheffe de projet | 800,00 € | 840,00 € |
`,
      ['rates[Cheffe de projet] 800.00 -> 840.00 @2028-04-01'],
    ],
    [
      'en, current / revised with hours per month',
      `# Change Order 4 to SOW 22

Effective: 1 May 2028

| Term | Current | Revised |
|---|---|---|
| Data Engineer, per hour | NZ$ 210.00 | NZ$ 225.00 |
| Hours per month, at most | 300 | 360 |
`,
      ['rates[Data Engineer] 210.00 -> 225.00 @2028-05-01', 'caps.hours_per_period 300 -> 360 @2028-05-01'],
    ],
    [
      'en, arrows',
      `# Change Order 7 to SOW 9

Effective: 1 June 2028

Changed terms:

- Tester day rate: USD 640.00 -> USD 690.00
- Ceiling price: USD 90,000.00 → USD 104,000.00
`,
      ['rates[Tester] 640.00 -> 690.00 @2028-06-01', 'caps.not_to_exceed 90000.00 -> 104000.00 @2028-06-01'],
    ],
  ])('%s', (_name, text, want) => {
    const changes = changesOf(text);
    for (const w of want) expect(changes).toContain(w);
  });
});
