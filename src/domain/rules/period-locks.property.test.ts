import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../record-kinds.ts';
import { REPORTING_PERIOD_OF_RESULT, REPORTING_PERIODS } from '../reporting-periods.ts';
import {
  deadlineEnds,
  lockMessage,
  lockOf,
  type OpenedPeriod,
  periodOfRecord,
  vietnamDay,
} from './period-locks.ts';

const day = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
const year = fc.constantFrom('2026-2027', '2027-2028');
const period = fc.record({
  schoolYear: year,
  period: fc.constantFrom(...REPORTING_PERIODS),
  opensOn: day,
  deadlines: fc.record(Object.fromEntries(RECORD_KINDS.map((k) => [k, day])), { requiredKeys: [] }),
}) as fc.Arbitrary<OpenedPeriod>;
const periods = fc.uniqueArray(period, { selector: (p) => `${p.schoolYear}${p.period}`, maxLength: 8 });
const now = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2029, 0, 1) }).map((ms) => new Date(ms));
const record = fc.oneof(
  fc.record({ kind: fc.constantFrom('school', 'staff' as const) }),
  fc.record({ kind: fc.constantFrom('class', 'student' as const), schoolYear: year }),
  fc.record({
    kind: fc.constant('result' as const),
    schoolYear: year,
    resultPeriod: fc.constantFrom(
      ...(Object.keys(REPORTING_PERIOD_OF_RESULT) as (keyof typeof REPORTING_PERIOD_OF_RESULT)[]),
    ),
  }),
);

describe('period locks', () => {
  it('locks a record exactly when now is past its period’s deadline for its kind', () => {
    fc.assert(
      fc.property(record, periods, now, (r, ps, at) => {
        const period = periodOfRecord(r, ps, at);
        const deadline = period?.deadlines[r.kind];
        const lock = lockOf(r, ps, [], at);
        expect(lock !== undefined).toBe(deadline !== undefined && at >= deadlineEnds(deadline));
        if (lock) expect(lockMessage(lock)).toContain(lock.deadline.split('-').reverse().join('/'));
      }),
    );
  });

  it('a result belongs to its own period of its year; other records to the latest opened period', () => {
    fc.assert(
      fc.property(record, periods, now, (r, ps, at) => {
        const period = periodOfRecord(r, ps, at);
        if (!period) return;
        expect(period.opensOn <= vietnamDay(at)).toBe(true);
        if ('schoolYear' in r) expect(period.schoolYear).toBe(r.schoolYear);
        if (r.kind === 'result') expect(period.period).toBe(REPORTING_PERIOD_OF_RESULT[r.resultPeriod]);
        else
          for (const other of ps)
            if (
              other.schoolYear === period.schoolYear &&
              REPORTING_PERIODS.indexOf(other.period) > REPORTING_PERIODS.indexOf(period.period)
            )
              // a later period of the same year has not opened yet
              expect(other.opensOn > vietnamDay(at)).toBe(true);
      }),
    );
  });

  it('an unlock covering the record’s period and kind until later lifts the lock; one that has ended does not', () => {
    fc.assert(
      fc.property(
        record,
        periods,
        now,
        fc.boolean(),
        fc.integer({ min: 1, max: 10_000_000 }),
        (r, ps, at, all, ms) => {
          const lock = lockOf(r, ps, [], at);
          if (!lock) return;
          const grant = { schoolYear: lock.schoolYear, period: lock.period, kinds: all ? null : [r.kind] };
          expect(
            lockOf(r, ps, [{ ...grant, until: new Date(at.getTime() + ms).toISOString() }], at),
          ).toBeUndefined();
          expect(lockOf(r, ps, [{ ...grant, until: new Date(at.getTime() - ms).toISOString() }], at)).toEqual(
            lock,
          );
          const otherKinds = RECORD_KINDS.filter((k) => k !== r.kind);
          expect(
            lockOf(
              r,
              ps,
              [{ ...grant, kinds: otherKinds, until: new Date(at.getTime() + ms).toISOString() }],
              at,
            ),
          ).toEqual(lock);
        },
      ),
    );
  });

  it('names the period and the deadline in Vietnamese', () => {
    expect(
      lockMessage({ schoolYear: '2026-2027', period: 'DN', kind: 'student', deadline: '2026-09-15' }),
    ).toContain('Kỳ báo cáo Đầu năm 2026-2027 đã hết hạn nộp Thông tin học sinh ngày 15/09/2026.');
    // The deadline day lasts until midnight in Vietnam.
    expect(deadlineEnds('2026-09-15').toISOString()).toBe('2026-09-15T17:00:00.000Z');
  });
});
