// The approvals inbox (CONSOLE.md, supervisor and manager): quotes waiting
// for the caller's decision (PIP-6) and the weekly plans of their people
// (TGT-3); approve, or return with a reason. A stale version says the
// record changed and reloads.

import { useState } from "react";
import { Alert, Button, Card, Empty, Form, Input, List, Modal, Space, Tabs, Tag, message } from "antd";
import { useMutation, useQuery } from "urql";
import { Link } from "react-router-dom";
import type { CombinedError } from "@urql/core";
import { graphql } from "../../gql";
import { apiFailure } from "../../api/errors";
import { failureMessageKey } from "../../api/forms";
import { useI18n } from "../../i18n";
import { formatDate, formatMoney } from "../../i18n/format";
import { LoadFailure, Loading } from "../../shell/states";

const ApprovalsDocument = graphql(`
  query Approvals {
    quotesAwaitingMyDecision {
      id
      title
      rowVersion
      total
      currency
      marginPercent
      requiredApproverRole
      submittedAt
      submittedBy {
        id
        displayName
      }
      opportunity {
        id
        name
        customer {
          id
          name
        }
      }
    }
    pendingInitiations {
      id
      version
      opportunityId
      expectedGoals
      createdAt
      submittedBy {
        id
        displayName
      }
    }
    salesPlans(status: SUBMITTED) {
      id
      version
      weekStart
      submittedAt
      items {
        day
      }
      user {
        id
        displayName
      }
    }
  }
`);

const ApproveQuoteDocument = graphql(`
  mutation ApproveQuote($id: ID!, $rowVersion: Int!) {
    approveQuote(id: $id, rowVersion: $rowVersion) {
      id
      status
    }
  }
`);

const RejectQuoteDocument = graphql(`
  mutation RejectQuote($id: ID!, $rowVersion: Int!, $reason: String!) {
    rejectQuote(id: $id, rowVersion: $rowVersion, reason: $reason) {
      id
      status
    }
  }
`);

const ApproveInitiationDocument = graphql(`
  mutation ApproveInitiation($id: ID!, $version: Int!) {
    approveInitiation(id: $id, version: $version) {
      id
      status
    }
  }
`);

const ReturnInitiationDocument = graphql(`
  mutation ReturnInitiation($id: ID!, $version: Int!, $reason: String!) {
    returnInitiation(id: $id, version: $version, reason: $reason) {
      id
      status
    }
  }
`);

const ApprovePlanDocument = graphql(`
  mutation ApprovePlan($id: ID!, $version: Int!) {
    approveSalesPlan(id: $id, version: $version) {
      id
      status
    }
  }
`);

const ReturnPlanDocument = graphql(`
  mutation ReturnPlan($id: ID!, $version: Int!, $reason: String!) {
    returnSalesPlan(id: $id, version: $version, reason: $reason) {
      id
      status
    }
  }
`);

type Decision = { kind: "quote" | "initiation" | "plan"; id: string; version: number };

