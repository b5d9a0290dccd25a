// The frame every screen sits in: navigation by role, the inbox with its
// unread count (polled), the language switch and the user's menu.

import { useEffect } from "react";
import type { ReactNode } from "react";
import { Badge, Button, Dropdown, Input, Layout, Menu, Typography } from "antd";
import {
  AuditOutlined,
  BellOutlined,
  BulbOutlined,
  CalendarOutlined,
  ClusterOutlined,
  FunnelPlotOutlined,
  TeamOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { useMutation, useQuery } from "urql";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n";
import { useMe } from "../session";
import type { Me } from "../session";
import { LanguageSwitch } from "./LanguageSwitch";

const UnreadDocument = graphql(`
  query Unread {
    unreadNotificationCount
  }
`);

const SignOutDocument = graphql(`
  mutation SignOut {
    logout
  }
`);

/** How often the unread count is asked again. */
const UNREAD_POLL_MS = 60_000;

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown when the user has one of these roles; everyone when absent. */
  roles?: Me["primaryRole"][];
}

const NAV: NavItem[] = [
  { path: "/", label: "nav.myDay", icon: <CalendarOutlined /> },
  { path: "/customers", label: "nav.customers", icon: <TeamOutlined /> },
  { path: "/leads", label: "nav.leads", icon: <BulbOutlined /> },
  { path: "/pipeline", label: "nav.pipeline", icon: <FunnelPlotOutlined /> },
  {
    path: "/approvals",
    label: "nav.approvals",
    icon: <AuditOutlined />,
    roles: ["SUPERVISOR", "SALES_MANAGER", "SALES_DIRECTOR", "GENERAL_MANAGER"],
  },
  {
    path: "/team",
    label: "nav.team",
    icon: <ClusterOutlined />,
    roles: ["SUPERVISOR", "SALES_MANAGER", "SALES_DIRECTOR", "GENERAL_MANAGER"],
  },
  { path: "/inbox", label: "nav.inbox", icon: <BellOutlined /> },
];

export function Shell({ children }: { children: ReactNode }) {
  const me = useMe();
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const [{ data: unread }, refetchUnread] = useQuery({ query: UnreadDocument });
  const [, logout] = useMutation(SignOutDocument);

  useEffect(() => {
    const timer = window.setInterval(() => refetchUnread({ requestPolicy: "network-only" }), UNREAD_POLL_MS);
    return () => window.clearInterval(timer);
  }, [refetchUnread]);

  const items = NAV.filter((n) => !n.roles || me.roles.some((r) => n.roles?.includes(r))).map((n) => ({
    key: n.path,
    icon: n.icon,
    label: <Link to={n.path}>{t(n.label)}</Link>,
  }));
  const selected = NAV.filter((n) => n.path === "/" ? location.pathname === "/" : location.pathname.startsWith(n.path)).map(
    (n) => n.path,
  );

  async function signOut() {
    await logout({});
    window.location.assign("/sign-in?reason=signed-out");
  }

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider breakpoint="md" collapsedWidth={0} theme="light">
        <Typography.Title level={5} style={{ padding: "16px 24px", margin: 0 }}>
          {t("app.name")}
        </Typography.Title>
        <Menu mode="inline" selectedKeys={selected} items={items} aria-label="navigation" />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: "#fff", display: "flex", justifyContent: "flex-end", alignItems: "center", gap: 16 }}
        >
          <Input.Search
            allowClear
            placeholder={t("search.placeholder")}
            aria-label={t("search.placeholder")}
            style={{ maxWidth: 280 }}
            onSearch={(v) => {
              const name = v.trim();
              if (name) navigate(`/customers?name=${encodeURIComponent(name)}`);
            }}
          />
          <LanguageSwitch />
          <Link to="/inbox" aria-label={t("nav.inbox")}>
            <Badge count={unread?.unreadNotificationCount ?? 0} data-testid="unread-count">
              <BellOutlined style={{ fontSize: 18 }} />
            </Badge>
          </Link>
          <Dropdown
            menu={{
              items: [
                { key: "profile", label: t("nav.profile"), onClick: () => navigate("/profile") },
                { key: "sign-out", label: t("nav.signOut"), onClick: () => void signOut() },
              ],
            }}
          >
            <Button type="text" icon={<UserOutlined />} aria-label={t("nav.account")} data-testid="user-menu">
              {me.displayName}
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
