// Thông tin trường: general, contact, other attributes and satellite sites in one form; Lưu,
// then Đồng bộ lên CSDL Quốc gia. The server's field messages land on their fields — a satellite
// site's in its row and in its dialog, opened — and leave a field as soon as it is edited.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, type FieldIssue, getJson, postJson, putJson, type SyncState } from '../../api.ts';
import { DateInput } from '../../components/DateInput.tsx';
import { SyncStateTag } from '../../components/SyncStateTag.tsx';
import { useNarrow } from '../../components/useNarrow.ts';
import { useSession } from '../../session.tsx';
import { useCodeList } from './useReference.ts';

interface Campus {
  id: string;
  name: string;
  address?: string;
  distanceKm?: number;
  phone?: string;
}

interface SchoolView {
  id: string;
  version: number;
  syncState: SyncState;
  syncError: string | null;
  nationalId: string | null;
  currentSchoolYear: string;
  attributeLabels: Record<string, string>;
  data: Record<string, unknown> & {
    code: string;
    attributes: Record<string, boolean>;
    campuses: Campus[];
    address: { provinceCode: string; communeCode: string };
  };
}

export function SchoolInfoPage() {
  const { message, modal } = App.useApp();
  const session = useSession();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const school = useQuery({ queryKey: ['school'], queryFn: () => getJson<SchoolView>('/api/school') });
  const provinces = useCodeList('provinces');
  const ownership = useCodeList('school-ownership');
  const levels = useCodeList('school-levels');
  const areas = useCodeList('school-areas');
  const provinceCode = Form.useWatch(['address', 'provinceCode'], form) as string | undefined;
  const communes = useQuery({
    queryKey: ['communes', provinceCode],
    enabled: Boolean(provinceCode),
    queryFn: () =>
      getJson<{ code: string; name: string }[]>(`/api/reference/communes?province=${provinceCode}`),
  });
  const [campuses, setCampuses] = useState<Campus[]>([]);
  const [editing, setEditing] = useState<Campus>();
  // The server's messages on each site's fields, by site id then field.
  const [campusErrors, setCampusErrors] = useState<Record<string, FieldErrors>>({});
  const narrow = useNarrow();

  useEffect(() => {
    if (!school.data) return;
    const { attributes, campuses: sites, ...rest } = school.data.data;
    form.setFieldsValue({ ...rest, attributes: Object.keys(attributes).filter((key) => attributes[key]) });
    setCampuses(sites);
  }, [school.data, form]);

  const canEdit = session.can('school_info:edit');
  const canSync = session.can('school_info:sync');

  async function save(values: Record<string, unknown>) {
    const chosen = new Set(values.attributes as string[]);
    const attributes = Object.fromEntries(
      Object.keys(school.data!.attributeLabels).map((key) => [key, chosen.has(key)]),
    );
    // Empty optional fields are left out rather than sent as "".
    const given = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== '' && v !== null && v !== undefined),
    );
    const body = { ...given, attributes, campuses, version: school.data!.version };
    try {
      await putJson('/api/school', body);
      setCampusErrors({});
      message.success('Đã lưu thông tin trường.');
      await client.invalidateQueries({ queryKey: ['school'] });
    } catch (error) {
      if (error instanceof ApiError && error.issues.length) showIssues(error.issues);
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  }

  /** Each message on its field: the form's own, or a site's (`campuses.0.phone`), opening that site. */
  function showIssues(issues: FieldIssue[]) {
    const bySite: Record<string, FieldErrors> = {};
    const own = [];
    for (const issue of issues) {
      const [head, index, ...field] = issue.field.split('.');
      const site = head === 'campuses' ? campuses[Number(index)] : undefined;
      if (site && field.length) bySite[site.id] = { ...bySite[site.id], [field.join('.')]: issue.message };
      else own.push({ name: issue.field.split('.'), errors: [issue.message] });
    }
    form.setFields(own);
    setCampusErrors(bySite);
    const first = campuses.find((c) => bySite[c.id]);
    if (first) setEditing(first);
  }

  function sync() {
    modal.confirm({
      title: 'Đồng bộ lên CSDL Quốc gia',
      content: 'Gửi thông tin trường (kèm các điểm trường phụ) lên CSDL Tỉnh?',
      okText: 'Đồng bộ',
      cancelText: 'Huỷ',
      onOk: async () => {
        try {
          await postJson('/api/school/sync', { ids: [school.data!.id] });
          message.success('Đã gửi thông tin trường. Theo dõi ở Lịch sử đồng bộ.');
          await client.invalidateQueries({ queryKey: ['school'] });
        } catch (error) {
          message.error(error instanceof ApiError ? error.message : String(error));
        }
      },
    });
  }

  const status = school.data && (
    <Space wrap>
      <SyncStateTag state={school.data.syncState} reason={school.data.syncError ?? undefined} />
      {canSync && (
        <Button onClick={sync} data-testid="school-sync">
          Đồng bộ lên CSDL Quốc gia
        </Button>
      )}
    </Space>
  );

  return (
    <Card title="Thông tin trường" loading={school.isPending} extra={!narrow && status}>
      {narrow && school.data && <div style={{ marginBottom: 16 }}>{status}</div>}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        disabled={!canEdit}
        onValuesChange={(changed) => clearErrors(form, changed)}
      >
        <Divider titlePlacement="start">Thông tin chung</Divider>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item label="Mã trường" name="code">
              <Input disabled />
            </Form.Item>
          </Col>
          <Col xs={24} md={18}>
            <Form.Item
              label="Tên trường"
              name="name"
              rules={[{ required: true, message: 'Nhập tên trường.' }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Loại hình" name="ownershipCode" rules={[{ required: true }]}>
              <Select options={ownership.options} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Cấp học" name="levelCode" rules={[{ required: true }]}>
              <Select options={levels.options} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Khu vực" name="areaCode">
              <Select allowClear options={areas.options} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Quyết định thành lập" name="foundingDecision">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Ngày thành lập" name="foundedOn">
              <DateInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Đơn vị chủ quản" name="supervisingUnit">
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">Thông tin liên hệ</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label="Tỉnh / thành phố"
              name={['address', 'provinceCode']}
              rules={[{ required: true }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                options={provinces.options}
                onChange={() => form.setFieldValue(['address', 'communeCode'], undefined)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label="Xã / phường"
              name={['address', 'communeCode']}
              rules={[{ required: true, message: 'Chọn xã / phường.' }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                options={(communes.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Địa chỉ" name={['address', 'street']}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Điện thoại" name="phone">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Email" name="email">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Website" name="website">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Hiệu trưởng" name={['principal', 'name']}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Điện thoại hiệu trưởng" name={['principal', 'phone']}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="Email hiệu trưởng" name={['principal', 'email']}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">Thông tin khác</Divider>
        <Form.Item name="attributes">
          <Checkbox.Group
            options={Object.entries(school.data?.attributeLabels ?? {}).map(([value, label]) => ({
              value,
              label,
            }))}
          />
        </Form.Item>
        <Divider titlePlacement="start">Danh sách điểm trường phụ</Divider>
        <Table<Campus>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={campuses}
          locale={{ emptyText: 'Chưa có điểm trường phụ.' }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: 'Tên điểm trường',
              dataIndex: 'name',
              render: (name: string, campus) => (
                <>
                  {name}
                  {Object.entries(campusErrors[campus.id] ?? {}).map(([field, text]) => (
                    <Typography.Text type="danger" key={field} style={{ display: 'block' }}>
                      {CAMPUS_FIELD_LABELS[field] ?? field}: {text}
                    </Typography.Text>
                  ))}
                </>
              ),
            },
            { title: 'Địa chỉ', dataIndex: 'address' },
            { title: 'Khoảng cách (km)', dataIndex: 'distanceKm' },
            { title: 'Điện thoại', dataIndex: 'phone' },
            {
              title: '',
              render: (_, campus) =>
                canEdit && (
                  <Space>
                    <Button size="small" onClick={() => setEditing(campus)}>
                      Sửa
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => setCampuses(campuses.filter((c) => c.id !== campus.id))}
                    >
                      Xoá
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
        {canEdit && (
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => setEditing({ id: crypto.randomUUID(), name: '' })}>
              Thêm mới điểm trường
            </Button>
            <Button type="primary" htmlType="submit">
              Lưu
            </Button>
          </Space>
        )}
      </Form>
      {editing && (
        <CampusDialog
          key={editing.id}
          campus={editing}
          errors={campusErrors[editing.id]}
          onCancel={() => setEditing(undefined)}
          onConfirm={(campus) => {
            setCampusErrors(({ [campus.id]: _corrected, ...others }) => others);
            setCampuses((current) =>
              current.some((c) => c.id === campus.id)
                ? current.map((c) => (c.id === campus.id ? campus : c))
                : [...current, campus],
            );
            setEditing(undefined);
          }}
        />
      )}
    </Card>
  );
}

function CampusDialog({
  campus,
  errors,
  onCancel,
  onConfirm,
}: {
  campus: Campus;
  errors?: FieldErrors;
  onCancel: () => void;
  onConfirm: (campus: Campus) => void;
}) {
  const [form] = Form.useForm();
  // The server's messages, each until its field is edited. Shown through the items' help rather
  // than set on the form, which has no fields yet when the dialog opens.
  const [shown, setShown] = useState<FieldErrors>(errors ?? {});
  const feedback = (field: keyof Campus) =>
    shown[field] ? { validateStatus: 'error' as const, help: shown[field] } : {};
  return (
    <Modal
      open
      title="Điểm trường phụ"
      okText="Xác nhận"
      cancelText="Huỷ"
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        name="campus"
        layout="vertical"
        initialValues={campus}
        onFinish={(values) => onConfirm({ ...campus, ...values })}
        onValuesChange={(changed) =>
          setShown((current) =>
            Object.fromEntries(Object.entries(current).filter(([field]) => !(field in changed))),
          )
        }
      >
        <Form.Item
          label="Tên điểm trường"
          name="name"
          rules={[{ required: true, message: 'Nhập tên điểm trường.' }]}
          {...feedback('name')}
        >
          <Input />
        </Form.Item>
        <Form.Item label="Địa chỉ" name="address" {...feedback('address')}>
          <Input />
        </Form.Item>
        <Form.Item
          label="Khoảng cách đến điểm trường chính (km)"
          name="distanceKm"
          {...feedback('distanceKm')}
        >
          <InputNumber min={0} max={500} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="Điện thoại" name="phone" {...feedback('phone')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type FieldErrors = Record<string, string>;

const CAMPUS_FIELD_LABELS: Record<string, string> = {
  name: 'Tên điểm trường',
  address: 'Địa chỉ',
  distanceKm: 'Khoảng cách',
  phone: 'Điện thoại',
};

/** The paths of the fields a change touched: `{ address: { street } }` is address.street. */
function changedPaths(changed: Record<string, unknown>, prefix: string[] = []): string[][] {
  return Object.entries(changed).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? changedPaths(value as Record<string, unknown>, [...prefix, key])
      : [[...prefix, key]],
  );
}

/** A field edited since the server's message no longer shows it: the clerk is correcting it. */
function clearErrors(form: FormInstance, changed: Record<string, unknown>) {
  form.setFields(changedPaths(changed).map((name) => ({ name, errors: [] })));
}
