import { describe, expect, it } from 'vitest';
import { parseDate } from './dates.ts';
import { extractWithRules } from './extract-rules.ts';

// Term dates under labels and in phrasings the first rounds did not list (fourth round). Written for the
// mechanism, not copied from any corpus document.
const dates = (text: string) => {
  const t = extractWithRules(text).terms;
  return [t.effectiveDate, t.endDate];
};

describe('date forms', () => {
  it('reads a day, abbreviated month and year joined by dashes', () => {
    expect(parseDate('07-Oct-2028')).toBe('2028-10-07');
    expect(parseDate('7-SEP-28')).toBe('2028-09-07');
  });
});

describe('term dates under more labels', () => {
  it('reads start and end from a two-column key/value table', () => {
    const text =
      '# Work order WO-77\n\n| Item | Detail |\n|---|---|\n| Works start | 4 October 2028 |\n| Works end | 19 January 2029 |\n\nThe work is billed monthly.\n';
    expect(dates(text)).toEqual(['2028-10-04', '2029-01-19']);
  });

  it('reads "Finish:" as the end, and a date defined by a parenthesis as the start', () => {
    expect(dates('Project plan\n\n**Start:** 02/10/2028 — **Finish:** 22/12/2028\n')[1]).toBe('2028-12-22');
    expect(
      dates('Charges accrue from 5 June 2028 (the "Commencement Date") and the order ends on 4 June 2029.\n')[0],
    ).toBe('2028-06-05');
  });

  it('reads "enters into force" and a period opened by "from … and ends"', () => {
    expect(dates('The agreement enters into force on 2028-04-01 and expires on 2030-03-31.\n')).toEqual([
      '2028-04-01',
      '2030-03-31',
    ]);
    expect(dates('The licence is granted from 9 May 2028 and ends on 8 May 2029.\n')).toEqual([
      '2028-05-09',
      '2029-05-08',
    ]);
  });

  it('takes a completion date as the end only when the work also has a start', () => {
    expect(dates('The services shall start on 03/04/2028 and shall be completed on or before 29/09/2028.\n')[1]).toBe(
      '2028-09-29',
    );
    expect(dates('Valid from 3 April 2028.\n\nThe project shall be completed by 29 September 2028.\n')[1]).toBeNull();
  });

  it('reads German and French phrasings of the period', () => {
    expect(dates('Die Arbeiten beginnen am 6. März 2028. Die Anlage ist bis 15. Juni 2028 fertigzustellen.\n')).toEqual(
      ['2028-03-06', '2028-06-15'],
    );
    expect(dates('Der Vertrag wird für eine feste Laufzeit bis zum 30.11.2029 geschlossen.\n')[1]).toBe('2029-11-30');
    expect(dates('Les travaux commencent le 4 septembre 2028 et se terminent le 15 décembre 2028.\n')[0]).toBe(
      '2028-09-04',
    );
  });

  it('reads a change document effective date after an emphasised or bilingual label', () => {
    expect(dates('Change Order CO-9\n\n**Datum / effective date:** 15-11-2028\n')[0]).toBe('2028-11-15');
  });
});

// Fifth round: date forms and term labels by meaning (start/end of the work, a term heading over its range), written
// for the mechanism, not copied from any corpus document.
describe('year-first dates', () => {
  it('reads year/month/day with slashes or dots', () => {
    expect(parseDate('2028/02/09')).toBe('2028-02-09');
    expect(parseDate('2028.11.30')).toBe('2028-11-30');
    expect(parseDate('2028/13/01')).toBeNull();
  });

  it('reads a contract period written year first', () => {
    expect(dates('The service runs from 2028/07/01 to 2029/06/30 under this order.\n')).toEqual([
      '2028-07-01',
      '2029-06-30',
    ]);
  });
});

