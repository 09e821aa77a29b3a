// "Đồng bộ lên CSDL Quốc gia" with a confirmation that says what will go, then a note of what
// went; the lists and the results grid share it.
import { App } from 'antd';
import { ApiError, postJson } from '../api.ts';

interface SyncAnswer {
  runId: string;
  records: number;
  dependencies: Record<string, number>;
}

const DEPENDENCY_NAMES: Record<string, string> = {
  school: 'thông tin trường',
  staff: 'giáo viên',
  class: 'lớp',
  student: 'học sinh',
};

/** Asks, then posts `{ids}` (or every unsynced record) to the category's sync route. */
export function useSyncConfirm(syncUrl: string, onDone: () => Promise<unknown>) {
  const { modal, message } = App.useApp();
  return (ids: string[] | 'all') => {
    const what = ids === 'all' ? 'mọi bản ghi chưa đồng bộ' : `${ids.length} bản ghi đã chọn`;
    modal.confirm({
      title: 'Đồng bộ lên CSDL Quốc gia',
      content: `Gửi ${what}? Những gì chúng phụ thuộc mà CSDL Tỉnh chưa có (thông tin trường, lớp, giáo viên chủ nhiệm, học sinh) sẽ được gửi kèm trước.`,
      okText: 'Đồng bộ',
      cancelText: 'Huỷ',
      onOk: async () => {
        try {
          const answer = await postJson<SyncAnswer>(syncUrl, ids === 'all' ? { allUnsynced: true } : { ids });
          const extra = Object.entries(answer.dependencies)
            .filter(([, n]) => n > 0)
            .map(([kind, n]) => `${n} ${DEPENDENCY_NAMES[kind] ?? kind}`);
          message.success(
            `Đã gửi ${answer.records} bản ghi${extra.length ? `, kèm ${extra.join(', ')}` : ''}. Theo dõi ở Lịch sử đồng bộ.`,
            // Long enough to read what went along with the records.
            8,
          );
          await onDone();
        } catch (error) {
          message.error(error instanceof ApiError ? error.message : String(error));
        }
      },
    });
  };
}
