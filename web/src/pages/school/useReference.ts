import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../api.ts';

/** A shared code list (`/api/reference/<name>`) as select options. */
export function useCodeList(name: string) {
  const list = useQuery({
    queryKey: ['reference', name],
    queryFn: () => getJson<{ code: string; name: string }[]>(`/api/reference/${name}`),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const items = list.data ?? [];
  return {
    options: items.map((item) => ({ value: item.code, label: item.name })),
    nameOf: (code: string) => items.find((item) => item.code === code)?.name ?? code,
  };
}
