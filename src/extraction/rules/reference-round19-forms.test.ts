import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round nineteen. Written for the mechanism, not copied from any corpus document.
const reference = (text: string) => extractWithRules(text).terms.reference;

describe('the document number built on another, and titles under a letterhead', () => {
  it('takes the amendment number built on its parent number, in any order of appearance', () => {
    expect(
      reference('# Amendment No. 2 to Agreement QRX-2031-07\n\nAmendment reference: QRX-2031-07-A2\n\nTerms follow.\n'),
    ).toBe('QRX-2031-07-A2');
    expect(
      reference(
        'Brauhaus Nord GmbH · Kiel\n\n# Nachtrag Nr. 1\n\nKennung: BHN-DV-2031-04/NT-01\nVertrag: Dienstleistungsvertrag Nr. BHN-DV-2031-04\n',
      ),
    ).toBe('BHN-DV-2031-04/NT-01');
    expect(reference('# Statement of Work 2031-05 — Data Work\n\nSOW ID: PLM-SOW-2031-05\n\nScope follows.\n')).toBe(
      'PLM-SOW-2031-05',
    );
  });

  it('reads the number in a heading under a letterhead', () => {
    expect(
      reference(
        '# Atelier Numérique SAS\n12 rue des Lilas, Lyon\n\n## Contrat de prestations en régie — réf. ANS-REG-2031-12\n\nEntre les parties.\n',
      ),
    ).toBe('ANS-REG-2031-12');
    expect(
      reference(
        '**Kestrel Advisory Ltd**\nRegistered office: 3 Quay Street\n\n# Letter of Engagement KAL/EN/31/02\n\nDear Board,\n',
      ),
    ).toBe('KAL/EN/31/02');
  });

  it('reads acronyms in mixed case, zero-led numbers and bold labels', () => {
    expect(reference('# Software-as-a-Service-Vertrag HBS-SaaS-2031-08\n\nKundin: Beispiel AG\n')).toBe(
      'HBS-SaaS-2031-08',
    );
    expect(reference('WORK ORDER 0041\nunder the Panel Deed\n\nCommencement: 1 July 2031\n')).toBe('0041');
    expect(reference('# Statement of Work\n\n**SOW #:** TQ-2031-204\n**Client:** Example Health\n')).toBe(
      'TQ-2031-204',
    );
  });

  it('does not take an order slip number as the own number unless the slip titles the document', () => {
    expect(
      reference(
        '# Dienstleistungsauftrag KLV-DA-2031-03\n\n**Bestellschein Nr.:** 2031/0412\n**Beginn:** 01.02.2031\n',
      ),
    ).toBe('KLV-DA-2031-03');
    expect(reference('# Bestellschein BS-2031-00417\n\nKundin: Beispiel GmbH\n')).toBe('BS-2031-00417');
  });
});
