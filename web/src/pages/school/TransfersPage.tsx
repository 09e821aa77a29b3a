// Chuyển trường: taking a pupil in from another school, answering the schools that ask this one
// to let a pupil go (agreeing marks the pupil "Chuyển đi" and syncs it at once), and following
// what this school asked. The requests live on CSDL Quốc gia; the school reaches them through
// CSDL Tỉnh, so each list says so when the province cannot be reached.
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Form,
  Grid,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, postJson } from '../../api.ts';
import { DateInput, today } from '../../components/DateInput.tsx';
import { useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { TransferTakeIn } from './TransferTakeIn.tsx';
import {
  type IncomingRequest,
  openCount,
  type SchoolRef,
  TRANSFERS_KEY,
  type TransferRequest,
  useTransfers,
} from './transfers.tsx';
import { useCodeList } from './useReference.ts';

const date = (iso: string | null) => (iso ? dayjs(iso).format('DD/MM/YYYY') : '');

/** Chuyển đi kỳ 1 from September, kỳ 2 from January, trong hè from June (as the server decides). */
export function transferOutCodeOf(isoDate: string): '04' | '08' | '11' {
  const month = Number(isoDate.slice(5, 7));
  if (month >= 9) return '04';
  return month <= 5 ? '08' : '11';
}
const TRANSFER_OUT_CODES = ['04', '08', '11'];

const STATUS_LOOK: Record<TransferRequest['status'], { color: string; label: string }> = {
  open: { color: 'gold', label: 'Chờ trả lời' },
  accepted: { color: 'success', label: 'Đã đồng ý' },
  refused: { color: 'error', label: 'Đã từ chối' },
};

/** Open requests first, then the newest. */
const byOpenThenNewest = (a: TransferRequest, b: TransferRequest) =>
  Number(b.status === 'open') - Number(a.status === 'open') || b.createdAt.localeCompare(a.createdAt);

const TABS = ['tiep-nhan', 'chuyen-di', 'da-gui'] as const;
type TabKey = (typeof TABS)[number];

export function TransfersPage() {
  const t = useT();
  const session = useSession();
  const canEdit = session.can('students:edit');
  const transfers = useTransfers();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as TabKey | null;
  const tab: TabKey =
    asked && TABS.includes(asked) && (asked !== 'tiep-nhan' || canEdit)
      ? asked
      : canEdit
        ? 'tiep-nhan'
        : 'chuyen-di';
  const show = (key: TabKey) => setParams({ tab: key }, { replace: true });
  const waiting = openCount(transfers.data?.incoming);
  const narrow = Grid.useBreakpoint().md === false;

  const listError = transfers.isError && (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={transfers.error.message}
      action={
        <Button size="small" onClick={() => void transfers.refetch()}>
          Thử lại
        </Button>
      }
    />
  );
  const count = <Badge count={waiting} size="small" data-testid="incoming-open-count" />;
  const tabs = [
    ...(canEdit
      ? [
          {
            key: 'tiep-nhan',
            label: t('Tiếp nhận học sinh chuyển đến'),
            short: t('Tiếp nhận'),
            children: <TransferTakeIn onShowOutgoing={() => show('da-gui')} />,
          },
        ]
      : []),
    {
      key: 'chuyen-di',
      label: (
        <Space size={6}>
          {t('Yêu cầu chuyển đi')}
          {count}
        </Space>
      ),
      short: (
        <Space size={4}>
          {t('Chuyển đi')}
          {count}
        </Space>
      ),
      children: (
        <>
          {listError}
          <IncomingRequests requests={transfers.data?.incoming} loading={transfers.isPending} />
        </>
      ),
    },
    {
      key: 'da-gui',
      label: t('Yêu cầu đã gửi'),
      short: t('Đã gửi'),
      children: (
        <>
          {listError}
          <OutgoingRequests requests={transfers.data?.outgoing} loading={transfers.isPending} />
        </>
      ),
    },
  ];

  return (
    <Card title={t('Chuyển trường')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => show(key as TabKey)}
        items={tabs.map(({ short: _, ...item }) => item)}
        // A phone's width holds the three tabs only by their short names, side by side.
        renderTabBar={(props, DefaultTabBar) =>
          narrow ? (
            <Segmented
              block
              value={tab}
              onChange={(key) => show(key as TabKey)}
              options={tabs.map((item) => ({ value: item.key, label: item.short }))}
              style={{ marginBottom: 16 }}
              data-testid="transfer-tabs"
            />
          ) : (
            <DefaultTabBar {...props} />
          )
        }
      />
    </Card>
  );
}

function SchoolCell({ school }: { school: SchoolRef }) {
  return (
    <>
      <div>{school.name}</div>
      <Typography.Text type="secondary">{school.province}</Typography.Text>
    </>
  );
}

/** The answer: its tag, when it came, and the reason of a refusal. */
function StatusCell({
  request,
  narrow,
  children,
}: {
  request: TransferRequest;
  narrow: boolean;
  children?: ReactNode;
}) {
  const look = STATUS_LOOK[request.status];
  return (
    <Space orientation="vertical" size={2} style={{ maxWidth: narrow ? 160 : 260 }}>
      <Tag color={look.color}>{look.label}</Tag>
      {request.answeredAt && (
        <Typography.Text type="secondary">ngày {date(request.answeredAt)}</Typography.Text>
      )}
      {request.status === 'refused' && request.answerReason && (
        <Typography.Text type="secondary" style={{ whiteSpace: 'normal' }}>
          Lý do: {request.answerReason}
        </Typography.Text>
      )}
      {children}
    </Space>
  );
}

/**
 * The pupil, the other school, the note and the day it was asked: what both lists show. On a
 * phone the pupil's name wraps, so that more than one column shows beside it.
 */
function requestColumns<Row extends TransferRequest>(
  other: 'fromSchool' | 'toSchool',
  otherTitle: string,
  narrow: boolean,
): ColumnsType<Row> {
  return [
    {
      title: 'Học sinh',
      key: 'pupil',
      render: (_, r) => (
        <div style={narrow ? { maxWidth: 120, whiteSpace: 'normal' } : undefined}>
          <div style={{ fontWeight: 500 }}>{r.pupilName}</div>
          <Typography.Text type="secondary">{r.nationalId}</Typography.Text>
        </div>
      ),
    },
    { title: 'Ngày sinh', dataIndex: 'birthDate', render: date },
    { title: otherTitle, key: 'school', render: (_, r) => <SchoolCell school={r[other]} /> },
    {
      title: 'Ghi chú',
      dataIndex: 'note',
      render: (note: string | null) => (
        <div style={{ minWidth: 140, maxWidth: 220, whiteSpace: 'normal' }}>{note}</div>
      ),
    },
    { title: 'Ngày gửi', dataIndex: 'createdAt', render: date },
  ];
}

/** A list of requests, open ones first, then the newest; wide rows scroll sideways on a phone. */
function RequestTable<Row extends TransferRequest>(props: {
  requests?: Row[];
  loading: boolean;
  columns: ColumnsType<Row>;
  empty: string;
  testId: string;
}) {
  return (
    <Table<Row>
      rowKey="id"
      size="middle"
      loading={props.loading}
      dataSource={[...(props.requests ?? [])].sort(byOpenThenNewest)}
      columns={props.columns}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: props.empty }}
      data-testid={props.testId}
    />
  );
}

