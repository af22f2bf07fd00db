/**
 * A small JSON Schema (2020-12) checker for the keywords the trial schema uses: type, const, enum, properties,
 * required, additionalProperties (boolean), minProperties, items, minItems, minimum, maximum, exclusiveMinimum,
 * minLength, maxLength, pattern, format "date", $ref (local "#/$defs/…"), anyOf, oneOf. Written here instead of
 * adding a validator package: the schema is ours and small, and the error messages name the field the way a trial
 * author reads it (`inclusion[2].op`). An unsupported keyword in the schema is a programming error and throws.
 */
export interface SchemaIssue {
  /** Where in the document: `inclusion[2].op`, or `(root)`. */
  path: string;
  message: string;
}

export type JsonSchema = { [keyword: string]: unknown };

const KNOWN_KEYWORDS = new Set([
  '$schema',
  '$id',
  '$defs',
  '$comment',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'items',
  'minItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  '$ref',
  'anyOf',
  'oneOf',
]);

export function checkSchema(root: JsonSchema, value: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  visit(root, root, value, '', issues);
  return issues;
}

function visit(
  root: JsonSchema,
  schema: JsonSchema,
  value: unknown,
  path: string,
  issues: SchemaIssue[],
): void {
  const at = path === '' ? '(root)' : path;
  const fail = (message: string) => issues.push({ path: at, message });
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(keyword))
      throw new Error(`trial schema uses unsupported keyword "${keyword}" at ${at}`);
  }
  if (typeof schema.$ref === 'string') {
    visit(root, resolveRef(root, schema.$ref), value, path, issues);
  }
  if (schema.type !== undefined && !hasType(value, schema.type as string)) {
    fail(`must be ${article(schema.type as string)}, got ${describe(value)}`);
    return;
  }
  if ('const' in schema && value !== schema.const) fail(`must be ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    fail(`must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`);
  }
  if (typeof value === 'number') checkNumber(schema, value, fail);
  if (typeof value === 'string') checkString(schema, value, fail);
  if (Array.isArray(value)) checkArray(root, schema, value, path, issues, fail);
  if (isObject(value)) checkObject(root, schema, value, path, issues, fail);
  if (Array.isArray(schema.anyOf)) checkAnyOf(root, schema.anyOf as JsonSchema[], value, path, issues, fail);
  if (Array.isArray(schema.oneOf)) checkOneOf(root, schema.oneOf as JsonSchema[], value, path, issues, fail);
}

function checkNumber(schema: JsonSchema, value: number, fail: (m: string) => void): void {
  if (typeof schema.minimum === 'number' && value < schema.minimum)
    fail(`must be ≥ ${schema.minimum}, got ${value}`);
  if (typeof schema.maximum === 'number' && value > schema.maximum)
    fail(`must be ≤ ${schema.maximum}, got ${value}`);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    fail(`must be > ${schema.exclusiveMinimum}, got ${value}`);
  }
}

function checkString(schema: JsonSchema, value: string, fail: (m: string) => void): void {
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    fail(schema.minLength === 1 ? 'must not be empty' : `must have at least ${schema.minLength} characters`);
  }
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    fail(`must have at most ${schema.maxLength} characters`);
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    fail(`must match ${schema.pattern}, got ${JSON.stringify(value)}`);
  }
  if (schema.format === 'date' && !isCalendarDate(value))
    fail(`must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

function checkArray(
  root: JsonSchema,
  schema: JsonSchema,
  value: unknown[],
  path: string,
  issues: SchemaIssue[],
  fail: (m: string) => void,
): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    fail(`must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
  }
  if (isObject(schema.items)) {
    value.forEach((item, i) => visit(root, schema.items as JsonSchema, item, `${path}[${i}]`, issues));
  }
}

function checkObject(
  root: JsonSchema,
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  issues: SchemaIssue[],
  fail: (m: string) => void,
): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const name of (schema.required ?? []) as string[]) {
    if (!(name in value)) issues.push({ path: join(path, name), message: 'is required' });
  }
  if (typeof schema.minProperties === 'number' && Object.keys(value).length < schema.minProperties) {
    fail(`must have at least ${schema.minProperties} of: ${Object.keys(properties).join(', ')}`);
  }
  for (const [name, child] of Object.entries(value)) {
    const childSchema = properties[name];
    if (childSchema) visit(root, childSchema, child, join(path, name), issues);
    else if (schema.additionalProperties === false) {
      issues.push({
        path: join(path, name),
        message: `is not allowed here (allowed: ${Object.keys(properties).join(', ')})`,
      });
    }
  }
}

function checkAnyOf(
  root: JsonSchema,
  branches: JsonSchema[],
  value: unknown,
  path: string,
  issues: SchemaIssue[],
  fail: (m: string) => void,
): void {
  if (branches.some((b) => checkSub(root, b, value, path).length === 0)) return;
  // The common case: "one of these properties is required"; say so plainly.
  const required = branches.map((b) =>
    Array.isArray(b.required) && Object.keys(b).length === 1 ? b.required : null,
  );
  if (required.every((r) => r !== null)) fail(`needs ${required.map((r) => r!.join(' and ')).join(' or ')}`);
  else issues.push(...branches.flatMap((b) => checkSub(root, b, value, path)));
}

/**
 * oneOf over object schemas told apart by a `type` constant (the criterion union): the branch is chosen by the
 * value's `type`, so the errors are that branch's, not a list of every branch's mismatches.
 */
function checkOneOf(
  root: JsonSchema,
  branches: JsonSchema[],
  value: unknown,
  path: string,
  issues: SchemaIssue[],
  fail: (m: string) => void,
): void {
  const resolved = branches.map((b) => (typeof b.$ref === 'string' ? resolveRef(root, b.$ref) : b));
  const tags = resolved.map(
    (b) => ((b.properties as Record<string, JsonSchema> | undefined)?.type?.const as string) ?? null,
  );
  if (tags.every((t) => t !== null) && isObject(value)) {
    const index = tags.indexOf(value.type as string);
    if (index < 0) {
      issues.push({
        path: join(path, 'type'),
        message: `${value.type === undefined ? 'is required' : `unknown type ${JSON.stringify(value.type)}`}; expected one of ${tags.join(', ')}`,
      });
      return;
    }
    issues.push(...checkSub(root, branches[index], value, path));
    return;
  }
  const matching = branches.filter((b) => checkSub(root, b, value, path).length === 0).length;
  if (matching !== 1)
    fail(matching === 0 ? 'matches none of the allowed forms' : 'matches more than one allowed form');
}

function checkSub(root: JsonSchema, schema: JsonSchema, value: unknown, path: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  visit(root, schema, value, path, out);
  return out;
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`trial schema: only local $ref is supported, got ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)?.[part];
  if (!isObject(node)) throw new Error(`trial schema: $ref ${ref} does not resolve`);
  return node;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    default:
      throw new Error(`trial schema: unsupported type "${type}"`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A real calendar date: 2026-02-30 is refused. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function article(type: string): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
