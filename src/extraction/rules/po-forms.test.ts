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

// Round fifteen: the owner after the label, dot leaders, a label in the next table cell, a quoted order number, a
// replaced number. Written for the mechanism.
describe('order numbers in more shapes (round fifteen)', () => {
  it('reads a label naming whose order it is, in German and French', () => {
    expect(po('**Bestellnummer des Auftraggebers:** KW/BE/29/00417\n')).toBe('KW/BE/29/00417');
    expect(po('**Référence de commande du Client :** LMB-CMD-29-201\n')).toBe('LMB-CMD-29-201');
    expect(po('Toute facture rappelle le n° de commande QZ-2029-044.\n')).toBe('QZ-2029-044');
  });
  it('reads a label and number joined by a dot leader, and a label in the cell after the number', () => {
    expect(po('Customer P.O. ................ RTX-5512\n')).toBe('RTX-5512');
    expect(po('| Reference | Meaning |\n|---|---|\n| 2029-004417 | Council purchase order |\n')).toBe('2029-004417');
  });
  it('reads a number an invoice must quote, with a letter prefix', () => {
    expect(po('Fees are invoiced monthly, quoting order number KRW 5530-29.\n')).toBe('KRW 5530-29');
  });
  it('takes the new number where the old one is replaced', () => {
    expect(po('- Client PO: QX-PO-1180 -> QX-PO-1342\n')).toBe('QX-PO-1342');
    expect(po('3. The purchase order number QX-PO-1180 is replaced by QX-PO-1342.\n')).toBe('QX-PO-1342');
  });
  it('reads a bare "N° de commande" of an order form as its own number, which is also its PO number', () => {
    const t = extractWithRules('# BON DE COMMANDE\n\nN° de commande : BC-2029-0412\n').terms;
    expect([t.reference, t.poNumber]).toEqual(['BC-2029-0412', 'BC-2029-0412']);
  });
});

// Round fifteen: a purchase order's own number is its PO number, and the other way round. Written for the mechanism.
describe('the number of a purchase order document', () => {
  const terms = (text: string) => extractWithRules(text).terms;
  it('reads the order form number as both its reference and its PO number', () => {
    const t = terms('# Purchase Order / Bon de commande\n\n| No. / N° | QRT-PO-2029-0117 |\n|---|---|\n');
    expect([t.reference, t.poNumber]).toEqual(['QRT-PO-2029-0117', 'QRT-PO-2029-0117']);
    const f = terms('# PURCHASE ORDER\n\nPurchase Order No.: QRT-PO-2029-0118\nIssued by the Buyer to the Supplier.\n');
    expect([f.reference, f.poNumber]).toEqual(['QRT-PO-2029-0118', 'QRT-PO-2029-0118']);
  });
  it("keeps a contract's own number apart from the client's PO", () => {
    const t = terms('# Service Contract No. SVC-2029-04\n\nPurchase Order No.: PO-88120\n');
    expect([t.reference, t.poNumber]).toEqual(['SVC-2029-04', 'PO-88120']);
  });
});
