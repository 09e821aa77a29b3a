export { classSchema, type SchoolClass } from './class.ts';
export { campusSchema, type School, schoolSchema } from './school.ts';
export { type Staff, staffSchema } from './staff.ts';
export { type Student, studentSchema } from './student.ts';
