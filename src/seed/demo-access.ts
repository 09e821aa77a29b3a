// Demo accounts (one per role at each tier) and the sync credentials that link the demo
// schools to the province and the province to the national tier, as a province would set
// them up by hand. Demo passwords are known, so they are not forced to change; each account's
// hash still has a salt of its own, like any other.
import type { Kysely } from 'kysely';
import type {
  AccessTables,
  NationalTierDatabase,
  ProvinceTierDatabase,
  SchoolTierDatabase,
  SendingTables,
  UpperTierTables,
} from '#db/schema.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import type { Role } from '#domain/access/permissions.ts';
import type { TierName } from '#domain/tiers.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { randomToken, sha256 } from '#server/auth/secrets.ts';
import { orgKey } from '#server/units/org-tree.ts';
import { saveUpstreamCredential } from '#sync/send/upstream.ts';

export const DEMO_PASSWORD = 'dongbo-demo-2026';

export interface DemoLogin {
  tier: TierName;
  username: string;
  role: Role;
  /** Which demo unit: a school by level, the province, a commune (of the primary school), the nation. */
  unit: 'TH' | 'THCS' | 'THPT' | 'province' | 'commune' | 'nation';
  displayName: string;
  grants?: string[];
}

export const DEMO_LOGINS: DemoLogin[] = [
  {
    tier: 'school',
    username: 'tinhoc.th',
    role: 'school_admin',
    unit: 'TH',
    displayName: 'Cán bộ tin học trường Tiểu học',
  },
  {
    tier: 'school',
    username: 'giaovien.th',
    role: 'school_staff',
    unit: 'TH',
    displayName: 'Giáo viên chủ nhiệm',
    grants: ['classes:view', 'students:view', 'results:edit', 'results:sync', 'sync_history:view'],
  },
  {
    tier: 'school',
    username: 'tinhoc.thcs',
    role: 'school_admin',
    unit: 'THCS',
    displayName: 'Cán bộ tin học trường THCS',
  },
  {
    tier: 'school',
    username: 'tinhoc.thpt',
    role: 'school_admin',
    unit: 'THPT',
    displayName: 'Cán bộ tin học trường THPT',
  },
  {
    tier: 'province',
    username: 'so.quantri',
    role: 'province_admin',
    unit: 'province',
    displayName: 'Quản trị Sở GD&ĐT',
  },
  {
    tier: 'province',
    username: 'so.chuyenvien',
    role: 'province_officer',
    unit: 'province',
    displayName: 'Chuyên viên Sở GD&ĐT',
  },
  {
    tier: 'province',
    username: 'xa.canbo',
    role: 'commune_officer',
    unit: 'commune',
    displayName: 'Cán bộ Phòng VH-XH xã',
  },
  {
    tier: 'national',
    username: 'bo.quantri',
    role: 'national_admin',
    unit: 'nation',
    displayName: 'Quản trị CSDL Quốc gia',
  },
  {
    tier: 'national',
    username: 'bo.chuyenvien',
    role: 'national_officer',
    unit: 'nation',
    displayName: 'Chuyên viên Bộ GD&ĐT',
  },
];

export interface DemoDatabases {
  school: Kysely<SchoolTierDatabase>;
  province: Kysely<ProvinceTierDatabase>;
  national?: Kysely<NationalTierDatabase>;
}

export async function seedDemoAccess(
  databases: DemoDatabases,
  provinceCode: string,
  links: Partial<Record<TierName, string>>,
  secretKeys: SecretKeys,
): Promise<void> {
  const schools = await databases.school
    .selectFrom('schools')
    .select(['code', 'payload'])
    .orderBy('code')
    .execute();
  const schoolByLevel = new Map(schools.map((s) => [s.payload.levelCode, s]));
  const primary = schoolByLevel.get('TH')!;
  const unitKeys: Record<DemoLogin['unit'], string> = {
    TH: orgKey.school(primary.code),
    THCS: orgKey.school(schoolByLevel.get('THCS')!.code),
    THPT: orgKey.school(schoolByLevel.get('THPT')!.code),
    province: orgKey.province(provinceCode),
    commune: orgKey.commune(primary.payload.address.communeCode),
    nation: orgKey.nation(),
  };

  for (const tier of ['school', 'province', 'national'] as const) {
    const db: Kysely<AccessTables> | undefined = databases[tier];
    if (!db) continue;
    // One hash per account: the same password never gives two accounts the same salt and hash.
    const rows = await Promise.all(
      DEMO_LOGINS.filter((login) => login.tier === tier).map(async (login) => ({
        username: login.username,
        display_name: login.displayName,
        role: login.role,
        unit_key: unitKeys[login.unit],
        grants: login.grants ?? [],
        password_hash: await hashPassword(DEMO_PASSWORD),
        must_change_password: false,
      })),
    );
    if (rows.length > 0)
      await db
        .insertInto('users')
        .values(rows)
        .onConflict((oc) => oc.column('username').doNothing())
        .execute();
  }

  // Each demo school holds a credential issued by the province, the province one issued by the nation.
  for (const school of schools) {
    const unitKey = orgKey.school(school.code);
    await linkUpstream(databases.province, databases.school, unitKey, links.province, secretKeys);
  }
  if (databases.national) {
    const unitKey = orgKey.province(provinceCode);
    await linkUpstream(databases.national, databases.province, unitKey, links.national, secretKeys);
  }
}

/** The tier above issues `unitKey` a credential; the unit's own tier keeps it to present. */
async function linkUpstream(
  issuer: Kysely<UpperTierTables>,
  holder: Kysely<Pick<SendingTables, 'upstream_credentials'>>,
  unitKey: string,
  upstreamUrl: string | undefined,
  secretKeys: SecretKeys,
): Promise<void> {
  const secret = randomToken();
  const clientId = `${unitKey.toLowerCase()}-demo`;
  await issuer
    .insertInto('sync_credentials')
    .values({ client_id: clientId, unit_key: unitKey, secret_hash: sha256(secret) })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .execute();
  await saveUpstreamCredential(
    holder,
    secretKeys,
    { unitKey, upstreamUrl: upstreamUrl ?? '', clientId, secret },
    { keepExisting: true },
  );
}

/** The demo's tiers may move to other ports between runs: point the stored links at today's. */
export async function pointDemoUpstreams(
  databases: DemoDatabases,
  links: Partial<Record<TierName, string>>,
): Promise<void> {
  if (links.province)
    await databases.school
      .updateTable('upstream_credentials')
      .set({ upstream_url: links.province })
      .execute();
  if (links.national)
    await databases.province
      .updateTable('upstream_credentials')
      .set({ upstream_url: links.national })
      .execute();
}
