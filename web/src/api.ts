export type TierName = 'school' | 'province' | 'national';

export interface TierInfo {
  tier: TierName;
  label: string;
  version: string;
  links: Partial<Record<TierName, string>>;
}

export interface Health {
  tier: TierName;
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unavailable';
  version: string;
  reason?: string;
}

/** GET a JSON document; a 503 health answer is still an answer, so it is returned, not thrown. */
export async function getJson<T>(url: string, acceptStatuses: number[] = []): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok && !acceptStatuses.includes(response.status)) {
    const problem = await response.json().catch(() => undefined);
    throw new Error(problem?.message ?? `Máy chủ trả lời ${response.status}`);
  }
  return response.json() as Promise<T>;
}
