// Leads (PIP-1): new leads by score with the explanation of each score,
// qualify into an opportunity (a new customer from the lead, or the one it
// names) or disqualify with a reason. The status tab is in the URL.

import { useState } from "react";
import { Alert, Button, Card, Form, Input, Modal, Space, Table, Tabs, Tag, Tooltip, Typography, message } from "antd";
import { useMutation, useQuery } from "urql";
import { useNavigate, useSearchParams } from "react-router-dom";
import { graphql } from "../../gql";
import type { LeadStatus } from "../../gql/graphql";
import { failureMessageKey, showOnForm } from "../../api/forms";
import { useI18n } from "../../i18n";
import { formatDate, formatMoney } from "../../i18n/format";
import { LoadFailure } from "../../shell/states";

const LeadsDocument = graphql(`
  query Leads($status: LeadStatus, $after: String) {
    leads(filter: { status: $status }, orderBy: SCORE, first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        version
        companyName
        contactName
        budget
        expectedCloseDate
        score
        status
        createdAt
        customer {
          id
          name
        }
        scoreFactors {
          factor
          points
          reason
        }
      }
    }
  }
`);

const QualifyDocument = graphql(`
  mutation QualifyLead($id: ID!, $version: Int!, $opportunity: LeadOpportunityInput!, $customer: LeadCustomerInput, $existingCustomerId: ID) {
    qualifyLead(id: $id, version: $version, opportunity: $opportunity, customer: $customer, existingCustomerId: $existingCustomerId) {
      opportunityId
    }
  }
`);

const DisqualifyDocument = graphql(`
  mutation DisqualifyLead($id: ID!, $version: Int!, $reason: String!) {
    disqualifyLead(id: $id, version: $version, reason: $reason) {
      id
      status
    }
  }
`);

type LeadRow = {
  id: string;
  version: number;
  companyName: string;
  customer?: { id: string; name: string } | null;
};

export function Leads() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") as LeadStatus | null) ?? "NEW";
  const after = params.get("after") ?? undefined;
  const [{ data, error, fetching }, refetch] = useQuery({ query: LeadsDocument, variables: { status, after } });
  const [qualifying, setQualifying] = useState<LeadRow | null>(null);
  const [disqualifying, setDisqualifying] = useState<LeadRow | null>(null);

  return (
    <Card title={t("leads.title")}>
      <Tabs
        activeKey={status}
        onChange={(k) => setParams(k === "NEW" ? {} : { status: k })}
        items={(["NEW", "QUALIFIED", "DISQUALIFIED"] as LeadStatus[]).map((s) => ({ key: s, label: t(`lead.${s}`) }))}
      />
      {error && !data && <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      <Table
        rowKey="id"
        loading={fetching}
        dataSource={data?.leads.nodes ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: t("leads.empty") }}
        columns={[
          { title: t("leads.company"), dataIndex: "companyName" },
          {
            title: t("leads.score"),
            dataIndex: "score",
            render: (_, l) => (
              <Tooltip
                title={l.scoreFactors.map((f) => (
                  <div key={f.factor}>
                    {f.reason}: {f.points > 0 ? "+" : ""}
                    {f.points}
                  </div>
                ))}
              >
                <Tag color={l.score >= 70 ? "green" : l.score >= 40 ? "gold" : "default"} data-testid="lead-score">
                  {l.score}
                </Tag>
              </Tooltip>
            ),
          },
          { title: t("leads.contact"), dataIndex: "contactName" },
          { title: t("leads.budget"), dataIndex: "budget", render: (_, l) => (l.budget ? formatMoney(l.budget) : "—") },
          {
            title: t("opportunity.expectedClose"),
            dataIndex: "expectedCloseDate",
            render: (_, l) => (l.expectedCloseDate ? formatDate(l.expectedCloseDate, lang) : "—"),
          },
          status === "NEW"
            ? {
                title: "",
                key: "actions",
                render: (_, l) => (
                  <Space>
                    <Button type="primary" size="small" onClick={() => setQualifying(l)}>
                      {t("leads.qualify")}
                    </Button>
                    <Button size="small" onClick={() => setDisqualifying(l)}>
                      {t("leads.disqualify")}
                    </Button>
                  </Space>
                ),
              }
            : { title: "", key: "none", render: () => null },
        ]}
        expandable={{
          expandedRowRender: (l) => (
            <ul style={{ margin: 0 }}>
              {l.scoreFactors.map((f) => (
                <li key={f.factor}>
                  {f.reason} ({f.points > 0 ? "+" : ""}
                  {f.points})
                </li>
              ))}
            </ul>
          ),
        }}
      />
      {data?.leads.pageInfo.hasNextPage && (
        <Button
          style={{ marginTop: 16 }}
          onClick={() => setParams({ ...(status !== "NEW" && { status }), after: data.leads.pageInfo.endCursor ?? "" })}
        >
          {t("customers.nextPage")}
        </Button>
      )}
      {qualifying && (
        <QualifyDialog lead={qualifying} onClose={() => setQualifying(null)} onDone={() => refetch({ requestPolicy: "network-only" })} />
      )}
      {disqualifying && (
        <DisqualifyDialog
          lead={disqualifying}
          onClose={() => setDisqualifying(null)}
          onDone={() => refetch({ requestPolicy: "network-only" })}
        />
      )}
    </Card>
  );
}

