// The app of whichever tier serves it: sign in, then that tier's screens, each menu entry shown
// only to those allowed to use it (the server checks everything anyway). At a phone's width the
// menu opens from a button above the screen and the header keeps only what fits.
import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Dropdown, Layout, Menu, Result, Segmented, Spin, Typography } from 'antd';
import { type ComponentType, lazy, Suspense, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { getJson, type TierInfo, type TierName } from './api.ts';
import { TIER_LABELS, TierCard } from './components/TierCard.tsx';
import { useNarrow } from './components/useNarrow.ts';
import { type Language, useLanguage, useT } from './i18n.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { TransfersMenuLabel } from './pages/school/transfers.tsx';
import { useSession } from './session.tsx';

// Each screen is loaded when first opened, so signing in does not wait for every screen's code.
function lazyPage<Name extends string, Props extends object = object>(
  load: () => Promise<Record<Name, ComponentType<Props>>>,
  name: Name,
) {
  return lazy(async () => ({ default: (await load())[name] }));
}
const AccountsPage = lazyPage(() => import('./pages/admin/AccountsPage.tsx'), 'AccountsPage');
const CredentialsPage = lazyPage(() => import('./pages/admin/CredentialsPage.tsx'), 'CredentialsPage');
const AuditPage = lazyPage(() => import('./pages/admin/AuditPage.tsx'), 'AuditPage');
const DashboardPage = lazyPage(() => import('./pages/oversight/DashboardPage.tsx'), 'DashboardPage');
const LookupPage = lazyPage(() => import('./pages/oversight/LookupPage.tsx'), 'LookupPage');
const ResultsPage = lazyPage(() => import('./pages/school/results/ResultsPage.tsx'), 'ResultsPage');
const SchoolInfoPage = lazyPage(() => import('./pages/school/SchoolInfoPage.tsx'), 'SchoolInfoPage');
const SyncHistoryPage = lazyPage(() => import('./pages/school/SyncHistoryPage.tsx'), 'SyncHistoryPage');
const ClassesPage = lazyPage(() => import('./pages/school/ListPages.tsx'), 'ClassesPage');
const StaffPage = lazyPage(() => import('./pages/school/ListPages.tsx'), 'StaffPage');
const StudentsPage = lazyPage(() => import('./pages/school/ListPages.tsx'), 'StudentsPage');
const TransfersPage = lazyPage(() => import('./pages/school/TransfersPage.tsx'), 'TransfersPage');
const RolloverPage = lazyPage(() => import('./pages/school/rollover/RolloverPage.tsx'), 'RolloverPage');
const PeriodsPage = lazyPage(() => import('./pages/periods/PeriodsPage.tsx'), 'PeriodsPage');
const ReportsPage = lazyPage(() => import('./pages/periods/ReportsPage.tsx'), 'ReportsPage');
const SubmissionsPage = lazyPage(() => import('./pages/periods/SubmissionsPage.tsx'), 'SubmissionsPage');
const SchoolPeriodsPage = lazyPage(
  () => import('./pages/periods/SchoolPeriodsPage.tsx'),
  'SchoolPeriodsPage',
);

interface Screen {
  path: string;
  label: string;
  permission: string;
  element: React.ReactNode;
  /** The menu entry, when it shows more than its label (a count of things waiting, say). */
  menuLabel?: (label: string) => React.ReactNode;
}

const ADMIN_SCREENS: Screen[] = [
  {
    path: '/tai-khoan',
    label: 'Tài khoản & phân quyền',
    permission: 'accounts:view',
    element: <AccountsPage />,
  },
  { path: '/nhat-ky', label: 'Nhật ký', permission: 'audit:view', element: <AuditPage /> },
];

const SCREENS: Record<TierName, Screen[]> = {
  school: [
    {
      path: '/truong',
      label: 'Thông tin trường',
      permission: 'school_info:view',
      element: <SchoolInfoPage />,
    },
    { path: '/lop', label: 'Thông tin lớp', permission: 'classes:view', element: <ClassesPage /> },
    { path: '/giao-vien', label: 'Thông tin giáo viên', permission: 'staff:view', element: <StaffPage /> },
    {
      path: '/hoc-sinh',
      label: 'Thông tin học sinh',
      permission: 'students:view',
      element: <StudentsPage />,
    },
    {
      path: '/chuyen-truong',
      label: 'Chuyển trường',
      permission: 'students:view',
      element: <TransfersPage />,
      menuLabel: (label) => <TransfersMenuLabel label={label} />,
    },
    {
      path: '/ket-qua-hoc-tap',
      label: 'Kết quả học tập',
      permission: 'results:view',
      element: <ResultsPage />,
    },
    {
      path: '/lich-su-dong-bo',
      label: 'Lịch sử đồng bộ',
      permission: 'sync_history:view',
      element: <SyncHistoryPage />,
    },
    {
      path: '/ky-bao-cao',
      label: 'Kỳ báo cáo',
      permission: 'sync_history:view',
      element: <SchoolPeriodsPage />,
    },
    {
      path: '/ket-chuyen-nam-hoc',
      label: 'Kết chuyển năm học',
      permission: 'school_info:edit',
      element: <RolloverPage />,
    },
    ...ADMIN_SCREENS,
  ],
  province: [
    {
      path: '/theo-doi',
      label: 'Theo dõi đồng bộ',
      permission: 'sync_history:view',
      element: <DashboardPage submissions />,
    },
    {
      path: '/ky-bao-cao',
      label: 'Kỳ báo cáo',
      permission: 'sync_history:view',
      element: <PeriodsPage />,
    },
    {
      path: '/nop-va-duyet',
      label: 'Nộp và duyệt',
      permission: 'reports:view',
      element: <SubmissionsPage />,
    },
    { path: '/bao-cao', label: 'Báo cáo', permission: 'reports:view', element: <ReportsPage /> },
    { path: '/tra-cuu', label: 'Tra cứu', permission: 'students:view', element: <LookupPage /> },
    {
      path: '/ma-ket-noi-dong-bo',
      label: 'Mã kết nối đồng bộ',
      permission: 'accounts:view',
      element: <CredentialsPage tier="province" />,
    },
    ...ADMIN_SCREENS,
  ],
  national: [
    {
      path: '/tong-quan',
      label: 'Tổng quan đồng bộ',
      permission: 'sync_history:view',
      element: <DashboardPage />,
    },
    { path: '/tra-cuu', label: 'Tra cứu', permission: 'students:view', element: <LookupPage /> },
    {
      path: '/ma-ket-noi-dong-bo',
      label: 'Mã kết nối đồng bộ',
      permission: 'accounts:view',
      element: <CredentialsPage tier="national" />,
    },
    ...ADMIN_SCREENS,
  ],
};

export function App() {
  const info = useQuery({ queryKey: ['info'], queryFn: () => getJson<TierInfo>('/api/info') });
  const session = useSession();
  if (info.isPending || session.loading) return <Spin fullscreen tip="Đang tải…" />;
  if (info.isError)
    return <Result status="error" title="Không kết nối được máy chủ" subTitle={info.error.message} />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header info={info.data} />
      {!session.me ? (
        <LoginPage info={info.data} />
      ) : session.me.user.mustChangePassword ? (
        <ChangePasswordPage forced />
      ) : (
        <Workspace info={info.data} />
      )}
    </Layout>
  );
}

