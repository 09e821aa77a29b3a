const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can name a record: anything else matches no uuid column (and PostgreSQL refuses to compare it with one). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
