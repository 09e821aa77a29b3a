// How the oversight screens write days and moments: the Vietnamese way, 15/03/2016 and
// 15/03/2016 08:30, never the ISO text the API carries.
import dayjs from 'dayjs';

/** A day ("2016-03-15" or an ISO moment) as 15/03/2016; nothing as ''. */
export const day = (iso: string | null | undefined) => (iso ? dayjs(iso).format('DD/MM/YYYY') : '');

/** A moment as 15/03/2016 08:30. */
export const moment = (iso: string) => dayjs(iso).format('DD/MM/YYYY HH:mm');
