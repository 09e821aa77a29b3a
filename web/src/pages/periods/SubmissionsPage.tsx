// Nộp và duyệt for officers above the schools: for a period, every school of the unit with where
// it stands (and the counts on top); a submission opens with the figures the province held when it
// came, what changed since the one before and the failures now, to Duyệt or Trả lại with a comment.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import type { ReviewList, SubmissionDetail } from '#domain/api/submissions.ts';
import { RECORD_KIND_DEFINITIONS, type RecordKind } from '#domain/record-kinds.ts';
import { vietnameseDate } from '#domain/rules/period-locks.ts';
import { getJson, postJson } from '../../api.ts';
import { DateInput } from '../../components/DateInput.tsx';
import { useNarrow } from '../../components/useNarrow.ts';
import { useSession } from '../../session.tsx';
import { dateTime, periodLabel, SUBMISSION_LABELS, SubmissionStatus } from './labels.tsx';
import { usePeriodChoice } from './usePeriodChoice.tsx';

const kindLabel = (kind: string) => RECORD_KIND_DEFINITIONS[kind as RecordKind]?.label ?? kind;
const FIGURE_LABELS = { held: 'CSDL Tỉnh đang giữ', failed: 'Thất bại' } as const;

export function SubmissionsPage() {
  const { key, query, picker: periodPicker } = usePeriodChoice();
  const [status, setStatus] = useState<string>();
  const [open, setOpen] = useState<string>();
  const list = useQuery({
    queryKey: ['submissions', key],
    enabled: Boolean(key),
    queryFn: () => getJson<ReviewList>(`/api/submissions?${query}`),
  });
  const counts = list.data?.counts;
  // On a phone the title takes the card's head; the period goes below it.
  const narrow = useNarrow();
  const rows = (list.data?.items ?? []).filter((row) =>
    status === 'late' ? row.late : !status || row.status === status,
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title="Nộp và duyệt kỳ báo cáo" extra={narrow ? undefined : periodPicker}>
        {narrow && <div style={{ marginBottom: 12 }}>{periodPicker}</div>}
        {counts && (
          <Space wrap size="large" data-testid="submission-counts">
            <Statistic title="Trường" value={counts.schools} />
            {(Object.keys(SUBMISSION_LABELS) as (keyof typeof SUBMISSION_LABELS)[]).map((s) => (
              <Statistic key={s} title={SUBMISSION_LABELS[s].text} value={counts[s]} />
            ))}
            <Statistic title="Nộp muộn" value={counts.late} />
            {list.data?.due && <Statistic title="Hạn nộp" value={vietnameseDate(list.data.due)} />}
          </Space>
        )}
      </Card>
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <Select
            allowClear
            aria-label="Tình trạng"
            placeholder="Tình trạng"
            style={{ minWidth: 180 }}
            value={status}
            onChange={setStatus}
            options={[
              ...Object.entries(SUBMISSION_LABELS).map(([value, { text }]) => ({ value, label: text })),
              { value: 'late', label: 'Nộp muộn' },
            ]}
          />
        </Space>
        <Table
          rowKey="schoolCode"
          loading={list.isFetching}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: true }}
          locale={{ emptyText: key ? 'Không có trường nào.' : 'Chưa mở kỳ báo cáo nào.' }}
          onRow={(row) => ({ onClick: () => row.submissionId && setOpen(row.submissionId) })}
          columns={[
            { title: 'Trường', render: (_, r) => `${r.schoolName} (${r.schoolCode})` },
            {
              title: 'Tình trạng',
              render: (_, r) => (
                <Space wrap>
                  <SubmissionStatus status={r.status} />
                  {r.late && <Tag color="volcano">Muộn</Tag>}
                </Space>
              ),
            },
            { title: 'Nộp lúc', render: (_, r) => dateTime(r.submittedAt) },
            {
              title: '',
              render: (_, r) => (r.submissionId ? <Button size="small">Xem</Button> : null),
            },
          ]}
        />
      </Card>
      {open && <SubmissionDrawer id={open} onClose={() => setOpen(undefined)} />}
    </Space>
  );
}

function SubmissionDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const narrow = useNarrow();
  const canReview = useSession().can('reports:manage');
  const [returning, setReturning] = useState(false);
  const [form] = Form.useForm();
  const detail = useQuery({
    queryKey: ['submission', id],
    queryFn: () => getJson<SubmissionDetail>(`/api/submissions/${id}`),
  });
  const review = useMutation({
    mutationFn: (body: unknown) => postJson(`/api/submissions/${id}/review`, body),
    onSuccess: (_, body) => {
      message.success(
        (body as { decision: string }).decision === 'approve' ? 'Đã duyệt.' : 'Đã trả lại cho trường.',
      );
      setReturning(false);
      void client.invalidateQueries({ queryKey: ['submissions'] });
      void client.invalidateQueries({ queryKey: ['submission', id] });
    },
    onError: (error) => message.error(error.message),
  });
  const data = detail.data;
  const figures = Object.entries(data?.figures ?? {}).map(([kind, f]) => ({ kind, ...f }));

  return (
    <Drawer
      open
      size={narrow ? '100%' : 720}
      title={
        data
          ? `${data.schoolName ?? data.schoolCode}: ${periodLabel(data.schoolYear, data.period)}`
          : 'Bài nộp'
      }
      loading={detail.isPending}
      onClose={onClose}
      extra={
        canReview &&
        data?.status === 'submitted' && (
          <Space>
            <Button danger onClick={() => setReturning(true)}>
              Trả lại
            </Button>
            <Button
              type="primary"
              loading={review.isPending}
              onClick={() => review.mutate({ decision: 'approve' })}
            >
              Duyệt
            </Button>
          </Space>
        )
      }
    >
      {data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <div>
            <SubmissionStatus status={data.status} comment={data.comment} /> Nộp lúc{' '}
            {dateTime(data.submittedAt)}
            {data.note && <p>Ghi chú của trường: {data.note}</p>}
          </div>
          <Table
            size="small"
            rowKey="kind"
            pagination={false}
            dataSource={figures}
            columns={[
              { title: 'Dữ liệu', render: (_, f) => kindLabel(f.kind) },
              { title: FIGURE_LABELS.held, dataIndex: 'held', align: 'right' },
              { title: FIGURE_LABELS.failed, dataIndex: 'failed', align: 'right' },
            ]}
          />
          <Card size="small" title="Thay đổi so với lần nộp trước">
            {!data.previous
              ? 'Đây là lần nộp đầu tiên.'
              : data.changes.length === 0
                ? `Không đổi so với lần nộp ${dateTime(data.previous.submittedAt)}.`
                : data.changes.map((c) => (
                    <div key={`${c.kind}${c.figure}`}>
                      {kindLabel(c.kind)}, {FIGURE_LABELS[c.figure].toLowerCase()}: {c.before} → {c.after}
                    </div>
                  ))}
          </Card>
          <Card size="small" title="Lỗi đang có">
            {data.failures.length === 0
              ? 'Không có bản ghi nào Thất bại.'
              : data.failures.map((f) => (
                  <div key={f.errorCode}>
                    {f.count} × {f.message ?? f.errorCode}
                  </div>
                ))}
          </Card>
        </Space>
      )}
      <Modal
        open={returning}
        title="Trả lại cho trường"
        okText="Trả lại"
        cancelText="Hủy"
        confirmLoading={review.isPending}
        onOk={() => form.submit()}
        onCancel={() => setReturning(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(values: { comment: string; reopenUntil: string }) =>
            review.mutate({
              decision: 'return',
              comment: values.comment,
              reopenUntil: `${values.reopenUntil}T23:59:59+07:00`,
            })
          }
        >
          <Form.Item
            name="comment"
            label="Lý do trả lại"
            rules={[{ required: true, min: 5, message: 'Hãy ghi lý do trả lại (ít nhất 5 ký tự).' }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item
            name="reopenUntil"
            label="Mở lại cho trường sửa đến hết ngày"
            rules={[{ required: true, message: 'Chọn ngày.' }]}
          >
            <DateInput />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
