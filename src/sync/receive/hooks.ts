// What a receiving tier adds to the engine's steps (receive.ts): which province and school an
// item speaks for, the tier's own rules, what it does before and after storing. The province and
// national tiers give theirs (src/tiers/province/receiver.ts, src/tiers/national/receiver.ts).
import type { Kysely, Transaction } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import type { FieldIssue } from '#domain/errors.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { MachineCaller } from '#server/auth/caller.ts';
import type { Batch, ItemStatus } from '../protocol.ts';
import type { RuleInput, StoredRecord } from './rules.ts';

// Province and national hold the same receiving tables; the province's types serve both.
export type ReceivingDb = Kysely<ProvinceTierDatabase>;
export type ReceivingTransaction = Transaction<ProvinceTierDatabase>;

export type ReceivedItem = Batch['items'][number] & { schoolCode: string };

export interface Decision {
  status: ItemStatus;
  decidedBy: 'province' | 'national' | null;
  error?: FieldIssue;
  nationalId?: string | null;
}

/** A batch's items as decided and stored, for what a tier does after storing. */
export interface DecidedBatch {
  provinceCode: string;
  kind: RecordKind;
  items: ReceivedItem[];
  decisions: Decision[];
  /** The ids of the records this batch stored (new versions). */
  stored: Set<string>;
  /** Records the tier held before this batch that its items touch or name. */
  known: Map<string, StoredRecord>;
}

/** The tier's own rules over one batch, with whatever they read for it. */
export interface TierRules {
  /** The tier's problem with an item, after its shape, ownership and references passed. */
  problem(input: RuleInput): FieldIssue | undefined;
  /** An item passed every check: later items of the batch see it. */
  accepted?(item: ReceivedItem): void;
}

export interface ReceiverHooks {
  tier: 'province' | 'national';
  /** The province whose records a batch from this sender carries. */
  provinceOf(db: ReceivingDb, sender: MachineCaller): Promise<string>;
  /** The school an item speaks for: a school speaks for itself only; a province names each item's. */
  schoolOf(item: Batch['items'][number], sender: MachineCaller): string;
  /** The decision of an item that passed every check. */
  accepted: Decision;
  /** The tier's rules for a batch, reading once what they need. */
  rules(
    trx: ReceivingTransaction,
    provinceCode: string,
    kind: RecordKind,
    items: ReceivedItem[],
  ): Promise<TierRules>;
  /** After the decisions, before storing (the national tier gives identifiers). */
  beforeStore?(trx: ReceivingTransaction, batch: DecidedBatch): Promise<void>;
  /** After storing, in the same transaction (the national tier places schools; the province forwards). */
  afterStore?(trx: ReceivingTransaction, batch: DecidedBatch): Promise<void>;
}
