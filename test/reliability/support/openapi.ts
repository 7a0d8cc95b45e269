/** The parts of the API's OpenAPI document the reliability tests read. */
export interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** As in the document, e.g. /api/business-cases/{caseId}/revisions. */
  path: string;
  parameters: Parameter[];
  /** The request body schema (resolved one level: a $ref's target name in bodySchemaName). */
  bodySchema?: Schema;
  bodySchemaName?: string;
  /** No bearer token needed (no `security` on the operation). */
  public: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; security?: unknown[] }>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const name = schema?.$ref?.split('/').pop();
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        ...(schema ? { bodySchema: schema } : {}),
        ...(name ? { bodySchemaName: name } : {}),
        public: !op.security || op.security.length === 0,
      });
    }
  }
  return ops;
}

export const operationKey = (op: { method: string; path: string }): string => `${op.method} ${op.path}`;

/** Resolves $ref and single-element allOf wrappers. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    if (s.$ref) s = doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? {};
    else if (s.allOf && s.allOf.length === 1) s = { ...s.allOf[0]!, ...(s.nullable ? { nullable: true } : {}) };
    else return s;
  }
  return s;
}

/** A plausible value for a schema: its example, the first enum value, or a small typed value. */
export function plausible(doc: OpenApiDocument, schema: Schema, depth = 0): unknown {
  const s = resolveSchema(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  switch (s.type) {
    case 'string':
      return 'plausible text';
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 6 || !s.items ? [] : [plausible(doc, s.items, depth + 1)];
    default: {
      if (!s.properties || depth > 6) return {};
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) {
        const prop = s.properties[key];
        if (prop) out[key] = plausible(doc, prop, depth + 1);
      }
      return out;
    }
  }
}
