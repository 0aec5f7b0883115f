/**
 * The role a rate sentence names, read by the words around the role in English, German and French: a role word
 * ("role", "Rolle", "profil"), a rate noun and its preposition ("rate for the …", "Tagessatz der …", "taux de l'…"), the
 * subject of the rate ("A Security Analyst is added at …", "The GIS Technician rate changes to …") or the party paid.
 */
const ROLE_LABEL =
  /\b(?:pay|compensate|bill|reimburse)\s+(?:the\s+)?(Consultant|Contractor|Provider|Supplier|Advisor|Adviser|Vendor)\b/;

/** The role a rate sentence names: "rate for the Lead Architect role", "pay Consultant … at the rate of". */
export function roleInSentence(sentence: string, fallback: string | null): string | null {
  // A quoted role: 'Role "Senior Entwickler"', 'Un profil « Formateur terrain »'.
  const quoted = /(?:\b(?:role|profil|rolle|fonction)|(?<![\p{L}])rôle)\s+"([^"]{2,60})"/iu.exec(sentence)?.[1];
  if (quoted) return quoted.trim();
  // A role word before the role's name: "A new role is added: Data Protection Specialist, charged at …", "die Rolle
  // Datenbankspezialist zu CHF 175.– pro Stunde" (Rolle reads as Role), "le profil Expert sécurité au taux de …".
  const afterWord =
    /(?:\b[Rr]oles?|\b[Pp]rofil|(?<![\p{L}])[Rr]ôle|\b[Pp]osition)(?:\s+(?:is\s+)?added|\s+(?:suivant|following|folgende))?\s*:?\s+(\p{Lu}[\p{L}&/-]*(?:\s+(?:\p{Lu}[\p{L}&/-]*|of|and|\p{Ll}[\p{L}-]*(?=\s+(?:au|à|at|zu)\b|\s*,))){0,4}?)(?:\s*,|\s+(?:zu|at|à|au|for|charged|billed|invoiced|is|est|wird|mit|with|avec|erhöht|steigt|sinkt|beträgt|increases?|rises?|changes?|passe|ab|from|von)(?![\p{L}]))/u.exec(
      sentence,
    )?.[1];
  if (afterWord && !/^(?:The|This|Each|All|A|An|Der|Die|Le|La)$/.test(afterWord)) return afterWord.trim();
  // "the rate for the Lead Architect increases", "le prix de journée de l'Architecte technique passe de …",
  // "der Stundensatz für den Senior-Berater erhöht sich": the role after a rate noun and its preposition; lower-case
  // words of the role end at its verb ("de l'Ingénieur systèmes et réseaux est porté", "of the Tester rises to").
  const forRole =
    /(?:\brates?|\bprix\s+de\s+journée|\btaux(?:\s+journalier)?|\btarif|[Ss]tundensatz|[Tt]agessatz)\s+(?:for|of|de|du|des|für|der)\s+(?:the\s+|each\s+|all\s+|our\s+|a\s+|an\s+|l['’]|la\s+|le\s+|den\s+|die\s+|das\s+|des\s+)?((?:\p{Lu}[\p{L}&/-]*)(?:\s+(?:\p{Lu}[\p{L}&/-]*|of|and|\p{Ll}[\p{L}-]*(?=(?:\s+\p{Ll}[\p{L}-]*){0,3}\s+(?:passe|est|erhöht|increases?|changes?|rises?|goes)(?![\p{L}]))))*?)(?:\s+role|\s+set\s+out|\s+is|\s+are|\s+will|\s+shall|\s+remains?|\s+increases?|\s+decreases?|\s+changes?|\s+rises?|\s+falls?|\s+goes|\s+passe|\s+est|\s+erhöht|\s+steigt|\s+sinkt|\s+beträgt|\s+wird|\s+ab(?=\s)|\s+von(?=\s)|[,:(]|$)/u.exec(
      sentence,
    );
  if (forRole?.[1] && !/^(?:TVA|VAT|MWST|MwSt|GST|TPS|TVQ|USt)$/.test(forRole[1])) return forRole[1].trim();
  const apposed = APPOSED_ROLE.exec(sentence)?.[1];
  if (apposed && !NOT_A_ROLE_WORD.test(apposed.split(/\s+/)[0] ?? '') && !/^\p{Lu}{2,4}$/u.test(apposed))
    return apposed.trim();
  const own = ownRole(sentence);
  if (own) return own;
  const named = /\b((?:[A-Z][\w&/-]*\s+){0,4}[A-Z][\w&/-]*)\s+role\b/.exec(sentence);
  if (named?.[1])
    return named[1]
      .replace(/^(?:The|A|An|New|Each)\s+/, '')
      .replace(/^(?:New)\s+/, '')
      .trim();
  const perRole = /\bper\s+([a-z][a-z-]+)\s+(?:day|hour)\b/.exec(sentence);
  if (perRole?.[1] && !/^(?:person|man|working|calendar|business)$/.test(perRole[1])) return perRole[1];
  const label = ROLE_LABEL.exec(sentence);
  if (label?.[1]) return label[1];
  const at = /\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})s?\s+(?:at|@)\s+(?:the\s+rate\s+of\s+)?(?=[^\s])/.exec(sentence);
  if (at?.[1] && !/^(?:The|This|Each|All|Services?|Work)$/.test(at[1])) return at[1];
  return fallback;
}

/**
 * A role named right after its rate noun or category, as an apposition: "Der Ansatz Softwareentwickler beträgt neu …",
 * "Der Tagessatz Entwickler steigt …", "Labor category Data Migration Analyst (Rate ID BSR-03): the hourly rate …".
 * The name ends at a verb, a comma, a colon or a bracket.
 */
