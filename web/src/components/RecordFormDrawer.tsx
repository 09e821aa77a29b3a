// Thêm mới / Chỉnh sửa for any school record: loads the record, saves it (POST, then PUT with the
// version it read), shows the server's field messages on their fields and its warnings (a
// personal ID that does not fit the birth date, say) above the form. A record saved with
// warnings stays open, so the clerk sees what to fix before syncing.
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, type FormInstance, Space } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, type FieldIssue, getJson, postJson, putJson } from '../api.ts';
import { useT } from '../i18n.tsx';
import { useNarrow } from './useNarrow.ts';

interface RecordView {
  id: string;
  version: number;
  data: Record<string, unknown>;
  warnings?: FieldIssue[];
}

export interface RecordFormProps {
  id?: string;
  onClose: (saved: boolean) => void;
}

interface Props extends RecordFormProps {
  /** The list's API, e.g. /api/staff. */
  url: string;
  /** Form name: keeps field ids unique when two forms are on screen. */
  name: string;
  /** "học sinh", "giáo viên", "lớp": used in the title and messages. */
  noun: string;
  initialValues?: Record<string, unknown>;
  /** Turns the record's data into form values and back, where they differ. */
  toForm?: (data: Record<string, unknown>) => Record<string, unknown>;
  fromForm?: (values: Record<string, unknown>) => Record<string, unknown>;
  children: (form: FormInstance) => ReactNode;
}

export function RecordFormDrawer(props: Props) {
  const { message } = App.useApp();
  const t = useT();
  const [form] = Form.useForm();
  const [warnings, setWarnings] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const narrow = useNarrow();
  // The record as last saved here: after a first save the drawer edits it, never a second one.
  const [current, setCurrent] = useState<{ id: string; version: number }>();
  const saved = current !== undefined;
  const existing = useQuery({
    queryKey: [props.url, 'record', props.id],
    enabled: Boolean(props.id),
    queryFn: () => getJson<RecordView>(`${props.url}/${props.id}`),
  });

  useEffect(() => {
    if (existing.data) {
      form.setFieldsValue(props.toForm ? props.toForm(existing.data.data) : existing.data.data);
      setWarnings(existing.data.warnings ?? []);
    }
  }, [existing.data, form, props.toForm]);

  async function save(values: Record<string, unknown>) {
    setBusy(true);
    try {
      const body = props.fromForm ? props.fromForm(values) : values;
      const target =
        current ?? (existing.data ? { id: existing.data.id, version: existing.data.version } : undefined);
      const result = target
        ? await putJson<RecordView>(`${props.url}/${target.id}`, { ...body, version: target.version })
        : await postJson<RecordView>(props.url, body);
      setCurrent({ id: result.id, version: result.version });
      setWarnings(result.warnings ?? []);
      if (result.warnings?.length)
        message.warning(t('Đã lưu, nhưng còn điều cần kiểm tra lại trước khi đồng bộ.'));
      else {
        message.success(`${t('Đã lưu')} ${t(props.noun)}.`);
        props.onClose(true);
      }
    } catch (error) {
      if (error instanceof ApiError && error.issues.length)
        form.setFields(error.issues.map((i) => ({ name: i.field.split('.'), errors: [i.message] })));
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  const title = `${t(props.id ? 'Chỉnh sửa' : 'Thêm mới')} ${t(props.noun)}`;
  return (
    <Drawer
      open
      size={narrow ? '100%' : 760}
      title={title}
      loading={Boolean(props.id) && existing.isPending}
      onClose={() => props.onClose(saved)}
      extra={
        <Space>
          <Button onClick={() => props.onClose(saved)}>{t('Đóng')}</Button>
          <Button
            type="primary"
            loading={busy}
            onClick={() => form.submit()}
            data-testid={`${props.name}-save`}
          >
            {t('Lưu')}
          </Button>
        </Space>
      }
    >
      {existing.isError && <Alert type="error" showIcon message={existing.error.message} />}
      {warnings.map((w) => (
        <Alert
          key={`${w.field}:${w.code}`}
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={w.message}
          data-testid="record-warning"
        />
      ))}
      <Form
        form={form}
        name={props.name}
        layout="vertical"
        onFinish={save}
        initialValues={props.initialValues}
      >
        {props.children(form)}
      </Form>
    </Drawer>
  );
}
