import { describe, expect, it } from 'vitest';
import { languageOf, languageOfTag, replyLanguage } from './detect.ts';

describe('languageOf', () => {
  it.each([
    ['what is overdue for ACME?', 'en'],
    ['show me invoice INV-2027-0042', 'en'],
    ['Welche Rechnungen von ACME sind überfällig?', 'de'],
    ['Zeig mir die erste', 'de'],
    ['Mach es trotzdem', 'de'],
    ['ist es erledigt?', 'de'],
    ['Was ist bei ACME überfällig?', 'de'],
    ['und für Kunde Bluejay?', 'de'],
    ['la deuxième ligne', 'fr'],
    ["c'est fait ?", 'fr'],
    ['Quelles factures de ACME sont en retard ?', 'fr'],
    ['Et pour le client Granite ?', 'fr'],
    ["Qu'est-ce qui attend mon approbation ?", 'fr'],
  ])('reads %j as %s', (text, lang) => {
    expect(languageOf(text)).toBe(lang);
  });

  it('answers null when the message gives no signal', () => {
    expect(languageOf('INV-2027-0042?')).toBeNull();
    expect(languageOf('DRAFT-1A2B3C4D')).toBeNull();
    expect(languageOf('ACME')).toBeNull();
  });
});

describe('replyLanguage', () => {
  it("keeps the thread's language when the message gives no signal", () => {
    expect(replyLanguage('INV-2027-0042?', ['Welche Rechnungen sind überfällig?'])).toBe('de');
    expect(replyLanguage('INV-2027-0042?', ['show me ACME', "c'est fait ?"])).toBe('fr');
  });

  it("switches when the message says another language, whatever the thread's", () => {
    expect(replyLanguage('show me invoice INV-2027-0042', ['Welche Rechnungen sind überfällig?'])).toBe('en');
  });

  it('takes the preference only when neither the message nor the thread says, then English', () => {
    expect(replyLanguage('INV-2027-0042?', ['ACME?'], 'fr')).toBe('fr');
    expect(replyLanguage('INV-2027-0042?', ['what is overdue?'], 'fr')).toBe('en');
    expect(replyLanguage('INV-2027-0042?', [])).toBe('en');
  });
});

describe('languageOfTag', () => {
  it('reads locale tags and Accept-Language headers', () => {
    expect(languageOfTag('de-CH')).toBe('de');
    expect(languageOfTag('fr_FR')).toBe('fr');
    expect(languageOfTag('it-IT, fr;q=0.8')).toBe('fr');
    expect(languageOfTag('it-IT')).toBeNull();
    expect(languageOfTag(undefined)).toBeNull();
  });

  it("maps a chat client's regional locale to its language, and anything else to no preference", () => {
    // Slack's users.info locale and a Teams activity's locale are BCP-47 tags like these.
    expect(languageOfTag('de-AT')).toBe('de');
    expect(languageOfTag('de-DE')).toBe('de');
    expect(languageOfTag('fr-CA')).toBe('fr');
    expect(languageOfTag('en-GB')).toBe('en');
    expect(languageOfTag('DE')).toBe('de');
    for (const other of ['es-LA', 'pt-BR', 'ja-JP', 'zh-TW', 'frr-DE', 'enm', 'deu', 'english', '*', '', ' '])
      expect(languageOfTag(other), other).toBeNull();
  });

  it('skips a language the header refuses (q=0)', () => {
    expect(languageOfTag('de;q=0, fr;q=0.5')).toBe('fr');
    expect(languageOfTag('fr; q=0.0')).toBeNull();
    expect(languageOfTag('fr;q=0.1')).toBe('fr');
  });
});
