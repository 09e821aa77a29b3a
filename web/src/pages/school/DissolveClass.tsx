// Giải thể: refused while the class has students; the dialog then offers to move them to
// another class first, and dissolves once they have moved.
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiError, getJson, type Page, postJson } from '../../api.ts';

interface ClassOption {
  id: string;
  data: { name: string; status: string };
}

export function DissolveClass({
  classId,
  name,
  onDone,
}: {
  classId: string;
  name: string;
  onDone: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [blocked, setBlocked] = useState<string>();
  const [target, setTarget] = useState<string>();
  const classes = useQuery({
    queryKey: ['class-options'],
    enabled: Boolean(blocked),
    queryFn: () => getJson<Page<ClassOption>>('/api/classes?pageSize=500'),
  });

  async function dissolve() {
    try {
      await postJson(`/api/classes/${classId}/dissolve`, { dissolvedOn: dayjs().format('YYYY-MM-DD') });
      message.success(`Đã giải thể lớp ${name}.`);
      setBlocked(undefined);
      await onDone();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CLASS_HAS_STUDENTS') setBlocked(error.message);
      else message.error(error instanceof ApiError ? error.message : String(error));
    }
  }

  async function moveThenDissolve() {
    if (!target) return;
    const students = await getJson<Page<{ id: string }>>(`/api/students?classId=${classId}&pageSize=500`);
    await postJson('/api/students/move', { studentIds: students.items.map((s) => s.id), toClassId: target });
    await dissolve();
  }

  return (
    <>
      <Button size="small" onClick={dissolve}>
        Giải thể
      </Button>
      <Modal
        open={Boolean(blocked)}
        title={`Giải thể lớp ${name}`}
        okText="Chuyển học sinh rồi giải thể"
        cancelText="Huỷ"
        okButtonProps={{ disabled: !target }}
        onCancel={() => setBlocked(undefined)}
        onOk={moveThenDissolve}
      >
        <Alert type="warning" showIcon message={blocked} style={{ marginBottom: 16 }} />
        <Select
          placeholder="Chuyển tất cả học sinh sang lớp"
          style={{ width: '100%' }}
          onChange={setTarget}
          options={(classes.data?.items ?? [])
            .filter((c) => c.id !== classId && c.data.status === 'active')
            .map((c) => ({ value: c.id, label: c.data.name }))}
        />
      </Modal>
    </>
  );
}
