// How the oversight screens write days, moments and failures: the Vietnamese way, 15/03/2016
// and 15/03/2016 08:30, never the ISO text the API carries; a failure by its reason, not its code.
import dayjs from 'dayjs';
import { errorCatalogue } from '#domain/errors.ts';

/** A day ("2016-03-15" or an ISO moment) as 15/03/2016; nothing as ''. */
export const day = (iso: string | null | undefined) => (iso ? dayjs(iso).format('DD/MM/YYYY') : '');

/** A moment as 15/03/2016 08:30. */
export const moment = (iso: string) => dayjs(iso).format('DD/MM/YYYY HH:mm');

/** A sync failure in words: the catalogue's message for its code, else the message it came with. */
export const failureReason = (code: string, message?: string) =>
  (errorCatalogue as Record<string, { message: string }>)[code]?.message ?? (message || code);
