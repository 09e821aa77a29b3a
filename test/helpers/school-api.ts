// A school clerk's calls to the school tier over real HTTP, signed in with a session cookie, and
// a wait for the sync to get somewhere.
import { ORIGIN } from './access.ts';

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape each route answers.
  body: any;
}

export function schoolApi(schoolUrl: string, cookie: string) {
  return async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${schoolUrl}${path}`, {
      method,
      headers: {
        cookie,
        origin: ORIGIN.replace('localhost:80', schoolUrl.slice(7)),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** Asks again until the answer is what is awaited, or the time is up; returns the last answer. */
export async function until<T>(
  what: () => Promise<T>,
  done: (value: T) => boolean,
  seconds = 40,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await what();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/**
 * Syncs everything of a list not yet synced (`/api/students/sync`, say) and waits until every
 * item has its answer; returns the items that did not come back Thành công.
 */
export async function syncUnsynced(
  api: (method: string, path: string, body?: unknown) => Promise<Answer>,
  path: string,
  // biome-ignore lint/suspicious/noExplicitAny: items of the run as the route answers them.
): Promise<any[]> {
  const started = await api('POST', path, { allUnsynced: true });
  if (started.body?.errors?.[0]?.code === 'NOTHING_TO_SYNC') return [];
  if (started.status !== 202) throw new Error(`${path}: ${started.status} ${JSON.stringify(started.body)}`);
  await until(
    () => api('GET', '/api/sync/runs?pageSize=200'),
    (r) => r.body.items.find((run: { id: string }) => run.id === started.body.runId)?.counts.pending === 0,
  );
  const items = (await api('GET', `/api/sync/runs/${started.body.runId}/items`)).body.items;
  return items.filter((i: { status: string }) => i.status !== 'success');
}

/** A primary pupil's entry with every subject, competency and quality Tốt (scored subjects 8). */
export function allGoodPrimaryEntry(grid: {
  subjects: string[];
  scoredSubjects: string[];
  competencies: string[];
  qualities: string[];
}) {
  const good = (names: string[]) => Object.fromEntries(names.map((n) => [n, 'T']));
  return {
    subjects: Object.fromEntries(
      grid.subjects.map((s) => [
        s,
        grid.scoredSubjects.includes(s) ? { level: 'T', score: 8 } : { level: 'T' },
      ]),
    ),
    competencies: good(grid.competencies),
    qualities: good(grid.qualities),
  };
}
