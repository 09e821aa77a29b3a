// How a CSDL Tỉnh receives its schools' batches: each school speaks for itself, the province's
// rules decide, and what it accepts goes on to the national tier in the same transaction — new
// versions and the same version sent again (a retry waits for the national answer anew).
import { readMeta } from '#db/meta.ts';
import type { TierContext } from '#server/context.ts';
import type { ReceiverHooks } from '#sync/receive/hooks.ts';
import { enqueueBatches } from '#sync/send/outbox.ts';
import { periodLockProblem } from './periods/lock-rule.ts';
import { provinceProblem } from './rules.ts';

export function provinceReceiver(context: TierContext): ReceiverHooks {
  return {
    tier: 'province',
    provinceOf: async (db) => (await readMeta<string>(db, 'province_code'))!,
    schoolOf: (_item, sender) => sender.unitKey.slice(1),
    accepted: { status: 'pending', decidedBy: null },
    rules: async (trx, _province, _kind, items) => {
      const locked = await periodLockProblem(
        trx,
        items.map((item) => item.schoolCode),
      );
      return { problem: (input) => locked(input) ?? provinceProblem(input) };
    },
    afterStore: async (trx, { provinceCode, kind, items, decisions }) => {
      const forward = items.filter((_, i) => decisions[i]!.status === 'pending');
      if (forward.length > 0)
        await enqueueBatches(trx, context.queue, { unitKey: `P${provinceCode}`, kind, items: forward });
    },
  };
}
