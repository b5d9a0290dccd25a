// Customers (CUS-1, CUS-3, CUS-4): the caller's customers or the public
// pool, with the API's filters and orders as controls, server-side paging,
// and the whole state in the URL (bookmarkable; back works).

import { Alert, Button, Card, Checkbox, Input, Select, Space, Table, Tabs, Tag, Typography, message } from "antd";
import { useMutation, useQuery } from "urql";
import { Link, useSearchParams } from "react-router-dom";
import { graphql } from "../../gql";
import type { CustomerOrderField, Grade, OrderDirection } from "../../gql/graphql";
import { apiFailure } from "../../api/errors";
import { failureMessageKey } from "../../api/forms";
import { useI18n } from "../../i18n";
import { formatDate } from "../../i18n/format";
import { LoadFailure } from "../../shell/states";

const PAGE_SIZE = 20;

const CustomersDocument = graphql(`
  query Customers($filter: CustomerFilter, $orderBy: CustomerOrderBy, $first: Int, $after: String) {
    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        grade
        tier
        status
        inPool
        lastInteractionAt
        owner {
          id
          displayName
        }
        revisitStatus {
          nextDue
          daysOverdue
        }
      }
    }
  }
`);

const ClaimDocument = graphql(`
  mutation ClaimCustomer($id: ID!) {
    claimCustomer(id: $id) {
      id
      inPool
      owner {
        id
        displayName
      }
    }
  }
`);

const GRADES: Grade[] = ["STRATEGIC", "IMPORTANT", "GENERAL"];
const ORDERS: { value: string; field: CustomerOrderField; direction: OrderDirection }[] = [
  { value: "NAME:ASC", field: "NAME", direction: "ASC" },
  { value: "CREATED_AT:DESC", field: "CREATED_AT", direction: "DESC" },
  { value: "LAST_INTERACTION:DESC", field: "LAST_INTERACTION", direction: "DESC" },
  { value: "NEXT_REVISIT_DUE:ASC", field: "NEXT_REVISIT_DUE", direction: "ASC" },
];

export function CustomerList() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const pool = params.get("view") === "pool";
  const name = params.get("name") ?? "";
  const grade = (params.get("grade") as Grade | null) ?? undefined;
  const overdue = params.get("overdue") === "1";
  const order = ORDERS.find((o) => o.value === params.get("order")) ?? ORDERS[0]!;
  const after = params.get("after") ?? undefined;

  const [{ data, error, fetching }, refetch] = useQuery({
    query: CustomersDocument,
    variables: {
      filter: {
        inPool: pool,
        // Part of the name, as typed (the API's ILIKE); the similarity search
        // is for the duplicate check.
        name: name || undefined,
        grade,
        revisitOverdue: overdue || undefined,
      },
      orderBy: { field: order.field, direction: order.direction },
      first: PAGE_SIZE,
      after,
    },
  });
  const [, claim] = useMutation(ClaimDocument);

  /** Changes the URL's filter state; any change starts at the first page. */
  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("after" in changes)) next.delete("after");
    setParams(next);
  }

  async function onClaim(id: string) {
    const r = await claim({ id }, { additionalTypenames: ["Customer"] });
    if (r.error) {
      const f = apiFailure(r.error);
      const key = failureMessageKey(f);
      void message.error(key ? t(key) : f.message);
      return;
    }
    void message.success(t("customers.claimed"));
    refetch({ requestPolicy: "network-only" });
  }

  const nodes = data?.customers.nodes ?? [];
  return (
    <Card
      title={t("customers.title")}
      extra={
        <Link to="/customers/new">
          <Button type="primary">{t("customers.new")}</Button>
        </Link>
      }
    >
      <Tabs
        activeKey={pool ? "pool" : "mine"}
        onChange={(k) => update({ view: k === "pool" ? "pool" : null })}
        items={[
          { key: "mine", label: t("customers.mine") },
          { key: "pool", label: t("customers.pool") },
        ]}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t("customers.search")}
          aria-label={t("customers.search")}
          key={name}
          defaultValue={name}
          onSearch={(v) => update({ name: v.trim() })}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={t("customers.grade")}
          aria-label={t("customers.grade")}
          value={grade}
          onChange={(v: Grade | undefined) => update({ grade: v ?? null })}
          options={GRADES.map((g) => ({ value: g, label: t(`grade.${g}`) }))}
          style={{ width: 140 }}
        />
        <Select
          value={order.value}
          aria-label="order"
          onChange={(v: string) => update({ order: v })}
          options={ORDERS.map((o) => ({
            value: o.value,
            label:
              o.field === "NAME"
                ? t("customers.name")
                : o.field === "CREATED_AT"
                  ? t("customers.createdAt")
                  : o.field === "LAST_INTERACTION"
                    ? t("customers.lastInteraction")
                    : t("customers.nextRevisit"),
          }))}
          style={{ width: 160 }}
        />
        {!pool && (
          <Checkbox checked={overdue} onChange={(e) => update({ overdue: e.target.checked ? "1" : null })}>
            {t("customers.revisitOverdue")}
          </Checkbox>
        )}
      </Space>
      {error && !data && <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {data && (
        <Typography.Paragraph type="secondary">
          {t("customers.total", { n: data.customers.totalCount })}
        </Typography.Paragraph>
      )}
      <Table
        rowKey="id"
        loading={fetching}
        dataSource={nodes}
        pagination={false}
        locale={{ emptyText: pool ? t("customers.poolEmpty") : t("customers.empty") }}
        scroll={{ x: 800 }}
        columns={[
          {
            title: t("customers.name"),
            dataIndex: "name",
            render: (_, c) => <Link to={`/customers/${c.id}`}>{c.name}</Link>,
          },
          { title: t("customers.grade"), dataIndex: "grade", render: (_, c) => <Tag>{t(`grade.${c.grade}`)}</Tag> },
          { title: t("customers.status"), dataIndex: "status", render: (_, c) => t(`status.${c.status}`) },
          {
            title: t("customers.owner"),
            dataIndex: "owner",
            render: (_, c) => c.owner?.displayName ?? t("customers.noOwner"),
          },
          {
            title: t("customers.lastInteraction"),
            dataIndex: "lastInteractionAt",
            render: (_, c) => (c.lastInteractionAt ? formatDate(c.lastInteractionAt, lang) : "—"),
          },
          pool
            ? {
                title: "",
                key: "claim",
                render: (_, c) => <Button onClick={() => void onClaim(c.id)}>{t("customers.claim")}</Button>,
              }
            : {
                title: t("customers.nextRevisit"),
                key: "revisit",
                render: (_, c) =>
                  c.revisitStatus.daysOverdue > 0 ? (
                    <Tag color="red">{t("myDay.daysOverdue", { n: c.revisitStatus.daysOverdue })}</Tag>
                  ) : (
                    formatDate(c.revisitStatus.nextDue, lang)
                  ),
              },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        {after && <Button onClick={() => update({ after: null })}>{t("customers.firstPage")}</Button>}
        {data?.customers.pageInfo.hasNextPage && (
          <Button onClick={() => update({ after: data.customers.pageInfo.endCursor ?? null })}>
            {t("customers.nextPage")}
          </Button>
        )}
      </Space>
      {error && data && <Alert type="warning" message={apiFailure(error).message} />}
    </Card>
  );
}
