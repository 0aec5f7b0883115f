import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round twenty's rate forms, invented for the mechanism (not copied from any corpus document): roles and amounts after
// a clause saying the work is billed by the hour or the day, and rate cards with a date or an "up to" column.
const rates = (text: string) =>
  extractWithRules(text)
    .terms.rates.map((r) => [r.role, r.amount, r.unit])
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
const byAmount = (want: string[][]) => [...want].sort((a, b) => String(a[1]).localeCompare(String(b[1])));

describe('rates after a clause that bills per hour or per day', () => {
  it.each([
    [
      'en, in a sentence',
      '# Statement of Work\n\n2. Fees. Services are billed per hour: Analyst 90.00 USD; Architect 140.00 USD.\n',
      [
        ['Analyst', '90.00', 'hour'],
        ['Architect', '140.00', 'hour'],
      ],
    ],
    [
      'fr, one a line',
      "# Contrat de prestations\n\n3. Prestations. Elles sont facturées à l'heure :\n\n- opérateur : 55,00 EUR HT ;\n- architecte réseau : 99,00 EUR HT.\n",
      [
        ['architecte réseau', '99.00', 'hour'],
        ['opérateur', '55.00', 'hour'],
      ],
    ],
    [
      'de, in a sentence',
      '# Dienstleistungsvertrag\n\n§ 3 Die Leistungen werden pro Tag abgerechnet: Beraterin 980,00 EUR; Entwickler 760,00 EUR.\n',
      [
        ['Beraterin', '980.00', 'day'],
        ['Entwickler', '760.00', 'day'],
      ],
    ],
  ])('%s', (_name, text, want) => {
    expect(rates(text)).toEqual(byAmount(want));
  });
});

describe('rate cards with a validity or an upper-bound column', () => {
  it.each([
    [
      'de, Euro/Std. and a date column',
      '# Vertrag\n\n| Gruppe | Euro/Std. netto | Einsatz bis |\n|---|---|---|\n| Testleitung | 121,00 | 31.12.2031 |\n| Tester | 88,50 | 31.12.2031 |\n',
      [
        ['Testleitung', '121.00', 'hour'],
        ['Tester', '88.50', 'hour'],
      ],
    ],
    [
      'fr, a cap of days beside the people',
      '# Contrat\n\n| Intervenant | Prix de journée HT | Plafond de jours |\n|---|---|---|\n| Architecte | 910,00 € | 12 |\n| Testeur | 530,00 € | 40 |\n',
      [
        ['Architecte', '910.00', 'day'],
        ['Testeur', '530.00', 'day'],
      ],
    ],
  ])('%s', (_name, text, want) => {
    expect(rates(text)).toEqual(byAmount(want));
  });
});
