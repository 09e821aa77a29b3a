import type { Gender } from '#domain/rules/personal-id.ts';
import type { Random } from './random.ts';

// Family names weighted roughly by their share of the population.
const FAMILY_NAMES = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Phan', 4.5],
  ['Vũ', 3.9],
  ['Võ', 3],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.5],
  ['Lương', 0.4],
  ['Thái', 0.3],
] as const;

const MIDDLE_NAMES: Record<Gender, readonly string[]> = {
  male: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thành', 'Gia', 'Anh', 'Đình', 'Xuân', 'Trọng'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Phương', 'Bảo', 'Khánh', 'Minh', 'Hải', 'Diệu', 'Thị', 'Hoài'],
};

// biome-ignore format: word lists read better packed
const GIVEN_NAMES: Record<Gender, readonly string[]> = {
  male: [
    'An', 'Bình', 'Cường', 'Dũng', 'Duy', 'Đạt', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khánh', 'Khoa',
    'Kiên', 'Long', 'Lâm', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài', 'Thắng',
    'Thành', 'Trung', 'Tuấn', 'Việt', 'Vinh', 'Vũ', 'Đăng', 'Khôi', 'Bảo', 'Nhật',
  ],
  female: [
    'Anh', 'Chi', 'Diệp', 'Dung', 'Giang', 'Hà', 'Hân', 'Hằng', 'Hoa', 'Hương', 'Huyền', 'Lan', 'Linh',
    'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhung', 'Oanh', 'Phương', 'Quỳnh', 'Tâm', 'Thảo', 'Thu', 'Trang',
    'Trâm', 'Uyên', 'Vân', 'Yến', 'Thư', 'Hiền',
  ],
};

export function familyName(random: Random): string {
  return random.weighted(FAMILY_NAMES);
}

/** "Nguyễn Thị Thu Hà": family name, one or two middle names, given name. */
export function fullName(random: Random, gender: Gender, family = familyName(random)): string {
  const middle = random.pick(MIDDLE_NAMES[gender]);
  const second = random.chance(0.25)
    ? ` ${random.pick(MIDDLE_NAMES[gender].filter((m) => m !== middle && m !== 'Thị'))}`
    : '';
  return `${family} ${middle}${second} ${random.pick(GIVEN_NAMES[gender])}`;
}
