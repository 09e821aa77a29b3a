import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Descriptions, Typography } from 'antd';
import { getJson, type Health, type TierInfo, type TierName } from '../api.ts';

export const TIER_LABELS: Record<TierName, string> = {
  school: 'Trường học',
  province: 'CSDL Tỉnh',
  national: 'CSDL Quốc gia',
};

const TIER_ROLES: Record<TierName, string> = {
  school:
    'Nhà trường cập nhật hồ sơ trường, lớp, giáo viên, học sinh, kết quả học tập và đồng bộ lên CSDL Tỉnh.',
  province:
    'Sở GD&ĐT và cán bộ xã theo dõi việc đồng bộ của từng trường và chuyển dữ liệu lên CSDL Quốc gia.',
  national:
    'Bộ GD&ĐT kiểm tra từng bản ghi, cấp mã định danh và trả kết quả: Chờ xử lý, Thành công, Thất bại.',
};

/** Which tier this is, whether it is healthy, and where the others are. */
export function TierCard({ info }: { info: TierInfo }) {
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => getJson<Health>('/api/health', [503]),
    refetchInterval: 10_000,
  });
  const others = (Object.keys(TIER_LABELS) as TierName[]).filter(
    (tier) => tier !== info.tier && info.links[tier],
  );
  return (
    <Card title={`Tầng ${TIER_LABELS[info.tier]}`} data-testid="tier-card">
      <Typography.Paragraph>{TIER_ROLES[info.tier]}</Typography.Paragraph>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label="Phiên bản">{info.version}</Descriptions.Item>
        <Descriptions.Item label="Tình trạng">
          {!health.data ? (
            <Badge status="processing" text="Đang kiểm tra…" />
          ) : health.data.status === 'ok' ? (
            <Badge status="success" text="Hoạt động bình thường" />
          ) : (
            <Badge status="error" text="Không kết nối được cơ sở dữ liệu" />
          )}
        </Descriptions.Item>
        <Descriptions.Item label="Tài liệu API">
          <a href="/api/docs">/api/docs</a>
        </Descriptions.Item>
        {others.map((tier) => (
          <Descriptions.Item key={tier} label="Tầng khác">
            <a href={info.links[tier]}>{TIER_LABELS[tier]}</a>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {health.data?.reason && (
        <Alert style={{ marginTop: 16 }} type="error" showIcon message={health.data.reason} />
      )}
    </Card>
  );
}