function IncomingRequests({ requests, loading }: { requests?: IncomingRequest[]; loading: boolean }) {
  const session = useSession();
  const canEdit = session.can('students:edit');
  const [agreeing, setAgreeing] = useState<IncomingRequest>();
  const [refusing, setRefusing] = useState<IncomingRequest>();
  const [done, setDone] = useState<ReactNode>();
  const narrow = Grid.useBreakpoint().md === false;
  const columns: ColumnsType<IncomingRequest> = [
    ...requestColumns<IncomingRequest>('toSchool', 'Trường xin nhận', narrow),
    { title: 'Trạng thái', key: 'status', render: (_, r) => <StatusCell request={r} narrow={narrow} /> },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'actions',
            // Kept in view while the list scrolls sideways; on a phone the two buttons stack.
            fixed: 'right' as const,
            render: (_: unknown, r: IncomingRequest) =>
              r.status === 'open' && (
                <Space size={6} orientation={narrow ? 'vertical' : 'horizontal'}>
                  <Button size="small" type="primary" onClick={() => setAgreeing(r)}>
                    Đồng ý
                  </Button>
                  <Button size="small" danger onClick={() => setRefusing(r)}>
                    Từ chối
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">
        Trường khác xin nhận học sinh đang học tại trường. Đồng ý thì học sinh chuyển sang trạng thái "Chuyển
        đi" và được đồng bộ ngay, để CSDL Quốc gia chấp nhận hồ sơ ở trường mới.
      </Typography.Paragraph>
      {done && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setDone(undefined) }}
          style={{ marginBottom: 16 }}
          title={done}
          data-testid="transfer-answered"
        />
      )}
      <RequestTable<IncomingRequest>
        requests={requests}
        loading={loading}
        columns={columns}
        empty="Chưa có trường nào xin nhận học sinh của trường."
        testId="incoming-transfers"
      />
      {agreeing && (
        <AgreeDialog
          request={agreeing}
          onClose={(message) => {
            setAgreeing(undefined);
            if (message) setDone(message);
          }}
        />
      )}
      {refusing && (
        <RefuseDialog
          request={refusing}
          onClose={(message) => {
            setRefusing(undefined);
            if (message) setDone(message);
          }}
        />
      )}
    </>
  );
}

