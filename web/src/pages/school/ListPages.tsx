import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { getJson, type Page } from '../../api.ts';
import { type ListRow, RecordListPage } from '../../components/RecordListPage.tsx';
import { ClassForm } from './ClassForm.tsx';
import { DissolveClass } from './DissolveClass.tsx';
import { StaffForm } from './StaffForm.tsx';
import { StudentForm } from './StudentForm.tsx';
import { useCodeList } from './useReference.ts';
import { useSchoolYearOptions } from './useSchoolYears.ts';

const date = (iso: string) => (iso ? dayjs(iso).format('DD/MM/YYYY') : '');
const gender = (value: string) => (value === 'male' ? 'Nam' : 'Nữ');
// A column whose header is longer than its values: the header takes two lines (the list header
// wraps), so that every column of a list fits a 1366-px laptop screen without scrolling.
const HEADER_WRAPS = 120;

interface StudentRow extends ListRow {
  fullName: string;
  birthDate: string;
  gender: string;
  personalId: string | null;
  className: string;
  statusCode: string;
}

interface ClassRow extends ListRow {
  data: { name: string; grade: string; status: string; sessionsPerDay: number };
  enrolledStudents: number;
  homeroomName: string | null;
}

interface StaffRow extends ListRow {
  fullName: string;
  birthDate: string;
  gender: string;
  personalId: string | null;
  statusCode: string;
  positionGroup: string | null;
}

function useClassOptions() {
  const classes = useQuery({
    queryKey: ['class-options'],
    queryFn: () => getJson<Page<ClassRow>>('/api/classes?pageSize=500'),
  });
  return (classes.data?.items ?? []).map((c) => ({ value: c.id, label: c.data.name }));
}

export function StudentsPage() {
  const statuses = useCodeList('student-statuses');
  const classOptions = useClassOptions();
  const years = useSchoolYearOptions();
  return (
    <RecordListPage<StudentRow>
      title="Thông tin học sinh"
      listUrl="/api/students"
      syncUrl="/api/students/sync"
      excelBase="/api/students"
      editor={(props) => <StudentForm {...props} />}
      category="students"
      searchPlaceholder="Họ tên hoặc số định danh"
      filters={[
        { key: 'schoolYear', placeholder: 'Năm học', options: years },
        { key: 'classId', placeholder: 'Lớp', options: classOptions },
        { key: 'statusCode', placeholder: 'Trạng thái', options: statuses.options },
      ]}
      columns={[
        { title: 'Họ và tên', dataIndex: 'fullName', fixed: 'left' },
        { title: 'Ngày sinh', dataIndex: 'birthDate', render: date },
        { title: 'Giới tính', dataIndex: 'gender', render: gender },
        { title: 'Lớp', dataIndex: 'className' },
        { title: 'Số định danh cá nhân', dataIndex: 'personalId', width: HEADER_WRAPS },
        { title: 'Trạng thái', dataIndex: 'statusCode', render: statuses.nameOf },
      ]}
    />
  );
}

export function ClassesPage() {
  const years = useSchoolYearOptions();
  return (
    <RecordListPage<ClassRow>
      title="Thông tin lớp"
      listUrl="/api/classes"
      syncUrl="/api/classes/sync"
      excelBase="/api/classes"
      editor={(props) => <ClassForm {...props} />}
      rowActions={(row, refresh) =>
        row.data.status === 'active' && (
          <DissolveClass classId={row.id} name={row.data.name} onDone={refresh} />
        )
      }
      category="classes"
      searchPlaceholder="Tên lớp"
      filters={[
        { key: 'schoolYear', placeholder: 'Năm học', options: years },
        {
          key: 'status',
          placeholder: 'Trạng thái',
          options: [
            { value: 'active', label: 'Đang hoạt động' },
            { value: 'dissolved', label: 'Đã giải thể' },
          ],
        },
      ]}
      columns={[
        { title: 'Tên lớp', dataIndex: ['data', 'name'], fixed: 'left' },
        { title: 'Khối', dataIndex: ['data', 'grade'] },
        { title: 'Giáo viên chủ nhiệm', dataIndex: 'homeroomName' },
        { title: 'Sĩ số', dataIndex: 'enrolledStudents' },
        { title: 'Số buổi/ngày', dataIndex: ['data', 'sessionsPerDay'], width: 80 },
        {
          title: 'Trạng thái',
          dataIndex: ['data', 'status'],
          render: (s: string) => (s === 'active' ? 'Đang hoạt động' : 'Đã giải thể'),
        },
      ]}
    />
  );
}

export function StaffPage() {
  const statuses = useCodeList('staff-statuses');
  return (
    <RecordListPage<StaffRow>
      title="Thông tin giáo viên"
      listUrl="/api/staff"
      syncUrl="/api/staff/sync"
      excelBase="/api/staff"
      editor={(props) => <StaffForm {...props} />}
      category="staff"
      searchPlaceholder="Họ tên hoặc số định danh"
      filters={[{ key: 'statusCode', placeholder: 'Trạng thái', options: statuses.options }]}
      columns={[
        { title: 'Họ và tên', dataIndex: 'fullName', fixed: 'left' },
        { title: 'Ngày sinh', dataIndex: 'birthDate', render: date },
        { title: 'Giới tính', dataIndex: 'gender', render: gender },
        { title: 'Số định danh cá nhân', dataIndex: 'personalId', width: HEADER_WRAPS },
        { title: 'Nhóm chức vụ', dataIndex: 'positionGroup' },
        { title: 'Trạng thái', dataIndex: 'statusCode', render: statuses.nameOf },
      ]}
    />
  );
}
