import type { Kysely } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type {
  AccessTables,
  NationalTierDatabase,
  ProvinceTierDatabase,
  SchoolTierDatabase,
  UpperTierTables,
} from '#db/schema.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import type { TierName } from '#domain/tiers.ts';

/** What every route of a tier may use, whichever tier it is. */
interface ContextBase {
  /** Public base URLs of the tiers this deployment knows (for links in the web app). */
  links: Partial<Record<TierName, string>>;
  /** Base URL of the tier above (province for a school tier, national for a province tier). */
  upstreamUrl?: string;
  /** The background job queue, at the tiers that send upstream (school, province). */
  queue?: PgBoss;
  /** The key that opens the sync secrets this tier's units present upstream (upstreamOf). */
  secretKeys?: SecretKeys;
}

/** A tier's database, with the name of the tier that tells its tables. */
export type TierDb =
  | { tier: 'school'; db: Kysely<SchoolTierDatabase> }
  | { tier: 'province'; db: Kysely<ProvinceTierDatabase> }
  | { tier: 'national'; db: Kysely<NationalTierDatabase> };

export type SchoolContext = ContextBase & Extract<TierDb, { tier: 'school' }>;
export type ProvinceContext = ContextBase & Extract<TierDb, { tier: 'province' }>;
export type NationalContext = ContextBase & Extract<TierDb, { tier: 'national' }>;

/** A tier's context: which tier it is tells which database it has. */
export type TierContext = SchoolContext | ProvinceContext | NationalContext;
/** The tiers that receive batches and hold the org tree. */
export type ReceivingContext = ProvinceContext | NationalContext;

/** The tables every tier has (accounts, sessions, audit): what code serving every tier may touch. */
export const accessDb = (context: TierDb): Kysely<AccessTables> => context.db;

/** The database of a province or the national tier: what they both hold. */
export function upperTierDb(context: TierDb): Kysely<UpperTierTables> {
  if (context.tier === 'school') throw new Error('Tầng trường không giữ dữ liệu của tầng trên.');
  return context.db;
}

/** The province tier's database, for what only a province does (relaying to the national tier). */
export function provinceDb(context: TierContext): Kysely<ProvinceTierDatabase> {
  if (context.tier !== 'province') throw new Error(`Tầng ${context.tier} không phải CSDL Tỉnh.`);
  return context.db;
}

/** The national tier's database, for what only the national tier keeps. */
export function nationalDb(context: TierContext): Kysely<NationalTierDatabase> {
  if (context.tier !== 'national') throw new Error(`Tầng ${context.tier} không phải CSDL Quốc gia.`);
  return context.db;
}
