// The rep's morning (CONSOLE.md "my day"): follow-ups due, revisits due or
// overdue, whether the last working day's work log is in, and this week's
// plan. Each card links to the record behind it.

import { Card, Col, List, Row, Tag, Typography } from "antd";
import { useQuery } from "urql";
import { Link } from "react-router-dom";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { formatDate } from "../i18n/format";
import { LoadFailure, Loading } from "../shell/states";

const MyDayDocument = graphql(`
  query MyDay {
    myDay {
      today
      lastWorkingDay
      lastWorkingDayLog {
        id
        submittedAt
        late
      }
      weekStart
      weekPlan {
        id
        status
      }
    }
    myFollowUps(status: OPEN, first: 50) {
      nodes {
        id
        dueDate
        note
        customerId
        customer {
          id
          name
        }
      }
    }
    overdueRevisits(first: 50) {
      nodes {
        customerId
        customerName
        nextDue
        daysOverdue
      }
      totalCount
    }
  }
`);

export function MyDay() {
  const { t, lang } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: MyDayDocument });
  if (error && !data) return <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <Loading />;
  if (!data) return null;
  const day = data.myDay;
  const due = data.myFollowUps.nodes.filter((f) => f.dueDate <= day.today);
  return (
    <>
      <Typography.Title level={3}>
        {t("myDay.title")} · {formatDate(day.today, lang)}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={`${t("myDay.followUps")} (${due.length})`} data-testid="followups">
            <List
              dataSource={due}
              locale={{ emptyText: t("myDay.followUpsEmpty") }}
              renderItem={(f) => (
                <List.Item>
                  <List.Item.Meta
                    title={<Link to={`/customers/${f.customerId}`}>{f.customer?.name ?? f.customerId}</Link>}
                    description={f.note}
                  />
                  <Tag color={f.dueDate < day.today ? "red" : "blue"}>
                    {t("myDay.due")} {formatDate(f.dueDate, lang)}
                  </Tag>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`${t("myDay.revisits")} (${data.overdueRevisits.totalCount ?? data.overdueRevisits.nodes.length})`} data-testid="revisits">
            <List
              dataSource={data.overdueRevisits.nodes}
              locale={{ emptyText: t("myDay.revisitsEmpty") }}
              renderItem={(r) => (
                <List.Item>
                  <List.Item.Meta title={<Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>} />
                  {r.daysOverdue > 0 ? (
                    <Tag color="red">{t("myDay.daysOverdue", { n: r.daysOverdue })}</Tag>
                  ) : (
                    <Tag>
                      {t("myDay.due")} {formatDate(r.nextDue, lang)}
                    </Tag>
                  )}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`${t("myDay.workLog")} · ${formatDate(day.lastWorkingDay, lang)}`} data-testid="worklog">
            {day.lastWorkingDayLog ? (
              <Typography.Text type="success">
                {t("myDay.workLogDone")} {day.lastWorkingDayLog.late && t("myDay.workLogLate")}
              </Typography.Text>
            ) : (
              <Typography.Text type="warning">{t("myDay.workLogMissing")}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`${t("myDay.plan")} · ${formatDate(day.weekStart, lang)}`} data-testid="plan">
            {day.weekPlan ? <Tag>{t(`plan.${day.weekPlan.status}`)}</Tag> : <Typography.Text>{t("myDay.planMissing")}</Typography.Text>}
          </Card>
        </Col>
      </Row>
    </>
  );
}
