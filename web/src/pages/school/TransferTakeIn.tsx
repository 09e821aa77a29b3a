// Tiếp nhận học sinh chuyển đến: find the pupil on CSDL Quốc gia by personal ID or national
// identifier, add them to a class of this school with a "Chuyển đến" status, and — when another
// school still holds them — ask that school to let them go. A pupil enrolled nowhere may be
// synced at once.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Result, Row, Select, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, type FieldIssue, getJson, type Page, postJson } from '../../api.ts';
import { DateInput, today } from '../../components/DateInput.tsx';
import { useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { TRANSFERS_KEY, type TransferRequest } from './transfers.tsx';
import { useCodeList } from './useReference.ts';

interface Person {
  nationalId: string;
  fullName: string;
  birthDate: string;
  gender: 'male' | 'female';
  ethnicityCode: string;
  personalId: string | null;
  enrolledAt: { schoolCode: string; schoolName: string; province: string; statusCode: string } | null;
}

interface FormValues {
  classId: string;
  statusCode: string;
  statusDate: string;
  note?: string;
}

/** What happened after "Tiếp nhận". */
interface Outcome {
  studentId: string;
  pupilName: string;
  className: string;
  /** What to ask the old school again, should the first request fail. */
  ask?: { q: string; note?: string };
  request?: TransferRequest;
  /** The pupil was added but the request could not be sent (yet). */
  requestError?: string;
  synced?: boolean;
}

const QUERY_PATTERN = /^(\d{12}|HS\d{10})$/;
const date = (iso: string) => dayjs(iso).format('DD/MM/YYYY');

/** Chuyển đến kỳ 1 from September, kỳ 2 from January, trong hè from June. */
export function transferInCodeOf(isoDate: string): '02' | '06' | '10' {
  const month = Number(isoDate.slice(5, 7));
  if (month >= 9) return '02';
  return month <= 5 ? '06' : '10';
}
const TRANSFER_IN_CODES = ['02', '06', '10'];

/** Spaces and a lower-case "hs" are forgiven: "hs 0123 456 789" is HS0123456789. */
export const normaliseQuery = (value: string) => value.replace(/\s+/g, '').toUpperCase();

function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return String(error);
  const details = error.issues.map((issue: FieldIssue) => issue.message);
  return [error.message, ...details].join(' ');
}

export function TransferTakeIn({ onShowOutgoing }: { onShowOutgoing: () => void }) {
  const session = useSession();
  const [typed, setTyped] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [q, setQ] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const found = useQuery({
    queryKey: ['transfer-lookup', q],
    enabled: q !== '',
    retry: false,
    gcTime: 0,
    queryFn: () => getJson<Person>(`/api/transfers/lookup?${new URLSearchParams({ q })}`),
  });

  function search(value: string) {
    const next = normaliseQuery(value);
    setOutcome(undefined);
    if (!QUERY_PATTERN.test(next)) {
      setInvalid(next !== '');
      setQ('');
      return;
    }
    setInvalid(false);
    setTyped(next);
    if (next === q) void found.refetch();
    setQ(next);
  }

  function startOver() {
    setOutcome(undefined);
    setQ('');
    setTyped('');
  }

  if (outcome) return <TakenIn outcome={outcome} onAnother={startOver} onShowOutgoing={onShowOutgoing} />;

  const person = found.data;
  const here = person?.enrolledAt?.schoolCode === session.me?.unit.code;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ maxWidth: 560 }}>
        <Input.Search
          allowClear
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          enterButton="Tìm"
          placeholder="Số định danh cá nhân hoặc mã định danh (HS…)"
          aria-label="Số định danh cá nhân hoặc mã định danh học sinh"
          status={invalid ? 'error' : undefined}
          loading={found.isFetching}
          onSearch={search}
          data-testid="transfer-lookup"
        />
        <div style={{ marginTop: 4, color: invalid ? '#ff4d4f' : 'rgba(0,0,0,0.45)', fontSize: 13 }}>
          {invalid
            ? 'Nhập số định danh cá nhân 12 chữ số hoặc mã định danh học sinh (HS và 10 chữ số).'
            : 'Tìm trên CSDL Quốc gia học sinh đã được trường cũ đồng bộ: số định danh cá nhân 12 chữ số, hoặc mã định danh HS và 10 chữ số.'}
        </div>
      </div>
      {found.isError && <LookupError error={found.error} />}
      {person && (
        <Card size="small" type="inner" title={person.fullName} data-testid="transfer-person">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { label: 'Ngày sinh', children: date(person.birthDate) },
              { label: 'Giới tính', children: person.gender === 'female' ? 'Nữ' : 'Nam' },
              { label: 'Mã định danh', children: person.nationalId },
              { label: 'Số định danh cá nhân', children: person.personalId ?? 'Chưa có' },
            ]}
          />
          <div style={{ marginTop: 8 }} data-testid="transfer-enrolment">
            {person.enrolledAt ? (
              <Tag color={here ? 'blue' : 'gold'} style={{ whiteSpace: 'normal' }}>
                Đang học tại {person.enrolledAt.schoolName}, {person.enrolledAt.province}
              </Tag>
            ) : (
              <Tag style={{ whiteSpace: 'normal' }}>Không đang học ở trường nào</Tag>
            )}
          </div>
          {!person.personalId && !here && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              title="Học sinh chưa có số định danh cá nhân trên CSDL Quốc gia."
              description='Hồ sơ ở trường mới chỉ được nối với mã định danh cũ qua số định danh cá nhân: hãy bổ sung số định danh cá nhân của học sinh ở "Thông tin học sinh" trước khi đồng bộ.'
            />
          )}
          {here ? (
            <Alert
              style={{ marginTop: 12 }}
              type="info"
              showIcon
              title="Học sinh đang học tại chính trường này, không cần tiếp nhận."
            />
          ) : (
            <TakeInForm key={person.nationalId} person={person} onDone={setOutcome} />
          )}
        </Card>
      )}
    </Space>
  );
}

