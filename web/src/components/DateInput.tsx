// Every date of the app: shown and typed as dd/mm/yyyy whatever the browser's language (a
// native date input follows the browser, so an English one shows mm/dd/yyyy), kept in forms and
// sent to the API as yyyy-mm-dd.
import { DatePicker, type DatePickerProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/** Shown as the first; typed as any of them ("5/9/2026" and "05092026" too). */
export const DATE_FORMATS = ['DD/MM/YYYY', 'D/M/YYYY', 'DDMMYYYY'];

/** Today as the API writes dates. */
export const today = () => dayjs().format('YYYY-MM-DD');

type Props = Omit<DatePickerProps<Dayjs, false>, 'value' | 'onChange' | 'format'> & {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
};

export function DateInput({ value, onChange, ...rest }: Props) {
  return (
    <DatePicker
      format={DATE_FORMATS}
      placeholder="dd/mm/yyyy"
      style={{ width: '100%' }}
      {...rest}
      value={value ? dayjs(value, 'YYYY-MM-DD') : null}
      onChange={(date: Dayjs | null) => onChange?.(date ? date.format('YYYY-MM-DD') : undefined)}
    />
  );
}
