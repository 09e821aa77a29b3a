// Khối lớp: what each grade is called, and the grades a school of a level teaches (codeLists.schoolLevels).
import { schoolLevelByCode } from './reference/index.ts';

export function gradeName(grade: string): string {
  if (grade === 'NT') return 'Nhà trẻ';
  if (grade === 'MG') return 'Mẫu giáo';
  return `Khối ${grade}`;
}

/** The grades of a school level (TH: 1–5; a school of several levels, all of theirs). */
export function gradesOfLevel(levelCode: string | undefined): readonly string[] {
  return (levelCode && schoolLevelByCode.get(levelCode)?.grades) || [];
}
