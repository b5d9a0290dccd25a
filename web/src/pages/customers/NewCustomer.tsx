// A new customer (CUS-1) with the CUS-2 duplicate check shown while the
// user types: companies with the same credit code (refused) or a similar
// name (allowed once the user confirms it is a different company).

import { useEffect, useState } from "react";
import { Alert, Button, Card, Checkbox, Form, Input, List, Select, Tag, Typography, message } from "antd";
import { useMutation, useQuery } from "urql";
import { useNavigate } from "react-router-dom";
import { graphql } from "../../gql";
import type { Grade } from "../../gql/graphql";
import { failureMessageKey, showOnForm } from "../../api/forms";
import { useI18n } from "../../i18n";

const DuplicatesDocument = graphql(`
  query DuplicateCandidates($name: String!, $creditCode: String) {
    duplicateCandidates(name: $name, creditCode: $creditCode) {
      id
      name
      ownerName
      sameCreditCode
    }
  }
`);

const CreateCustomerDocument = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!, $confirmDistinct: Boolean!) {
    createCustomer(input: $input, confirmDistinct: $confirmDistinct) {
      id
    }
  }
`);

const FIELDS = ["name", "creditCode", "industry", "region", "grade"] as const;
/** How long typing must pause before the duplicate check asks. */
const DEBOUNCE_MS = 300;

interface Fields {
  name: string;
  creditCode?: string;
  industry?: string;
  region?: string;
  grade?: Grade;
}

/** `value`, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function NewCustomer() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Fields>();
  const typedName = (Form.useWatch("name", form) ?? "").trim();
  const typedCode = (Form.useWatch("creditCode", form) ?? "").trim();
  const name = useDebounced(typedName, DEBOUNCE_MS);
  const creditCode = useDebounced(typedCode, DEBOUNCE_MS);
  const [{ data: dupes }] = useQuery({
    query: DuplicatesDocument,
    variables: { name, creditCode: creditCode || undefined },
    pause: name.length < 2,
    requestPolicy: "network-only",
  });
  const [, create] = useMutation(CreateCustomerDocument);
  const [confirmDistinct, setConfirmDistinct] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const candidates = name.length >= 2 ? (dupes?.duplicateCandidates ?? []) : [];

  async function submit(v: Fields) {
    setBusy(true);
    setFailure(null);
    const r = await create(
      {
        input: {
          name: v.name,
          creditCode: v.creditCode?.trim() || undefined,
          industry: v.industry?.trim() || undefined,
          region: v.region?.trim() || undefined,
          grade: v.grade,
        },
        confirmDistinct,
      },
      { additionalTypenames: ["Customer"] },
    );
    setBusy(false);
    if (r.error) {
      const f = showOnForm(form, r.error, FIELDS);
      if (f) {
        const key = f.code === "CONFLICT" ? null : failureMessageKey(f);
        setFailure(key ? t(key) : f.message);
      }
      return;
    }
    void message.success(t("customers.created"));
    navigate(`/customers/${r.data?.createCustomer.id}`);
  }

  return (
    <Card title={t("customers.new")} style={{ maxWidth: 720 }}>
      {failure && <Alert role="alert" type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label={t("customers.name")} name="name" rules={[{ required: true, message: t("signIn.required") }]}>
          <Input autoFocus maxLength={200} />
        </Form.Item>
        {candidates.length > 0 && (
          <Alert
            type="warning"
            showIcon
            data-testid="duplicates"
            message={t("customers.duplicates")}
            style={{ marginBottom: 16 }}
            description={
              <>
                <List
                  size="small"
                  dataSource={candidates}
                  renderItem={(d) => (
                    <List.Item>
                      <Typography.Text>{d.name}</Typography.Text>
                      <span>
                        {d.ownerName ?? t("customers.noOwner")}{" "}
                        <Tag color={d.sameCreditCode ? "red" : "orange"}>
                          {d.sameCreditCode ? t("customers.sameCreditCode") : t("customers.similarName")}
                        </Tag>
                      </span>
                    </List.Item>
                  )}
                />
                {!candidates.some((d) => d.sameCreditCode) && (
                  <Checkbox checked={confirmDistinct} onChange={(e) => setConfirmDistinct(e.target.checked)}>
                    {t("customers.confirmDistinct")}
                  </Checkbox>
                )}
              </>
            }
          />
        )}
        <Form.Item label={t("customers.creditCode")} name="creditCode">
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item label={t("customers.industry")} name="industry">
          <Input />
        </Form.Item>
        <Form.Item label={t("customers.region")} name="region">
          <Input />
        </Form.Item>
        <Form.Item label={t("customers.grade")} name="grade">
          <Select
            allowClear
            options={(["STRATEGIC", "IMPORTANT", "GENERAL"] as Grade[]).map((g) => ({ value: g, label: t(`grade.${g}`) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t("customers.create")}
        </Button>
      </Form>
    </Card>
  );
}
