/**
 * For a route whose answer is large and built here from typed rows (a whole province's schools,
 * a batch's thousand items polled again and again): its zod schema still documents the answer in
 * OpenAPI, but the answer is serialised as it is, without checking every row against the schema
 * once more on each request.
 */
export const uncheckedResponse = () => (data: unknown) => JSON.stringify(data);
