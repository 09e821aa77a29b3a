import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.ts';

const withCode = (code: string, extra: object = {}) => Object.assign(new Error('x'), { code, ...extra });

describe('isDatabaseUnavailable', () => {
  it('recognises a database that is down, restarting, refusing or cut off', () => {
    const away = [
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      withCode('57P01', { severity: 'FATAL' }), // terminating connection due to administrator command
      withCode('57P03'), // the database system is starting up
      withCode('08006'), // connection failure
      withCode('55000', { severity: 'FATAL' }), // database is not currently accepting connections
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout', { cause: withCode('ETIMEDOUT') }),
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
      new Error('migration failed', { cause: withCode('57P01') }),
    ];
    for (const error of away) expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  });

  it('leaves the errors of a request or of the code alone', () => {
    const mine = [
      withCode('23505', { severity: 'ERROR' }), // unique violation
      withCode('42P01', { severity: 'ERROR' }), // no such table
      withCode('55000', { severity: 'ERROR' }), // object not in prerequisite state, inside a session
      withCode('40P01'),
      new TypeError('cannot read properties of undefined'),
      new Error('Connection terminated'), // our own pool closing
      undefined,
      'ECONNREFUSED',
    ];
    for (const error of mine) expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });
});
