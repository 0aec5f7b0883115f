import { describe, expect, it } from 'vitest';
import { MAX_REFUSAL_CHARS, maskRefusal } from './model-refusal.ts';

describe('maskRefusal', () => {
  it("masks the addresses, links, IBANs and merge fields a model wrote, keeping the check's sentences", () => {
    expect(
      maskRefusal(
        'the check refused it: it contains https://pay.evil.example/x?id=1, and no reminder carries a link or an e-mail address; ' +
          'it contains www.evil.example; it contains ap.lead+1@evil.example, and no reminder carries a link or an e-mail address; ' +
          "it quotes the account GB82WEST12345698765432, which is not the payee's; merge fields not resolved: {{send to x@y.z}}; " +
          'it quotes 1243.56, which is not the open amount 1234.56 USD; it says "collection agency", which policy does not allow',
      ),
    ).toBe(
      'the check refused it: it contains <link>, and no reminder carries a link or an e-mail address; ' +
        'it contains <link>; it contains <e-mail address>, and no reminder carries a link or an e-mail address; ' +
        "it quotes the account <IBAN>, which is not the payee's; merge fields not resolved: {{…}}; " +
        'it quotes 1243.56, which is not the open amount 1234.56 USD; it says "collection agency", which policy does not allow',
    );
  });

  it('leaves program sentences alone, is idempotent and bounded', () => {
    for (const s of ['the model did not answer in time', "the model's server answered HTTP 500"])
      expect(maskRefusal(s)).toBe(s);
    const once = maskRefusal(`it contains a@b.example; ${'x'.repeat(2000)}`);
    expect(once).toHaveLength(MAX_REFUSAL_CHARS);
    expect(maskRefusal(once)).toBe(once);
  });
});
