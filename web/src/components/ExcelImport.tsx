// Nhập từ Excel: upload → a dry run listing every bad row → import all-or-nothing or only the
// valid rows → the result.

import { Alert, App, Button, Modal, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import type { ImportReportView } from '#domain/api/excel-import.ts';

type Report = ImportReportView;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(url: string, file: File, mode: string): Promise<Report> {
  const response = await fetch(`${url}?mode=${mode}`, {
    method: 'POST',
    headers: { 'content-type': XLSX },
    body: file,
    credentials: 'same-origin',
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? `Máy chủ trả lời ${response.status}`);
  return body as Report;
}

export function ExcelImport({ importUrl, onImported }: { importUrl: string; onImported: () => void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File>();
  const [report, setReport] = useState<Report>();
  const [busy, setBusy] = useState(false);

  async function run(mode: string, chosen = file) {
    if (!chosen) return;
    setBusy(true);
    try {
      const result = await upload(importUrl, chosen, mode);
      setReport(result);
      if (result.applied) {
        message.success(
          `Đã nhập: ${result.created} mới, ${result.updated} cập nhật, ${result.unchanged} không đổi.`,
        );
        onImported();
      }
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Upload
        accept=".xlsx"
        showUploadList={false}
        beforeUpload={(chosen) => {
          setFile(chosen);
          void run('dry-run', chosen);
          return false;
        }}
      >
        <Button loading={busy && !report}>Nhập từ Excel</Button>
      </Upload>
      <Modal
        open={Boolean(report)}
        width={860}
        title={report?.applied ? 'Kết quả nhập' : 'Kiểm tra tệp trước khi nhập'}
        onCancel={() => setReport(undefined)}
        footer={
          report && !report.applied ? (
            // Wraps on a phone, where the three buttons do not fit one line.
            <Space wrap style={{ justifyContent: 'flex-end' }}>
              <Button onClick={() => setReport(undefined)}>Huỷ</Button>
              <Button
                disabled={report.invalid > 0}
                type="primary"
                loading={busy}
                onClick={() => run('all-or-nothing')}
              >
                Nhập tất cả
              </Button>
              <Button
                disabled={report.created + report.updated === 0}
                loading={busy}
                onClick={() => run('valid-only')}
              >
                Chỉ nhập các dòng hợp lệ
              </Button>
            </Space>
          ) : (
            <Button type="primary" onClick={() => setReport(undefined)}>
              Đóng
            </Button>
          )
        }
      >
        {report && (
          <>
            <Alert
              showIcon
              type={report.invalid ? 'warning' : 'success'}
              style={{ marginBottom: 16 }}
              message={`${report.rows} dòng: ${report.created} thêm mới, ${report.updated} cập nhật, ${report.unchanged} không đổi, ${report.invalid} dòng lỗi.`}
            />
            {report.warnings && report.warnings.length > 0 && (
              <Alert
                showIcon
                type="info"
                style={{ marginBottom: 16 }}
                message={`${report.warnings.length} cột của tệp không được nhập`}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {report.warnings.map((w) => (
                      <li key={w.message}>{w.message}</li>
                    ))}
                  </ul>
                }
              />
            )}
            {report.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.row}:${e.column}:${e.message}`}
                dataSource={report.errors}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: 'Dòng', dataIndex: 'row', width: 70 },
                  { title: 'Cột', dataIndex: 'column', width: 180 },
                  { title: 'Lỗi', dataIndex: 'message' },
                ]}
              />
            )}
          </>
        )}
      </Modal>
    </>
  );
}
