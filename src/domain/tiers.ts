export const TIER_NAMES = ['school', 'province', 'national'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** Vietnamese names shown to people. */
export const TIER_LABELS: Record<TierName, string> = {
  school: 'Trường học',
  province: 'CSDL Tỉnh',
  national: 'CSDL Quốc gia',
};

export const DEFAULT_PORTS: Record<TierName, number> = { school: 3000, province: 3100, national: 3200 };