function Header({ info }: { info: TierInfo }) {
  const session = useSession();
  const navigate = useNavigate();
  const t = useT();
  const narrow = useNarrow();
  const { language, setLanguage } = useLanguage();
  return (
    <Layout.Header
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: narrow ? 8 : 16,
        // One line whatever the width: what does not fit is cut short, never wrapped below.
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        ...(narrow ? { padding: '0 12px' } : {}),
      }}
      data-testid="app-header"
    >
      <Typography.Title level={4} style={{ color: '#fff', margin: 0, flex: 'none' }}>
        dongbo
      </Typography.Title>
      <Typography.Text ellipsis style={{ color: '#cfe0f5', minWidth: 0 }}>
        {t(TIER_LABELS[info.tier])}
      </Typography.Text>
      <div style={{ flex: 1 }} />
      <Segmented
        size="small"
        value={language}
        options={[
          { value: 'vi', label: 'VI' },
          { value: 'en', label: 'EN' },
        ]}
        onChange={(value) => setLanguage(value as Language)}
        data-testid="language-switch"
        aria-label="Ngôn ngữ / Language"
      />
      {session.me && (
        <>
          {!narrow && (
            <Typography.Text style={{ color: '#cfe0f5' }} data-testid="unit-name">
              {session.me.unit.name}
            </Typography.Text>
          )}
          <Dropdown
            menu={{
              items: [
                { key: 'password', label: t('Đổi mật khẩu'), onClick: () => navigate('/doi-mat-khau') },
                { key: 'logout', label: t('Đăng xuất'), onClick: () => void session.logout() },
              ],
            }}
          >
            {narrow ? (
              <Button
                type="text"
                style={{ color: '#fff' }}
                icon={<UserOutlined />}
                aria-label={`${session.me.user.displayName} · ${session.me.unit.name}`}
                title={`${session.me.user.displayName} · ${session.me.unit.name}`}
                data-testid="user-menu"
              />
            ) : (
              <Button type="text" style={{ color: '#fff' }} data-testid="user-menu">
                {session.me.user.displayName} · {session.me.user.roleLabel}
              </Button>
            )}
          </Dropdown>
        </>
      )}
    </Layout.Header>
  );
}

function Workspace({ info }: { info: TierInfo }) {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const t = useT();
  const narrow = useNarrow();
  const [menuOpen, setMenuOpen] = useState(false);
  const screens = SCREENS[info.tier].filter((screen) => session.can(screen.permission));
  const items = [
    ...screens.map((s) => ({ key: s.path, label: s.menuLabel?.(t(s.label)) ?? t(s.label) })),
    { key: '/gioi-thieu', label: t('Về hệ thống') },
  ];
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[location.pathname]}
      items={items}
      onClick={({ key }) => {
        setMenuOpen(false);
        navigate(key);
      }}
    />
  );
  const current = screens.find((s) => s.path === location.pathname);
  return (
    <Layout>
      {narrow ? (
        <Drawer
          placement="left"
          size={260}
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          title="dongbo"
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={230} theme="light">
          {menu}
        </Layout.Sider>
      )}
      <Layout.Content style={{ padding: narrow ? 12 : 24, minWidth: 0 }}>
        {narrow && (
          <Button
            icon={<MenuOutlined />}
            onClick={() => setMenuOpen(true)}
            style={{ marginBottom: 12 }}
            data-testid="menu-button"
          >
            {current ? t(current.label) : t('Danh mục')}
          </Button>
        )}
        <Suspense fallback={<Spin />}>
          <Routes>
            {screens.map((screen) => (
              <Route key={screen.path} path={screen.path} element={screen.element} />
            ))}
            <Route path="/doi-mat-khau" element={<ChangePasswordPage forced={false} />} />
            <Route path="/gioi-thieu" element={<TierCard info={info} />} />
            <Route path="*" element={<Navigate to={screens[0]?.path ?? '/gioi-thieu'} replace />} />
          </Routes>
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
