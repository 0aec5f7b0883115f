import { describe, expect, it } from 'vitest';
import { localEmbedding, tokens } from './local-embedding.ts';

const cos = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('localEmbedding', () => {
  it('is deterministic and has unit length', () => {
    const a = localEmbedding('Travel expenses are reimbursed at cost.', 256);
    expect(a).toEqual(localEmbedding('Travel expenses are reimbursed at cost.', 256));
    expect(a).toHaveLength(256);
    expect(cos(a, a)).toBeCloseTo(1, 10);
  });

  it('puts a question nearer the passage that answers it than an unrelated one', () => {
    const q = localEmbedding('what does the SOW say about travel expenses', 256);
    const travel = localEmbedding(
      'Reasonable pre-approved travel expenses are reimbursed monthly, capped at 5% of fees.',
      256,
    );
    const payment = localEmbedding('Invoices are payable within 30 days of the invoice date by bank transfer.', 256);
    expect(cos(q, travel)).toBeGreaterThan(cos(q, payment) + 0.1);
  });

  it('gives a zero vector for text without content words', () => {
    expect(localEmbedding('the of and', 64).every((x) => x === 0)).toBe(true);
    expect(tokens('The Expenses, expensed!')).toEqual(['expens', 'expens']);
  });
});
