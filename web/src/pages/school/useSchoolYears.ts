// The school years a list can show: the current one and the years before it, each year's
// classes and pupils as they were (Kết chuyển năm học keeps them).
import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../api.ts';

const YEARS_BACK = 4;

export function useSchoolYearOptions(): { value: string; label: string }[] {
  const school = useQuery({
    queryKey: ['/api/school'],
    queryFn: () => getJson<{ currentSchoolYear: string }>('/api/school'),
  });
  const current = school.data?.currentSchoolYear;
  if (!current) return [];
  const start = Number(current.slice(0, 4));
  return Array.from({ length: YEARS_BACK + 1 }, (_, i) => {
    const year = `${start - i}-${start - i + 1}`;
    return { value: year, label: i === 0 ? `Năm học ${year} (hiện tại)` : `Năm học ${year}` };
  });
}
