/**
 * A validator for the JSON Schema keywords the SowTerms contract uses (type, enum, const, required,
 * properties, items, pattern, format: date), so tests can hold extractor output to the shared
 * contract file itself without another dependency.
 */
type Schema = Record<string, unknown>;

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const matchesType = (v: unknown, t: string): boolean =>
  t === 'integer' ? Number.isInteger(v) : t === 'number' ? typeof v === 'number' : typeOf(v) === t;

/** Every violation as "path: problem"; empty when the value conforms. */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const out: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => matchesType(value, t)))
      return [`${path}: expected ${types.join('|')}, got ${typeOf(value)}`];
  }
  if (schema.const !== undefined && value !== schema.const)
    out.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    out.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value))
    out.push(`${path}: does not match ${schema.pattern}`);
  if (typeof value === 'string' && schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
    out.push(`${path}: not a date`);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (!(key in value)) out.push(`${path}: missing ${key}`);
    for (const [key, sub] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
      if (key in value) out.push(...validate(sub, (value as Record<string, unknown>)[key], `${path}.${key}`));
    }
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((item, i) => out.push(...validate(schema.items as Schema, item, `${path}[${i}]`)));
  return out;
}