export function Approvals() {
  const { t, lang } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: ApprovalsDocument, requestPolicy: "cache-and-network" });
  const [, approveQuote] = useMutation(ApproveQuoteDocument);
  const [, rejectQuote] = useMutation(RejectQuoteDocument);
  const [, approvePlan] = useMutation(ApprovePlanDocument);
  const [, approveInitiation] = useMutation(ApproveInitiationDocument);
  const [, returnInitiation] = useMutation(ReturnInitiationDocument);
  const [, returnPlan] = useMutation(ReturnPlanDocument);
  const [returning, setReturning] = useState<Decision | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (error && !data) return <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <Loading />;
  if (!data) return null;

  /** After a decision: say what happened, or why not, and reload. */
  function settle(r: { error?: CombinedError }, done: string): boolean {
    refetch({ requestPolicy: "network-only" });
    if (r.error) {
      const f = apiFailure(r.error);
      const key = failureMessageKey(f);
      setFailure(key ? t(key) : f.message);
      return false;
    }
    setFailure(null);
    void message.success(done);
    return true;
  }

  async function approve(d: Decision) {
    const opts = { additionalTypenames: ["Quote", "SalesPlan", "InitiationApplication"] };
    const r =
      d.kind === "quote"
        ? await approveQuote({ id: d.id, rowVersion: d.version }, opts)
        : d.kind === "initiation"
          ? await approveInitiation({ id: d.id, version: d.version }, opts)
          : await approvePlan({ id: d.id, version: d.version }, opts);
    settle(r, t("approvals.approved"));
  }

  const quotes = data.quotesAwaitingMyDecision;
  const initiations = data.pendingInitiations;
  const plans = data.salesPlans;
  return (
    <Card title={t("approvals.title")}>
      {failure && (
        <Alert
          role="alert"
          type="error"
          showIcon
          message={failure}
          style={{ marginBottom: 16 }}
          action={<Button onClick={() => refetch({ requestPolicy: "network-only" })}>{t("error.reload")}</Button>}
        />
      )}
      <Tabs
        items={[
          {
            key: "quotes",
            label: `${t("approvals.quotes")} (${quotes.length})`,
            children:
              quotes.length === 0 ? (
                <Empty description={t("approvals.empty")} />
              ) : (
                <List
                  dataSource={quotes}
                  renderItem={(q) => (
                    <List.Item
                      data-testid="quote-approval"
                      actions={[
                        <Button key="ok" type="primary" onClick={() => void approve({ kind: "quote", id: q.id, version: q.rowVersion })}>
                          {t("approvals.approve")}
                        </Button>,
                        <Button key="return" onClick={() => setReturning({ kind: "quote", id: q.id, version: q.rowVersion })}>
                          {t("approvals.return")}
                        </Button>,
                      ]}
                    >
                      <List.Item.Meta
                        title={
                          q.opportunity ? (
                            <Link to={`/opportunities/${q.opportunity.id}`}>
                              {q.opportunity.name} · {q.opportunity.customer?.name}
                            </Link>
                          ) : (
                            q.title
                          )
                        }
                        description={
                          <Space wrap>
                            <span>
                              {t("approvals.total")} {q.currency} {formatMoney(q.total)}
                            </span>
                            <Tag color="orange">
                              {t("approvals.margin")} {q.marginPercent}%
                            </Tag>
                            <span>
                              {t("approvals.submittedBy")} {q.submittedBy?.displayName}
                              {q.submittedAt && ` · ${formatDate(q.submittedAt, lang)}`}
                            </span>
                          </Space>
                        }
                      />
                    </List.Item>
                  )}
                />
              ),
          },
          {
            key: "initiations",
            label: `${t("approvals.initiations")} (${initiations.length})`,
            children:
              initiations.length === 0 ? (
                <Empty description={t("approvals.empty")} />
              ) : (
                <List
                  dataSource={initiations}
                  renderItem={(a) => (
                    <List.Item
                      data-testid="initiation-approval"
                      actions={[
                        <Button key="ok" type="primary" onClick={() => void approve({ kind: "initiation", id: a.id, version: a.version })}>
                          {t("approvals.approve")}
                        </Button>,
                        <Button key="return" onClick={() => setReturning({ kind: "initiation", id: a.id, version: a.version })}>
                          {t("approvals.return")}
                        </Button>,
                      ]}
                    >
                      <List.Item.Meta
                        title={<Link to={`/opportunities/${a.opportunityId}`}>{a.expectedGoals ?? t("approvals.initiations")}</Link>}
                        description={`${t("approvals.submittedBy")} ${a.submittedBy?.displayName ?? ""} · ${formatDate(a.createdAt, lang)}`}
                      />
                    </List.Item>
                  )}
                />
              ),
          },
          {
            key: "plans",
            label: `${t("approvals.plans")} (${plans.length})`,
            children:
              plans.length === 0 ? (
                <Empty description={t("approvals.empty")} />
              ) : (
                <List
                  dataSource={plans}
                  renderItem={(p) => (
                    <List.Item
                      data-testid="plan-approval"
                      actions={[
                        <Button key="ok" type="primary" onClick={() => void approve({ kind: "plan", id: p.id, version: p.version })}>
                          {t("approvals.approve")}
                        </Button>,
                        <Button key="return" onClick={() => setReturning({ kind: "plan", id: p.id, version: p.version })}>
                          {t("approvals.return")}
                        </Button>,
                      ]}
                    >
                      <List.Item.Meta
                        title={`${p.user?.displayName ?? ""} · ${t("approvals.week")} ${formatDate(p.weekStart, lang)}`}
                        description={t("approvals.planItems", { n: p.items.length })}
                      />
                    </List.Item>
                  )}
                />
              ),
          },
        ]}
      />
      {returning && (
        <ReturnDialog
          onCancel={() => setReturning(null)}
          onReturn={async (reason) => {
            const opts = { additionalTypenames: ["Quote", "SalesPlan", "InitiationApplication"] };
            const { id, version } = returning;
            const r =
              returning.kind === "quote"
                ? await rejectQuote({ id, rowVersion: version, reason }, opts)
                : returning.kind === "initiation"
                  ? await returnInitiation({ id, version, reason }, opts)
                  : await returnPlan({ id, version, reason }, opts);
            settle(r, t("approvals.returned"));
            setReturning(null);
          }}
        />
      )}
    </Card>
  );
}

/** Asks for the reason a record goes back to its author. */
function ReturnDialog({ onCancel, onReturn }: { onCancel: () => void; onReturn: (reason: string) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={t("approvals.return")}
      okText={t("approvals.return")}
      cancelText={t("common.cancel")}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Form form={form} layout="vertical" onFinish={(v) => onReturn(v.reason.trim())}>
        <Form.Item
          label={t("approvals.reason")}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t("signIn.required") }]}
        >
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
