import { describe, expect, it } from 'vitest';
import { columnMeaning, namesMilestone } from './columns.ts';
import { extractWithRules } from './extract-rules.ts';
import { findTablesIn } from './tables.ts';

// Round fourteen: tables read by what their headers mean, in English, German and French. Written for the
// mechanism (a milestone column beside a deliverable column, a share without its sign, a target-date column
// that opens with an event, a price before the volume, a current and a new price), not for any one document.
const milestones = (text: string) =>
  extractWithRules(text).terms.milestones.map((m) => [m.name, m.amount, m.percent, m.dueDate] as const);
const tiers = (text: string) =>
  extractWithRules(text).terms.usageTiers.map((t) => [t.from, t.upTo, t.unitPrice] as const);

describe('column meanings', () => {
  it.each([
    ['Payment milestone', 'name'],
    ['Zahlungsmeilenstein', 'name'],
    ['Jalon de paiement', 'name'],
    ['Milestone amount', 'amount'],
    ['Échéance', 'date'],
    ['Date cible', 'date'],
    ['Anteil', 'percent'],
    ['Part', 'percent'],
  ])('%s is the %s column', (header, meaning) => {
    expect(columnMeaning(header)).toBe(meaning);
  });
  it('tells the milestone column from a deliverable or service column', () => {
    expect(namesMilestone('Payment milestone')).toBe(true);
    expect(namesMilestone('Jalon')).toBe(true);
    expect(namesMilestone('Leistung')).toBe(false);
    expect(namesMilestone('Deliverable')).toBe(false);
    expect(namesMilestone('Monthly events')).toBe(false);
  });
});

describe('milestone tables by header meaning', () => {
  it.each([
    [
      'en',
      'The fixed price is USD 50,000.00, invoiced at these milestones:\n\n| # | Deliverable | Payment milestone | Target date | % | Amount (USD) |\n|---|---|---|---|---|---|\n| 1 | Design pack | Design approved | May 15, 2029 | 40 | 20,000.00 |\n| 2 | Live system | Go-live | August 31, 2029 | 60 | 30,000.00 |\n',
      [
        ['Design approved', '20000.00', 40, '2029-05-15'],
        ['Go-live', '30000.00', 60, '2029-08-31'],
      ],
    ],
    [
      'de',
      'Der Festpreis beträgt 80.000,00 € netto und wird in Raten fällig:\n\n| Nr. | Leistung | Zahlungsmeilenstein | Anteil | Betrag | Termin |\n|---|---|---|---|---|---|\n| 1 | Konzept | Konzept abgenommen | 25 % | 20.000,00 € | 31.03.2029 |\n| 2 | Software | Abnahme erteilt | 75 % | 60.000,00 € | 30.09.2029 |\n',
      [
        ['Konzept abgenommen', '20000.00', 25, '2029-03-31'],
        ['Abnahme erteilt', '60000.00', 75, '2029-09-30'],
      ],
    ],
    [
      'fr',
      'Le prix forfaitaire est de 60 000,00 € HT, facturé par jalon :\n\n| Livrable | Jalon | Part | Montant HT | Date cible |\n|---|---|---|---|---|\n| Plan | Démarrage | 20 % | 12 000,00 € | à la signature |\n| Logiciel | Recette | 50 % | 30 000,00 € | 30 juin 2029 |\n| Production | Mise en service | 30 % | 18 000,00 € | 30 octobre 2029 |\n',
      [
        ['Démarrage', '12000.00', 20, null],
        ['Recette', '30000.00', 50, '2029-06-30'],
        ['Mise en service', '18000.00', 30, '2029-10-30'],
      ],
    ],
    [
      'fr, Échéance',
      'Le prix global est de USD 100 000,00 hors taxes, payé par tranches :\n\n| Tranche | Montant (USD) | % | Échéance |\n|---|---|---|---|\n| Avance | 30 000,00 | 30 | à la signature du contrat |\n| Livraison | 70 000,00 | 70 | 31 mars 2029 |\n',
      [
        ['Avance', '30000.00', 30, null],
        ['Livraison', '70000.00', 70, '2029-03-31'],
      ],
    ],
    [
      'en, amount first, due on an event',
      'The Contract Price is USD 90,000.00, paid as follows:\n\n| Amount (USD) | Milestone | Due |\n|---|---|---|\n| 9,000.00 | Kick-off | on signature of the Contract |\n| 81,000.00 | Handover | 15 May 2029 |\n',
      [
        ['Kick-off', '9000.00', null, null],
        ['Handover', '81000.00', null, '2029-05-15'],
      ],
    ],
  ])('%s', (_, text, want) => {
    expect(milestones(text)).toEqual(want);
  });
});

