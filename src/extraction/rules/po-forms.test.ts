import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Purchase order numbers introduced by a sentence rather than a label (fourth round). Written for the mechanism,
// not copied from any corpus document.
const po = (text: string) => extractWithRules(text).terms.poNumber;

describe('order numbers in prose', () => {
  it('reads the number a few words after an order label', () => {
    expect(po('Invoices must quote our order number 8812-QX-19, or they will be sent back.\n')).toBe('8812-QX-19');
    expect(po("The buyer's purchase order reference for this order form is KLM/PO/5521.\n")).toBe('KLM/PO/5521');
    expect(po('Les factures rappellent le numéro de bon de commande municipal 2028-BC-3310.\n')).toBe('2028-BC-3310');
    expect(po('Der Auftraggeber hat die Bestellung Nr. 55120087 ausgelöst.\n')).toBe('55120087');
  });

  it('reads a number before a PO label in a parenthesis', () => {
    expect(po('| Buyer reference | 9300044120 (Buyer PO No.) |\n')).toBe('9300044120');
  });

  it("does not take a document's own order number for a PO", () => {
    expect(po('# Data Services Order No. DSO-2028-07\n\nOrder reference: DSO-2028-07\n')).toBeNull();
  });
});

// Sixth round: an order label followed by its abbreviation in parentheses.
describe('order labels with an abbreviation', () => {
  it('reads the number after "Purchase Order (LPO) number"', () => {
    expect(po("Each invoice will quote the Client's Local Purchase Order (LPO) number KD-LPO-40112.\n")).toBe(
      'KD-LPO-40112',
    );
  });
});

describe('order labels in other shapes (seventh round)', () => {
  it('reads a bold label, a label in its own table cell, and a local purchase order', () => {
    expect(po('# Purchase Order\n\n**Purchase Order No.:** PO-KT-2028-0071\n')).toBe('PO-KT-2028-0071');
    expect(po('| Item | Value |\n|---|---|\n| Customer PO | 77-30418 |\n| Term | 12 months |\n')).toBe('77-30418');
    expect(po("Every invoice shall state the Buyer's LPO No. DXB-LPO-28-0912.\n")).toBe('DXB-LPO-28-0912');
  });
  it('reads a label with its abbreviation, a number that leads with letters, and a PO named after the number', () => {
    expect(po('Der Auftrag ist unter der Bestellanforderung (BANF) 20031177 erfasst.\n')).toBe('20031177');
    expect(po('Les factures rappellent le bon de commande n° BC 2028/044.\n')).toBe('BC 2028/044');
    expect(po("3. 5100-7730 (the Ordering Party's PO number) must be placed on every invoice.\n")).toBe('5100-7730');
  });
});
