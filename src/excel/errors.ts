const wholeNumber = new Intl.NumberFormat('vi-VN');
const oneDecimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${oneDecimal.format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${oneDecimal.format(bytes / 1024)} KB`;
  return `${wholeNumber.format(bytes)} byte`;
}

/** The file is too big to import; `limit` lets an HTTP layer answer 413 rather than 400. */
export class ExcelLimitError extends Error {
  readonly limit: 'bytes' | 'rows';

  constructor(limit: 'bytes' | 'rows', maximum: number) {
    super(
      limit === 'bytes'
        ? `Tệp quá lớn: tối đa ${formatSize(maximum)}.`
        : `Tệp có quá nhiều dòng: tối đa ${wholeNumber.format(maximum)} dòng.`,
    );
    this.name = 'ExcelLimitError';
    this.limit = limit;
  }
}

export const UNREADABLE_FILE_MESSAGE =
  'Không đọc được tệp Excel (.xlsx). Nếu tệp có đuôi .xls hoặc .csv, hoặc có đặt mật khẩu, ' +
  'hãy mở bằng Excel và lưu lại dạng .xlsx không mật khẩu.';

export class ExcelFormatError extends Error {
  constructor(message = UNREADABLE_FILE_MESSAGE, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ExcelFormatError';
  }
}
