// The in-app inbox (AUTO-6): unread first, newest first; opening a message
// marks it read.

import { Badge, Button, Card, List, Space, Typography } from "antd";
import { useMutation, useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { formatDate } from "../i18n/format";
import { LoadFailure, Loading } from "../shell/states";

const InboxDocument = graphql(`
  query Inbox {
    myNotifications(first: 50) {
      nodes {
        id
        title
        body
        read
        sentAt
      }
    }
  }
`);

const MarkReadDocument = graphql(`
  mutation MarkRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      read
      readAt
    }
  }
`);

const MarkAllReadDocument = graphql(`
  mutation MarkAllRead {
    markAllNotificationsRead
  }
`);

export function Inbox() {
  const { t, lang } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: InboxDocument });
  const [, markRead] = useMutation(MarkReadDocument);
  const [, markAllRead] = useMutation(MarkAllReadDocument);
  if (error && !data) return <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <Loading />;
  const nodes = data?.myNotifications.nodes ?? [];
  return (
    <Card
      title={t("inbox.title")}
      extra={
        <Button
          onClick={async () => {
            await markAllRead({}, { additionalTypenames: ["InboxNotification"] });
            refetch({ requestPolicy: "network-only" });
          }}
        >
          {t("inbox.markAllRead")}
        </Button>
      }
    >
      <List
        dataSource={nodes}
        locale={{ emptyText: t("inbox.empty") }}
        renderItem={(n) => (
          <List.Item
            data-testid="inbox-item"
            onClick={() => !n.read && void markRead({ id: n.id }, { additionalTypenames: ["InboxNotification"] })}
            style={{ cursor: n.read ? "default" : "pointer" }}
          >
            <List.Item.Meta
              title={
                <Space>
                  {!n.read && <Badge status="processing" text={t("inbox.unread")} />}
                  <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
                </Space>
              }
              description={<Typography.Paragraph style={{ whiteSpace: "pre-line", marginBottom: 0 }}>{n.body}</Typography.Paragraph>}
            />
            <Typography.Text type="secondary">{formatDate(n.sentAt, lang)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
