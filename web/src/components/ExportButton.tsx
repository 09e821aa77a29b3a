// "Xuất Excel" of the rows a table shows, with its visible headers.
import { App, Button } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api.ts';
import { useT } from '../i18n.tsx';

export interface ExportColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

export function ExportButton<Row>({
  title,
  columns,
  rows,
}: {
  title: string;
  columns: ExportColumn<Row>[];
  rows: Row[];
}) {
  const { message } = App.useApp();
  const t = useT();
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    try {
      const response = await fetch('/api/export/table.xlsx', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title,
          columns: columns.map((c, i) => ({ key: `c${i}`, header: c.header })),
          rows: rows.map((row) => Object.fromEntries(columns.map((c, i) => [`c${i}`, c.value(row)]))),
        }),
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new ApiError(
          response.status,
          problem.code ?? 'EXPORT_FAILED',
          problem.message ?? 'Không xuất được tệp.',
        );
      }
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await response.blob());
      link.download =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'bang.xlsx';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button size="small" loading={busy} disabled={rows.length === 0} onClick={download}>
      {t('Xuất Excel')}
    </Button>
  );
}
