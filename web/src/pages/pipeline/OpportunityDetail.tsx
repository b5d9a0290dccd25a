// One opportunity (PIP-2, PIP-6): its customer, stage and amounts, and its
// quotes with their approval state. Out of scope reads as not found.

import { Card, Descriptions, Table, Tag, Typography } from "antd";
import { useQuery } from "urql";
import { Link, useParams } from "react-router-dom";
import { graphql } from "../../gql";
import type { QuoteStatus } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { formatDate, formatMoney } from "../../i18n/format";
import { LoadFailure, Loading } from "../../shell/states";

const OpportunityDocument = graphql(`
  query OpportunityDetail($id: ID!) {
    opportunity(id: $id) {
      id
      name
      stage
      amount
      weightedAmount
      currency
      expectedCloseDate
      customer {
        id
        name
      }
      owner {
        id
        displayName
      }
      quotes {
        id
        version
        status
        total
        marginPercent
        requiredApproverRole
        approver {
          displayName
        }
        rejectionReason
        submittedAt
      }
    }
  }
`);

const STATUS_COLOR: Partial<Record<QuoteStatus, string>> = {
  PENDING_APPROVAL: "orange",
  APPROVED: "green",
  ACCEPTED: "green",
  REJECTED: "red",
  DECLINED: "red",
};

export function OpportunityDetail() {
  const { id = "" } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: OpportunityDocument, variables: { id } });
  if (error && !data) return <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <Loading />;
  const o = data?.opportunity;
  if (!o) return null;
  return (
    <>
      <Typography.Title level={3}>
        {o.name} <Tag color="blue">{t(`stage.${o.stage}`)}</Tag>
      </Typography.Title>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("customers.title")}>
            {o.customer ? <Link to={`/customers/${o.customer.id}`}>{o.customer.name}</Link> : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.owner")}>{o.owner?.displayName ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("pipeline.amount")}>
            {o.currency} {formatMoney(o.amount)}
          </Descriptions.Item>
          <Descriptions.Item label={t("pipeline.weighted")}>
            {o.currency} {formatMoney(o.weightedAmount)}
          </Descriptions.Item>
          <Descriptions.Item label={t("opportunity.expectedClose")}>
            {o.expectedCloseDate ? formatDate(o.expectedCloseDate, lang) : "—"}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t("approvals.quotes")} style={{ marginTop: 16 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={o.quotes}
          locale={{ emptyText: t("opportunity.noQuotes") }}
          columns={[
            { title: "#", dataIndex: "version" },
            {
              title: t("customers.status"),
              dataIndex: "status",
              render: (_, q) => <Tag color={STATUS_COLOR[q.status]}>{t(`quote.${q.status}`)}</Tag>,
            },
            { title: t("approvals.total"), dataIndex: "total", render: (_, q) => formatMoney(q.total) },
            { title: t("approvals.margin"), dataIndex: "marginPercent", render: (_, q) => `${q.marginPercent}%` },
            {
              title: t("opportunity.approver"),
              key: "approver",
              render: (_, q) => q.approver?.displayName ?? q.rejectionReason ?? "—",
            },
          ]}
        />
      </Card>
    </>
  );
}
