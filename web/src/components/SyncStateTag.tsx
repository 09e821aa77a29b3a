import { Tag, Tooltip } from 'antd';
import type { SyncState } from '../api.ts';
import { useT } from '../i18n.tsx';

const LOOK: Record<SyncState, { color: string; label: string }> = {
  unsynced: { color: 'default', label: 'Chưa đồng bộ' },
  pending: { color: 'processing', label: 'Chờ xử lý' },
  success: { color: 'success', label: 'Thành công' },
  failed: { color: 'error', label: 'Thất bại' },
};

/** A sync state in words (Thành công…), for where a tag does not fit: an export's cell. */
export const syncStateLabel = (state: SyncState | null) => (state ? LOOK[state].label : '');

export function SyncStateTag({ state, reason }: { state: SyncState; reason?: string }) {
  const t = useT();
  const { color, label } = LOOK[state] ?? LOOK.unsynced;
  const tag = <Tag color={color}>{t(label)}</Tag>;
  // A reason kept from an earlier failure means nothing once the record has changed again.
  return reason && state === 'failed' ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}
