import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Fifth round: retainer phrasing families (a pool of hours bought per period, a capitalised period adjective, a price
// table's rows, negated carry-over in three languages, a share of overage hours needing approval). Written for the
// mechanism, not copied from any corpus document.
const retainer = (text: string) => extractWithRules(text).terms.retainer;

describe('retainers', () => {
  it('reads a pool of hours bought per period, with lost hours and an overage rate', () => {
    expect(
      retainer(
        '# Support\n\n- Package of 40 hours per month, priced at 3.200,00 € per month.\n- Hours not used within the month are lost.\n- Extra hours are charged at 85,00 € / hour.\n',
      ),
    ).toEqual({
      amount: '3200.00',
      period: 'month',
      includedHours: 40,
      overageRate: '85.00',
      rolloverHoursMax: 0,
      overageApprovalThresholdPercent: null,
    });
  });

  it('reads a capitalised period adjective and hours that are not transferred', () => {
    expect(
      retainer(
        '# Price\n\n1. Quarterly flat fee is PLN 30 000,00 net. The flat fee includes 90 hours of work.\n2. Hours above the included 90 hours are charged PLN 350,00 per hour.\n3. Unused hours are not transferred to the next quarter.\n',
      ),
    ).toEqual({
      amount: '30000.00',
      period: 'quarter',
      includedHours: 90,
      overageRate: '350.00',
      rolloverHoursMax: 0,
      overageApprovalThresholdPercent: null,
    });
  });

  it('reads a German price table with the hours in the row label, a carry-over limit and an approval share', () => {
    expect(
      retainer(
        '# Betreuungsvertrag\n\nDer Auftraggeber bezahlt die folgenden Entgelte.\n\n| Position | Betrag |\n|---|---:|\n| Wartungspauschale monatlich (darin enthalten: 12 Stunden) | EUR 1.800,00 |\n| Mehrstunden je Stunde | EUR 140,00 |\n\nNicht verbrauchte Stunden können in den Folgemonat übertragen werden, höchstens jedoch 4 Stunden. Mehrstunden, die 25 % der enthaltenen Stunden übersteigen, bedürfen der Freigabe durch den Auftraggeber.\n',
      ),
    ).toEqual({
      amount: '1800.00',
      period: 'month',
      includedHours: 12,
      overageRate: '140.00',
      rolloverHoursMax: 4,
      overageApprovalThresholdPercent: 25,
    });
  });

  it('reads French hours that are not carried over, and the new fee of an amendment', () => {
    const r = retainer(
      "# Avenant\n\nLe forfait mensuel passe de 1.500,00 EUR à 1.750,00 EUR hors TVA, et comprend 10 heures d'assistance par mois. Les heures non consommées ne sont pas reportées.\n",
    );
    expect(r).toMatchObject({ amount: '1750.00', period: 'month', includedHours: 10, rolloverHoursMax: 0 });
  });

  // Sixth round: a period adjective after the amount, inflected German period adjectives, German and French verbs of
  // including hours.
  it('reads a fee whose period follows the amount as an adjective, with its pool of hours', () => {
    const r = retainer(
      "Le Client paie 2 600,00 $ par mois pour une banque de 20 heures. Les heures au-delà de la banque sont facturées 120,00 $ l'heure.\n",
    );
    expect(r).toMatchObject({ amount: '2600.00', period: 'month', includedHours: 20 });
  });

  it('reads a German price table whose row names the period with an inflected adjective and includes hours', () => {
    const r = retainer(
      "# Supportvereinbarung\n\nDie Auftragnehmerin betreut die Software der Auftraggeberin. Die Vereinbarung beginnt am 01.04.2027 und gilt für zwölf Monate.\n\n## Vergütung\n\n| Position | Betrag |\n|---|---|\n| Monatliche Pauschale (enthält 12 Stunden) | CHF 1'900.00 |\n| Mehrstunden, je Stunde | CHF 150.00 |\n\nNicht bezogene Stunden verfallen am Monatsende.\n",
    );
    expect(r).toMatchObject({ amount: '1900.00', period: 'month', includedHours: 12, rolloverHoursMax: 0 });
  });

  it('does not take a fee billed monthly in advance for a retainer without hours', () => {
    expect(retainer('The hosting fee of USD 900.00 is invoiced monthly in advance.\n')).toBeNull();
  });
});

describe('retainer rows and lapsing hours', () => {
  it('reads an overage row named by the hour and hours that fall away', () => {
    expect(
      retainer(
        '| Item | Price |\n|---|---|\n| Monthly retainer, including 12 hours of support | £2,400.00 |\n| Each additional hour | £150.00 |\n\nAny of the 12 hours not used in a month fall away at month end.\n',
      ),
    ).toMatchObject({ amount: '2400.00', includedHours: 12, overageRate: '150.00', rolloverHoursMax: 0 });
  });
});

// Sixth round: a recurring fee whose fee word is its section's heading.
describe('recurring fees', () => {
  const fee = (text: string) => extractWithRules(text).terms.recurringFee;
  it('takes the fee word from the section heading', () => {
    expect(fee('## 2. Hosting fee\n\nHosting of the portal for up to 40 users: $1,800.00 per month.\n')).toEqual({
      amount: '1800.00',
      period: 'month',
    });
  });
  it('does not take an amount per month under a heading without a fee word', () => {
    expect(fee('## 2. Volumes\n\nThe client expects 40 users and $1,800.00 per month of sales.\n')).toBeNull();
  });
  it('reads a period adjective and a fee noun with a word between them', () => {
    expect(fee('The monthly service charge is €2,150.00, exclusive of VAT.\n')).toEqual({
      amount: '2150.00',
      period: 'month',
    });
  });

  it('reads a consent named before the share of overage hours it guards, in three languages', () => {
    const share = (text: string) => retainer(text)?.overageApprovalThresholdPercent ?? null;
    expect(
      share(
        'Service credit: the monthly support fee is USD 6,000.00 and covers 50 hours. The Client must give prior approval before the Vendor works more than 15% above the covered hours in a month.\n',
      ),
    ).toBe(15);
    expect(
      share(
        'The retainer is AUD 4,000.00 per month and includes 25 hours. Excess hours beyond 10% of the monthly hours need the sponsor’s written approval.\n',
      ),
    ).toBe(10);
    expect(
      share(
        "Le forfait mensuel est de 3 100,00 € et comprend 20 heures. Le Prestataire obtient l'autorisation du Client avant que les heures supplémentaires ne dépassent 35 % du forfait.\n",
      ),
    ).toBe(35);
  });

  it('reads an overage rate priced "je Stunde" or "l\'heure" after hours beyond the pool', () => {
    expect(
      retainer(
        'Die monatliche Pauschale beträgt EUR 2.800,00 und umfasst 20 Stunden. Arbeiten über das Kontingent hinaus werden mit EUR 110,00 je Stunde abgerechnet.\n',
      )?.overageRate,
    ).toBe('110.00');
    expect(
      retainer(
        "Les honoraires mensuels sont de 2 400,00 $ et couvrent 16 heures. Les heures au-delà du forfait sont facturées 140,00 $ l'heure.\n",
      )?.overageRate,
    ).toBe('140.00');
  });
});