interface Answered extends IncomingRequest {
  syncRunId: string | null;
}

/** Posts the answer; a request answered meanwhile (from another screen) refreshes the list. */
function useAnswer() {
  const client = useQueryClient();
  return async (id: string, body: Record<string, unknown>) => {
    try {
      return await postJson<Answered>(`/api/transfers/${id}/answer`, body);
    } finally {
      await client.invalidateQueries({ queryKey: TRANSFERS_KEY });
      await client.invalidateQueries({ queryKey: ['/api/students'] });
    }
  };
}

function AgreeDialog({
  request,
  onClose,
}: {
  request: IncomingRequest;
  onClose: (message?: ReactNode) => void;
}) {
  const session = useSession();
  const statuses = useCodeList('student-statuses');
  const answer = useAnswer();
  const [form] = Form.useForm<{ statusDate: string; statusCode: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  async function agree() {
    const values = await form.validateFields();
    setBusy(true);
    setFailure(undefined);
    try {
      const answered = await answer(request.id, { accept: true, ...values });
      const history = session.can('sync_history:view') ? (
        <>
          {' '}
          Theo dõi ở <Link to="/lich-su-dong-bo">Lịch sử đồng bộ</Link>.
        </>
      ) : null;
      onClose(
        answered.studentId ? (
          <span>
            Đã đồng ý cho {request.pupilName} chuyển tới {request.toSchool.name}. Học sinh đã được chuyển sang
            trạng thái "{statuses.nameOf(values.statusCode)}" từ ngày {date(values.statusDate)} và đang được
            đồng bộ lên CSDL Quốc gia.{history}
          </span>
        ) : (
          <span>
            Đã đồng ý cho {request.pupilName} chuyển tới {request.toSchool.name}. Trường không có hồ sơ của
            học sinh này nên không có gì cần đồng bộ.
          </span>
        ),
      );
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : String(error));
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`Đồng ý cho ${request.pupilName} chuyển trường?`}
      okText="Đồng ý"
      cancelText="Huỷ"
      confirmLoading={busy}
      onOk={agree}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {request.toSchool.name} ({request.toSchool.province}) xin nhận học sinh này.{' '}
        {request.studentId
          ? 'Học sinh sẽ chuyển sang trạng thái "Chuyển đi" tại trường và được đồng bộ ngay lên CSDL Quốc gia.'
          : 'Trường không có hồ sơ nào của học sinh này có mã định danh trên; chỉ trả lời đồng ý.'}
      </Typography.Paragraph>
      {request.note && <Typography.Paragraph type="secondary">Ghi chú: {request.note}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        name="transfer-agree"
        initialValues={{ statusDate: today(), statusCode: transferOutCodeOf(today()) }}
        onValuesChange={(changed: { statusDate?: string }) => {
          if (changed.statusDate && /^\d{4}-\d{2}-\d{2}$/.test(changed.statusDate))
            form.setFieldValue('statusCode', transferOutCodeOf(changed.statusDate));
        }}
      >
        <Form.Item
          name="statusDate"
          label="Ngày chuyển đi"
          rules={[{ required: true, message: 'Nhập ngày chuyển đi.' }]}
        >
          <DateInput />
        </Form.Item>
        <Form.Item name="statusCode" label="Trạng thái">
          <Select
            options={TRANSFER_OUT_CODES.map((code) => ({ value: code, label: statuses.nameOf(code) }))}
          />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

function RefuseDialog({
  request,
  onClose,
}: {
  request: IncomingRequest;
  onClose: (message?: ReactNode) => void;
}) {
  const answer = useAnswer();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  async function refuse() {
    const { reason } = await form.validateFields();
    setBusy(true);
    setFailure(undefined);
    try {
      await answer(request.id, { accept: false, reason: reason.trim() });
      onClose(
        `Đã từ chối yêu cầu của ${request.toSchool.name}; ${request.pupilName} vẫn là học sinh của trường.`,
      );
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : String(error));
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`Từ chối cho ${request.pupilName} chuyển trường?`}
      okText="Từ chối"
      okButtonProps={{ danger: true }}
      cancelText="Huỷ"
      confirmLoading={busy}
      onOk={refuse}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {request.toSchool.name} ({request.toSchool.province}) sẽ thấy lý do này.
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="transfer-refuse">
        <Form.Item
          name="reason"
          label="Lý do từ chối"
          rules={[{ required: true, whitespace: true, message: 'Nhập lý do từ chối.' }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

function OutgoingRequests({ requests, loading }: { requests?: TransferRequest[]; loading: boolean }) {
  const session = useSession();
  const canSync = session.can('students:sync');
  const resync = useResync();
  const narrow = Grid.useBreakpoint().md === false;
  // The answer comes second: on a phone it is what a short scroll shows, with its button.
  const [pupil, ...rest] = requestColumns<TransferRequest>('fromSchool', 'Trường đang học', narrow);
  const columns: ColumnsType<TransferRequest> = [
    pupil!,
    {
      title: 'Trạng thái',
      key: 'status',
      render: (_, r) => (
        <StatusCell request={r} narrow={narrow}>
          {r.status === 'open' && (
            <Typography.Text type="secondary" style={{ whiteSpace: 'normal' }}>
              Chờ {r.fromSchool.name} trả lời
            </Typography.Text>
          )}
          {r.status === 'accepted' && (
            <>
              <Typography.Text type="secondary" style={{ whiteSpace: 'normal' }}>
                Trường cũ đã đồng ý: đồng bộ lại hồ sơ học sinh để CSDL Quốc gia chấp nhận.
              </Typography.Text>
              {canSync && (
                <Button size="small" onClick={() => resync(r)} style={{ marginTop: 4 }}>
                  Đồng bộ lại học sinh
                </Button>
              )}
            </>
          )}
        </StatusCell>
      ),
    },
    ...rest,
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">
        Yêu cầu trường đã gửi khi tiếp nhận học sinh còn đang học ở trường khác. Hồ sơ học sinh chỉ được CSDL
        Quốc gia chấp nhận sau khi trường cũ đồng ý.
      </Typography.Paragraph>
      <RequestTable<TransferRequest>
        requests={requests}
        loading={loading}
        columns={columns}
        empty="Trường chưa gửi yêu cầu chuyển trường nào."
        testId="outgoing-transfers"
      />
    </>
  );
}

/** "Đồng bộ lại học sinh": every pupil record not yet accepted upstream, the one taken in among them. */
function useResync() {
  const { modal, message } = App.useApp();
  const client = useQueryClient();
  return (request: TransferRequest) =>
    modal.confirm({
      title: 'Đồng bộ lại học sinh',
      content: `Gửi lên CSDL Quốc gia mọi hồ sơ học sinh chưa đồng bộ hoặc đồng bộ chưa thành công, trong đó có hồ sơ của ${request.pupilName}.`,
      okText: 'Đồng bộ',
      cancelText: 'Huỷ',
      onOk: async () => {
        try {
          const answer = await postJson<{ records: number }>('/api/students/sync', { allUnsynced: true });
          message.success(`Đã gửi ${answer.records} hồ sơ học sinh. Theo dõi ở Lịch sử đồng bộ.`);
          await client.invalidateQueries({ queryKey: ['/api/students'] });
        } catch (error) {
          const nothing = error instanceof ApiError && error.issues.some((i) => i.code === 'NOTHING_TO_SYNC');
          message.error(
            nothing
              ? 'Không có hồ sơ học sinh nào cần đồng bộ: hồ sơ đã được gửi hoặc đang chờ xử lý.'
              : error instanceof ApiError
                ? error.message
                : String(error),
          );
        }
      },
    });
}
