// The screens people wait on, timed from the client while a sync load runs: a large school's
// student list (paging, search, filter), the province dashboard, and the sync history with
// one run's items.
import { performance } from 'node:perf_hooks';
import { callAs } from './province.ts';
import { type Percentiles, percentiles } from './stats.ts';

export interface ScreenTarget {
  schoolUrl: string;
  provinceUrl: string;
  /** A clerk of the large school. */
  bigSchoolClerk: string;
  /** A clerk of a school that has synced (for its history). */
  historyClerk: string;
  /** A province officer. */
  provinceOfficer: string;
}

export interface ScreenFigures {
  requests: number;
  listStudents: number;
  dashboardSchools: number;
  list: Percentiles;
  /** The same requests, one figure per kind of list query (in the JSON only). */
  listByQuery: Record<string, Percentiles>;
  dashboard: Percentiles;
  history: Percentiles;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function measureScreens(target: ScreenTarget, rounds: number): Promise<ScreenFigures> {
  const { schoolUrl, provinceUrl, bigSchoolClerk, historyClerk, provinceOfficer } = target;
  const first = await callAs(schoolUrl, bigSchoolClerk, '/api/students?pageSize=50');
  const grade = first.items[0]?.grade as string;
  const familyName = String(first.items[0]?.fullName ?? 'Nguyễn').split(' ')[0]!;
  const pages = Math.max(1, Math.ceil(first.total / 50));
  const listQueries: Record<string, (round: number) => string> = {
    page: (round) => `/api/students?pageSize=50&page=${1 + ((round * 7) % pages)}`,
    searchByName: () => `/api/students?pageSize=50&q=${encodeURIComponent(familyName)}`,
    gradeByBirthDate: () => `/api/students?pageSize=50&grade=${encodeURIComponent(grade)}&sort=birthDate`,
    statusByClass: (round) => `/api/students?pageSize=50&statusCode=01&page=${1 + (round % 5)}&sort=class`,
  };
  const runs = await callAs(schoolUrl, historyClerk, '/api/sync/runs');
  const runId = runs.items[0]?.id as string;
  const dashboardAtStart = await callAs(provinceUrl, provinceOfficer, '/api/dashboard');

  const list: number[] = [];
  const listByQuery = Object.fromEntries(Object.keys(listQueries).map((kind) => [kind, [] as number[]]));
  const dashboard: number[] = [];
  const history: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [kind, query] of Object.entries(listQueries)) {
      const ms = await timed(() => callAs(schoolUrl, bigSchoolClerk, query(round)));
      list.push(ms);
      listByQuery[kind]!.push(ms);
    }
    dashboard.push(await timed(() => callAs(provinceUrl, provinceOfficer, '/api/dashboard')));
    history.push(await timed(() => callAs(schoolUrl, historyClerk, '/api/sync/runs')));
    history.push(
      await timed(() =>
        callAs(schoolUrl, historyClerk, `/api/sync/runs/${runId}/items?page=${1 + (round % 3)}`),
      ),
    );
  }
  return {
    requests: list.length + dashboard.length + history.length,
    listStudents: first.total,
    dashboardSchools: dashboardAtStart.totals.schools,
    list: percentiles(list),
    listByQuery: Object.fromEntries(Object.entries(listByQuery).map(([kind, ms]) => [kind, percentiles(ms)])),
    dashboard: percentiles(dashboard),
    history: percentiles(history),
  };
}
