export { classSchema, type SchoolClass } from './class.ts';
export { type SubjectCombinationRecord, subjectCombinationSchema } from './combination.ts';
export {
  campusSchema,
  SCHOOL_ATTRIBUTES,
  type School,
  type SchoolAttribute,
  schoolSchema,
} from './school.ts';
export { type Staff, staffSchema } from './staff.ts';
export { type Student, studentSchema } from './student.ts';