function LookupError({ error }: { error: Error }) {
  const code = error instanceof ApiError ? error.code : '';
  const hint =
    code === 'NOT_FOUND'
      ? 'Kiểm tra lại số đã nhập. Học sinh chưa từng được đồng bộ lên CSDL Quốc gia thì thêm mới ở "Thông tin học sinh".'
      : code === 'SCHOOL_NOT_SYNCED'
        ? 'Vào "Thông tin trường" và bấm "Đồng bộ lên CSDL Quốc gia", rồi tìm lại.'
        : code === 'UPSTREAM_UNAVAILABLE'
          ? 'Trường chưa kết nối được CSDL Tỉnh. Kiểm tra mạng hoặc mã kết nối đồng bộ của trường, rồi tìm lại.'
          : undefined;
  return (
    <Alert
      type="error"
      showIcon
      title={error.message}
      description={hint}
      data-testid="transfer-lookup-error"
    />
  );
}

/** Files the request; a pupil let go in the meantime needs none and may be synced at once. */
async function askOldSchool(ask: {
  q: string;
  note?: string;
}): Promise<Pick<Outcome, 'request' | 'requestError'>> {
  try {
    return { request: await postJson<TransferRequest>('/api/transfers', ask) };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'TRANSFER_NOT_NEEDED') return {};
    return { requestError: errorText(error) };
  }
}

