import { describe, expect, it } from 'vitest';
import type { ExceptionType } from '../model.ts';
import { resolutionEffect, type ResolutionCode } from './resolution-codes.ts';

describe('resolutionEffect', () => {
  it.each<[ExceptionType, ResolutionCode, boolean, string]>([
    ['cap_exceeded', 'approved_as_is', true, 'release'],
    ['retainer_overage', 'not_an_issue', true, 'release'],
    ['missing_po', 'approved_as_is', false, 'release'],
    ['cap_exceeded', 'write_off', true, 'write_off'],
    ['missing_rate', 'write_off', true, 'write_off'],
    ['missing_rate', 'rate_added', true, 'none'],
    ['missing_po', 'po_received', false, 'none'],
    ['missing_tax_setup', 'corrected_data', false, 'none'],
    ['missing_rate', 'approved_as_is', true, 'RESOLUTION_NOT_APPLICABLE'],
    ['missing_fx_rate', 'not_an_issue', false, 'RESOLUTION_NOT_APPLICABLE'],
    ['missing_tax_setup', 'approved_as_is', false, 'RESOLUTION_NOT_APPLICABLE'],
    ['cap_exceeded', 'po_received', true, 'RESOLUTION_NOT_APPLICABLE'],
    ['missing_po', 'rate_added', false, 'RESOLUTION_NOT_APPLICABLE'],
    ['missing_po', 'write_off', false, 'RESOLUTION_NOT_APPLICABLE'],
    ['cap_exceeded', 'write_off', false, 'RESOLUTION_NOT_APPLICABLE'],
  ])('gives %s closed as %s (holds a line: %s): %s', (type, code, holdsLine, expected) => {
    const r = resolutionEffect(type, code, holdsLine);
    expect(r.ok ? r.value : r.error.code).toBe(expected);
  });
});
