import { describe, expect, it } from 'vitest';
import { clientsNamed, matchClient, type ClientEntry } from './clients.ts';

const FIRM: ClientEntry[] = [
  { code: 'WAVE', name: 'Wavecrest Shipping Ltd' },
  { code: 'NORD', name: 'Nordlicht Versicherung AG' },
  { code: 'NORDIC', name: 'Nordic Timber Inc' },
  { code: 'PEAK-1', name: 'Summit Partners' },
  { code: 'PEAK-2', name: 'Summit Advisory' },
  { code: 'BRISTOL', name: 'Bristol Harbour Foods' },
];

describe('clientsNamed', () => {
  it('finds a client by code, case-insensitive', () => {
    expect(clientsNamed('wave', FIRM).map((c) => c.code)).toEqual(['WAVE']);
    expect(clientsNamed('Peak-1', FIRM).map((c) => c.code)).toEqual(['PEAK-1']);
  });

  it('finds a client by its name or the first words of it, legal forms aside', () => {
    expect(clientsNamed('Wavecrest', FIRM).map((c) => c.code)).toEqual(['WAVE']);
    expect(clientsNamed('wavecrest shipping', FIRM).map((c) => c.code)).toEqual(['WAVE']);
    expect(clientsNamed('Nordic Timber Inc.', FIRM).map((c) => c.code)).toEqual(['NORDIC']);
  });

  it('takes one-letter typos on words of five letters or more', () => {
    expect(clientsNamed('bristl', FIRM).map((c) => c.code)).toEqual(['BRISTOL']);
    expect(clientsNamed('wavecrets', FIRM).map((c) => c.code)).toEqual(['WAVE']);
    // A four-letter word one letter from a code is not taken for it.
    expect(clientsNamed('wove', FIRM)).toEqual([]);
  });

  it('an exact code wins over a name or typo', () => {
    expect(clientsNamed('nord', FIRM).map((c) => c.code)).toEqual(['NORD']);
  });
});

describe('matchClient', () => {
  it('a said word that names one client is that client', () => {
    expect(matchClient('WAVECREST', [], FIRM)).toEqual({ kind: 'one', code: 'WAVE' });
  });

  it('a said word that names two clients asks which', () => {
    expect(matchClient('SUMMIT', [], FIRM)).toEqual({ kind: 'several', said: 'SUMMIT', codes: ['PEAK-1', 'PEAK-2'] });
  });

  it('a said word that names no client is unknown, with the near ones', () => {
    expect(matchClient('NORDLICH', [], FIRM)).toEqual({ kind: 'one', code: 'NORD' });
    const m = matchClient('NORX', [], FIRM);
    expect(m.kind).toBe('unknown');
    expect(m.kind === 'unknown' && m.near).toContain('NORD');
    expect(matchClient('ZEPHYR', [], FIRM)).toEqual({ kind: 'unknown', said: 'ZEPHYR', near: [] });
  });

  it('finds a client among the other words of the message', () => {
    expect(matchClient(null, ['much', 'bristol', 'harbour'], FIRM)).toEqual({ kind: 'one', code: 'BRISTOL' });
    expect(matchClient(null, ['nordic', 'timber'], FIRM)).toEqual({ kind: 'one', code: 'NORDIC' });
    expect(matchClient(null, ['weather', 'tomorrow'], FIRM)).toEqual({ kind: 'none' });
  });

  it('two clients among the words asks which', () => {
    expect(matchClient(null, ['wave', 'bristol'], FIRM)).toMatchObject({ kind: 'several', codes: ['WAVE', 'BRISTOL'] });
  });
});