describe('milestones restated in prose', () => {
  it.each([
    [
      'en',
      '1. The milestone "Pilot live" is moved from 31 March 2029 to 30 April 2029; its amount rises from USD 10,000.00 to USD 12,000.00.\n2. The milestone "Final acceptance" is postponed from 30 June 2029 to 31 July 2029 (amount unchanged: USD 8,000.00).\n',
      [
        ['Pilot live', '12000.00', null, '2029-04-30'],
        ['Final acceptance', '8000.00', null, '2029-07-31'],
      ],
    ],
    [
      'de',
      '1. Der Zahlungsmeilenstein „Testbetrieb" wird vom 31.03.2029 auf den 30.04.2029 verschoben; sein Betrag steigt von 10.000,00 € auf 12.000,00 €.\n2. Der Zahlungsmeilenstein „Abnahme" wird vom 30.06.2029 auf den 31.07.2029 verschoben.\n',
      [
        ['Testbetrieb', '12000.00', null, '2029-04-30'],
        ['Abnahme', null, null, '2029-07-31'],
      ],
    ],
    [
      'fr',
      '2.1 Le jalon "Recette" est reporté du 31 mars 2029 au\n    30 avril 2029 (montant inchangé : 10 000,00 € HT).\n2.2 Le jalon "Mise en service" est reporté du 30 juin 2029 au 31 juillet 2029.\n',
      [
        ['Recette', '10000.00', null, '2029-04-30'],
        ['Mise en service', null, null, '2029-07-31'],
      ],
    ],
    [
      'fr, the new date before the old one, the amount in the next sentence',
      "Article 1 — L'échéance de la tranche « Livraison » est fixée au 30 juin 2029 au lieu du 30 avril 2029. Son montant est porté de 40 000 000 FCFA à 45 000 000 FCFA hors taxes.\n\nArticle 2 — L'échéance de la tranche « Réception » est fixée au 30 septembre 2029 au lieu du 31 juillet 2029.\n",
      [
        ['Livraison', '45000000', null, '2029-06-30'],
        ['Réception', null, null, '2029-09-30'],
      ],
    ],
    [
      'de, "statt am"',
      '§ 1. Der Meilenstein „Schnittstelle“ wird statt am 31.03.2029 am 31.05.2029 fällig; sein Betrag erhöht sich von 20.000,00 € auf 25.000,00 €.\n\n§ 2. Der Meilenstein „Endabnahme“ wird statt am 30.04.2029 am 30.06.2029 fällig.\n',
      [
        ['Schnittstelle', '25000.00', null, '2029-05-31'],
        ['Endabnahme', null, null, '2029-06-30'],
      ],
    ],
  ])('%s', (_, text, want) => {
    expect(milestones(text)).toEqual(want);
  });
});

describe('milestone tables with before and after columns', () => {
  it('reads the after column of a date and of an amount', () => {
    expect(
      milestones(
        "Le calendrier des jalons est modifié comme suit :\n\n| Jalon | Montant HT avant | Montant HT après | Échéance avant | Échéance après |\n|---|---|---|---|---|\n| Rapport | CHF 10'000.00 | CHF 12'000.00 | 28.02.2029 | 30.04.2029 |\n| Bilan | CHF 8'000.00 | CHF 8'000.00 | 30.06.2029 | 31.08.2029 |\n",
      ),
    ).toEqual([
      ['Rapport', '12000.00', null, '2029-04-30'],
      ['Bilan', '8000.00', null, '2029-08-31'],
    ]);
  });
});

