// Kỳ báo cáo at the school: the Sở's periods with their deadlines, what is locked now and why,
// and "Gửi yêu cầu mở khóa" with each request's answer. Opening the page reads the periods from
// the province again; the school's own edits are checked against this copy.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';
import type { SchoolPeriods } from '#domain/api/periods.ts';
import type { OwnReport } from '#domain/api/reports.ts';
import { RECORD_KIND_DEFINITIONS, RECORD_KINDS } from '#domain/record-kinds.ts';
import { vietnameseDate } from '#domain/rules/period-locks.ts';
import { getJson, postJson } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { GradeTable, staffLine } from './GradeTable.tsx';
import {
  dateTime,
  deadlinesLabel,
  kindsLabel,
  periodLabel,
  RequestStatus,
  SubmissionStatus,
} from './labels.tsx';

type Answer = SchoolPeriods & {
  fresh: boolean;
  locks: {
    schoolYear: string;
    period: SchoolPeriods['periods'][number]['period'];
    kind: string;
    message: string;
  }[];
};

export function SchoolPeriodsPage() {
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [form] = Form.useForm();
  const data = useQuery({
    queryKey: ['reporting-periods'],
    queryFn: () => getJson<Answer>('/api/reporting-periods'),
  });
  const file = useMutation({
    mutationFn: (values: { key: string; kinds: string[]; reason: string }) => {
      const [schoolYear, period] = values.key.split('|');
      return postJson('/api/reporting-periods/unlock-requests', {
        schoolYear,
        period,
        kinds: values.kinds?.length ? values.kinds : null,
        reason: values.reason,
      });
    },
    onSuccess: () => {
      message.success('Đã gửi yêu cầu mở khóa tới Sở GD&ĐT.');
      setAsking(false);
      void client.invalidateQueries({ queryKey: ['reporting-periods'] });
    },
    onError: (error) => message.error(error.message),
  });
  const periods = data.data?.periods ?? [];
  const own = useQuery({
    queryKey: ['own-report'],
    queryFn: () => getJson<OwnReport>('/api/reporting-periods/own-report'),
  });
  const canSubmit = useSession().can('school_info:sync');
  const submit = useMutation({
    mutationFn: (key: { schoolYear: string; period: string }) =>
      postJson('/api/reporting-periods/submit', key),
    onSuccess: () => {
      message.success('Đã nộp kỳ báo cáo. Sở GD&ĐT sẽ duyệt hoặc trả lại.');
      void client.invalidateQueries({ queryKey: ['reporting-periods'] });
    },
    onError: (error) => message.error(error.message),
  });
  const submissionOf = (p: { schoolYear: string; period: string }) =>
    (data.data?.submissions ?? []).find((s) => s.schoolYear === p.schoolYear && s.period === p.period);
  const confirmSubmit = (p: SchoolPeriods['periods'][number]) =>
    modal.confirm({
      title: `Nộp ${periodLabel(p.schoolYear, p.period)}`,
      content:
        'Sở GD&ĐT sẽ xem số liệu CSDL Tỉnh đang giữ của trường. Chỉ nộp khi mọi bản ghi đã đồng bộ xong; sau khi nộp, chờ Sở duyệt hoặc trả lại.',
      okText: 'Nộp',
      cancelText: 'Hủy',
      onOk: () => submit.mutateAsync({ schoolYear: p.schoolYear, period: p.period }),
    });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {data.data && !data.data.fresh && (
        <Alert
          type="warning"
          showIcon
          message="Chưa kết nối được CSDL Tỉnh: đang hiển thị kỳ báo cáo đọc lần trước."
        />
      )}
      {data.data?.locks.map((lock) => (
        <Alert
          key={`${lock.schoolYear}${lock.period}${lock.kind}`}
          type="error"
          showIcon
          message={lock.message}
        />
      ))}
      <Card
        title="Kỳ báo cáo"
        extra={
          <Button type="primary" disabled={periods.length === 0} onClick={() => setAsking(true)}>
            Gửi yêu cầu mở khóa
          </Button>
        }
      >
        <Table
          rowKey={(p) => `${p.schoolYear}-${p.period}`}
          loading={data.isPending}
          dataSource={periods}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: 'Sở GD&ĐT chưa mở kỳ báo cáo nào.' }}
          columns={[
            { title: 'Kỳ báo cáo', render: (_, p) => periodLabel(p.schoolYear, p.period) },
            { title: 'Ngày mở', render: (_, p) => vietnameseDate(p.opensOn) },
            { title: 'Hạn nộp', render: (_, p) => deadlinesLabel(p.deadlines) },
            {
              title: 'Khóa',
              render: (_, p) =>
                data.data?.locks
                  .filter((l) => l.schoolYear === p.schoolYear && l.period === p.period)
                  .map((l) => RECORD_KIND_DEFINITIONS[l.kind as 'school'].shortLabel)
                  .join(', ') || 'Đang mở',
            },
            {
              title: 'Nộp báo cáo',
              render: (_, p) => {
                const submission = submissionOf(p);
                const status = submission?.status ?? 'not_submitted';
                return (
                  <Space wrap>
                    <SubmissionStatus status={status} comment={submission?.comment} />
                    {canSubmit && (status === 'not_submitted' || status === 'returned') && (
                      <Button
                        size="small"
                        data-testid={`submit-${p.period}`}
                        onClick={() => confirmSubmit(p)}
                      >
                        {status === 'returned' ? 'Nộp lại' : 'Nộp'}
                      </Button>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      {own.data && (
        <Card
          title={`Số liệu của trường năm học ${own.data.schoolYear} (Sở sẽ tính khi duyệt)`}
          data-testid="own-report"
        >
          <GradeTable report={own.data} />
          <p style={{ marginTop: 12 }}>{staffLine(own.data.staff)}</p>
        </Card>
      )}
      <Card title="Yêu cầu mở khóa đã gửi">
        <Table
          rowKey="id"
          dataSource={data.data?.requests}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          locale={{ emptyText: 'Chưa gửi yêu cầu mở khóa nào.' }}
          columns={[
            { title: 'Kỳ báo cáo', render: (_, r) => periodLabel(r.schoolYear, r.period) },
            { title: 'Dữ liệu', render: (_, r) => kindsLabel(r.kinds) },
            { title: 'Lý do', dataIndex: 'reason' },
            { title: 'Gửi lúc', render: (_, r) => dateTime(r.createdAt) },
            { title: 'Trả lời', render: (_, r) => <RequestStatus request={r} /> },
          ]}
        />
      </Card>
      <Modal
        open={asking}
        title="Gửi yêu cầu mở khóa"
        okText="Gửi"
        cancelText="Hủy"
        confirmLoading={file.isPending}
        onOk={() => form.submit()}
        onCancel={() => setAsking(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(values) => file.mutate(values)}>
          <Form.Item name="key" label="Kỳ báo cáo" rules={[{ required: true, message: 'Chọn kỳ báo cáo.' }]}>
            <Select
              options={periods.map((p) => ({
                value: `${p.schoolYear}|${p.period}`,
                label: periodLabel(p.schoolYear, p.period),
              }))}
            />
          </Form.Item>
          <Form.Item name="kinds" label="Dữ liệu cần sửa (bỏ trống: tất cả)">
            <Select
              mode="multiple"
              options={RECORD_KINDS.map((k) => ({ value: k, label: RECORD_KIND_DEFINITIONS[k].label }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label="Lý do"
            rules={[{ required: true, min: 5, message: 'Hãy ghi lý do (ít nhất 5 ký tự).' }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
