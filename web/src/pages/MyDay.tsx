// The rep's morning (CONSOLE.md "my day"): follow-ups due, revisits due or
// overdue, whether the last working day's work log is in, and this week's
// plan. Each card links to the record behind it.

import { useState } from "react";
import { Alert, Button, Card, Col, Form, Input, List, Modal, Row, Tag, Typography, message } from "antd";
import { useMutation, useQuery } from "urql";
import { Link } from "react-router-dom";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { formatDate } from "../i18n/format";
import { failureMessageKey, showOnForm } from "../api/forms";
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

const SubmitWorkLogDocument = graphql(`
  mutation SubmitWorkLog($day: Date!, $input: WorkLogContentInput!) {
    submitWorkLog(day: $day, input: $input) {
      id
      late
    }
  }
`);

export function MyDay() {
  const { t, lang } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: MyDayDocument });
  const [logging, setLogging] = useState(false);
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
              <>
                <Typography.Paragraph type="warning">{t("myDay.workLogMissing")}</Typography.Paragraph>
                <Button type="primary" onClick={() => setLogging(true)}>
                  {t("myDay.writeLog")}
                </Button>
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`${t("myDay.plan")} · ${formatDate(day.weekStart, lang)}`} data-testid="plan">
            {day.weekPlan ? <Tag>{t(`plan.${day.weekPlan.status}`)}</Tag> : <Typography.Text>{t("myDay.planMissing")}</Typography.Text>}
          </Card>
        </Col>
      </Row>
      {logging && (
        <WorkLogDialog
          day={day.lastWorkingDay}
          onClose={(saved) => {
            setLogging(false);
            if (saved) refetch({ requestPolicy: "network-only" });
          }}
        />
      )}
    </>
  );
}

interface LogFields {
  outcome: string;
  notes?: string;
}

/** TGT-4: the work log of `day` (the last working day). */
function WorkLogDialog({ day, onClose }: { day: string; onClose: (saved: boolean) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<LogFields>();
  const [, submit] = useMutation(SubmitWorkLogDocument);
  const [failure, setFailure] = useState<string | null>(null);

  async function onFinish(v: LogFields) {
    const r = await submit(
      { day, input: { outcome: v.outcome, notes: v.notes || undefined } },
      { additionalTypenames: ["WorkLog"] },
    );
    if (r.error) {
      const f = showOnForm(form, r.error, ["outcome", "notes"]);
      if (f) {
        const key = failureMessageKey(f);
        setFailure(key ? t(key) : f.message);
      }
      return;
    }
    void message.success(t("myDay.logSaved"));
    onClose(true);
  }

  return (
    <Modal
      open
      title={`${t("myDay.writeLog")} · ${formatDate(day, lang)}`}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
    >
      {failure && <Alert role="alert" type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          label={t("myDay.outcome")}
          name="outcome"
          rules={[{ required: true, whitespace: true, message: t("signIn.required") }]}
        >
          <Input.TextArea rows={4} autoFocus />
        </Form.Item>
        <Form.Item label={t("myDay.notes")} name="notes">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
