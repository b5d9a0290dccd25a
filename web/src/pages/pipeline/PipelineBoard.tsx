// The pipeline board (PIP-2, PIP-8): one column per open stage with its
// count, amount and weighted amount; a card dragged to another stage asks
// `moveOpportunityStage`, and a refusal (a gate's missing artefact, a
// stale version) is shown on that card, which stays where it was.

import { useState } from "react";
import type { ReactNode } from "react";
import { Alert, Card, Space, Tag, Typography, message } from "antd";
import { DndContext, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from "@dnd-kit/core";
import type { DragEndEvent } from "@dnd-kit/core";
import { useMutation, useQuery } from "urql";
import { Link } from "react-router-dom";
import { graphql } from "../../gql";
import type { OpportunityStage } from "../../gql/graphql";
import { apiFailure } from "../../api/errors";
import { failureMessageKey } from "../../api/forms";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../i18n/format";
import { LoadFailure, Loading } from "../../shell/states";

const COLUMN_SIZE = 30;

export const BoardCardFragment = graphql(`
  fragment BoardCard on Opportunity {
    id
    name
    amount
    weightedAmount
    currency
    version
    stage
    customer {
      id
      name
    }
  }
`);

const BoardDocument = graphql(`
  query PipelineBoard($first: Int!) {
    pipelineSummary {
      stages {
        stage
        count
        amount
        weightedAmount
      }
    }
    evaluation: opportunities(filter: { stage: EVALUATION }, first: $first) {
      nodes {
        ...BoardCard
      }
    }
    initiation: opportunities(filter: { stage: INITIATION }, first: $first) {
      nodes {
        ...BoardCard
      }
    }
    requirements: opportunities(filter: { stage: REQUIREMENTS }, first: $first) {
      nodes {
        ...BoardCard
      }
    }
    proposal: opportunities(filter: { stage: PROPOSAL }, first: $first) {
      nodes {
        ...BoardCard
      }
    }
    negotiation: opportunities(filter: { stage: NEGOTIATION }, first: $first) {
      nodes {
        ...BoardCard
      }
    }
    contract: opportunities(filter: { stage: CONTRACT }, first: $first) {
      nodes {
        ...BoardCard
      }
    }
  }
`);

const MoveDocument = graphql(`
  mutation MoveOpportunity($id: ID!, $to: OpportunityStage!, $version: Int!) {
    moveOpportunityStage(id: $id, to: $to, version: $version) {
      id
      stage
      version
    }
  }
`);

const COLUMNS = [
  ["EVALUATION", "evaluation"],
  ["INITIATION", "initiation"],
  ["REQUIREMENTS", "requirements"],
  ["PROPOSAL", "proposal"],
  ["NEGOTIATION", "negotiation"],
  ["CONTRACT", "contract"],
] as const satisfies readonly (readonly [OpportunityStage, string])[];

export function PipelineBoard() {
  const { t } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: BoardDocument, variables: { first: COLUMN_SIZE } });
  const [, move] = useMutation(MoveDocument);
  /** The refusal to show on a card, by opportunity id. */
  const [refusals, setRefusals] = useState<Record<string, string>>({});
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  if (error && !data) return <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <Loading />;
  if (!data) return null;
  const board = data;

  async function onDragEnd(e: DragEndEvent) {
    const to = e.over?.id as OpportunityStage | undefined;
    const card = e.active.data.current as { id: string; stage: OpportunityStage; version: number } | undefined;
    if (!to || !card || to === card.stage) return;
    const r = await move({ id: card.id, to, version: card.version }, { additionalTypenames: ["Opportunity"] });
    if (r.error) {
      const f = apiFailure(r.error);
      const key = failureMessageKey(f);
      setRefusals((m) => ({ ...m, [card.id]: key && f.code !== "CONFLICT" ? t(key) : f.message }));
      return;
    }
    setRefusals((m) => {
      const { [card.id]: _gone, ...rest } = m;
      void _gone;
      return rest;
    });
    void message.success(t("pipeline.moved", { stage: t(`stage.${to}`) }));
    refetch({ requestPolicy: "network-only" });
  }

  return (
    <>
      <Typography.Title level={3}>{t("pipeline.title")}</Typography.Title>
      <Typography.Paragraph type="secondary">{t("pipeline.dragHint")}</Typography.Paragraph>
      <DndContext sensors={sensors} onDragEnd={(e) => void onDragEnd(e)}>
        <div style={{ display: "grid", gridTemplateColumns: `repeat(${COLUMNS.length}, minmax(220px, 1fr))`, gap: 12, overflowX: "auto" }}>
          {COLUMNS.map(([stage, key]) => {
            const sum = board.pipelineSummary.stages.find((s) => s.stage === stage);
            return (
              <Column
                key={stage}
                stage={stage}
                title={
                  <Space direction="vertical" size={0}>
                    <span>
                      {t(`stage.${stage}`)} <Tag>{t("pipeline.count", { n: sum?.count ?? 0 })}</Tag>
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t("pipeline.amount")} {formatMoney(sum?.amount ?? "0")} · {t("pipeline.weighted")}{" "}
                      {formatMoney(sum?.weightedAmount ?? "0")}
                    </Typography.Text>
                  </Space>
                }
              >
                {board[key].nodes.length === 0 && <Typography.Text type="secondary">{t("pipeline.empty")}</Typography.Text>}
                {board[key].nodes.map((o) => (
                  <OpportunityCard key={o.id} id={o.id} stage={o.stage} version={o.version}>
                    <Link to={`/opportunities/${o.id}`} onPointerDown={(e) => e.stopPropagation()}>
                      {o.name}
                    </Link>
                    <div>
                      <Typography.Text type="secondary">{o.customer?.name}</Typography.Text>
                    </div>
                    <div>
                      {o.currency} {formatMoney(o.amount)}
                    </div>
                    {refusals[o.id] && (
                      <Alert role="alert" type="error" showIcon message={refusals[o.id]} style={{ marginTop: 8 }} />
                    )}
                  </OpportunityCard>
                ))}
              </Column>
            );
          })}
        </div>
      </DndContext>
    </>
  );
}

function Column({ stage, title, children }: { stage: OpportunityStage; title: ReactNode; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  return (
    <Card
      ref={setNodeRef}
      title={title}
      size="small"
      data-testid={`column-${stage}`}
      styles={{ body: { display: "flex", flexDirection: "column", gap: 8, minHeight: 200 } }}
      style={{ background: isOver ? "#e6f4ff" : undefined }}
    >
      {children}
    </Card>
  );
}

function OpportunityCard(props: { id: string; stage: OpportunityStage; version: number; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: props.id,
    data: { id: props.id, stage: props.stage, version: props.version },
  });
  const style = {
    transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
    opacity: isDragging ? 0.7 : 1,
    cursor: "grab",
    zIndex: isDragging ? 10 : undefined,
    position: "relative" as const,
  };
  return (
    <Card ref={setNodeRef} size="small" style={style} data-testid={`card-${props.id}`} {...attributes} {...listeners}>
      {props.children}
    </Card>
  );
}
