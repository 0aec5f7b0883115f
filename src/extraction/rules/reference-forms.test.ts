import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// A document's own number in its title block under labels the rules do not list, or alone on a line.
// Written for the mechanism, not copied from any corpus document.
const reference = (text: string) => extractWithRules(text).terms.reference;

describe('the document number in the title block', () => {
  it('reads an identifier after a short label in any wording', () => {
    expect(reference('Engagement schedule\n\nSchedule ID: QRT-ES-2027-0042\n\nThe parties agree as follows.\n')).toBe(
      'QRT-ES-2027-0042',
    );
    expect(reference('Vereinbarung\n\nAz.: WLB-VB-2027/09\n\nDie Parteien vereinbaren Folgendes.\n')).toBe(
      'WLB-VB-2027/09',
    );
  });

  it('keeps a kind word that is part of the identifier, and does not cut one inside it', () => {
    expect(reference('Work statement\n\nSOW-KPL-2027-11\n\nScope follows.\n')).toBe('SOW-KPL-2027-11');
    expect(reference('Work statement\n\nDocument ID: KPL-SOW-2027-12\n\nScope follows.\n')).toBe('KPL-SOW-2027-12');
  });

  it('does not take a date on a line of its own for the number', () => {
    expect(reference('Order form\n\n2027-03-01\n\nThe customer orders the services below.\n')).toBeNull();
  });
});

// Round fifteen. Written for the mechanism, not copied from any corpus document.
describe('the document number in more title blocks (round fifteen)', () => {
  it('reads German capitals in an identifier and does not cut a mixed-case one', () => {
    expect(reference('# Nachtrag NRB-ÄV-2029-04\n\nzum Vertrag NRB-V-2028-11\n')).toBe('NRB-ÄV-2029-04');
    expect(reference('**Vergabenummer:** ABC-2029-VgV-0007\n**Vertragsnummer:** ABC-V-2029-0102\n')).toBe(
      'ABC-V-2029-0102',
    );
  });
  it("prefers an amendment's own label to the agreement's", () => {
    expect(
      reference('# VARIATION No. 2\n\nService Agreement: QPL-SA-2028-07\nVariation No.: QPL-SA-2028-07-V2\n'),
    ).toBe('QPL-SA-2028-07-V2');
  });
  it('reads a dot leader, a lower-case "no." in a table, a number after N° in a heading, a label after the number', () => {
    expect(reference('Contract No. ............ MNR/OPS/2029/03\nVAT Reg. No. 5500441100\n')).toBe('MNR/OPS/2029/03');
    expect(reference('# CHANGE ORDER\n\n| Change order no. | TRX/2028/11-CO2 |\n|---|---|\n')).toBe('TRX/2028/11-CO2');
    expect(reference('# RÉPUBLIQUE\n## MARCHÉ DE SERVICES INFORMATIQUES N° DKL-2029/MS/004\n')).toBe('DKL-2029/MS/004');
    expect(reference('| Number | Meaning |\n|---|---|\n| LNT-RA-2029-012 | Agreement number |\n')).toBe(
      'LNT-RA-2029-012',
    );
  });
  it("does not take a parent contract's number at the end of an amendment's title", () => {
    expect(reference('# Avenant n° 2 (PLM-2029-05-AV2) au contrat de services n° PLM-2029-05\n')).toBe(
      'PLM-2029-05-AV2',
    );
  });
});