describe('table headers as a PDF text layer gives them', () => {
  it('joins a header wrapped over lines back into one', () => {
    const text =
      'réglé comme suit :\nTranche\tPourcentag\ne\nMontant HT (FCFA)\tÉchéance\nAvance\t20 %\t2 000 000\tà la signature\nLivraison\t80 %\t8 000 000\t31 mars 2029\n';
    expect(findTablesIn(text)[0]?.header?.cells).toEqual(['Tranche', 'Pourcentage', 'Montant HT (FCFA)', 'Échéance']);
  });
  it('joins a row and a header cell that a narrow column wrapped over lines', () => {
    const text =
      '#\tMilestone\tTarget date\t%\tAmount\n(USD)\n1\tDesign\tMarch 31, 2029\t40\t4,000.00\n2\tGo-live\tSeptember 28,\n2029\n60\t6,000.00\nPayment terms\n';
    const [table] = findTablesIn(text);
    expect(table?.header?.cells).toEqual(['#', 'Milestone', 'Target date', '%', 'Amount (USD)']);
    expect(table?.rows.map((r) => r.cells)).toEqual([
      ['1', 'Design', 'March 31, 2029', '40', '4,000.00'],
      ['2', 'Go-live', 'September 28, 2029', '60', '6,000.00'],
    ]);
  });
  it('reads a header that dates a column as the header', () => {
    const text =
      'Labels per month\tPrice until now\tPrice from 1 October 2029\n1 to 5,000\tEUR 0.40\tEUR 0.38\nover 5,000\tEUR 0.30\tEUR 0.28\n';
    expect(findTablesIn(text)[0]?.header?.cells).toEqual([
      'Labels per month',
      'Price until now',
      'Price from 1 October 2029',
    ]);
  });
});

describe('usage tier tables by header meaning', () => {
  it.each([
    [
      'price first, its currency as letters, bounds in from/to columns',
      '| Price per message (ZMW) | Band | Monthly volume from | to |\n|---|---|---|---|\n| K 0.50 | A | 1 | 10,000 |\n| K 0.40 | B | 10,001 | and above |\n',
      [
        [1, 10000, '0.50'],
        [10001, null, '0.40'],
      ],
    ],
    [
      'de, price before the range',
      "| Stufe | Preis je Abfrage | Abfragen pro Monat |\n|---|---|---|\n| 1 | CHF 0.200 | bis 5'000 |\n| 2 | CHF 0.150 | 5'001 bis 50'000 |\n| 3 | CHF 0.100 | ab 50'001 |\n",
      [
        [1, 5000, '0.200'],
        [5001, 50000, '0.150'],
        [50001, null, '0.100'],
      ],
    ],
    [
      'fr, an open band from "dès"',
      '| Prix par fiche | Palier | Fiches par mois |\n|---|---|---|\n| CHF 10.00 | I | 1 – 100 |\n| CHF 8.00 | II | 101 – 500 |\n| CHF 6.00 | III | dès 501 |\n',
      [
        [1, 100, '10.00'],
        [101, 500, '8.00'],
        [501, null, '6.00'],
      ],
    ],
    [
      'fr, the new price of a current and a new price column',
      '| Palier | Fiches par mois | Tarif actuel | Nouveau tarif |\n|---|---|---|---|\n| I | 1 – 100 | CHF 10.00 | CHF 9.50 |\n| II | 101 – 500 | CHF 8.00 | CHF 7.50 |\n| III | dès 501 | CHF 6.00 | CHF 5.50 |\n',
      [
        [1, 100, '9.50'],
        [101, 500, '7.50'],
        [501, null, '5.50'],
      ],
    ],
  ])('%s', (_, text, want) => {
    expect(tiers(text)).toEqual(want);
  });
});
