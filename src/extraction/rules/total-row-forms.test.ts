import { describe, expect, it } from 'vitest';
import { textDocument } from '../text/document-text.ts';
import { extractWithRules } from './extract-rules.ts';
import { findMoney } from './money.ts';

describe('a schedule table with a closing total row', () => {
  it('reads the stages and not the total as a milestone', () => {
    const terms = extractWithRules(
      textDocument(`# Statement of Work SOW-12

The fixed price is payable in stages:

| Stage | Deliverable | Amount | Share | Due |
|---|---|---|---|---|
| Design | Design pack | $20,000.00 | 40% | 15/03/2029 |
| Build | Working system | $30,000.00 | 60% | 30/06/2029 |
| **Total** |  | **$50,000.00** | **100%** |  |
`),
    ).terms;
    expect(terms.milestones.map((m) => m.name)).toEqual(['Design', 'Build']);
  });
});

describe('ringgit', () => {
  it('reads RM as Malaysian ringgit', () => {
    expect(findMoney('a weekly rate of RM 7,250.00', 'en', 0)[0]).toMatchObject({ amount: '7250.00', currency: 'MYR' });
  });
});
