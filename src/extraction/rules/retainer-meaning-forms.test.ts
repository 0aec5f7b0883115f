import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round sixteen: a retainer's included hours read by meaning where no "includes"/"covers" verb names them (a label, a
// verb of holding hours available or entitling the client to them, a count changed by an amendment), a fee for a pool
// of hours whose period the hours name, and a changed overage rate or carry-over limit. Written for the mechanism, not
// copied from any corpus document.
const retainer = (text: string) => extractWithRules(text).terms.retainer;

describe('included hours read by meaning', () => {
  it('reads hours the provider holds available for the fee', () => {
    expect(
      retainer(
        '# Design retainer\n\nThe Club pays a retainer of USD 4,000.00 per month. Under this retainer the studio reserves 25 hours of design time for the Club each month. Time beyond those 25 hours is billed at USD 180.00 per hour.\n',
      ),
    ).toMatchObject({ amount: '4000.00', period: 'month', includedHours: 25, overageRate: '180.00' });
  });

  it('reads French hours the fee entitles the client to', () => {
    expect(
      retainer(
        "# Contrat de conseil\n\nLe Client règle un forfait mensuel de 2 000,00 € HT, qui lui donne droit à 15 heures de conseil par mois. Les heures au-delà sont facturées 140,00 € HT l'heure.\n",
      ),
    ).toMatchObject({ amount: '2000.00', period: 'month', includedHours: 15, overageRate: '140.00' });
  });

  it('reads an hour bank labelled with a colon', () => {
    expect(
      retainer("Article 3 - Banque d'heures : 30 heures d'assistance par mois pour 3 300,00 € par mois.\n"),
    ).toMatchObject({ amount: '3300.00', period: 'month', includedHours: 30 });
  });

  it.each([
    [
      'Amendment 2\n\nFrom 1 March the monthly retainer rises from $3,000.00 to $3,400.00, and the included hours per month change from 20 to 24.\n',
      '3400.00',
      24,
    ],
    [
      'Nachtrag 2 zum Servicevertrag\n\nDie Vertragsparteien vereinbaren, dass ab dem 1. März 2028 die folgenden Punkte gelten:\n\n1. Pauschale je Monat: neu EUR 1.900,00 (bisher EUR 1.700,00).\n2. Stundenpaket: neu 30 Stunden je Monat (bisher 25 Stunden).\n',
      '1900.00',
      30,
    ],
    [
      "Avenant 2\n\nLe forfait mensuel passe de 800 000 FCFA à 900 000 FCFA. Le nombre d'heures comprises dans le forfait passe de 10 à 12 heures.\n",
      '900000',
      12,
    ],
    [
      'Variation 3\n\nThe monthly retainer of £5,000.00 is replaced by £5,600.00, and the 30 included support hours by 34 hours.\n',
      '5600.00',
      34,
    ],
  ])('reads the new count of an amendment: %s', (text, amount, hours) => {
    expect(retainer(text)).toMatchObject({ amount, period: 'month', includedHours: hours });
  });

  it('reads a German fee for a pool of hours whose period only the hours name', () => {
    expect(
      retainer(
        '# Betreuungsvertrag\n\nDer Kunde erhält monatlich 12 Stunden Beratung zum Pauschalbetrag von EUR 1.500,00, der zu Monatsbeginn verrechnet wird.\n',
      ),
    ).toMatchObject({ amount: '1500.00', period: 'month', includedHours: 12 });
  });

  it('reads a changed overage rate and a changed carry-over limit as their new values', () => {
    expect(
      retainer(
        "# Avenant 1\n\nLe forfait mensuel de 1 200,00 € HT et les 10 heures comprises par mois restent inchangés. Le taux des heures excédentaires passe de 90,00 € HT à 95,00 € HT l'heure. Le report des heures non utilisées est porté de 4 à 6 heures au maximum.\n",
      ),
    ).toMatchObject({ amount: '1200.00', includedHours: 10, overageRate: '95.00', rolloverHoursMax: 6 });
  });
});

describe('what is not a retainer', () => {
  it('keeps a monthly fee with a cap on extra hours a recurring fee', () => {
    const t = extractWithRules(
      '# Hosting\n\nThe hosting fee is USD 900.00 per month. Additional work is limited to no more than 10 hours per month at USD 120.00 per hour.\n',
    ).terms;
    expect(t.retainer).toBeNull();
    expect(t.recurringFee).toEqual({ amount: '900.00', period: 'month' });
  });
});

describe('an approval share read from one sentence in any order', () => {
  it.each([
    'The firm will not bill more than 30% above the monthly included hours without the written go-ahead of the Client.',
    "Aucun dépassement de plus de 30 % des heures comprises n'est facturé sans validation écrite du Client.",
  ])('%s', (sentence) => {
    const r = retainer(
      `# Retainer\n\nThe Client pays a retainer of USD 2,500.00 per month, which includes 20 hours. ${sentence}\n`,
    );
    expect(r?.overageApprovalThresholdPercent).toBe(30);
  });

  it('does not take a tax rate in a sentence about consent', () => {
    const r = retainer(
      '# Retainer\n\nThe Client pays a retainer of USD 2,500.00 per month, which includes 20 hours. Any extra hours approved by the Client are invoiced with VAT at 15%.\n',
    );
    expect(r?.overageApprovalThresholdPercent).toBeNull();
  });
});
