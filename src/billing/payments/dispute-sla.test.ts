import { describe, expect, it } from 'vitest';
import { DISPUTE_REASON_CODES, DISPUTE_SLA_DAYS, disputeDueOn, disputeOverdueDays } from './dispute-sla.ts';

describe('disputeDueOn', () => {
  it('adds the reason code days of the default table to the opening day', () => {
    expect(disputeDueOn('2026-03-01', 'hours')).toBe('2026-03-11');
    expect(disputeDueOn('2026-02-27', 'duplicate')).toBe('2026-03-02');
    expect(disputeDueOn('2026-12-25', 'quality')).toBe('2027-01-14');
  });

  it('has a positive number of days for every reason code', () => {
    for (const c of DISPUTE_REASON_CODES) expect(DISPUTE_SLA_DAYS[c]).toBeGreaterThan(0);
  });
});

describe('disputeOverdueDays', () => {
  it('counts the days past the due date of an open dispute', () => {
    expect(disputeOverdueDays('2026-03-11', null, '2026-03-14')).toBe(3);
  });

  it('is 0 on the due day, before it, without an SLA, and once resolved', () => {
    expect(disputeOverdueDays('2026-03-11', null, '2026-03-11')).toBe(0);
    expect(disputeOverdueDays('2026-03-11', null, '2026-03-01')).toBe(0);
    expect(disputeOverdueDays(null, null, '2026-03-14')).toBe(0);
    expect(disputeOverdueDays('2026-03-11', '2026-03-12', '2026-03-20')).toBe(0);
  });
});
