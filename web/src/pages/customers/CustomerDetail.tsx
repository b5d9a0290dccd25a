// One customer (CUS-1..8): who owns it, its contacts, the interaction
// timeline and "log an interaction". A customer outside the caller's scope
// reads "not found" exactly like a missing one (ORG-3).

import { useState } from "react";
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Select, Table, Tag, Timeline, Typography, message } from "antd";
import dayjs from "dayjs";
import type { Dayjs } from "dayjs";
import { useMutation, useQuery } from "urql";
import { useParams } from "react-router-dom";
import { graphql } from "../../gql";
import type { InteractionKind } from "../../gql/graphql";
import { failureMessageKey, showOnForm } from "../../api/forms";
import { useI18n } from "../../i18n";
import { formatDate } from "../../i18n/format";
import { LoadFailure, Loading } from "../../shell/states";

const CustomerDocument = graphql(`
  query CustomerDetail($id: ID!) {
    customer(id: $id) {
      id
      name
      grade
      tier
      status
      inPool
      industry
      region
      creditCode
      owner {
        id
        displayName
      }
      revisitStatus {
        nextDue
        daysOverdue
      }
      contacts {
        id
        name
        title
        phone
        email
      }
      interactions(first: 50) {
        nodes {
          id
          kind
          occurredAt
          summary
          nextStep
          createdBy {
            displayName
          }
        }
      }
    }
  }
`);

const LogInteractionDocument = graphql(`
  mutation LogInteraction($input: LogInteractionInput!) {
    logInteraction(input: $input) {
      interaction {
        id
      }
    }
  }
`);

const KINDS: InteractionKind[] = ["VISIT", "PHONE", "EMAIL", "MEETING", "DEMO", "SEMINAR", "OTHER"];
const INTERACTION_FIELDS = ["kind", "occurredAt", "summary", "nextStep", "nextFollowUpDate"] as const;

interface InteractionFields {
  kind: InteractionKind;
  occurredAt: Dayjs;
  summary: string;
  nextStep?: string;
  nextFollowUpDate?: Dayjs;
}

export function CustomerDetail() {
  const { id = "" } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: CustomerDocument, variables: { id } });
  const [logging, setLogging] = useState(false);
  if (error && !data) return <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <Loading />;
  const c = data?.customer;
  if (!c) return null;
  return (
    <>
      <Typography.Title level={3}>
        {c.name} <Tag>{t(`grade.${c.grade}`)}</Tag>
        {c.inPool && <Tag color="orange">{t("customers.pool")}</Tag>}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t("customers.owner")}>
                {c.owner?.displayName ?? t("customers.noOwner")}
              </Descriptions.Item>
              <Descriptions.Item label={t("customers.status")}>{t(`status.${c.status}`)}</Descriptions.Item>
              <Descriptions.Item label={t("customers.industry")}>{c.industry ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("customers.region")}>{c.region ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("customers.creditCode")}>{c.creditCode ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("customers.nextRevisit")}>
                {c.revisitStatus.daysOverdue > 0 ? (
                  <Tag color="red">{t("myDay.daysOverdue", { n: c.revisitStatus.daysOverdue })}</Tag>
                ) : (
                  formatDate(c.revisitStatus.nextDue, lang)
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t("customers.contacts")} style={{ marginTop: 16 }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={c.contacts}
              columns={[
                { title: t("customers.name"), dataIndex: "name" },
                { title: "", dataIndex: "title" },
                { title: "", dataIndex: "phone" },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            title={t("customers.interactions")}
            extra={
              <Button type="primary" onClick={() => setLogging(true)}>
                {t("customers.logInteraction")}
              </Button>
            }
          >
            {c.interactions.nodes.length === 0 ? (
              <Typography.Text type="secondary">{t("customers.interactionsEmpty")}</Typography.Text>
            ) : (
              <Timeline
                data-testid="timeline"
                items={c.interactions.nodes.map((i) => ({
                  children: (
                    <>
                      <Typography.Text strong>
                        {i.kind ? t(`interaction.${i.kind}`) : ""} · {formatDate(i.occurredAt, lang)}
                      </Typography.Text>
                      {i.createdBy && <Typography.Text type="secondary"> · {i.createdBy.displayName}</Typography.Text>}
                      <div>{i.summary}</div>
                      {i.nextStep && <Typography.Text type="secondary">→ {i.nextStep}</Typography.Text>}
                    </>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {logging && (
        <LogInteraction
          customerId={c.id}
          onClose={(saved) => {
            setLogging(false);
            if (saved) refetch({ requestPolicy: "network-only" });
          }}
        />
      )}
    </>
  );
}

/** CUS-5: a visit, call, … with its summary and the next follow-up. */
function LogInteraction({ customerId, onClose }: { customerId: string; onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<InteractionFields>();
  const [, log] = useMutation(LogInteractionDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: InteractionFields) {
    setBusy(true);
    setFailure(null);
    const r = await log(
      {
        input: {
          customerId,
          kind: v.kind,
          occurredAt: v.occurredAt.toISOString(),
          summary: v.summary,
          nextStep: v.nextStep || undefined,
          nextFollowUpDate: v.nextFollowUpDate ? v.nextFollowUpDate.format("YYYY-MM-DD") : undefined,
        },
      },
      { additionalTypenames: ["Interaction", "Customer", "FollowUp"] },
    );
    setBusy(false);
    if (r.error) {
      const f = showOnForm(form, r.error, INTERACTION_FIELDS);
      if (f) {
        const key = failureMessageKey(f);
        setFailure(key ? t(key) : f.message);
      }
      return;
    }
    void message.success(t("interaction.saved"));
    onClose(true);
  }

  return (
    <Modal
      open
      title={t("customers.logInteraction")}
      onCancel={() => onClose(false)}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnClose
    >
      {failure && <Alert role="alert" type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: "VISIT", occurredAt: dayjs() }}
      >
        <Form.Item label={t("interaction.kind")} name="kind" rules={[{ required: true, message: t("signIn.required") }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`interaction.${k}`) }))} />
        </Form.Item>
        <Form.Item
          label={t("interaction.occurredAt")}
          name="occurredAt"
          rules={[{ required: true, message: t("signIn.required") }]}
        >
          <DatePicker showTime style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item label={t("interaction.summary")} name="summary" rules={[{ required: true, message: t("signIn.required") }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label={t("interaction.nextStep")} name="nextStep">
          <Input />
        </Form.Item>
        <Form.Item label={t("interaction.nextFollowUpDate")} name="nextFollowUpDate">
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