/** PIP-1: a qualified lead becomes an opportunity (and a customer). */
function QualifyDialog({ lead, onClose, onDone }: { lead: LeadRow; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ name: string; amount?: string }>();
  const [, qualify] = useMutation(QualifyDocument);
  const [failure, setFailure] = useState<string | null>(null);

  async function onFinish(v: { name: string; amount?: string }) {
    const r = await qualify(
      {
        id: lead.id,
        version: lead.version,
        opportunity: { name: v.name, amount: v.amount?.trim() || undefined },
        existingCustomerId: lead.customer?.id,
        customer: lead.customer ? undefined : {},
      },
      { additionalTypenames: ["Lead", "Opportunity", "Customer"] },
    );
    if (r.error) {
      const f = showOnForm(form, r.error, ["name", "amount"]);
      if (f) {
        const key = f.code === "CONFLICT" ? null : failureMessageKey(f);
        setFailure(key ? t(key) : f.message);
      }
      return;
    }
    onDone();
    void message.success(t("leads.qualified"));
    navigate(`/opportunities/${r.data?.qualifyLead.opportunityId}`);
  }

  return (
    <Modal open title={`${t("leads.qualify")} · ${lead.companyName}`} onCancel={onClose} onOk={() => form.submit()} okText={t("leads.qualify")} cancelText={t("common.cancel")}>
      {failure && <Alert role="alert" type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">
        {lead.customer ? `${t("customers.title")}: ${lead.customer.name}` : t("leads.newCustomer")}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ name: lead.companyName }}>
        <Form.Item label={t("leads.opportunityName")} name="name" rules={[{ required: true, whitespace: true, message: t("signIn.required") }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t("pipeline.amount")} name="amount">
          <Input inputMode="decimal" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DisqualifyDialog({ lead, onClose, onDone }: { lead: LeadRow; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [, disqualify] = useMutation(DisqualifyDocument);
  const [failure, setFailure] = useState<string | null>(null);

  async function onFinish(v: { reason: string }) {
    const r = await disqualify({ id: lead.id, version: lead.version, reason: v.reason }, { additionalTypenames: ["Lead"] });
    if (r.error) {
      const f = showOnForm(form, r.error, ["reason"]);
      if (f) {
        const key = failureMessageKey(f);
        setFailure(key ? t(key) : f.message);
      }
      return;
    }
    onDone();
    onClose();
  }

  return (
    <Modal open title={`${t("leads.disqualify")} · ${lead.companyName}`} onCancel={onClose} onOk={() => form.submit()} okText={t("leads.disqualify")} cancelText={t("common.cancel")}>
      {failure && <Alert role="alert" type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item label={t("leads.reason")} name="reason" rules={[{ required: true, whitespace: true, message: t("signIn.required") }]}>
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
