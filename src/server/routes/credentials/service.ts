// Sync credentials issued to the units below: a province to its schools, the national tier to
// its provinces. The secret is shown once. Issuing a new one for a unit that has one starts a
// rotation: the old one keeps working for the overlap, so the unit can switch without a gap.
import { type Selectable, sql } from 'kysely';
import type { SyncCredentialTable } from '#db/schema.ts';
import { AppError, issue } from '#domain/errors.ts';
import { assertAccessible, unitInScope } from '../../access/scope.ts';
import { writeAudit } from '../../audit.ts';
import { randomToken, sha256 } from '../../auth/secrets.ts';
import { type TierContext, upperTierDb } from '../../context.ts';
import type { UserRequest } from '../../services.ts';
import { findUnits } from '../../units/units.ts';

type Services = UserRequest;

/** The kind of unit that holds credentials of this tier. */
export const CREDENTIAL_HOLDER = { province: 'school', national: 'province' } as const;

const db = upperTierDb;

export interface CredentialView {
  id: string;
  clientId: string;
  unit: { key: string; name: string };
  status: 'active' | 'expiring' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

async function toViews(
  context: TierContext,
  rows: Selectable<SyncCredentialTable>[],
): Promise<CredentialView[]> {
  const units = new Map(
    (await findUnits(context, [...new Set(rows.map((r) => r.unit_key))])).map((u) => [u.key, u]),
  );
  const now = Date.now();
  return rows.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    unit: { key: row.unit_key, name: units.get(row.unit_key)?.name ?? row.unit_key },
    status: row.revoked_at
      ? 'revoked'
      : row.expires_at
        ? new Date(row.expires_at).getTime() > now
          ? 'expiring'
          : 'expired'
        : 'active',
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  }));
}

export async function listCredentials({ context, caller }: Services, unitKey: string | undefined) {
  let query = db(context)
    .selectFrom('sync_credentials')
    .selectAll()
    .where(unitInScope(context.tier, caller, 'unit_key'));
  if (unitKey) query = query.where('unit_key', '=', unitKey);
  return toViews(context, await query.orderBy('created_at', 'desc').limit(1000).execute());
}

export async function issueCredential(
  { context, caller, request }: Services,
  input: { unitKey: string; overlapDays: number },
) {
  const holder = CREDENTIAL_HOLDER[context.tier as keyof typeof CREDENTIAL_HOLDER];
  const [unit] = await findUnits(context, [input.unitKey]);
  if (!unit || unit.kind !== holder || !unit.path.startsWith(caller.unitPath)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        issue(
          'unitKey',
          'UNIT_NOT_ALLOWED',
          `Chỉ cấp thông tin đồng bộ cho ${holder === 'school' ? 'trường' : 'tỉnh'} thuộc phạm vi của bạn.`,
        ),
      ],
    });
  }
  const secret = randomToken();
  const clientId = `${unit.key.toLowerCase()}-${randomToken(6)}`;
  const row = await db(context)
    .transaction()
    .execute(async (trx) => {
      // Credentials still valid start their overlap now (or keep an earlier end).
      await trx
        .updateTable('sync_credentials')
        .set({
          expires_at: sql`LEAST(coalesce(expires_at, 'infinity'), now() + make_interval(days => ${input.overlapDays}))`,
        })
        .where('unit_key', '=', unit.key)
        .where('revoked_at', 'is', null)
        .execute();
      return trx
        .insertInto('sync_credentials')
        .values({
          client_id: clientId,
          unit_key: unit.key,
          secret_hash: sha256(secret),
          created_by: caller.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  await writeAudit(context.db, request, {
    action: 'credential.issued',
    unitKey: unit.key,
    targetKind: 'credential',
    targetId: row.id,
    details: { clientId, overlapDays: input.overlapDays },
  });
  return { credential: (await toViews(context, [row]))[0]!, secret };
}

export async function revokeCredential({ context, caller, request }: Services, id: string) {
  await assertAccessible(context.db, context.tier, caller, 'credential', [id]);
  const row = await db(context)
    .updateTable('sync_credentials')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(context.db, request, {
    action: 'credential.revoked',
    unitKey: row.unit_key,
    targetKind: 'credential',
    targetId: id,
    details: { clientId: row.client_id },
  });
  return (await toViews(context, [row]))[0]!;
}