describe('start and end labels that name the work', () => {
  it('reads "Start of services" and "Planned end of the project"', () => {
    expect(dates('Start of services: 03.05.2028\nPlanned end of the project: 29.09.2028\n')).toEqual([
      '2028-05-03',
      '2028-09-29',
    ]);
  });

  it('reads a range under a term heading', () => {
    expect(dates('# Quote\n\n## 2. Term\n\nMay 8, 2028 to August 31, 2028\n\n## 3. Price\n')).toEqual([
      '2028-05-08',
      '2028-08-31',
    ]);
  });

  it('reads a start and an end "until" in one sentence', () => {
    expect(dates('The analysts work from 6 March 2028 and until 15 December 2028 on site.\n')).toEqual([
      '2028-03-06',
      '2028-12-15',
    ]);
  });

  it('reads an expected completion across a wrapped line, and a promise to finish once a start is given', () => {
    expect(
      dates('Work begins on June 5, 2028. We anticipate that the\nreport will be complete by July 28, 2028.\n'),
    ).toEqual(['2028-06-05', '2028-07-28']);
    expect(dates('We begin on 2 October 2028 and will finish no later than 20 November 2028.\n')).toEqual([
      '2028-10-02',
      '2028-11-20',
    ]);
  });

  it('reads German and French start labels of the work', () => {
    expect(dates('# Werkvertrag\n\nBeginn der Arbeiten: 7. August 2028. Die Leistungen werden erbracht.\n')[0]).toBe(
      '2028-08-07',
    );
    expect(dates('# Contrat\n\nLes travaux commencent dès le 9 octobre 2028 pour le client.\n')[0]).toBe('2028-10-09');
  });

  it('reads a German start in a table cell', () => {
    expect(
      dates(
        '# Änderungsauftrag\n\n| Feld | Wert |\n|---|---|\n| Gültig ab | 01.12.2028 |\n\nDie Änderung betrifft den Vertrag.\n',
      )[0],
    ).toBe('2028-12-01');
  });
});

// Sixth round: a term as a table row or with a tilde, dates defined by a term of a few words after them.
describe('term ranges and defined dates', () => {
  it('reads a range in a table row labelled Term', () => {
    expect(dates('| Item | Detail |\n|---|---|\n| Term | 2 August 2027 until 1 August 2028 |\n')).toEqual([
      '2027-08-02',
      '2028-08-01',
    ]);
  });
  it('reads a contract period written with a tilde', () => {
    expect(dates('The contract period is 2027.06.01 ~ 2027.12.31.\n')).toEqual(['2027-06-01', '2027-12-31']);
  });
  it('reads dates defined by a term of a few words after them', () => {
    expect(
      dates('## Key dates\n\n- March 1, 2027 (the "Order Effective Date")\n- August 31, 2027 (the "Order End Date")\n'),
    ).toEqual(['2027-03-01', '2027-08-31']);
  });
  it('does not take a date defined as something else for the term', () => {
    expect(dates('- March 1, 2027 (the "Kick-off Meeting")\n')).toEqual([null, null]);
  });
});

describe("a document's own start over a clause's (seventh round)", () => {
  const effective = (text: string) => extractWithRules(text).terms.effectiveDate;
  it('reads "This Amendment takes effect on D" after a clause that starts later (en)', () => {
    expect(
      effective(
        '# Amendment 2\n\n1. Effective January 1, 2028, the hourly rate is $120.00.\n\nThis Amendment takes effect on October 1, 2027.\n',
      ),
    ).toBe('2027-10-01');
  });
  it('reads "Le présent avenant prend effet le D" and "Dieser Nachtrag tritt am D in Kraft" (fr, de)', () => {
    expect(
      effective(
        "# Avenant n° 4\n\nÀ compter du 1er janvier 2028, le prix de journée de l'architecte passe de 900,00 € à 950,00 € HT.\n\nLe présent avenant prend effet le 1er octobre 2027. Les autres clauses du contrat restent en vigueur.\n",
      ),
    ).toBe('2027-10-01');
    expect(
      effective(
        '# Nachtrag Nr. 2\n\nMit Wirkung zum 1. Januar 2028 beträgt der Tagessatz für die Rolle Architekt 1.000,00 €.\n\nDieser Nachtrag tritt am 1. Oktober 2027 in Kraft. Die übrigen Regelungen des Vertrags bleiben unverändert.\n',
      ),
    ).toBe('2027-10-01');
  });
});

describe('an amendment that says when it takes effect once', () => {
  it('reads French "prenant effet le D" in a title line as the effective date (fr)', () => {
    const text = `# Avenant n° 4\n\n**Avenant AV-4 — prenant effet le 9 mars 2028**\n\nLa date de fin est reportée du 30 avril 2028 au 31 mai 2028.\n`;
    expect(dates(text)[0]).toBe('2028-03-09');
  });
  it('reads "made on D … takes effect on signature" as the effective date (en)', () => {
    const text = `# Addendum A-2\n\nThis Addendum is made on 14th May 2028 between Alpha Ltd and Beta Ltd and takes effect on signature.\n\n1. The project will start on 1st July 2028.\n`;
    expect(dates(text)[0]).toBe('2028-05-14');
  });
});
