import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../rules/extract-rules.ts';
import { textDocument } from '../text/document-text.ts';
import { findProposedChanges } from './proposed-change.ts';

// Round eighteen: rate changes written with old and new leads. Written for the mechanism.
const changesOf = (text: string) => {
  const doc = textDocument(text);
  return findProposedChanges(doc, extractWithRules(doc).terms).map(({ field, key, from, to }) => ({
    field,
    key,
    from,
    to,
  }));
};

describe('old and new leads', () => {
  it('pairs the old and new amounts of the role the label names, in three languages', () => {
    expect(
      changesOf(
        'Amendment No. 1\n\nEffective 1 May 2026 the following rates change:\n\n- Lead Developer: Old: USD 140.00 per hour; New: USD 150.00 per hour\n',
      ),
    ).toContainEqual({ field: 'rates', key: 'Lead Developer', from: '140.00', to: '150.00' });
    expect(
      changesOf(
        'Nachtrag Nr. 1\n\nMit Wirkung ab 01.05.2026:\n\n- Beraterin: Alt: 140,00 € pro Stunde – Neu: 150,00 € pro Stunde\n',
      ),
    ).toContainEqual({ field: 'rates', key: 'Beraterin', from: '140.00', to: '150.00' });
    expect(
      changesOf(
        'Avenant n° 1\n\nÀ compter du 1er mai 2026 :\n\n- Chef de projet : Ancien : 900,00 € HT par jour ; Nouveau : 950,00 € HT par jour\n',
      ),
    ).toContainEqual({ field: 'rates', key: 'Chef de projet', from: '900.00', to: '950.00' });
  });
  it('takes the role from the line before where the leads start their lines', () => {
    const got = changesOf(
      'Amendment No. 1\n\nEffective 1 May 2026 the hourly rate of the Lead Developer changes.\nOld: USD 140.00 per hour\nNew: USD 150.00 per hour\n',
    );
    expect(got).toContainEqual({ field: 'rates', key: 'Lead Developer', from: '140.00', to: '150.00' });
    expect(got.map((c) => c.key)).not.toContain('New');
  });
});