const APPOSED_ROLE =
  /(?<![\p{L}])(?:[Aa]nsatz|[Tt]agessatz|[Ss]tundensatz|(?:[Dd]ay|[Dd]aily|[Hh]ourly)\s+rate|[Ll]abou?r\s+category|[Kk]ategorie|[Ll]eistungskategorie|[Cc]atégorie)\s+(\p{Lu}[\p{L}&/-]*(?:\s+\p{Lu}[\p{L}&/-]*){0,3})(?=\s*[,(:]|\s+(?:beträgt|steigt|sinkt|wird|erhöht|ist|bleibt|is|becomes|changes|increases|rises|remains|passe|est)(?![\p{L}]))/u;

/** Words that name the work, a party or a period rather than a role. */
const NOT_A_ROLE_WORD =
  /^(?:The|This|Each|All|Der|Die|Das|Le|La|Les|Services?|Work|Leistungen|Arbeiten|Prestations?|Client|Customer|Provider|Supplier|Contractor|Auftraggeber\w*|Auftragnehmer\w*|Prestataire|Period|Term|Project|Projekt|Vertrag|Contract)$/u;
/**
 * The role a sentence names as the subject of its rate: "A Security Analyst is added at a daily rate of …", "The GIS
 * Technician rate changes to …", "Für die Projektleitung gilt ab … ein Tagessatz von …" (the rate word after the role).
 */
export function ownRole(sentence: string): string | null {
  const role = (m: RegExpExecArray | null): string | null => {
    const r = m?.[1]?.trim();
    return r && !NOT_A_ROLE_WORD.test(r.split(/\s+/)[0] ?? '') ? r : null;
  };
  const cap = String.raw`(\p{Lu}[\p{L}&/-]*(?:\s+\p{Lu}[\p{L}&/-]*){0,3})`;
  return (
    role(
      new RegExp(
        String.raw`(?:^|[\s(])(?:A|An|One|The)\s+${cap}\s+(?:is|are|will\s+be|shall\s+be)\s+(?:(?:hereby|also)\s+)?(?:added|included|engaged|charged|billed|invoiced)(?![\p{L}])`,
        'u',
      ).exec(sentence),
    ) ??
    role(
      new RegExp(
        String.raw`(?:^|[\s(])(?:[Tt]he|[Oo]ur)\s+${cap}\s+(?:(?:hourly|daily|day|standard)\s+)?rate\s+(?:changes|is|will\s+be|shall\s+be|increases|decreases|rises|becomes|stays|remains|goes|moves)(?![\p{L}])`,
        'u',
      ).exec(sentence),
    ) ??
    // "Für Leistungen ab … gilt für Hafenplaner/in ein Tagessatz von …": the first "für" may name the work, a later one
    // (with or without an article) the role; each is tried in turn.
    forRoles(sentence, cap)
      .find((r) => role(r) !== null)?.[1]
      ?.trim() ??
    null
  );
}

const MONTH_WORD =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Januar|Februar|März|Juni|Juli|Oktober|Dezember)$/u;
/** Each "für/for/pour X … rate" reading of a sentence, from every "für", so an earlier one does not hide a later one. */
function forRoles(sentence: string, cap: string): RegExpExecArray[] {
  const re = new RegExp(
    String.raw`(?:[Ff]ür|[Ff]or|[Pp]our)\s+(?:(?:die|den|das|the|le|la)\s+|l['’]\s*)?${cap}\s+(?:[^.;:]|\.(?=\d)){0,60}?(?:Day\s+rate|Hourly\s+rate|day\s+rate|hourly\s+rate|daily\s+rate|Tagessatz|Stundensatz|taux\s+journalier|taux\s+horaire|TJM)(?![\p{L}])`,
    'uy',
  );
  const out: RegExpExecArray[] = [];
  for (const w of sentence.matchAll(/(?<![\p{L}])(?:[Ff]ür|[Ff]or|[Pp]our)\s/gu)) {
    re.lastIndex = w.index;
    const m = re.exec(sentence);
    if (m && !MONTH_WORD.test(m[1]?.split(/\s+/)[0] ?? '')) out.push(m);
  }
  return out;
}

/** "Der Day rate der Digitalisierungsexpertin steigt …", "le taux de l'Ingénieur système passe …": a rate noun and a genitive. */
const GENITIVE_ROLE =
  /(?<![\p{L}])(?:[Dd]ay\s+rate|[Hh]ourly\s+rate|[Dd]aily\s+rate|[Tt]agessatz|[Ss]tundensatz|taux(?:\s+(?:journalier|horaire))?|TJM)\s+(?:der|des|de\s+la|du|de\s+l['’]|de)\s*(?:(?:Role|Rolle|Funktion|profil|fonction)\s+)?(\p{Lu}[\p{L}&/-]*(?:\s+(?:\p{Lu}[\p{L}&/-]*|\p{Ll}[\p{L}-]*(?=\s+(?:passe|est|steigt|sinkt|wird|beträgt|erhöht)(?![\p{L}])))){0,3}?)(?=\s+(?:steigt|sinkt|wird|beträgt|erhöht|passe|est|ab|von|is|increases|changes)(?![\p{L}])|\s*[,;(])/u;

/** The role a rate change sentence names as the subject of its rate, for the change rules: see `ownRole`, and a genitive. */
export function rateSubject(sentence: string): string | null {
  const g = GENITIVE_ROLE.exec(sentence)?.[1]?.trim();
  if (g && !NOT_A_ROLE_WORD.test(g.split(/\s+/)[0] ?? '')) return g;
  return ownRole(sentence);
}
