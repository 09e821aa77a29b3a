// The audit log (Nhật ký) in words: what each action and each kind of record it touched is
// called on screen. The codes stay what the log stores and what its filter takes; an action
// missing here is shown as its code, so a new one is never hidden.
import { CATEGORY_LABELS } from '../access/permissions.ts';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Đăng nhập',
  'auth.login_failed': 'Đăng nhập không thành công',
  'auth.logout': 'Đăng xuất',
  'auth.password_changed': 'Đổi mật khẩu',
  'account.created': 'Tạo tài khoản',
  'account.updated': 'Sửa tài khoản, phân quyền',
  'account.disabled': 'Khoá tài khoản',
  'account.enabled': 'Mở khoá tài khoản',
  'account.password_reset': 'Cấp lại mật khẩu',
  'credential.issued': 'Cấp mã kết nối đồng bộ',
  'credential.revoked': 'Thu hồi mã kết nối đồng bộ',
  'personal_data.read': 'Xem dữ liệu cá nhân',
  'personal_data.created': 'Thêm hồ sơ cá nhân',
  'personal_data.updated': 'Sửa hồ sơ cá nhân',
  'personal_data.deleted': 'Xoá hồ sơ cá nhân',
  'personal_data.exported': 'Xuất dữ liệu cá nhân',
  'personal_data.imported': 'Nhập hồ sơ cá nhân từ Excel',
  'class.created': 'Thêm lớp',
  'class.updated': 'Sửa lớp',
  'class.dissolved': 'Giải thể lớp',
  'class.deleted': 'Xoá lớp',
  'class.imported': 'Nhập lớp từ Excel',
  'results.saved': 'Lưu kết quả học tập',
  'results.imported': 'Nhập kết quả học tập từ Excel',
  'school.updated': 'Sửa thông tin trường',
  'school.year_changed': 'Chuyển năm học',
  'school.year_closed': 'Khoá sổ năm học',
  'school.year_rolled_over': 'Kết chuyển năm học',
  'sync.requested': 'Yêu cầu đồng bộ',
  'sync.batch_received': 'Nhận lô đồng bộ',
  'transfer.requested': 'Gửi yêu cầu chuyển trường',
  'transfer.accepted': 'Đồng ý chuyển trường',
  'transfer.refused': 'Từ chối chuyển trường',
  'period.opened': 'Mở kỳ báo cáo',
  'period.changed': 'Sửa kỳ báo cáo, hạn nộp',
  'period.unlock_requested': 'Gửi yêu cầu mở khóa',
  'period.unlock_granted': 'Cấp mở khóa',
  'period.unlock_refused': 'Từ chối mở khóa',
  'period.submitted': 'Nộp kỳ báo cáo',
  'period.approved': 'Duyệt kỳ báo cáo',
  'period.returned': 'Trả lại kỳ báo cáo',
};

/** What the record an entry touched is (its kind); a data category names the list it was on. */
export const AUDIT_TARGET_LABELS: Record<string, string> = {
  ...CATEGORY_LABELS,
  student: 'Học sinh',
  staff: 'Giáo viên',
  class: 'Lớp',
  school: 'Trường',
  user: 'Tài khoản',
  credential: 'Mã kết nối đồng bộ',
  batch: 'Lô đồng bộ',
  transfer: 'Yêu cầu chuyển trường',
  transfer_lookup: 'Tra cứu học sinh chuyển đến',
  lookup: 'Tra cứu',
  reporting_period: 'Kỳ báo cáo',
  unlock_request: 'Yêu cầu mở khóa',
  period_submission: 'Bài nộp kỳ báo cáo',
};

export const auditActionLabel = (action: string) => AUDIT_ACTION_LABELS[action] ?? action;
export const auditTargetLabel = (kind: string) => AUDIT_TARGET_LABELS[kind] ?? kind;
