// Kỳ báo cáo for the Sở's officers: the periods of each school year with their deadlines (a
// province admin opens and edits them), and the schools' unlock requests, each answered once:
// Cấp until a day, or Từ chối with a reason.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';
import type { PeriodView, UnlockRequestView } from '#domain/api/periods.ts';
import { RECORD_KIND_DEFINITIONS, RECORD_KINDS } from '#domain/record-kinds.ts';
import { REPORTING_PERIOD_LABELS, REPORTING_PERIODS } from '#domain/reporting-periods.ts';
import { vietnameseDate } from '#domain/rules/period-locks.ts';
import { getJson, postJson, putJson } from '../../api.ts';
import { DateInput } from '../../components/DateInput.tsx';
import { useSession } from '../../session.tsx';
import { dateTime, deadlinesLabel, kindsLabel, periodLabel, RequestStatus } from './labels.tsx';

type Answer = { request: UnlockRequestView; grant: boolean };

export function PeriodsPage() {
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const manage = useSession().can('accounts:manage');
  const periods = useQuery({
    queryKey: ['periods'],
    queryFn: () => getJson<{ items: PeriodView[] }>('/api/periods'),
  });
  const requests = useQuery({
    queryKey: ['unlock-requests'],
    queryFn: () => getJson<{ items: UnlockRequestView[] }>('/api/unlock-requests'),
  });
  const [editing, setEditing] = useState<Partial<PeriodView> | null>(null);
  const [answering, setAnswering] = useState<Answer | null>(null);
  const [periodForm] = Form.useForm();
  const [answerForm] = Form.useForm();

  const save = useMutation({
    mutationFn: (values: {
      schoolYear: string;
      period: string;
      opensOn: string;
      deadlines: Record<string, string>;
    }) =>
      putJson(`/api/periods/${values.schoolYear}/${values.period}`, {
        opensOn: values.opensOn,
        deadlines: Object.fromEntries(Object.entries(values.deadlines ?? {}).filter(([, day]) => day)),
      }),
    onSuccess: () => {
      message.success('Đã lưu kỳ báo cáo.');
      setEditing(null);
      void client.invalidateQueries({ queryKey: ['periods'] });
    },
    onError: (error) => message.error(error.message),
  });
  const answer = useMutation({
    mutationFn: ({ id, body }: { id: string; body: unknown }) =>
      postJson(`/api/unlock-requests/${id}/answer`, body),
    onSuccess: () => {
      message.success('Đã trả lời yêu cầu mở khóa.');
      setAnswering(null);
      void client.invalidateQueries({ queryKey: ['unlock-requests'] });
    },
    onError: (error) => message.error(error.message),
  });

  const open = (period: Partial<PeriodView>) => {
    periodForm.setFieldsValue(period);
    setEditing(period);
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title="Kỳ báo cáo"
        extra={
          manage && (
            <Button type="primary" onClick={() => open({ period: 'DN', deadlines: {} })}>
              Mở kỳ báo cáo
            </Button>
          )
        }
      >
        <Table
          rowKey={(p) => `${p.schoolYear}-${p.period}`}
          loading={periods.isPending}
          dataSource={periods.data?.items}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: 'Kỳ báo cáo', render: (_, p) => periodLabel(p.schoolYear, p.period) },
            { title: 'Ngày mở', render: (_, p) => vietnameseDate(p.opensOn) },
            { title: 'Hạn nộp', render: (_, p) => deadlinesLabel(p.deadlines) },
            ...(manage
              ? [
                  {
                    title: '',
                    render: (_: unknown, p: PeriodView) => <Button onClick={() => open(p)}>Sửa</Button>,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card title="Yêu cầu mở khóa">
        <Table
          rowKey="id"
          loading={requests.isPending}
          dataSource={requests.data?.items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            { title: 'Trường', render: (_, r) => r.schoolName ?? r.schoolCode },
            { title: 'Kỳ báo cáo', render: (_, r) => periodLabel(r.schoolYear, r.period) },
            { title: 'Dữ liệu', render: (_, r) => kindsLabel(r.kinds) },
            { title: 'Lý do', dataIndex: 'reason' },
            { title: 'Gửi lúc', render: (_, r) => dateTime(r.createdAt) },
            { title: 'Trạng thái', render: (_, r) => <RequestStatus request={r} /> },
            {
              title: '',
              render: (_, r) =>
                manage && r.status === 'open' ? (
                  <Space wrap>
                    <Button type="primary" onClick={() => setAnswering({ request: r, grant: true })}>
                      Cấp
                    </Button>
                    <Button danger onClick={() => setAnswering({ request: r, grant: false })}>
                      Từ chối
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>

      <Modal
        open={editing !== null}
        title={editing?.updatedAt ? 'Sửa kỳ báo cáo' : 'Mở kỳ báo cáo'}
        okText="Lưu"
        cancelText="Hủy"
        confirmLoading={save.isPending}
        onOk={() => periodForm.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={periodForm} layout="vertical" onFinish={(values) => save.mutate(values)} preserve={false}>
          <Form.Item
            name="schoolYear"
            label="Năm học"
            rules={[{ required: true, pattern: /^\d{4}-\d{4}$/, message: 'Năm học dạng 2026-2027.' }]}
          >
            <Input placeholder="2026-2027" disabled={Boolean(editing?.updatedAt)} />
          </Form.Item>
          <Form.Item name="period" label="Kỳ" rules={[{ required: true }]}>
            <Select
              disabled={Boolean(editing?.updatedAt)}
              options={REPORTING_PERIODS.map((p) => ({ value: p, label: REPORTING_PERIOD_LABELS[p] }))}
            />
          </Form.Item>
          <Form.Item
            name="opensOn"
            label="Ngày mở"
            rules={[{ required: true, message: 'Chọn ngày mở kỳ báo cáo.' }]}
          >
            <DateInput />
          </Form.Item>
          {RECORD_KINDS.map((kind) => (
            <Form.Item
              key={kind}
              name={['deadlines', kind]}
              label={`Hạn nộp ${RECORD_KIND_DEFINITIONS[kind].label}`}
            >
              <DateInput />
            </Form.Item>
          ))}
        </Form>
      </Modal>

      <Modal
        open={answering !== null}
        title={answering?.grant ? 'Cấp mở khóa' : 'Từ chối yêu cầu mở khóa'}
        okText={answering?.grant ? 'Cấp' : 'Từ chối'}
        cancelText="Hủy"
        confirmLoading={answer.isPending}
        onOk={() => answerForm.submit()}
        onCancel={() => setAnswering(null)}
        destroyOnHidden
      >
        {answering && (
          <Form
            form={answerForm}
            layout="vertical"
            preserve={false}
            onFinish={(values: { until?: string; reason?: string }) =>
              answer.mutate({
                id: answering.request.id,
                body: answering.grant
                  ? {
                      grant: true,
                      until: `${values.until}T23:59:59+07:00`,
                      ...(values.reason ? { reason: values.reason } : {}),
                    }
                  : { grant: false, reason: values.reason },
              })
            }
          >
            <p>
              {answering.request.schoolName}:{' '}
              {periodLabel(answering.request.schoolYear, answering.request.period)} —{' '}
              {kindsLabel(answering.request.kinds)}
            </p>
            {answering.grant && (
              <Form.Item
                name="until"
                label="Mở khóa đến hết ngày"
                rules={[{ required: true, message: 'Chọn ngày hết hạn mở khóa.' }]}
              >
                <DateInput />
              </Form.Item>
            )}
            <Form.Item
              name="reason"
              label={answering.grant ? 'Ghi chú' : 'Lý do từ chối'}
              rules={answering.grant ? [] : [{ required: true, min: 5, message: 'Hãy ghi lý do từ chối.' }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Space>
  );
}
