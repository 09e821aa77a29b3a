// Kết chuyển năm học: close the current year (its records become read-only), preview the next
// one — each class in its next grade under a name the user may change, each pupil moved by
// their year-end result, the undecided ones first — and write it. Writing again adds nothing.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  Popconfirm,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { RolloverPlan as Plan } from '#domain/api/rollover.ts';
import { gradeName } from '#domain/grades.ts';
import { PUPIL_MOVE_LABELS, type PupilMove } from '#domain/rules/year-rollover.ts';
import { ApiError, getJson, postJson } from '../../../api.ts';

const MOVE_OPTIONS = (Object.keys(PUPIL_MOVE_LABELS) as PupilMove[]).map((value) => ({
  value,
  label: PUPIL_MOVE_LABELS[value],
}));

export function RolloverPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [fromYear, setFromYear] = useState<string>();
  const [classNames, setClassNames] = useState<Record<string, string>>({});
  const [moves, setMoves] = useState<Record<string, PupilMove>>({});
  const [busy, setBusy] = useState(false);
  const choices = JSON.stringify({ classNames, moves });
  const plan = useQuery({
    queryKey: ['rollover', fromYear],
    queryFn: () => getJson<Plan>(`/api/school/rollover${fromYear ? `?fromYear=${fromYear}` : ''}`),
  });
  const data = plan.data;
  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      message.success(await work());
      await client.invalidateQueries();
    } catch (error) {
      message.error(
        error instanceof ApiError ? (error.issues[0]?.message ?? error.message) : 'Không thực hiện được.',
      );
    } finally {
      setBusy(false);
    }
  };
  if (!data)
    return (
      <Card loading={plan.isLoading}>{plan.error && <Alert type="error" message="Không tải được." />}</Card>
    );
  const undecided = data.pupils.filter((p) => !p.decided && !moves[p.studentId]);
  // A pupil's new class under the name typed in the class table, before anything is written.
  const sourceOfTarget = new Map(data.classes.filter((c) => !c.repeat).map((c) => [c.targetId, c.sourceId]));
  const newClassName = (p: Plan['pupils'][number]) => {
    const source = p.targetClassId ? sourceOfTarget.get(p.targetClassId) : undefined;
    return (source && !p.exists && classNames[source]) || p.targetClassName || '—';
  };
  const step = !data.closed ? 0 : data.alreadyWritten > 0 ? 2 : 1;
  const close = () =>
    act(async () => {
      await postJson('/api/school/close-year', { schoolYear: data.fromYear });
      setFromYear(data.fromYear);
      return `Đã khoá sổ năm học ${data.fromYear}.`;
    });
  const write = () =>
    act(async () => {
      const result = await postJson<{ classesWritten: number; pupilsWritten: number }>(
        '/api/school/rollover',
        {
          fromYear: data.fromYear,
          ...JSON.parse(choices),
        },
      );
      setFromYear(data.fromYear);
      return `Đã kết chuyển sang năm học ${data.toYear}: thêm ${result.classesWritten} lớp, ${result.pupilsWritten} học sinh.`;
    });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        Kết chuyển năm học {data.fromYear} → {data.toYear}
      </Typography.Title>
      <Steps
        size="small"
        current={step}
        items={[{ title: 'Khoá sổ năm học' }, { title: 'Xem trước' }, { title: 'Kết chuyển' }]}
      />
      {!data.closed ? (
        <Alert
          type="info"
          showIcon
          message={`Bước 1: khoá sổ năm học ${data.fromYear}`}
          description="Sau khi khoá sổ, lớp, học sinh và kết quả học tập của năm này chỉ còn xem, không sửa được."
          action={
            <Popconfirm
              title={`Khoá sổ năm học ${data.fromYear}?`}
              okText="Khoá sổ"
              cancelText="Huỷ"
              onConfirm={close}
            >
              <Button type="primary" loading={busy}>
                Khoá sổ năm học
              </Button>
            </Popconfirm>
          }
        />
      ) : (
        <Alert
          type={data.alreadyWritten > 0 ? 'success' : 'warning'}
          showIcon
          message={
            data.alreadyWritten > 0
              ? `Đã kết chuyển sang năm học ${data.toYear}. Chạy lại chỉ thêm những gì còn thiếu, không tạo trùng.`
              : `Năm học ${data.fromYear} đã khoá sổ. Kiểm tra bảng dưới đây rồi bấm Kết chuyển.`
          }
        />
      )}
      <Card title={`Lớp sang năm học ${data.toYear}`} size="small">
        <Table
          rowKey={(c) => `${c.sourceId}${c.repeat ? '-lai' : ''}`}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data.classes}
          columns={[
            { title: 'Lớp năm trước', dataIndex: 'sourceName' },
            { title: 'Khối mới', dataIndex: 'targetGrade', render: gradeName },
            {
              title: 'Tên lớp mới',
              dataIndex: 'name',
              render: (name: string, c) =>
                c.exists || c.repeat ? (
                  name
                ) : (
                  <Input
                    aria-label={`Tên lớp mới của ${c.sourceName}`}
                    value={classNames[c.sourceId] ?? name}
                    onChange={(e) => setClassNames((all) => ({ ...all, [c.sourceId]: e.target.value }))}
                    style={{ width: 120 }}
                  />
                ),
            },
            {
              title: 'Ghi chú',
              render: (_, c) => (
                <Space size={4} wrap>
                  {c.repeat && <Tag>Lớp cho học sinh ở lại</Tag>}
                  {c.exists && <Tag color="green">Đã tạo</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title="Học sinh"
        size="small"
        extra={
          undecided.length > 0 && (
            <Tag color="orange">{undecided.length} học sinh chưa có kết quả cuối năm</Tag>
          )
        }
      >
        <Table
          rowKey="studentId"
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          dataSource={[...data.pupils].sort((a, b) => Number(a.decided) - Number(b.decided))}
          columns={[
            { title: 'Họ và tên', dataIndex: 'fullName' },
            { title: 'Lớp', dataIndex: 'className' },
            {
              title: 'Chuyển',
              dataIndex: 'move',
              render: (move: PupilMove, p) =>
                p.exists ? (
                  PUPIL_MOVE_LABELS[move]
                ) : (
                  <Select
                    aria-label={`Chuyển ${p.fullName}`}
                    value={moves[p.studentId] ?? move}
                    options={MOVE_OPTIONS}
                    onChange={(value) => setMoves((all) => ({ ...all, [p.studentId]: value }))}
                    style={{ width: 200 }}
                    popupMatchSelectWidth={false}
                  />
                ),
            },
            { title: 'Lớp mới', render: (_, p) => newClassName(p) },
            {
              title: 'Căn cứ',
              render: (_, p) =>
                p.decided || moves[p.studentId] ? (
                  'Kết quả cuối năm'
                ) : (
                  <Tag color="orange">Chưa có kết quả</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Space wrap>
        <Button onClick={() => plan.refetch()}>Xem trước lại</Button>
        <Popconfirm
          title={`Kết chuyển sang năm học ${data.toYear}?`}
          okText="Kết chuyển"
          cancelText="Huỷ"
          onConfirm={write}
          disabled={!data.closed}
        >
          <Button type="primary" disabled={!data.closed} loading={busy}>
            Kết chuyển
          </Button>
        </Popconfirm>
      </Space>
    </Space>
  );
}