function TakeInForm({ person, onDone }: { person: Person; onDone: (outcome: Outcome) => void }) {
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const statuses = useCodeList('student-statuses');
  const classes = useQuery({
    queryKey: ['class-options'],
    queryFn: () =>
      getJson<Page<{ id: string; data: { name: string; status: string } }>>('/api/classes?pageSize=500'),
  });
  const classOptions = (classes.data?.items ?? [])
    .filter((c) => c.data.status === 'active')
    .map((c) => ({ value: c.id, label: c.data.name }));
  const elsewhere = person.enrolledAt;

  async function takeIn(values: FormValues) {
    setBusy(true);
    setFailure(undefined);
    let added: { id: string; className: string };
    try {
      added = await postJson<{ id: string; className: string }>('/api/students', {
        fullName: person.fullName,
        birthDate: person.birthDate,
        gender: person.gender,
        ethnicityCode: person.ethnicityCode,
        ...(person.personalId ? { personalId: person.personalId } : {}),
        classId: values.classId,
        statusCode: values.statusCode,
        statusDate: values.statusDate,
      });
    } catch (error) {
      if (error instanceof ApiError) {
        const own = error.issues.filter((i) => ['classId', 'statusCode', 'statusDate'].includes(i.field));
        form.setFields(own.map((i) => ({ name: i.field as keyof FormValues, errors: [i.message] })));
      }
      setFailure(errorText(error));
      setBusy(false);
      return;
    }
    void client.invalidateQueries({ queryKey: ['/api/students'] });
    const outcome: Outcome = { studentId: added.id, pupilName: person.fullName, className: added.className };
    if (elsewhere) {
      outcome.ask = { q: person.nationalId, note: values.note?.trim() || undefined };
      Object.assign(outcome, await askOldSchool(outcome.ask));
      void client.invalidateQueries({ queryKey: TRANSFERS_KEY });
    }
    setBusy(false);
    onDone(outcome);
  }

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      name="transfer-take-in"
      style={{ marginTop: 16 }}
      initialValues={{ statusDate: today(), statusCode: transferInCodeOf(today()) }}
      onValuesChange={(changed: Partial<FormValues>) => {
        if (changed.statusDate && /^\d{4}-\d{2}-\d{2}$/.test(changed.statusDate))
          form.setFieldValue('statusCode', transferInCodeOf(changed.statusDate));
      }}
      onFinish={takeIn}
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="classId" label="Vào lớp" rules={[{ required: true, message: 'Chọn lớp.' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={classes.isPending}
              options={classOptions}
              placeholder="Chọn lớp đang hoạt động"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item name="statusCode" label="Trạng thái" rules={[{ required: true }]}>
            <Select
              options={TRANSFER_IN_CODES.map((code) => ({ value: code, label: statuses.nameOf(code) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item
            name="statusDate"
            label="Ngày chuyển đến"
            rules={[{ required: true, message: 'Nhập ngày chuyển đến.' }]}
          >
            <DateInput />
          </Form.Item>
        </Col>
        {elsewhere && (
          <Col span={24}>
            <Form.Item name="note" label={`Ghi chú gửi ${elsewhere.schoolName}`}>
              <Input.TextArea
                rows={2}
                maxLength={500}
                showCount
                placeholder="Ví dụ: lý do chuyển, giấy tờ gia đình đã nộp"
              />
            </Form.Item>
          </Col>
        )}
      </Row>
      {elsewhere && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`Học sinh sẽ được thêm vào trường, và yêu cầu chuyển trường được gửi tới ${elsewhere.schoolName}. CSDL Quốc gia chỉ chấp nhận hồ sơ ở trường mới khi trường cũ đồng ý.`}
        />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={failure}
          data-testid="transfer-take-in-error"
        />
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="transfer-take-in">
        Tiếp nhận
      </Button>
    </Form>
  );
}

function TakenIn({
  outcome: first,
  onAnother,
  onShowOutgoing,
}: {
  outcome: Outcome;
  onAnother: () => void;
  onShowOutgoing: () => void;
}) {
  const session = useSession();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState(first);
  const [asking, setAsking] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [synced, setSynced] = useState<string>();
  const [syncError, setSyncError] = useState<string>();
  const t = useT();
  const added = `Đã thêm ${outcome.pupilName} vào lớp ${outcome.className}.`;

  async function askAgain() {
    if (!outcome.ask) return;
    setAsking(true);
    const answer = await askOldSchool(outcome.ask);
    void client.invalidateQueries({ queryKey: TRANSFERS_KEY });
    setOutcome({ ...outcome, request: answer.request, requestError: answer.requestError });
    setAsking(false);
  }

  async function syncNow() {
    setSyncing(true);
    setSyncError(undefined);
    try {
      const answer = await postJson<{ records: number }>('/api/students/sync', { ids: [outcome.studentId] });
      setSynced(`Đã gửi ${answer.records} hồ sơ lên CSDL Quốc gia.`);
      void client.invalidateQueries({ queryKey: ['/api/students'] });
    } catch (error) {
      setSyncError(errorText(error));
    } finally {
      setSyncing(false);
    }
  }

  const another = (
    <Button key="another" onClick={onAnother}>
      Tiếp nhận học sinh khác
    </Button>
  );
  const history = session.can('sync_history:view') ? (
    <Link to="/lich-su-dong-bo">{t('Lịch sử đồng bộ')}</Link>
  ) : null;

  if (outcome.request) {
    const school = outcome.request.fromSchool;
    return (
      <Result
        status="success"
        title={added}
        subTitle={
          <span data-testid="transfer-outcome">
            Yêu cầu chuyển trường đã gửi tới {school.name}, {school.province}. Học sinh sẽ được CSDL Quốc gia
            chấp nhận khi trường đó đồng ý; xem trả lời ở thẻ "Yêu cầu đã gửi".
          </span>
        }
        extra={[
          <Button key="outgoing" type="primary" onClick={onShowOutgoing}>
            Xem yêu cầu đã gửi
          </Button>,
          another,
        ]}
      />
    );
  }
  if (outcome.requestError) {
    return (
      <Result
        status="warning"
        title={added}
        subTitle={
          <span data-testid="transfer-outcome">
            Nhưng chưa gửi được yêu cầu chuyển trường tới trường cũ: {outcome.requestError}
          </span>
        }
        extra={[
          <Button key="again" type="primary" loading={asking} onClick={askAgain}>
            Gửi lại yêu cầu
          </Button>,
          another,
        ]}
      />
    );
  }
  return (
    <Result
      status="success"
      title={added}
      subTitle={
        <Space orientation="vertical" size={4} data-testid="transfer-outcome">
          <span>
            Học sinh không đang học ở trường nào khác, nên không cần xin chuyển: hồ sơ có thể được đồng bộ lên
            CSDL Quốc gia ngay.
          </span>
          {synced && (
            <span>
              {synced} {history && <>Theo dõi ở {history}.</>}
            </span>
          )}
          {syncError && <Alert type="error" showIcon title={syncError} />}
          {!session.can('students:sync') && (
            <span>Người có quyền đồng bộ học sinh sẽ gửi hồ sơ này lên CSDL Quốc gia.</span>
          )}
        </Space>
      }
      extra={[
        session.can('students:sync') && !synced && (
          <Button
            key="sync"
            type="primary"
            loading={syncing}
            onClick={syncNow}
            data-testid="transfer-sync-now"
          >
            Đồng bộ ngay
          </Button>
        ),
        another,
      ]}
    />
  );
}
