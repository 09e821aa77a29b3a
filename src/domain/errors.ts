// One catalogue of error codes for every tier. A code never changes once published: schools,
// provinces and scripts match on it. The message is what a school clerk reads.

export const errorCatalogue = {
  NOT_FOUND: { status: 404, message: 'Không tìm thấy trang hoặc bản ghi được yêu cầu.' },
  VALIDATION_FAILED: {
    status: 400,
    message: 'Dữ liệu gửi lên chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.',
  },
  MALFORMED_JSON: { status: 400, message: 'Nội dung gửi lên không phải JSON hợp lệ.' },
  EMPTY_BODY: { status: 400, message: 'Yêu cầu cần có nội dung nhưng đang để trống.' },
  INVALID_TEXT: {
    status: 400,
    message:
      'Dữ liệu gửi lên có ký tự không hợp lệ (không phải văn bản UTF-8, hoặc có ký tự NUL hay mã Unicode hỏng). Hãy gõ lại phần vừa dán vào.',
  },
  JSON_TOO_DEEP: { status: 400, message: 'Dữ liệu gửi lên lồng nhau quá nhiều tầng.' },
  MALFORMED_URL: { status: 400, message: 'Địa chỉ yêu cầu không hợp lệ (có ký tự hoặc tham số sai dạng).' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Định dạng nội dung không được hỗ trợ. Hãy gửi dữ liệu dạng JSON.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Dữ liệu gửi lên quá lớn.' },
  BODY_TOO_SLOW: {
    status: 408,
    message: 'Dữ liệu gửi lên đến quá chậm nên kết nối đã bị ngắt. Hãy kiểm tra đường truyền rồi gửi lại.',
  },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Phương thức này không được hỗ trợ cho địa chỉ đã gọi.' },
  RATE_LIMITED: { status: 429, message: 'Có quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.' },
  UNAUTHENTICATED: { status: 401, message: 'Bạn cần đăng nhập để thực hiện thao tác này.' },
  FORBIDDEN: { status: 403, message: 'Tài khoản của bạn không có quyền thực hiện thao tác này.' },
  INVALID_CREDENTIALS: {
    status: 401,
    message: 'Tên đăng nhập hoặc mật khẩu không đúng (hoặc tài khoản đã bị khoá). Vui lòng thử lại.',
  },
  SESSION_EXPIRED: { status: 401, message: 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.' },
  LOGIN_THROTTLED: {
    status: 429,
    message: 'Đăng nhập sai quá nhiều lần. Vui lòng chờ rồi thử lại.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message: 'Bạn cần đổi mật khẩu được cấp trước khi tiếp tục làm việc.',
  },
  CSRF_REJECTED: {
    status: 403,
    message: 'Yêu cầu bị từ chối vì không đến từ trang của hệ thống. Hãy tải lại trang rồi thử lại.',
  },
  MACHINE_CREDENTIAL_INVALID: {
    status: 401,
    message: 'Mã kết nối đồng bộ (client id / secret) không đúng, đã bị thu hồi hoặc đã hết hạn.',
  },
  USERNAME_TAKEN: { status: 409, message: 'Tên đăng nhập này đã có người dùng.' },
  CANNOT_CHANGE_OWN_ACCOUNT: {
    status: 409,
    message: 'Không thể tự khoá hoặc tự đổi vai trò của chính mình; hãy nhờ một quản trị viên khác.',
  },
  UNIT_NOT_ALLOWED: {
    status: 400,
    message: 'Đơn vị này không thuộc phạm vi quản lý của bạn hoặc không hợp với vai trò.',
  },
  ROLE_NOT_ALLOWED: { status: 400, message: 'Bạn không được tạo tài khoản với vai trò này.' },
  GRANT_UNKNOWN: {
    status: 400,
    message: 'Quyền không hợp lệ: chỉ cấp được quyền xem, cập nhật, đồng bộ dữ liệu của trường.',
  },
  PASSWORD_TOO_SHORT: { status: 400, message: 'Mật khẩu cần ít nhất 10 ký tự.' },
  PASSWORD_TOO_LONG: { status: 400, message: 'Mật khẩu dài tối đa 128 ký tự.' },
  PASSWORD_TOO_COMMON: {
    status: 400,
    message: 'Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.',
  },
  PASSWORD_CONTAINS_USERNAME: { status: 400, message: 'Mật khẩu không được chứa tên đăng nhập.' },
  PASSWORD_WRONG: { status: 400, message: 'Mật khẩu hiện tại không đúng.' },
  PASSWORD_REUSED: { status: 400, message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' },
  VERSION_CONFLICT: {
    status: 409,
    message: 'Bản ghi vừa được người khác sửa. Hãy tải lại để xem bản mới nhất rồi sửa tiếp.',
  },
  CLASS_HAS_STUDENTS: { status: 409, message: 'Lớp còn học sinh đang học nên chưa giải thể được.' },
  CLASS_HAS_HISTORY: {
    status: 409,
    message: 'Lớp đã từng có học sinh nên không xoá được; hãy giải thể lớp thay vì xoá.',
  },
  CLASS_NOT_ACTIVE: { status: 400, message: 'Lớp đã giải thể, không xếp thêm học sinh được.' },
  CLASS_GRADE_NOT_IN_LEVEL: { status: 400, message: 'Khối này không thuộc cấp học của trường.' },
  COMBINATION_NOT_UPPER_SECONDARY: {
    status: 400,
    message: 'Tổ hợp môn chỉ dành cho lớp 10, 11, 12 (trung học phổ thông).',
  },
  SCHOOL_YEAR_MISMATCH: { status: 400, message: 'Năm học không khớp với năm học của lớp.' },
  SCHOOL_YEAR_CLOSED: {
    status: 409,
    message: 'Năm học này đã khoá sổ (kết chuyển năm học): hồ sơ của năm chỉ xem, không sửa được.',
  },
  SCHOOL_YEAR_NOT_CLOSED: {
    status: 409,
    message: 'Cần khoá sổ năm học trước khi kết chuyển sang năm học mới.',
  },
  STAFF_IS_HOMEROOM: {
    status: 409,
    message: 'Cán bộ đang chủ nhiệm lớp; hãy đổi giáo viên chủ nhiệm trước khi xoá.',
  },
  REFERENCE_UNKNOWN: { status: 400, message: 'Bản ghi được tham chiếu không tồn tại trong trường.' },
  PERSONAL_ID_DUPLICATE: {
    status: 409,
    message: 'Số định danh cá nhân này đã có ở một bản ghi khác của trường.',
  },
  RESULT_INVALID: { status: 400, message: 'Kết quả học tập chưa hợp lệ.' },
  EXCEL_INVALID: { status: 400, message: 'Không đọc được tệp Excel.' },
  EXCEL_TOO_LARGE: { status: 413, message: 'Tệp Excel quá lớn.' },
  EXCEL_HAS_ERRORS: { status: 400, message: 'Tệp Excel có dòng lỗi; chưa nhập dòng nào.' },
  EXCEL_BUSY: {
    status: 429,
    message: 'Máy chủ đang đọc nhiều tệp Excel cùng lúc; hãy gửi lại tệp sau ít giây.',
  },
  IDEMPOTENCY_KEY_MISMATCH: { status: 400, message: 'Idempotency-Key phải bằng batchId của lô.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'Mã lô này đã được dùng cho một lô có nội dung khác.' },
  BATCH_IN_FLIGHT: {
    status: 409,
    message: 'Lô này đang được tiếp nhận; hãy hỏi lại trạng thái sau ít giây.',
  },
  SYNC_BUSY: {
    status: 429,
    message: 'Đang tiếp nhận nhiều lô đồng bộ cùng lúc; lô sẽ được gửi lại sau ít giây (xem Retry-After).',
  },
  HASH_MISMATCH: { status: 400, message: 'Mã băm không khớp với nội dung bản ghi.' },
  SCHOOL_CODE_MISMATCH: { status: 400, message: 'Bản ghi không thuộc đơn vị gửi.' },
  AGE_IMPLAUSIBLE_FOR_GRADE: { status: 400, message: 'Tuổi của học sinh không phù hợp với khối lớp.' },
  RESULT_SCHEME_MISMATCH: {
    status: 400,
    message: 'Kết quả học tập không đúng thông tư đánh giá của khối lớp.',
  },
  RESULT_INCOMPLETE: { status: 400, message: 'Kết quả học tập chưa nhập đủ cho kỳ đánh giá.' },
  STUDENT_ENROLLED_ELSEWHERE: { status: 409, message: 'Học sinh đang học ở một trường khác.' },
  STAFF_ACTIVE_ELSEWHERE: { status: 409, message: 'Cán bộ đang làm việc ở một trường khác.' },
  TRANSFER_NOT_NEEDED: {
    status: 409,
    message:
      'Học sinh không còn đang học ở trường nào khác, nên không cần xin chuyển: trường có thể tiếp nhận và đồng bộ ngay.',
  },
  SCHOOL_NOT_SYNCED: {
    status: 409,
    message: 'CSDL Quốc gia chưa có thông tin của trường. Hãy đồng bộ Thông tin trường trước rồi thử lại.',
  },
  TRANSFER_ALREADY_ANSWERED: { status: 409, message: 'Yêu cầu chuyển trường này đã được trả lời.' },
  PERIOD_LOCKED: {
    status: 409,
    message: 'Kỳ báo cáo đã hết hạn nộp dữ liệu này; hãy gửi yêu cầu mở khóa tới Sở GD&ĐT.',
  },
  PERIOD_NOT_OPENED: { status: 404, message: 'Không có kỳ báo cáo này.' },
  UNLOCK_REQUEST_ANSWERED: { status: 409, message: 'Yêu cầu mở khóa này đã được trả lời.' },
  SUBMISSION_UNDER_REVIEW: {
    status: 409,
    message: 'Kỳ báo cáo này đã được nộp và đang chờ duyệt; chỉ nộp lại khi được trả lại.',
  },
  SUBMISSION_APPROVED: { status: 409, message: 'Kỳ báo cáo này đã được duyệt; không nộp lại được.' },
  SUBMISSION_REVIEWED: { status: 409, message: 'Bài nộp này đã được duyệt hoặc trả lại.' },
  SUBMISSION_NOT_SYNCED: {
    status: 409,
    message: 'Còn bản ghi chưa đồng bộ xong; hãy đồng bộ rồi nộp lại.',
  },
  UPSTREAM_UNAVAILABLE: {
    status: 503,
    message: 'Chưa kết nối được với tầng trên (CSDL Tỉnh hoặc CSDL Quốc gia). Vui lòng thử lại sau ít phút.',
  },
  RECORD_OWNED_ELSEWHERE: {
    status: 403,
    message: 'Bản ghi này thuộc một đơn vị khác; đơn vị gửi không được thay đổi hay xoá nó.',
  },
  VERSION_SUPERSEDED: {
    status: 409,
    message: 'Tầng trên đã có phiên bản mới hơn của bản ghi này; phiên bản gửi lên không được lưu.',
  },
  RECORD_VERSION_CONFLICT: {
    status: 409,
    message: 'Phiên bản này của bản ghi đã được nhận với nội dung khác; hãy sửa bản ghi rồi đồng bộ lại.',
  },
  PERSONAL_ID_IDENTITY_CONFLICT: {
    status: 409,
    message:
      'Số định danh cá nhân này đã gắn với mã định danh của một người khác trên CSDL Quốc gia; hãy kiểm tra lại số định danh hoặc liên hệ Sở GD&ĐT để hợp nhất hồ sơ.',
  },
  REFERENCE_LIST_UNKNOWN: { status: 404, message: 'Không có danh mục dùng chung với tên này.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    message: 'Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau hoặc báo quản trị viên.',
  },
  INTERNAL_ERROR: {
    status: 500,
    message:
      'Hệ thống gặp lỗi ngoài dự kiến. Vui lòng thử lại; nếu lỗi lặp lại, hãy báo quản trị viên kèm mã yêu cầu.',
  },

  // Field-level rule codes (used inside VALIDATION_FAILED and, later, per sync item).
  REQUIRED: { status: 400, message: 'Trường này là bắt buộc.' },
  INVALID_FORMAT: { status: 400, message: 'Giá trị không đúng định dạng.' },
  CODE_UNKNOWN: { status: 400, message: 'Mã không có trong danh mục.' },
  PERSONAL_ID_FORMAT: { status: 400, message: 'Số định danh cá nhân phải gồm đúng 12 chữ số.' },
  PERSONAL_ID_PROVINCE_UNKNOWN: {
    status: 400,
    message: 'Ba chữ số đầu của số định danh cá nhân không ứng với mã tỉnh nào.',
  },
  PERSONAL_ID_CENTURY_MISMATCH: {
    status: 400,
    message: 'Chữ số thứ 4 của số định danh cá nhân không khớp với thế kỷ của năm sinh.',
  },
  PERSONAL_ID_GENDER_MISMATCH: {
    status: 400,
    message: 'Chữ số thứ 4 của số định danh cá nhân không khớp với giới tính.',
  },
  PERSONAL_ID_BIRTH_YEAR_MISMATCH: {
    status: 400,
    message: 'Chữ số thứ 5 và 6 của số định danh cá nhân không khớp với năm sinh.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** An error the client caused or may retry; carries a stable code and a Vietnamese message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, options: { message?: string; issues?: FieldIssue[]; cause?: unknown } = {}) {
    super(options.message ?? errorCatalogue[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.issues = options.issues;
  }
}

export function issue(
  field: string,
  code: ErrorCode,
  message: string = errorCatalogue[code].message,
): FieldIssue {
  return { field, code, message };
}
