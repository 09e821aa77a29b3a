const wholeNumber = new Intl.NumberFormat('vi-VN');
const oneDecimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${oneDecimal.format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${oneDecimal.format(bytes / 1024)} KB`;
  return `${wholeNumber.format(bytes)} byte`;
}

const LIMIT_MESSAGES = {
  bytes: (maximum: number) => `Tệp quá lớn: tối đa ${formatSize(maximum)}.`,
  rows: (maximum: number) => `Tệp có quá nhiều dòng: tối đa ${wholeNumber.format(maximum)} dòng.`,
  unpacked: (maximum: number) => `Tệp Excel khi giải nén quá lớn: tối đa ${formatSize(maximum)}.`,
  part: (maximum: number) =>
    `Một phần của tệp Excel khi giải nén quá lớn: tối đa ${formatSize(maximum)} mỗi phần.`,
  parts: (maximum: number) => `Tệp Excel có quá nhiều thành phần: tối đa ${wholeNumber.format(maximum)}.`,
  sheetRows: (maximum: number) =>
    `Tệp có quá nhiều dòng (kể cả dòng trống và các trang tính khác): tối đa ${wholeNumber.format(maximum)} dòng.`,
  cells: (maximum: number) => `Tệp có quá nhiều ô: tối đa ${wholeNumber.format(maximum)} ô.`,
  sharedStrings: (maximum: number) =>
    `Tệp có quá nhiều đoạn chữ: tối đa ${wholeNumber.format(maximum)} đoạn.`,
  text: (maximum: number) =>
    `Tệp có ô chứa quá nhiều chữ: tối đa ${wholeNumber.format(maximum)} ký tự mỗi ô.`,
  markup: (maximum: number) =>
    `Tệp Excel có nội dung bất thường: một thẻ XML dài quá ${formatSize(maximum)}.`,
  memory: (maximum: number) => `Tệp Excel cần quá nhiều bộ nhớ để đọc: tối đa ${formatSize(maximum)}.`,
  time: (maximum: number) =>
    `Tệp Excel cần quá nhiều thời gian để đọc: tối đa ${wholeNumber.format(maximum)} giây.`,
};

/** Which limit a file broke: its size, its rows, or what it unpacks to and what reading it takes. */
export type ExcelLimit = keyof typeof LIMIT_MESSAGES;

/** The file is too big to import; `limit` lets an HTTP layer answer 413 rather than 400. */
export class ExcelLimitError extends Error {
  readonly limit: ExcelLimit;
  readonly maximum: number;

  constructor(limit: ExcelLimit, maximum: number) {
    super(LIMIT_MESSAGES[limit](maximum));
    this.name = 'ExcelLimitError';
    this.limit = limit;
    this.maximum = maximum;
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

/** Every reader is busy and the queue is full: the caller should try again shortly. */
export class ExcelBusyError extends Error {
  constructor() {
    super('Every Excel reader is busy and the queue is full.');
    this.name = 'ExcelBusyError';
  }
}
