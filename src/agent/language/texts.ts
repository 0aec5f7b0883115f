/** The shapes of the copilot's texts (say.ts), apart so the message tables can import them without a cycle. */

/** What a text is filled in with: figures already formatted, identifiers as they are. */
export type Params = Readonly<Record<string, string | number | boolean | null | undefined>>;
/** One text: a function of its parameters (plurals and optional parts are written in it). */
export type Text = (p: Params) => string;
/** A key's texts: English always, German and French when written. */
export type Texts = { en: Text; de?: Text; fr?: Text };

/** "s" when a count is not one: English and French plurals inside texts. */
export const s = (n: unknown): string => (Number(n) === 1 ? '' : 's');
/** German plural ending when a count is not one ("Rechnung" + "en"). */
export const pl = (n: unknown, ending: string): string => (Number(n) === 1 ? '' : ending);
