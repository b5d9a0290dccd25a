// The supervisor's and manager's team (CONSOLE.md): the forecast of their
// people's open opportunities by owner and by month (PIP-8), revisit
// compliance this month (CUS-6) and the overdue revisits behind it.

import { Card, Col, Row, Statistic, Table, Tag } from "antd";
import { useQuery } from "urql";
import { Link } from "react-router-dom";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { formatDate, formatMoney } from "../../i18n/format";
import { useMe } from "../../session";
import { LoadFailure, Loading } from "../../shell/states";

const TeamDocument = graphql(`
  query Team($from: Date!, $to: Date!, $monthStart: Date!, $today: Date!, $unitId: ID!) {
    byOwner: forecast(from: $from, to: $to, groupBy: OWNER) {
      owner {
        id
        displayName
      }
      count
      amount
      weightedAmount
    }
    byMonth: forecast(from: $from, to: $to, groupBy: MONTH) {
      month
      count
      amount
      weightedAmount
    }
    revisitCompliance(from: $monthStart, to: $today, unitId: $unitId) {
      due
      doneOnTime
      ratio
    }
    overdueRevisits(first: 50) {
      nodes {
        customerId
        customerName
        daysOverdue
        owner {
          displayName
        }
      }
    }
  }
`);

const TodayDocument = graphql(`
  query CompanyToday {
    myDay {
      today
    }
  }
`);

/** The first day of the month `months` after the month of `day` (YYYY-MM-DD). */
export function monthStartAfter(day: string, months: number): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/** The last day of the month `months` after the month of `day`. */
export function monthEndAfter(day: string, months: number): string {
  const next = monthStartAfter(day, months + 1);
  const [y, m] = next.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
}

export function Team() {
  const { t, lang } = useI18n();
  const me = useMe();
  // Company days come from the API, never from the browser's clock.
  const [{ data: day }] = useQuery({ query: TodayDocument });
  const today = day?.myDay.today ?? "";
  const monthStart = today ? monthStartAfter(today, 0) : "";
  const horizon = today ? monthEndAfter(today, 5) : "";
  const [{ data, error, fetching }, refetch] = useQuery({
    query: TeamDocument,
    variables: { from: monthStart, to: horizon, monthStart, today, unitId: me.unit.id },
    pause: !today,
  });
  if (error && !data) return <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <Loading />;
  if (!data) return null;
  const c = data.revisitCompliance;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card title={`${t("team.compliance")} · ${me.unit.name}`} data-testid="compliance">
          <Statistic
            value={c.ratio ? (Number(c.ratio) * 100).toFixed(1) : "—"}
            suffix={c.ratio ? "%" : undefined}
          />
          {t("team.doneOnTime", { done: c.doneOnTime, due: c.due })}
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card title={t("team.forecastByMonth")}>
          <Table
            rowKey={(r) => r.month ?? "none"}
            size="small"
            pagination={false}
            dataSource={data.byMonth}
            columns={[
              { title: t("team.month"), dataIndex: "month", render: (_, r) => (r.month ? formatDate(r.month, lang).replace(/\d+日$/, "") : "—") },
              { title: t("team.count"), dataIndex: "count" },
              { title: t("pipeline.amount"), dataIndex: "amount", align: "right", render: (_, r) => formatMoney(r.amount) },
              { title: t("pipeline.weighted"), dataIndex: "weightedAmount", align: "right", render: (_, r) => formatMoney(r.weightedAmount) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t("team.forecastByOwner")}>
          <Table
            rowKey={(r) => r.owner?.id ?? "none"}
            size="small"
            pagination={false}
            dataSource={data.byOwner}
            data-testid="forecast-owner"
            columns={[
              { title: t("customers.owner"), dataIndex: "owner", render: (_, r) => r.owner?.displayName ?? "—" },
              { title: t("team.count"), dataIndex: "count" },
              { title: t("pipeline.weighted"), dataIndex: "weightedAmount", align: "right", render: (_, r) => formatMoney(r.weightedAmount) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t("myDay.revisits")}>
          <Table
            rowKey="customerId"
            size="small"
            pagination={false}
            dataSource={data.overdueRevisits.nodes}
            locale={{ emptyText: t("myDay.revisitsEmpty") }}
            columns={[
              {
                title: t("customers.name"),
                dataIndex: "customerName",
                render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>,
              },
              { title: t("customers.owner"), dataIndex: "owner", render: (_, r) => r.owner?.displayName ?? "—" },
              {
                title: "",
                dataIndex: "daysOverdue",
                render: (_, r) => (r.daysOverdue > 0 ? <Tag color="red">{t("myDay.daysOverdue", { n: r.daysOverdue })}</Tag> : null),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
