// The audit log: logins, account and grant changes, credentials, reads and changes of personal
// data, every sync. Append-only in the database (see migration 0003_access).
import type { FastifyRequest } from 'fastify';
import type { AnyTierDatabase, AuditLogTable } from '#db/schema.ts';

export interface AuditEntry {
  action: string;
  unitKey?: string | null;
  targetKind?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  /** Who acted, when the request has no caller yet (a login). */
  actor?: { kind: AuditLogTable['actor_kind']; id?: string; name?: string };
}

export async function writeAudit(
  db: AnyTierDatabase,
  request: FastifyRequest | undefined,
  entry: AuditEntry,
): Promise<void> {
  const caller = request?.caller;
  const actor =
    entry.actor ??
    (caller?.kind === 'user'
      ? { kind: 'user' as const, id: caller.id, name: caller.username }
      : caller?.kind === 'credential'
        ? { kind: 'credential' as const, id: caller.credentialId, name: caller.clientId }
        : { kind: request ? ('anonymous' as const) : ('system' as const) });
  await db
    .insertInto('audit_log')
    .values({
      actor_kind: actor.kind,
      actor_id: actor.id ?? null,
      actor_name: actor.name ?? null,
      unit_key: entry.unitKey ?? caller?.unitKey ?? null,
      action: entry.action,
      target_kind: entry.targetKind ?? null,
      target_id: entry.targetId ?? null,
      ip: request?.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
