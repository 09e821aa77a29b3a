// A school clerk at work through the school tier's HTTP API: edits pupils' records, adds and
// deletes a few, and presses "Đồng bộ lên CSDL Quốc gia", mostly for what changed. It remembers every
// version the school acknowledged, so that a test can check afterwards that each one reached
// the upper tiers. A request that gets no answer (the school is down) is simply not counted.

import type { RecordKind } from '#domain/record-kinds.ts';
import type { Random } from '#seed/random.ts';
import { SYNC_ROUTES } from '#tiers/school/sync/routes.ts';

/** The newest version of a record the school acknowledged (a lower bound: a lost answer may hide a newer one). */
export interface Acknowledged {
  kind: RecordKind;
  version: number;
  deleted: boolean;
}

export interface SchoolClerk {
  /** Record id → what the school last acknowledged of it. */
  acknowledged: Map<string, Acknowledged>;
  /** Changes the school acknowledged (edits, additions, deletions). */
  changes(): number;
  /** Requests that got no answer at all (the school was unreachable). */
  unanswered(): number;
  /** Answers no request of a clerk should get: a 5xx, or a refusal of valid work. */
  anomalies: string[];
  /** One round: edit a few pupils, sometimes add or delete one, and usually sync. */
  workRound(): Promise<void>;
  /** Presses the sync button of every category for whatever is not synced yet. */
  syncEverything(): Promise<void>;
}

interface StudentData extends Record<string, unknown> {
  schoolYear?: string;
  personalId?: string;
}

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the clerk reads whatever shape each route answers.
  body: any;
}

const NEW_PUPIL_NAMES = ['Nguyễn Thị Mai', 'Trần Văn Hùng', 'Lê Thị Thu Hà', 'Phạm Minh Đức', 'Hồ Ngọc Ánh'];

export function schoolClerk(options: {
  /** The school tier, e.g. http://127.0.0.1:3000 */
  url: string;
  cookie: string;
  random: Random;
  /** Ids of the school's pupils at the start. */
  studentIds: string[];
}): SchoolClerk {
  const { url, cookie, random } = options;
  const acknowledged = new Map<string, Acknowledged>();
  const anomalies: string[] = [];
  const live = [...options.studentIds];
  /** What the clerk last saw of each pupil: the form it edits. */
  const seen = new Map<string, { version: number; data: StudentData }>();
  let unanswered = 0;
  let changes = 0;
  let edits = 0;

  /** One request; undefined when no answer came back. */
  const request = async (method: string, path: string, body?: unknown): Promise<Answer | undefined> => {
    try {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { cookie, origin: url, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch {
      unanswered += 1;
      return undefined;
    }
  };
  const expectStatus = (answer: Answer | undefined, status: number, what: string): answer is Answer => {
    if (!answer) return false;
    if (answer.status === status) return true;
    anomalies.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    return false;
  };
  const acknowledge = (id: string, version: number, deleted = false) => {
    changes += 1;
    acknowledged.set(id, { kind: 'student', version, deleted });
  };

  const current = async (id: string) => {
    const known = seen.get(id);
    if (known) return known;
    const answer = await request('GET', `/api/students/${id}`);
    if (!expectStatus(answer, 200, `GET student ${id}`)) return undefined;
    const fresh = { version: answer.body.version as number, data: answer.body.data as StudentData };
    seen.set(id, fresh);
    return fresh;
  };
  const formOf = ({ schoolYear: _, ...data }: StudentData) => data;

  const edit = async (id: string): Promise<boolean> => {
    const student = await current(id);
    if (!student) return false;
    edits += 1;
    const answer = await request('PUT', `/api/students/${id}`, {
      ...formOf(student.data),
      birthplace: `Thôn ${edits}, xã Nghi Phú`,
    });
    if (!expectStatus(answer, 200, `PUT student ${id}`)) {
      seen.delete(id); // its version is unknown now
      return false;
    }
    seen.set(id, { version: answer.body.version, data: answer.body.data });
    acknowledge(id, answer.body.version);
    return true;
  };

  const add = async (): Promise<string | undefined> => {
    const model = await current(random.pick(live));
    if (!model) return undefined;
    const { personalId: _, ...data } = formOf(model.data);
    const answer = await request('POST', '/api/students', {
      ...data,
      fullName: random.pick(NEW_PUPIL_NAMES),
    });
    if (!expectStatus(answer, 201, 'POST student')) return undefined;
    live.push(answer.body.id);
    seen.set(answer.body.id, { version: answer.body.version, data: answer.body.data });
    acknowledge(answer.body.id, answer.body.version);
    return answer.body.id;
  };

  const remove = async (): Promise<string | undefined> => {
    const id = live.splice(random.int(0, live.length - 1), 1)[0]!;
    const version = seen.get(id)?.version ?? acknowledged.get(id)?.version ?? 1;
    seen.delete(id);
    if (!expectStatus(await request('DELETE', `/api/students/${id}`), 204, `DELETE student ${id}`))
      return undefined;
    acknowledge(id, version + 1, true);
    return id;
  };

  /** 202, or "nothing to sync" when every chosen record is already on its way. */
  const sync = async (path: string, body: unknown) => {
    const answer = await request('POST', path, body);
    if (answer?.status === 400 && answer.body?.errors?.[0]?.code === 'NOTHING_TO_SYNC') return;
    expectStatus(answer, 202, `POST ${path}`);
  };

  return {
    acknowledged,
    anomalies,
    changes: () => changes,
    unanswered: () => unanswered,
    async workRound() {
      const touched = new Set<string>();
      for (let n = random.int(1, 4); n > 0; n--) {
        const id = random.pick(live);
        if (await edit(id)) touched.add(id);
      }
      if (random.chance(0.2)) {
        const id = await add();
        if (id) touched.add(id);
      }
      if (random.chance(0.1) && live.length > 10) {
        const id = await remove();
        if (id) touched.add(id);
      }
      // Mostly the changed pupils are synced at once; sometimes everything not yet synced; and
      // sometimes not now, so that edits also land on records whose sync is under way.
      const press = random.weighted([
        ['changed', 6],
        ['all', 2],
        ['later', 2],
      ] as const);
      if (press === 'changed' && touched.size > 0) await sync('/api/students/sync', { ids: [...touched] });
      if (press === 'all') await sync('/api/students/sync', { allUnsynced: true });
    },
    async syncEverything() {
      for (const { path } of SYNC_ROUTES) await sync(path, { allUnsynced: true });
    },
  };
}
