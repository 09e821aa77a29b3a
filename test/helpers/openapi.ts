// The endpoints a tier documents in its OpenAPI document (/api/openapi.json, built from the same
// zod schemas that validate requests), so that tests generated from it cover a new endpoint the
// day it is added.
import type { ZodApp } from '#server/zod-app.ts';

/** The parts of JSON Schema the generated tests read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  maxLength?: number;
  maxItems?: number;
  default?: unknown;
}

export interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface Endpoint {
  method: string;
  /** As OpenAPI writes it: /api/classes/{id} */
  path: string;
  /** As the route table writes it: /api/classes/:id */
  route: string;
  parameters: Parameter[];
  /** The JSON body's schema; undefined when the endpoint takes no JSON body. */
  body?: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}

export async function endpointsOf(app: ZodApp): Promise<Endpoint[]> {
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  const document = response.json() as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      route: path.replace(/\{(\w+)\}/g, ':$1'),
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

export const isWrite = (endpoint: Endpoint) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(endpoint.method);
