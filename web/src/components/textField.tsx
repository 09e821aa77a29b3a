import { Form, Input } from 'antd';

/** A text field of a record form; a required one says what to enter. */
export function textField(name: string | string[], label: string, required = false) {
  return (
    <Form.Item
      name={name}
      label={label}
      rules={required ? [{ required: true, message: `Nhập ${label.toLowerCase()}.` }] : []}
    >
      <Input />
    </Form.Item>
  );
}
