import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Descriptions, Layout, List, Result, Spin, Typography } from 'antd';
import { getJson, type Health, type TierInfo, type TierName } from './api.ts';

const TIER_LABELS: Record<TierName, string> = {
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

export function App() {
  const info = useQuery({ queryKey: ['info'], queryFn: () => getJson<TierInfo>('/api/info') });
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => getJson<Health>('/api/health', [503]),
    refetchInterval: 10_000,
  });

  if (info.isPending) return <Spin fullscreen tip="Đang tải…" />;
  if (info.isError) {
    return <Result status="error" title="Không kết nối được máy chủ" subTitle={info.error.message} />;
  }
  const { tier, version, links } = info.data;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          dongbo
        </Typography.Title>
        <Typography.Text style={{ color: '#cfe0f5' }}>{TIER_LABELS[tier]}</Typography.Text>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 960, width: '100%', margin: '0 auto' }}>
        <Card title={`Tầng ${TIER_LABELS[tier]}`} data-testid="tier-card">
          <Typography.Paragraph>{TIER_ROLES[tier]}</Typography.Paragraph>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="Phiên bản">{version}</Descriptions.Item>
            <Descriptions.Item label="Tình trạng">
              <HealthBadge health={health.data} loading={health.isPending} />
            </Descriptions.Item>
            <Descriptions.Item label="Tài liệu API">
              <a href="/api/docs">/api/docs</a>
            </Descriptions.Item>
          </Descriptions>
          {health.data?.reason && (
            <Alert style={{ marginTop: 16 }} type="error" showIcon message={health.data.reason} />
          )}
        </Card>
        <Card title="Các tầng khác" style={{ marginTop: 24 }}>
          <List
            dataSource={(Object.keys(TIER_LABELS) as TierName[]).filter(
              (other) => other !== tier && links[other],
            )}
            locale={{ emptyText: 'Chưa cấu hình địa chỉ các tầng khác.' }}
            renderItem={(other) => (
              <List.Item>
                <List.Item.Meta
                  title={<a href={links[other]}>{TIER_LABELS[other]}</a>}
                  description={links[other]}
                />
              </List.Item>
            )}
          />
        </Card>
      </Layout.Content>
    </Layout>
  );
}

function HealthBadge({ health, loading }: { health: Health | undefined; loading: boolean }) {
  if (loading || !health) return <Badge status="processing" text="Đang kiểm tra…" />;
  return health.status === 'ok' ? (
    <Badge status="success" text="Hoạt động bình thường" />
  ) : (
    <Badge status="error" text="Không kết nối được cơ sở dữ liệu" />
  );
}
