// The names an officer reads in place of the codes a record carries ("01" is Đang học for a
// pupil, Đang làm việc for a teacher; "01" is also the Kinh people), from the shipped code lists.
import { codeLists, ethnicGroups } from '#domain/reference/index.ts';

const byCode = (list: readonly { code: string; name: string }[]) =>
  new Map(list.map((item) => [item.code, item.name]));

const STATUSES: Record<string, Map<string, string>> = {
  student: byCode(codeLists.studentStatuses),
  staff: byCode(codeLists.staffStatuses),
};
const ETHNIC_GROUPS = byCode(ethnicGroups);
const GENDERS = new Map([
  ['male', 'Nam'],
  ['female', 'Nữ'],
]);

/** A code's name in its list; an unknown code as it is, so that nothing is hidden; none as null. */
const nameIn = (list: Map<string, string> | undefined, code: unknown): string | null =>
  typeof code === 'string' && code !== '' ? (list?.get(code) ?? code) : null;

export const statusName = (kind: string, code: unknown) => nameIn(STATUSES[kind], code);
export const ethnicGroupName = (code: unknown) => nameIn(ETHNIC_GROUPS, code);
export const genderName = (code: unknown) => nameIn(GENDERS, code);
