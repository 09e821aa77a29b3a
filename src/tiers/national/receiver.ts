// How the CSDL Quốc gia receives the provinces' batches: each item names its school, the
// national rules decide over persons nationwide, accepted records get their national
// identifiers, and the schools a province sends are placed in the national tree under it.

import { registerSchools } from '#server/units/register-school.ts';
import type { DecidedBatch, ReceiverHooks, ReceivingTransaction } from '#sync/receive/hooks.ts';
import { checkedPayload } from '#sync/receive/rules.ts';
import { assignNationalIds } from './identities.ts';
import { addHolder, holdersOf, nationalProblem, schoolNamesOf } from './person-rules.ts';

export function nationalReceiver(): ReceiverHooks {
  return {
    tier: 'national',
    provinceOf: async (_db, sender) => sender.unitKey.slice(1),
    schoolOf: (item) => item.schoolCode ?? '',
    accepted: { status: 'success', decidedBy: 'national' },
    rules: async (trx, provinceCode, kind, items) => {
      const holders = await holdersOf(
        trx,
        items.map((i) => i.payload.personalId).filter((p): p is string => typeof p === 'string'),
      );
      const schoolNames = await schoolNamesOf(trx, [
        ...new Set([...holders.values()].flat().map((h) => h.school_code)),
      ]);
      return {
        problem: (input) => nationalProblem(input, holders, schoolNames),
        // Later items of the batch see this one as holding the person.
        accepted: (item) => {
          if (typeof item.payload.personalId !== 'string') return;
          addHolder(holders, {
            id: item.id,
            school_code: item.schoolCode,
            province_code: provinceCode,
            status_code: String(item.payload.statusCode ?? ''),
            national_id: null,
            personal_id: item.payload.personalId,
            kind,
          });
        },
      };
    },
    beforeStore: (trx, { kind, items, decisions, known }) =>
      assignNationalIds(trx, kind, items, decisions, known),
    afterStore: async (trx, batch) => {
      if (batch.kind === 'school') await placeSchools(trx, batch);
    },
  };
}

/** The schools a province sends, placed in the national tree under that province only. */
async function placeSchools(
  trx: ReceivingTransaction,
  { provinceCode, items, decisions, stored }: DecidedBatch,
) {
  await registerSchools(
    trx,
    items
      .filter((item, i) => decisions[i]!.status !== 'failed' && stored.has(item.id) && !item.deleted)
      .map((item) => {
        const school = checkedPayload('school', item);
        return {
          code: school.code,
          name: school.name,
          levelCode: school.levelCode,
          provinceCode,
          communeCode: school.address.communeCode,
        };
      }),
  );
}
