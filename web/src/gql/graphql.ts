/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  Date: { input: string; output: string; }
  /**
   * Implement the DateTime<Utc> scalar
   *
   * The input/output is a string in RFC3339 format.
   */
  DateTime: { input: string; output: string; }
  Decimal: { input: string; output: string; }
  /** A scalar that can represent any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

export type Acceptance = {
  __typename?: 'Acceptance';
  acceptedOn: Scalars['Date']['output'];
  contractId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  issues?: Maybe<Scalars['String']['output']>;
  recordedAt: Scalars['DateTime']['output'];
  recordedBy?: Maybe<Person>;
  report: Scalars['String']['output'];
  result: AcceptanceResult;
};

/** CON-7: the outcome of an acceptance. */
export type AcceptanceResult =
  | 'FAILED'
  | 'PASSED';

export type AddMilestoneInput = {
  contractId: Scalars['ID']['input'];
  /** 1..200 characters. */
  name: Scalars['String']['input'];
  /** Up to 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Within ten years of today. */
  plannedDate: Scalars['Date']['input'];
};

export type AfterSalesFilter = {
  contractId?: InputMaybe<Scalars['ID']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** Not responded to and past `respondBy` now (true), or not (false). */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  status?: InputMaybe<AfterSalesStatus>;
};

/** CON-9: remotely or on site. */
export type AfterSalesHandling =
  | 'ON_SITE'
  | 'REMOTE';

/** CON-9 priority; each has its response time (setting `after_sales_response_hours`). */
export type AfterSalesPriority =
  | 'HIGH'
  | 'LOW'
  | 'NORMAL'
  | 'URGENT';

export type AfterSalesRequest = {
  __typename?: 'AfterSalesRequest';
  assignee?: Maybe<Person>;
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The customer's contact person who confirmed the resolution (to close). */
  confirmedByCustomer?: Maybe<Scalars['String']['output']>;
  contractId?: Maybe<Scalars['ID']['output']>;
  contractNumber?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  customerId: Scalars['ID']['output'];
  customerName: Scalars['String']['output'];
  description: Scalars['String']['output'];
  handling?: Maybe<AfterSalesHandling>;
  id: Scalars['ID']['output'];
  /** The customer's owner when created (the creator for a pool customer). */
  owner?: Maybe<Person>;
  priority: AfterSalesPriority;
  reopenReason?: Maybe<Scalars['String']['output']>;
  /** How often the customer did not confirm a resolution. */
  reopenedCount: Scalars['Int']['output'];
  resolution?: Maybe<Scalars['String']['output']>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  /** createdAt plus the priority's response hours, fixed at creation. */
  respondBy: Scalars['DateTime']['output'];
  respondedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Responded to after `respondBy`. */
  respondedLate: Scalars['Boolean']['output'];
  /** Not responded to and past `respondBy` now. */
  responseOverdue: Scalars['Boolean']['output'];
  status: AfterSalesStatus;
  subject: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** Pass it back to change the request; a stale one is refused (CONFLICT). */
  version: Scalars['Int']['output'];
};

export type AfterSalesRequestConnection = {
  __typename?: 'AfterSalesRequestConnection';
  /** A list of edges. */
  edges: Array<AfterSalesRequestEdge>;
  /** A list of nodes. */
  nodes: Array<AfterSalesRequest>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** How many requests match the filter (all pages), within scope. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type AfterSalesRequestEdge = {
  __typename?: 'AfterSalesRequestEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: AfterSalesRequest;
};

/** CON-9: OPEN → IN_PROGRESS → RESOLVED → CLOSED (RESOLVED → IN_PROGRESS on reopen). */
export type AfterSalesStatus =
  | 'CLOSED'
  | 'IN_PROGRESS'
  | 'OPEN'
  | 'RESOLVED';

/** How `arAging` groups its rows. */
export type AgingGroupBy =
  /** One row per customer. */
  | 'CUSTOMER'
  /**
   * Per owner: items by their contract's (order's) owner, unapplied
   * credit by the customer's owner.
   */
  | 'OWNER'
  /** Per owner unit, likewise. */
  | 'UNIT';

/** One row of the aging (REC-3). */
export type AgingRow = {
  __typename?: 'AgingRow';
  /** openTotal − unappliedCredit = Σ of the ledger. */
  balance: Scalars['Decimal']['output'];
  /** Not yet due (or due today). */
  current: Scalars['Decimal']['output'];
  /** The customer, owner or unit; none for the total or pool customers. */
  key?: Maybe<Scalars['ID']['output']>;
  label: Scalars['String']['output'];
  /** Σ of the buckets. */
  openTotal: Scalars['Decimal']['output'];
  overdue1To30: Scalars['Decimal']['output'];
  overdue31To60: Scalars['Decimal']['output'];
  overdue61To90: Scalars['Decimal']['output'];
  overdue91To180: Scalars['Decimal']['output'];
  overdueOver180: Scalars['Decimal']['output'];
  /** Customer credit not applied to any item (positive). */
  unappliedCredit: Scalars['Decimal']['output'];
};

/** An explicit allocation of a receipt. */
export type AllocationInput = {
  /** > 0, 2 places, at most the item's open amount. */
  amount: Scalars['Decimal']['input'];
  /**
   * An open posted item of the receipt's customer (installment or
   * delivery note id).
   */
  itemId: Scalars['ID']['input'];
};

/** A read-only token for a dashboard app. */
export type ApiToken = {
  __typename?: 'ApiToken';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The unit subtree the token may read; null: the whole company. */
  unit?: Maybe<OrgUnit>;
};

export type ApplyForKeyAccountInput = {
  agreesWithOffering: Scalars['Boolean']['input'];
  /** Clear needs and purchasing power. */
  clearNeeds: Scalars['Boolean']['input'];
  /** 1..5000 characters. */
  cooperationIntent: Scalars['String']['input'];
  customerId: Scalars['ID']['input'];
  /** At least the threshold (setting `ka_revenue_threshold`, default 500000). */
  expectedAnnualRevenue: Scalars['Decimal']['input'];
  fitsStrategy: Scalars['Boolean']['input'];
  /** Good credit and no major legal disputes. */
  goodCredit: Scalars['Boolean']['input'];
  requestedClass: KaClass;
};

/** `arAging`. */
export type ArAging = {
  __typename?: 'ArAging';
  asOf: Scalars['Date']['output'];
  /** Largest balance first. */
  rows: Array<AgingRow>;
  total: AgingRow;
};

/**
 * A fact behind a KPI value: what it is, its day, what it added to the
 * numerator and denominator.
 */
export type AssessmentFact = {
  __typename?: 'AssessmentFact';
  date: Scalars['Date']['output'];
  den: Scalars['Decimal']['output'];
  id: Scalars['ID']['output'];
  /** CONTRACT, RECEIPT, CUSTOMER, … (docs/kpis.md). */
  kind: Scalars['String']['output'];
  num: Scalars['Decimal']['output'];
};

/** KPI-1: the catalogue (docs/kpis.md). */
export type AssessmentKpi =
  | 'AVERAGE_SATISFACTION'
  | 'CHURN_RATE'
  | 'COLLECTION_AMOUNT'
  | 'COLLECTION_RATE'
  | 'COMPLAINT_RATE'
  | 'GROSS_PROFIT'
  | 'KEY_ACCOUNT_REVENUE_GROWTH'
  | 'NEW_CUSTOMERS'
  | 'RETENTION_RATE'
  | 'REVISIT_COMPLIANCE'
  | 'SIGNED_REVENUE'
  | 'TARGET_COMPLETION';

/** KPI-3: a period's assessment. */
export type AssessmentPeriod = {
  __typename?: 'AssessmentPeriod';
  finalizedAt?: Maybe<Scalars['DateTime']['output']>;
  finalizedById?: Maybe<Scalars['ID']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  lastRunAt?: Maybe<Scalars['DateTime']['output']>;
  lastRunById?: Maybe<Scalars['ID']['output']>;
  periodKind: TargetPeriodKind;
  periodNo: Scalars['Int']['output'];
  /** How many times it was run. */
  runs: Scalars['Int']['output'];
  status: AssessmentPeriodStatus;
  year: Scalars['Int']['output'];
};

/** KPI-3: a period is OPEN (runs recompute) until FINALIZED. */
export type AssessmentPeriodStatus =
  | 'FINALIZED'
  | 'OPEN';

/** KPI-3..KPI-5: one person's assessment of a period. */
export type AssessmentResult = {
  __typename?: 'AssessmentResult';
  /** KPI-2: at least one KPI had data. False: total 0.00, no grade. */
  assessable: Scalars['Boolean']['output'];
  /**
   * commission rate × collected × multiplier (CNY, cents); monthly
   * results only.
   */
  bonus?: Maybe<Scalars['Decimal']['output']>;
  /** 1.3 at ≥ 120 % completion, 1.2 at ≥ 100 %, else 1.0. */
  bonusMultiplier: Scalars['Decimal']['output'];
  /** KPI-4: collected revenue (COLLECTION_AMOUNT, CUS-3 shares applied). */
  collected: Scalars['Decimal']['output'];
  commissionRate: Scalars['Decimal']['output'];
  /** Every KPI with data had a target. */
  complete: Scalars['Boolean']['output'];
  /** Signed revenue ÷ its TGT-1 target, 4 places; null without one. */
  completion?: Maybe<Scalars['Decimal']['output']>;
  computedAt: Scalars['DateTime']['output'];
  /**
   * The facts behind any KPI computed for the result: the scheme's, and
   * COLLECTION_AMOUNT (the bonus) and SIGNED_REVENUE (the completion)
   * even when the scheme has no such KPI.
   */
  facts: Array<AssessmentFact>;
  /**
   * S ≥ 110, A ≥ 100, B ≥ 85, C ≥ 70, D below; null when nothing could
   * be assessed (`assessable` false).
   */
  grade?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The scheme's KPIs with actual, target, score and weighted score. */
  kpis: Array<AssessmentResultKpi>;
  /** KPI-5: completion ≥ 80 %; null without a target. */
  met?: Maybe<Scalars['Boolean']['output']>;
  periodKind: TargetPeriodKind;
  periodNo: Scalars['Int']['output'];
  person?: Maybe<Person>;
  /** rank() by total within the unit and scheme (ties share a rank). */
  rankInUnit: Scalars['Int']['output'];
  /**
   * KPI-2: some KPI was left out for want of data and the others'
   * weights renormalised (see the KPIs' `effectiveWeight`).
   */
  renormalised: Scalars['Boolean']['output'];
  runNo: Scalars['Int']['output'];
  schemeId: Scalars['ID']['output'];
  /** Σ weighted scores, 2 places. */
  total: Scalars['Decimal']['output'];
  /** The unit the person was assessed in. */
  unit?: Maybe<OrgUnit>;
  /** The unit the person was assessed in (the rank is within it). */
  unitId: Scalars['ID']['output'];
  unitSize: Scalars['Int']['output'];
  userId: Scalars['ID']['output'];
  year: Scalars['Int']['output'];
};


/** KPI-3..KPI-5: one person's assessment of a period. */
export type AssessmentResultFactsArgs = {
  first?: Scalars['Int']['input'];
  kpi: AssessmentKpi;
};

export type AssessmentResultConnection = {
  __typename?: 'AssessmentResultConnection';
  /** A list of edges. */
  edges: Array<AssessmentResultEdge>;
  /** A list of nodes. */
  nodes: Array<AssessmentResult>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
};

/** An edge in a connection. */
export type AssessmentResultEdge = {
  __typename?: 'AssessmentResultEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: AssessmentResult;
};

/** One KPI of a result (KPI-3). */
export type AssessmentResultKpi = {
  __typename?: 'AssessmentResultKpi';
  /** The KPI's value; null when its denominator is 0 (`excluded`). */
  actual?: Maybe<Scalars['Decimal']['output']>;
  /** KPI-2: whose facts (the person's own or their unit's). */
  basis: KpiBasis;
  /** Σ den of the facts. */
  denominator: Scalars['Decimal']['output'];
  /**
   * The weight it counted with: the scheme's weight × 100 ÷ the Σ weight
   * of the KPIs not left out, 4 places; null when left out.
   */
  effectiveWeight?: Maybe<Scalars['Decimal']['output']>;
  /**
   * KPI-2: no data (no denominator): left out of the total and the
   * other weights renormalised, never scored by default.
   */
  excluded: Scalars['Boolean']['output'];
  factCount: Scalars['Int']['output'];
  /** The facts the value was computed from, by day (at most `first`). */
  facts: Array<AssessmentFact>;
  kpi: AssessmentKpi;
  /** Σ num of the facts. */
  numerator: Scalars['Decimal']['output'];
  position: Scalars['Int']['output'];
  score?: Maybe<Scalars['Decimal']['output']>;
  /** Null when the person has no TGT-1 target for it (unscored). */
  target?: Maybe<Scalars['Decimal']['output']>;
  /** The scheme's weight. */
  weight: Scalars['Decimal']['output'];
  /** score × effectiveWeight ÷ 100 (from the exact weights), 2 places. */
  weightedScore?: Maybe<Scalars['Decimal']['output']>;
};


/** One KPI of a result (KPI-3). */
export type AssessmentResultKpiFactsArgs = {
  first?: Scalars['Int']['input'];
};

/** What `runAssessment` did. */
export type AssessmentRunReport = {
  __typename?: 'AssessmentRunReport';
  facts: Scalars['Int']['output'];
  /** KPI-5 flags raised. */
  flags: Scalars['Int']['output'];
  people: Scalars['Int']['output'];
  periodKind: TargetPeriodKind;
  periodNo: Scalars['Int']['output'];
  results: Scalars['Int']['output'];
  /** The period's run number. */
  runNo: Scalars['Int']['output'];
  year: Scalars['Int']['output'];
};

/** KPI-2: the assessment scheme of a role. */
export type AssessmentScheme = {
  __typename?: 'AssessmentScheme';
  /** KPI-4: the bonus is this × collected revenue × the multiplier. */
  commissionRate: Scalars['Decimal']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kpis: Array<AssessmentSchemeKpi>;
  name: Scalars['String']['output'];
  role: Role;
  updatedAt: Scalars['DateTime']['output'];
  updatedById?: Maybe<Scalars['ID']['output']>;
  version: Scalars['Int']['output'];
};

/** One KPI of a scheme. */
export type AssessmentSchemeKpi = {
  __typename?: 'AssessmentSchemeKpi';
  /** KPI-2: measured on the person's own facts or on their unit's. */
  basis: KpiBasis;
  kpi: AssessmentKpi;
  /** Lower is better (complaint and churn rates). */
  lowerIsBetter: Scalars['Boolean']['output'];
  position: Scalars['Int']['output'];
  /**
   * A fixed target (ratios as fractions: 0.85 = 85 %); null: the
   * person's TGT-1 target of the period for `targetMetric`.
   */
  target?: Maybe<Scalars['Decimal']['output']>;
  /** The TGT-1 metric a null target stands for. */
  targetMetric?: Maybe<TargetMetric>;
  /** Percent; the scheme's weights add up to 100. */
  weight: Scalars['Decimal']['output'];
};

/** One KPI of `setAssessmentScheme`. */
export type AssessmentSchemeKpiInput = {
  /** Default OWN; SUPERVISOR and SALES_MANAGER schemes usually UNIT. */
  basis?: KpiBasis;
  kpi: AssessmentKpi;
  /**
   * ≥ 0 (ratios as fractions: 0.9 = 90 %); not 0 for a higher-is-better
   * KPI; omit (null) for the person's TGT-1 target — only for KPIs with
   * a target metric (SIGNED_REVENUE, GROSS_PROFIT, COLLECTION_AMOUNT,
   * NEW_CUSTOMERS).
   */
  target?: InputMaybe<Scalars['Decimal']['input']>;
  /** Above 0, at most 100, 2 places; all weights add up to exactly 100. */
  weight: Scalars['Decimal']['input'];
};

/** TGT-2 attainment of a scope in a period. */
export type Attainment = {
  __typename?: 'Attainment';
  /** Σ of the facts' amounts. */
  actual: Scalars['Decimal']['output'];
  facts: Array<AttainmentFact>;
  from: Scalars['Date']['output'];
  metric: TargetMetric;
  periodKind: TargetPeriodKind;
  periodNo: Scalars['Int']['output'];
  /**
   * actual ÷ target, 4 places (1.0500 = 105 %); null when the target is
   * missing or 0.
   */
  rate?: Maybe<Scalars['Decimal']['output']>;
  scopeId?: Maybe<Scalars['ID']['output']>;
  scopeKind: TargetScopeKind;
  /** The target's amount; null when none is set. */
  target?: Maybe<Scalars['Decimal']['output']>;
  targetId?: Maybe<Scalars['ID']['output']>;
  to: Scalars['Date']['output'];
  year: Scalars['Int']['output'];
};

/**
 * A fact an actual was computed from, with the amount it credits to the
 * scope (after CUS-3 shares).
 */
export type AttainmentFact = {
  __typename?: 'AttainmentFact';
  amount: Scalars['Decimal']['output'];
  /** The day it counts on: signing day, ledger entry day, first signing. */
  date: Scalars['Date']['output'];
  /** The contract, receipt or customer. */
  id: Scalars['ID']['output'];
  kind: TargetFactKind;
};

/** A unit of the attainment tree with its subtree's figures. */
export type AttainmentNode = {
  __typename?: 'AttainmentNode';
  /** The subtree's actual, as `attainment(UNIT)` computes it. */
  actual: Scalars['Decimal']['output'];
  children: Array<AttainmentNode>;
  /** target − actual when positive, else 0; null without a target. */
  gap?: Maybe<Scalars['Decimal']['output']>;
  /**
   * The people whose unit is this one: the active sellers and anyone
   * with a target or an actual.
   */
  people: Array<AttainmentPerson>;
  /** actual ÷ target, 4 places; null without a (non-zero) target. */
  rate?: Maybe<Scalars['Decimal']['output']>;
  /** The unit's TGT-1 target (UNIT scope); null when unset. */
  target?: Maybe<Scalars['Decimal']['output']>;
  unit?: Maybe<OrgUnit>;
  unitId: Scalars['ID']['output'];
};

/** A person directly in a unit of the attainment tree. */
export type AttainmentPerson = {
  __typename?: 'AttainmentPerson';
  /** As `attainment(USER)` computes it. */
  actual: Scalars['Decimal']['output'];
  /** target − actual when positive, else 0; null without a target. */
  gap?: Maybe<Scalars['Decimal']['output']>;
  person?: Maybe<Person>;
  /** actual ÷ target, 4 places; null without a (non-zero) target. */
  rate?: Maybe<Scalars['Decimal']['output']>;
  /** The person's TGT-1 target; null when unset. */
  target?: Maybe<Scalars['Decimal']['output']>;
};

/** Which kind of record an audit trail belongs to. */
export type AuditEntity =
  /** CON-7 acceptance */
  | 'ACCEPTANCE'
  /** CON-9 after-sales request */
  | 'AFTER_SALES'
  | 'API_TOKEN'
  /** KPI-5 underperformance flag */
  | 'ASSESSMENT_FLAG'
  /** KPI-3 assessment period (runs and finalisation) */
  | 'ASSESSMENT_PERIOD'
  /** KPI-2 assessment scheme */
  | 'ASSESSMENT_SCHEME'
  /** TGT-5 business calendar day (one trail per date) */
  | 'CALENDAR_DAY'
  /** REC-9 a rep's declaration of money collected in person */
  | 'CASH_COLLECTION'
  /** PIP-7 competitor note */
  | 'COMPETITOR'
  /** CUS-9 */
  | 'COMPLAINT'
  /** CUS-1 contact person */
  | 'CONTACT'
  /** CON-1, CON-2 contract */
  | 'CONTRACT'
  /** CUS-1 customer */
  | 'CUSTOMER'
  /** CUS-1 request for another grade */
  | 'CUSTOMER_GRADE_REQUEST'
  /** PIP-3 evaluation */
  | 'EVALUATION'
  /** AUTO-1 follow-up task */
  | 'FOLLOW_UP'
  /** PIP-4 initiation application */
  | 'INITIATION'
  /** CUS-5 */
  | 'INTERACTION'
  /** REC-2 invoice */
  | 'INVOICE'
  /** KA-1, KA-2 admission application */
  | 'KA_APPLICATION'
  /** KA-4 quarterly evaluation */
  | 'KA_EVALUATION'
  /** KA-3 annual plan */
  | 'KA_PLAN'
  /** PIP-1 lead */
  | 'LEAD'
  /** REC-1 manual ledger entry (adjustment, write-off) */
  | 'LEDGER_ENTRY'
  /** CON-6 project milestone */
  | 'MILESTONE'
  /** TGT-4 monthly summary */
  | 'MONTHLY_SUMMARY'
  /** PIP-7 negotiation record */
  | 'NEGOTIATION'
  /** AUTO-6 outbox notification (operator retries and cancellations; ADMIN) */
  | 'NOTIFICATION'
  /** PIP-2 opportunity */
  | 'OPPORTUNITY'
  /** CON-3 order */
  | 'ORDER'
  | 'ORG_UNIT'
  /** CUS-3 ownership dispute */
  | 'OWNERSHIP_DISPUTE'
  /** REC-6 payment dispute */
  | 'PAYMENT_DISPUTE'
  /** REC-6 promise-to-pay date */
  | 'PROMISE_TO_PAY'
  /** PIP-6 quote */
  | 'QUOTE'
  /** REC-2 receipt */
  | 'RECEIPT'
  /** PIP-5 requirements report */
  | 'REQUIREMENTS_REPORT'
  /** TGT-3 sales plan (visit and activity plan of a week) */
  | 'SALES_PLAN'
  /** CUS-8 survey */
  | 'SATISFACTION'
  /** CON-5 shipment (delivery note) */
  | 'SHIPMENT'
  /** REC-5 on-demand statement run (one trail per month) */
  | 'STATEMENT_RUN'
  /** TGT-1 target */
  | 'TARGET'
  /** PIP-7 tender */
  | 'TENDER'
  | 'USER'
  /** TGT-4 weekly report */
  | 'WEEKLY_REPORT'
  /** TGT-4 daily work log */
  | 'WORK_LOG';

export type AuditEntry = {
  __typename?: 'AuditEntry';
  action: Scalars['String']['output'];
  /** The acting user; null for an API token or the system. */
  actor?: Maybe<Person>;
  actorLabel: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  changes: Array<FieldChange>;
  entity: Scalars['String']['output'];
  entityId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  requestId?: Maybe<Scalars['String']['output']>;
};

export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  /** A list of edges. */
  edges: Array<AuditEntryEdge>;
  /** A list of nodes. */
  nodes: Array<AuditEntry>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** Always null: this list is not counted. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge in a connection. */
export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: AuditEntry;
};

/** A bid document by reference (salesd stores no files). */
export type BidDocumentInput = {
  /** 1 to 200 characters. */
  name: Scalars['String']['input'];
  /** A URL or document-system reference; 1 to 1000 characters. */
  reference: Scalars['String']['input'];
};

/** A bid document by reference. */
export type BidDocumentRow = {
  __typename?: 'BidDocumentRow';
  name: Scalars['String']['output'];
  /** A URL or document-system reference. */
  reference: Scalars['String']['output'];
};

/** One exception of the company calendar. */
export type BusinessCalendarDay = {
  __typename?: 'BusinessCalendarDay';
  date: Scalars['Date']['output'];
  /** The id of the day's audit trail (`auditTrail(entity: CALENDAR_DAY)`). */
  id: Scalars['ID']['output'];
  kind: CalendarDayKind;
  name?: Maybe<Scalars['String']['output']>;
  working: Scalars['Boolean']['output'];
};

/** What a calendar exception makes of its day. */
export type CalendarDayKind =
  /** A holiday on a weekday: no work. */
  | 'HOLIDAY'
  /** A make-up working day (调休) on a weekend. */
  | 'WORKDAY';

export type CareEvent = {
  __typename?: 'CareEvent';
  contact: CareEventContact;
  customer: CareEventCustomer;
  date: Scalars['Date']['output'];
  /** The holiday's name; null for a birthday. */
  holidayName?: Maybe<Scalars['String']['output']>;
  kind: CareEventKind;
  owner?: Maybe<Person>;
};

export type CareEventContact = {
  __typename?: 'CareEventContact';
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** `zh-CN` or `en`. */
  locale: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

export type CareEventCustomer = {
  __typename?: 'CareEventCustomer';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type CareEventKind =
  | 'BIRTHDAY'
  | 'HOLIDAY';

/** A rep's declaration of money collected in person (REC-9). */
export type CashCollection = {
  __typename?: 'CashCollection';
  amount: Scalars['Decimal']['output'];
  /** The rep who declared it. */
  collectedBy: Scalars['ID']['output'];
  collectedOn: Scalars['Date']['output'];
  createdAt: Scalars['DateTime']['output'];
  customerId: Scalars['ID']['output'];
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The finance user who confirmed or rejected it. */
  decidedBy?: Maybe<Scalars['ID']['output']>;
  handedOverOn?: Maybe<Scalars['Date']['output']>;
  /** The last day in time: collectedOn + 90 days. */
  handoverDue: Scalars['Date']['output'];
  id: Scalars['ID']['output'];
  method: CashMethod;
  note?: Maybe<Scalars['String']['output']>;
  /** Pending and more than 90 days since the collection. */
  overdue: Scalars['Boolean']['output'];
  /** The receipt finance recorded when confirming. */
  receiptId?: Maybe<Scalars['ID']['output']>;
  reference?: Maybe<Scalars['String']['output']>;
  rejectReason?: Maybe<Scalars['String']['output']>;
  status: CashCollectionStatus;
  /** Give it back to `confirmCashHandover` / `rejectCashCollection`. */
  version: Scalars['Int']['output'];
};

/** Where a declaration stands. */
export type CashCollectionStatus =
  /** Finance confirmed the handover; `receiptId` is its receipt. */
  | 'CONFIRMED'
  /** Declared by the rep; finance does not have the money yet. */
  | 'PENDING'
  /** Finance rejected it (`rejectReason`). */
  | 'REJECTED';

/** What a confirmation made. */
export type CashHandoverResult = {
  __typename?: 'CashHandoverResult';
  collection: CashCollection;
  receipt: Receipt;
};

/** How money collected in person came (REC-9). */
export type CashMethod =
  /** 承兑汇票. */
  | 'ACCEPTANCE_BILL'
  | 'CASH'
  /** 支票. */
  | 'CHEQUE';

/** REC-4. */
export type CollectionRate = {
  __typename?: 'CollectionRate';
  due: Scalars['Decimal']['output'];
  from: Scalars['Date']['output'];
  items: Array<CollectionRateItem>;
  /** received ÷ due with 4 places (0.9000 = 90 %); null when nothing was due. */
  rate?: Maybe<Scalars['Decimal']['output']>;
  received: Scalars['Decimal']['output'];
  to: Scalars['Date']['output'];
};

/** One item behind a collection rate. */
export type CollectionRateItem = {
  __typename?: 'CollectionRateItem';
  due: Scalars['Decimal']['output'];
  item: ReceivableItem;
  /** due − received. */
  open: Scalars['Decimal']['output'];
  /** Received by the end of the period. */
  received: Scalars['Decimal']['output'];
};

/** A company setting (one JSON value per key). */
export type CompanySetting = {
  __typename?: 'CompanySetting';
  key: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  value: Scalars['JSON']['output'];
  version: Scalars['Int']['output'];
};

export type Competitor = {
  __typename?: 'Competitor';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  /** Their expected price, in the opportunity's currency. */
  estimatedPrice?: Maybe<Scalars['Decimal']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  note?: Maybe<Scalars['String']['output']>;
  opportunityId: Scalars['ID']['output'];
  strengths?: Maybe<Scalars['String']['output']>;
  threatLevel: ThreatLevel;
  updatedAt: Scalars['DateTime']['output'];
  /** For `updateCompetitor` / `removeCompetitor`. */
  version: Scalars['Int']['output'];
  weaknesses?: Maybe<Scalars['String']['output']>;
};

/** A competitor note's fields (all replaced on update). */
export type CompetitorInput = {
  /** Their expected price: at least 0, two decimal places. */
  estimatedPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /**
   * 1 to 200 characters; one live note per name and opportunity
   * (case-insensitive).
   */
  name: Scalars['String']['input'];
  /** At most 5000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** At most 2000 characters. */
  strengths?: InputMaybe<Scalars['String']['input']>;
  threatLevel: ThreatLevel;
  /** At most 2000 characters. */
  weaknesses?: InputMaybe<Scalars['String']['input']>;
};

/** One competitor across the caller's visible opportunities. */
export type CompetitorSummaryRow = {
  __typename?: 'CompetitorSummaryRow';
  /** Of those notes, the ones rating it HIGH. */
  highThreat: Scalars['Int']['output'];
  /** Visible LOST opportunities whose `lostCompetitor` names it. */
  lostDeals: Scalars['Int']['output'];
  /** Names are grouped case-insensitively. */
  name: Scalars['String']['output'];
  /** Visible opportunities with a note on it. */
  opportunities: Scalars['Int']['output'];
};

export type Complaint = {
  __typename?: 'Complaint';
  category: Scalars['String']['output'];
  cause?: Maybe<Scalars['String']['output']>;
  channel: ComplaintChannel;
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  customerId: Scalars['ID']['output'];
  customerName: Scalars['String']['output'];
  /** receivedAt plus the severity's hours, fixed when recorded. */
  deadlineAt: Scalars['DateTime']['output'];
  description: Scalars['String']['output'];
  /**
   * Who an overdue complaint escalates to: the head of the responsible
   * unit and the owner's manager (ORG-5 direct head of the owner's direct
   * head: for a rep, the regional sales manager), without duplicates.
   */
  escalateTo: Array<Person>;
  id: Scalars['ID']['output'];
  /** Open (RECEIVED or INVESTIGATING) and past `deadlineAt` now. */
  isOverdue: Scalars['Boolean']['output'];
  /** The customer's satisfaction with the outcome, 1..5 (required to close). */
  outcomeSatisfaction?: Maybe<Scalars['Int']['output']>;
  /** The customer's owner (null for a pool customer). */
  owner?: Maybe<Person>;
  receivedAt: Scalars['DateTime']['output'];
  /** The reply to the customer (required to close). */
  reply?: Maybe<Scalars['String']['output']>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  responsibleUnit?: Maybe<OrgUnit>;
  severity: ComplaintSeverity;
  solution?: Maybe<Scalars['String']['output']>;
  status: ComplaintStatus;
  updatedAt: Scalars['DateTime']['output'];
  /** Pass it back to change the complaint; a stale one is refused (CONFLICT). */
  version: Scalars['Int']['output'];
};

/** How a complaint reached us. */
export type ComplaintChannel =
  | 'EMAIL'
  | 'HOTLINE'
  | 'OTHER'
  | 'VISIT';

export type ComplaintConnection = {
  __typename?: 'ComplaintConnection';
  /** A list of edges. */
  edges: Array<ComplaintEdge>;
  /** A list of nodes. */
  nodes: Array<Complaint>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** How many complaints match the filter (all pages), within scope. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type ComplaintEdge = {
  __typename?: 'ComplaintEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Complaint;
};

export type ComplaintFilter = {
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** Open and past the deadline now (true), or not (false). */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  severity?: InputMaybe<ComplaintSeverity>;
  status?: InputMaybe<ComplaintStatus>;
};

/** Severity; each has its deadline (setting `complaint_deadline_hours`). */
export type ComplaintSeverity =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

/** CUS-9: RECEIVED → INVESTIGATING → RESOLVED → CLOSED. */
export type ComplaintStatus =
  | 'CLOSED'
  | 'INVESTIGATING'
  | 'RECEIVED'
  | 'RESOLVED';

export type Contact = {
  __typename?: 'Contact';
  active: Scalars['Boolean']['output'];
  birthday?: Maybe<Scalars['Date']['output']>;
  customerId: Scalars['ID']['output'];
  email?: Maybe<Scalars['String']['output']>;
  /** Agreed to receive greetings (CUS-7). */
  greetingOptIn: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  isBilling: Scalars['Boolean']['output'];
  locale: Locale;
  name: Scalars['String']['output'];
  phone?: Maybe<Scalars['String']['output']>;
  title?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

export type ContactInput = {
  /** Not in the future. */
  birthday?: InputMaybe<Scalars['Date']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  greetingOptIn?: Scalars['Boolean']['input'];
  isBilling?: Scalars['Boolean']['input'];
  locale?: InputMaybe<Locale>;
  name: Scalars['String']['input'];
  phone?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type Contract = {
  __typename?: 'Contract';
  acceptedDate?: Maybe<Scalars['Date']['output']>;
  afterSalesTerms?: Maybe<Scalars['String']['output']>;
  amount: Scalars['Decimal']['output'];
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  /** The director who approved the REC-8 credit excess. */
  creditApprovedBy?: Maybe<Person>;
  /** The REC-8 check as run at submission. */
  creditCheck?: Maybe<CreditCheck>;
  currency: Scalars['String']['output'];
  /** The customer, if the caller may see it as a customer. */
  customer?: Maybe<Customer>;
  customerId: Scalars['ID']['output'];
  customerParty: Scalars['String']['output'];
  deliveryTerms?: Maybe<Scalars['String']['output']>;
  directorApprovedAt?: Maybe<Scalars['DateTime']['output']>;
  directorApprovedBy?: Maybe<Person>;
  endDate?: Maybe<Scalars['Date']['output']>;
  financeApprovedAt?: Maybe<Scalars['DateTime']['output']>;
  financeApprovedBy?: Maybe<Person>;
  id: Scalars['ID']['output'];
  /** The payment plan in order. */
  installments: Array<ContractInstallment>;
  /** REC-8: the director must approve the credit excess or hold. */
  needsCreditApproval: Scalars['Boolean']['output'];
  /** Payment terms over 90 days: finance reviews (fixed at submission). */
  needsFinance: Scalars['Boolean']['output'];
  note?: Maybe<Scalars['String']['output']>;
  /** HT-<year>-<seq>. */
  number: Scalars['String']['output'];
  /** The opportunity, if any and visible to the caller. */
  opportunity?: Maybe<Opportunity>;
  opportunityId?: Maybe<Scalars['ID']['output']>;
  ourParty: Scalars['String']['output'];
  owner?: Maybe<Person>;
  ownerUnitId: Scalars['ID']['output'];
  paymentMethod: PaymentMethod;
  paymentTermsDays: Scalars['Int']['output'];
  /** The quote it came from, if visible to the caller. */
  quote?: Maybe<Quote>;
  quoteId?: Maybe<Scalars['ID']['output']>;
  /** Why it was last returned to DRAFT. */
  returnedReason?: Maybe<Scalars['String']['output']>;
  signedBy?: Maybe<Person>;
  signedDate?: Maybe<Scalars['Date']['output']>;
  startDate?: Maybe<Scalars['Date']['output']>;
  status: ContractStatus;
  submittedAt?: Maybe<Scalars['DateTime']['output']>;
  submittedBy?: Maybe<Person>;
  terminatedAt?: Maybe<Scalars['DateTime']['output']>;
  terminationReason?: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** The optimistic-locking counter: pass it back to change the contract. */
  version: Scalars['Int']['output'];
  warrantyMonths: Scalars['Int']['output'];
};

export type ContractConnection = {
  __typename?: 'ContractConnection';
  /** A list of edges. */
  edges: Array<ContractEdge>;
  /** A list of nodes. */
  nodes: Array<Contract>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** How many contracts match the filter (all pages), within scope. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type ContractEdge = {
  __typename?: 'ContractEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Contract;
};

/** Filter of `contracts`. */
export type ContractFilter = {
  customerId?: InputMaybe<Scalars['ID']['input']>;
  opportunityId?: InputMaybe<Scalars['ID']['input']>;
  /** Part of the number or the title, at most 100 characters. */
  search?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ContractStatus>;
  /** The number's year. */
  year?: InputMaybe<Scalars['Int']['input']>;
};

export type ContractInstallment = {
  __typename?: 'ContractInstallment';
  amount: Scalars['Decimal']['output'];
  /** Set for FIXED_DATE; for the others once the trigger happened. */
  dueDate?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  label: Scalars['String']['output'];
  offsetDays: Scalars['Int']['output'];
  /** 1-based. */
  position: Scalars['Int']['output'];
  trigger: InstallmentTrigger;
};

/** CON-8 for one contract. */
export type ContractPerformance = {
  __typename?: 'ContractPerformance';
  amount: Scalars['Decimal']['output'];
  contractId: Scalars['ID']['output'];
  /** Σ of its orders' shipments received by the customer. */
  delivered: Scalars['Decimal']['output'];
  invoiced: Scalars['Decimal']['output'];
  number: Scalars['String']['output'];
  /** Ledger balance of its installments. */
  outstanding: Scalars['Decimal']['output'];
  /** Posted to the ledger (invoiced, or due and not invoiced). */
  posted: Scalars['Decimal']['output'];
  received: Scalars['Decimal']['output'];
  status: Scalars['String']['output'];
  writtenOff: Scalars['Decimal']['output'];
};

/** CON-2 contract states. */
export type ContractStatus =
  /** Accepted by the customer (验收). */
  | 'ACCEPTED'
  /** Approved; may be signed. */
  | 'APPROVED'
  /** Finished. */
  | 'CLOSED'
  /** Being written; editable. */
  | 'DRAFT'
  /** Being delivered. */
  | 'EXECUTING'
  /** Waiting for finance (terms over 90 days) and the sales director. */
  | 'IN_REVIEW'
  /** Signed by both parties (wins the opportunity). */
  | 'SIGNED'
  /** Ended early by the sales director. */
  | 'TERMINATED';

export type CreateAfterSalesInput = {
  /** A signed contract of the same customer. */
  contractId?: InputMaybe<Scalars['ID']['input']>;
  customerId: Scalars['ID']['input'];
  /** 1..10000 characters. */
  description: Scalars['String']['input'];
  priority: AfterSalesPriority;
  /** 1..200 characters. */
  subject: Scalars['String']['input'];
};

export type CreateApiTokenPayload = {
  __typename?: 'CreateApiTokenPayload';
  apiToken: ApiToken;
  /** Shown once; only its hash is stored. */
  token: Scalars['String']['output'];
};

/** CON-1: a contract from an ACCEPTED quote of an opportunity in CONTRACT. */
export type CreateContractFromQuoteInput = {
  /** At most 2000 characters. */
  afterSalesTerms?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 characters; defaults to the customer's name. */
  customerParty?: InputMaybe<Scalars['String']['input']>;
  /** At most 2000 characters. */
  deliveryTerms?: InputMaybe<Scalars['String']['input']>;
  /** On or after `startDate`. */
  endDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 60 installments summing exactly to the contract amount. */
  installments: Array<InstallmentInput>;
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 characters; defaults to the company (the root unit's name). */
  ourParty?: InputMaybe<Scalars['String']['input']>;
  paymentMethod?: PaymentMethod;
  /** Credit period, 0 to 3650 days; above 90 finance reviews too (CON-2). */
  paymentTermsDays?: Scalars['Int']['input'];
  quoteId: Scalars['ID']['input'];
  startDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 200 characters; defaults to the opportunity's name. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** 0 to 120. */
  warrantyMonths?: Scalars['Int']['input'];
};

/** CON-1: a contract entered directly (sales assistant, director, GM, admin). */
export type CreateContractInput = {
  /** At most 2000 characters. */
  afterSalesTerms?: InputMaybe<Scalars['String']['input']>;
  /** Greater than 0, at most 2 decimal places. */
  amount: Scalars['Decimal']['input'];
  /** ISO 4217; CNY when omitted. */
  currency?: InputMaybe<Scalars['String']['input']>;
  customerId: Scalars['ID']['input'];
  /** 1 to 200 characters; defaults to the customer's name. */
  customerParty?: InputMaybe<Scalars['String']['input']>;
  /** At most 2000 characters. */
  deliveryTerms?: InputMaybe<Scalars['String']['input']>;
  /** On or after `startDate`. */
  endDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 60 installments summing exactly to the contract amount. */
  installments: Array<InstallmentInput>;
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** An opportunity of the same customer, if any. */
  opportunityId?: InputMaybe<Scalars['ID']['input']>;
  /** 1 to 200 characters; defaults to the company (the root unit's name). */
  ourParty?: InputMaybe<Scalars['String']['input']>;
  paymentMethod?: PaymentMethod;
  /** Credit period, 0 to 3650 days; above 90 finance reviews too (CON-2). */
  paymentTermsDays?: Scalars['Int']['input'];
  startDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 200 characters; defaults to the opportunity's name. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** 0 to 120. */
  warrantyMonths?: Scalars['Int']['input'];
};

export type CreateCustomerInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  contacts?: Array<ContactInput>;
  creditCode?: InputMaybe<Scalars['String']['input']>;
  creditLimit?: InputMaybe<Scalars['Decimal']['input']>;
  creditRating?: InputMaybe<Scalars['String']['input']>;
  grade?: InputMaybe<Grade>;
  industry?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 characters. */
  name: Scalars['String']['input'];
  /** Managers only: the owner; null leaves the customer in the pool. */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  sizeClass?: InputMaybe<SizeClass>;
  source?: InputMaybe<CustomerSource>;
  status?: InputMaybe<CustomerStatus>;
  tags?: Array<Scalars['String']['input']>;
  tier?: InputMaybe<Tier>;
};

export type CreateLeadInput = {
  /** ≥ 0, CNY. */
  budget?: InputMaybe<Scalars['Decimal']['input']>;
  /** 1 to 200 characters. */
  companyName: Scalars['String']['input'];
  contactEmail?: InputMaybe<Scalars['String']['input']>;
  contactName?: InputMaybe<Scalars['String']['input']>;
  contactPhone?: InputMaybe<Scalars['String']['input']>;
  expectedCloseDate?: InputMaybe<Scalars['Date']['input']>;
  industry?: InputMaybe<Scalars['String']['input']>;
  /** Up to 5000 characters. */
  needs?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  sizeClass?: InputMaybe<SizeClass>;
  /** Default OTHER. */
  source?: InputMaybe<CustomerSource>;
};

/** A new opportunity (PIP-2), owned by the caller, in EVALUATION. */
export type CreateOpportunityInput = {
  /** At least 0, two decimal places. */
  amount: Scalars['Decimal']['input'];
  /** PIP-4: a complex project needs a full team whatever its amount. */
  complex?: Scalars['Boolean']['input'];
  /** ISO 4217 code; CNY when omitted. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** A customer the caller can see. */
  customerId: Scalars['ID']['input'];
  expectedCloseDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 200 characters. */
  name: Scalars['String']['input'];
};

/** A new DRAFT order. */
export type CreateOrderInput = {
  /** An active contact of the customer (told of delivery slips, CON-4). */
  contactId?: InputMaybe<Scalars['ID']['input']>;
  /** A SIGNED or EXECUTING contract of the same customer. */
  contractId?: InputMaybe<Scalars['ID']['input']>;
  /** ISO code; default the contract's currency, else CNY. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** A customer within the caller's contract scope. */
  customerId: Scalars['ID']['input'];
  /** At most 300 characters. */
  deliveryPlace?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 lines. */
  lines: Array<OrderLineInput>;
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** At most 300 characters. */
  packaging?: InputMaybe<Scalars['String']['input']>;
  /** The delivery date promised to the customer; required to confirm. */
  promisedDate?: InputMaybe<Scalars['Date']['input']>;
  requiredDate?: InputMaybe<Scalars['Date']['input']>;
  /** At most 100 characters. */
  shippingMethod?: InputMaybe<Scalars['String']['input']>;
};

export type CreateOrgUnitInput = {
  headUserId?: InputMaybe<Scalars['ID']['input']>;
  kind: UnitKind;
  name: Scalars['String']['input'];
  parentId: Scalars['ID']['input'];
};

/** A new quote: the next version of its opportunity, in DRAFT. */
export type CreateQuoteInput = {
  /** Delivery time and terms, at most 2000 characters. */
  deliveryTerms?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 lines. */
  lines: Array<QuoteLineInput>;
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** An open opportunity the caller may change. */
  opportunityId: Scalars['ID']['input'];
  /** At most 2000 characters. */
  paymentTerms?: InputMaybe<Scalars['String']['input']>;
  /** At most 200 characters. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Today or later. */
  validUntil: Scalars['Date']['input'];
};

/** `createSalesPlan`. */
export type CreateSalesPlanInput = {
  /** At most 100. */
  items?: Array<SalesPlanItemInput>;
  /** At most 2 000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The Monday of the week planned. */
  weekStart: Scalars['Date']['input'];
};

export type CreateUserInput = {
  displayName: Scalars['String']['input'];
  email: Scalars['String']['input'];
  extraRoles?: Array<Role>;
  isTrainee?: Scalars['Boolean']['input'];
  locale?: Locale;
  /** Without one the user cannot sign in until an ADMIN sets it. */
  password?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  primaryRole: Role;
  unitId: Scalars['ID']['input'];
};

/** REC-8: the credit check of an amount for a customer. */
export type CreditCheck = {
  __typename?: 'CreditCheck';
  customerId: Scalars['ID']['output'];
  /** outstanding + newAmount is over the limit. */
  exceedsLimit: Scalars['Boolean']['output'];
  /** Σ of the customer's ledger (posted sales net of receipts and credit). */
  ledgerBalance: Scalars['Decimal']['output'];
  /**
   * The limit that applied; null: no limit ("no limit" set explicitly,
   * or a check stored before grade defaults, when 0 meant none set).
   */
  limit?: Maybe<Scalars['Decimal']['output']>;
  /**
   * Where the limit came from; null for checks stored before REC-8
   * grade defaults.
   */
  limitSource?: Maybe<CreditLimitSource>;
  /** On hold or over the limit: the director must approve explicitly. */
  needsDirectorApproval: Scalars['Boolean']['output'];
  /** The amount checked. */
  newAmount: Scalars['Decimal']['output'];
  /** The customer is on credit hold. */
  onHold: Scalars['Boolean']['output'];
  /**
   * The customer's exposure (REC-8): ledgerBalance + unpostedContracts
   * + unshippedOrders, each sale counted once, the deal checked left out.
   */
  outstanding: Scalars['Decimal']['output'];
  /** Σ (amount − posted) of the committed contracts (APPROVED to ACCEPTED). */
  unpostedContracts: Scalars['Decimal']['output'];
  /** Σ (total − posted) of the confirmed orders outside a contract. */
  unshippedOrders: Scalars['Decimal']['output'];
};

/**
 * A committed contract or an open order outside a contract, and what of it
 * is not posted to the ledger yet (REC-8).
 */
export type CreditCommitment = {
  __typename?: 'CreditCommitment';
  /** The contract amount or the order total. */
  amount: Scalars['Decimal']['output'];
  /** The contract's or the order's id. */
  id: Scalars['ID']['output'];
  number: Scalars['String']['output'];
  /** Σ of its SALE ledger entries (installments or delivery notes). */
  posted: Scalars['Decimal']['output'];
  status: Scalars['String']['output'];
  /** max(amount − posted, 0): what counts besides the ledger balance. */
  unposted: Scalars['Decimal']['output'];
};

/** REC-8: where the credit limit that applies comes from. */
export type CreditLimitSource =
  /** Set for this customer (0: no credit at all). */
  | 'CUSTOMER'
  /**
   * Not set for the customer: the company default for its grade
   * (setting `credit_limit_defaults`).
   */
  | 'GRADE_DEFAULT'
  /** "No limit", set explicitly for this customer. */
  | 'UNLIMITED';

/**
 * REC-8: a customer's credit terms and exposure. outstanding =
 * ledgerBalance + unpostedContracts + unshippedOrders, each sale once.
 */
export type CreditStatus = {
  __typename?: 'CreditStatus';
  /** limit − outstanding (negative: over the limit); null without a limit. */
  available?: Maybe<Scalars['Decimal']['output']>;
  contracts: Array<CreditCommitment>;
  customerId: Scalars['ID']['output'];
  customerName: Scalars['String']['output'];
  /**
   * Σ of the customer's ledger: posted sales net of receipts, credit
   * and write-offs (negative: the customer has credit).
   */
  ledgerBalance: Scalars['Decimal']['output'];
  /**
   * The limit that applies: the customer's own, or the default of its
   * grade; null when "no limit" was set explicitly (see `limitSource`).
   */
  limit?: Maybe<Scalars['Decimal']['output']>;
  limitSource: CreditLimitSource;
  /**
   * A new deal of any amount needs the director now: on hold, or the
   * outstanding already above a set limit.
   */
  needsDirectorApproval: Scalars['Boolean']['output'];
  onHold: Scalars['Boolean']['output'];
  /** Since when the customer is on credit hold (REC-6 L3), if it is. */
  onHoldSince?: Maybe<Scalars['DateTime']['output']>;
  orders: Array<CreditCommitment>;
  outstanding: Scalars['Decimal']['output'];
  rating?: Maybe<Scalars['String']['output']>;
  /** Σ unposted of the committed contracts (APPROVED to ACCEPTED). */
  unpostedContracts: Scalars['Decimal']['output'];
  /**
   * Σ unposted of the confirmed orders outside a contract not yet
   * shipped (CONFIRMED, IN_PRODUCTION, READY).
   */
  unshippedOrders: Scalars['Decimal']['output'];
  /** The customer's version (optional guard of `setCustomerCredit`). */
  version: Scalars['Int']['output'];
};

export type Customer = {
  __typename?: 'Customer';
  address?: Maybe<Scalars['String']['output']>;
  /**
   * ORG-4 audit trail of the customer record (entity CUSTOMER), newest
   * first. Detail-only.
   */
  auditTrail: AuditEntryConnection;
  /**
   * CUS-9 complaints the caller may see (complaint scope), newest first.
   * Detail-only.
   */
  complaints: ComplaintConnection;
  /** Contacts, active first. */
  contacts: Array<Contact>;
  createdAt: Scalars['DateTime']['output'];
  /** The unified social credit code (统一社会信用代码). */
  creditCode?: Maybe<Scalars['String']['output']>;
  /**
   * REC-8: the limit set for this customer; null when none is set (the
   * grade default applies, see `creditStatus`) or "no limit" was set.
   */
  creditLimit?: Maybe<Scalars['Decimal']['output']>;
  creditRating?: Maybe<Scalars['String']['output']>;
  /** REC-8: "no limit" was set explicitly for this customer. */
  creditUnlimited: Scalars['Boolean']['output'];
  /** Open follow-up tasks, earliest due first. Detail-only. */
  followUps: FollowUpConnection;
  grade: Grade;
  id: Scalars['ID']['output'];
  inPool: Scalars['Boolean']['output'];
  industry?: Maybe<Scalars['String']['output']>;
  /** CUS-5 interactions, newest first. Detail-only (complexity 200). */
  interactions: InteractionConnection;
  kaClass?: Maybe<KaClass>;
  keyAccount: Scalars['Boolean']['output'];
  /** KA-1/2 admission applications, newest first. Detail-only. */
  keyAccountApplications: KeyAccountApplicationConnection;
  /** KA-4 quarterly evaluations, newest first. Detail-only. */
  keyAccountEvaluations: Array<KeyAccountEvaluation>;
  /** KA-3 annual plans, newest year first. Detail-only. */
  keyAccountPlans: Array<KeyAccountPlan>;
  lastInteractionAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  ownedSince?: Maybe<Scalars['DateTime']['output']>;
  /** Null while the customer is in the public pool. */
  owner?: Maybe<Person>;
  /** Every change of owner, oldest first (CUS-3). */
  ownerHistory: Array<OwnerChange>;
  ownerUnit?: Maybe<OrgUnit>;
  /** CUS-4: the previous owner may claim it back from this date. */
  reclaimBlockedUntil?: Maybe<Scalars['Date']['output']>;
  region?: Maybe<Scalars['String']['output']>;
  /** CUS-6: last qualifying interaction, next due, days overdue (batched). */
  revisitStatus: RevisitStatus;
  /** CUS-8 average, count and latest survey. Detail-only. */
  satisfaction: CustomerSatisfaction;
  sizeClass?: Maybe<SizeClass>;
  source: CustomerSource;
  status: CustomerStatus;
  tags: Array<Scalars['String']['output']>;
  tier: Tier;
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};


export type CustomerAuditTrailArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerComplaintsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerFollowUpsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerInteractionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerKeyAccountApplicationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  /** A list of edges. */
  edges: Array<CustomerEdge>;
  /** A list of nodes. */
  nodes: Array<Customer>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** How many customers match the filter (all pages), within scope. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Customer;
};

export type CustomerFilter = {
  fuzzy?: Scalars['Boolean']['input'];
  grade?: InputMaybe<Grade>;
  inPool?: InputMaybe<Scalars['Boolean']['input']>;
  industry?: InputMaybe<Scalars['String']['input']>;
  keyAccount?: InputMaybe<Scalars['Boolean']['input']>;
  /** Part of the name, any case; with `fuzzy` trigram-similar names, most similar first. */
  name?: InputMaybe<Scalars['String']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  /**
   * CUS-6: owned and the next revisit due before today (company time
   * zone) — as `overdueRevisits` — or (false) not.
   */
  revisitOverdue?: InputMaybe<Scalars['Boolean']['input']>;
  sizeClass?: InputMaybe<SizeClass>;
  status?: InputMaybe<CustomerStatus>;
  tier?: InputMaybe<Tier>;
};

export type CustomerGradeRequest = {
  __typename?: 'CustomerGradeRequest';
  createdAt: Scalars['DateTime']['output'];
  /** Null when the customer is no longer in the caller's scope. */
  customer?: Maybe<Customer>;
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  decidedBy?: Maybe<Person>;
  /** Why it was returned (or a note on the approval). */
  decisionReason?: Maybe<Scalars['String']['output']>;
  fromGrade: Grade;
  id: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
  requestedBy?: Maybe<Person>;
  status: GradeRequestStatus;
  toGrade: Grade;
  version: Scalars['Int']['output'];
};

/** A customer's ledger with its derived balances. */
export type CustomerLedger = {
  __typename?: 'CustomerLedger';
  /** Σ of all entries (of the customer, whatever the contract filter). */
  balance: Scalars['Decimal']['output'];
  customerId: Scalars['ID']['output'];
  /** Oldest first. */
  entries: Array<LedgerEntry>;
  /** Σ of the open amounts of its items. */
  openItems: Scalars['Decimal']['output'];
  /** Credit not applied to any item. */
  unappliedCredit: Scalars['Decimal']['output'];
};

export type CustomerOrderBy = {
  direction?: OrderDirection;
  field: CustomerOrderField;
};

export type CustomerOrderField =
  | 'CREATED_AT'
  /** Never-contacted customers count as the oldest. */
  | 'LAST_INTERACTION'
  | 'NAME'
  /** CUS-6 next revisit due (the date `revisitStatus.nextDue` shows). */
  | 'NEXT_REVISIT_DUE';

/** A customer's satisfaction (CUS-8). */
export type CustomerSatisfaction = {
  __typename?: 'CustomerSatisfaction';
  /** 2 places; null without surveys. */
  average?: Maybe<Scalars['Decimal']['output']>;
  count: Scalars['Int']['output'];
  latest?: Maybe<SatisfactionSurvey>;
};

/** Where the customer came from. */
export type CustomerSource =
  | 'COLD_CALL'
  | 'EXHIBITION'
  | 'OTHER'
  | 'PARTNER'
  | 'REFERRAL'
  | 'TENDER'
  | 'WEB';

/** Lifecycle status. */
export type CustomerStatus =
  | 'ACTIVE'
  | 'DORMANT'
  | 'LOST'
  | 'POTENTIAL';

/** `declareCashCollection`. */
export type DeclareCashCollectionInput = {
  /** > 0, 2 places. */
  amount: Scalars['Decimal']['input'];
  /** The day the customer paid the rep; not after today. */
  collectedOn: Scalars['Date']['input'];
  customerId: Scalars['ID']['input'];
  method: CashMethod;
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Cheque or bill number; at most 100 characters. */
  reference?: InputMaybe<Scalars['String']['input']>;
};

export type DisputeStatus =
  | 'DECIDED'
  | 'OPEN';

/** Where dunning stands for one item. */
export type DunningItemStatus = {
  __typename?: 'DunningItemStatus';
  /** Calendar days after the due date (≤ 0: not overdue). */
  daysOverdue: Scalars['Int']['output'];
  item: ReceivableItem;
  /** The level the days overdue call for (0: none, or nothing open). */
  levelDue: Scalars['Int']['output'];
  /** The highest level recorded (0: none). */
  levelReached: Scalars['Int']['output'];
  open: Scalars['Decimal']['output'];
  /** Why dunning waits (a promise to pay, an open dispute), if it does. */
  paused?: Maybe<Scalars['String']['output']>;
  steps: Array<DunningStep>;
};

/** One notification of a dunning step and its delivery state (AUTO-6). */
export type DunningNotification = {
  __typename?: 'DunningNotification';
  attempts: Scalars['Int']['output'];
  dedupKey: Scalars['String']['output'];
  /**
   * dunning_notice (customer) or dunning_digest (people; dunning_alert
   * before the digests).
   */
  kind: Scalars['String']['output'];
  /** The error, or why it was cancelled ("paid", a pause). */
  lastError?: Maybe<Scalars['String']['output']>;
  recipientContactId?: Maybe<Scalars['ID']['output']>;
  recipientUserId?: Maybe<Scalars['ID']['output']>;
  sentAt?: Maybe<Scalars['DateTime']['output']>;
  /** PENDING, SENDING, SENT, FAILED or CANCELLED. */
  status: Scalars['String']['output'];
};

/** A HIGH bad-debt risk signalled at L4 (the RISK-1 interface). */
export type DunningRiskSignal = {
  __typename?: 'DunningRiskSignal';
  /** BAD_DEBT. */
  category: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  itemId: Scalars['ID']['output'];
  /** HIGH. */
  level: Scalars['String']['output'];
  /** DUNNING_L4. */
  source: Scalars['String']['output'];
};

/** `dunningStatus`: a customer's (or one item's) dunning. */
export type DunningStatus = {
  __typename?: 'DunningStatus';
  /** Set at L3, lifted when nothing is overdue (REC-7). */
  creditHoldSince?: Maybe<Scalars['DateTime']['output']>;
  customerId: Scalars['ID']['output'];
  customerName: Scalars['String']['output'];
  /** Newest first, closed ones included. */
  disputes: Array<PaymentDispute>;
  items: Array<DunningItemStatus>;
  /** Newest first, cancelled and past ones included. */
  promises: Array<PromiseToPay>;
  risks: Array<DunningRiskSignal>;
};

/** A level an item reached (each level at most once). */
export type DunningStep = {
  __typename?: 'DunningStep';
  createdAt: Scalars['DateTime']['output'];
  daysOverdue: Scalars['Int']['output'];
  level: Scalars['Int']['output'];
  notifications: Array<DunningNotification>;
  /** The open amount when it was reached. */
  openAmount: Scalars['Decimal']['output'];
  reachedOn: Scalars['Date']['output'];
  /** NOTIFIED, or SKIPPED (a higher level was already due). */
  status: Scalars['String']['output'];
};

export type DuplicateCandidate = {
  __typename?: 'DuplicateCandidate';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Null while the customer is in the public pool. */
  ownerName?: Maybe<Scalars['String']['output']>;
  sameCreditCode: Scalars['Boolean']['output'];
};

export type EvaluateKeyAccountInput = {
  customerId: Scalars['ID']['input'];
  loyalty: Scalars['Int']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  progress: Scalars['Int']['input'];
  /** 1..4 */
  quarter: Scalars['Int']['input'];
  revenue: Scalars['Int']['input'];
  /** Each 1..5. */
  satisfaction: Scalars['Int']['input'];
  year: Scalars['Int']['input'];
};

/** PIP-3: pursue the opportunity or not. */
export type EvaluationDecision =
  | 'GO'
  /** Advice to mark the opportunity LOST; the stage does not move by itself. */
  | 'NO_GO';

export type FailedJob = {
  __typename?: 'FailedJob';
  attempts: Scalars['Int']['output'];
  /** The last run's error. */
  error?: Maybe<Scalars['String']['output']>;
  /** When it was given up on. */
  failedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The job's id in its queue. */
  id: Scalars['ID']['output'];
  /** The job's arguments; null once pruned. */
  payload?: Maybe<Scalars['JSON']['output']>;
  queue: Scalars['String']['output'];
  /** `Killed` (aborted or panicked) or `Failed` (every attempt failed). */
  status?: Maybe<Scalars['String']['output']>;
};

/** One changed field of an audited change (ORG-4). */
export type FieldChange = {
  __typename?: 'FieldChange';
  field: Scalars['String']['output'];
  new: Scalars['JSON']['output'];
  old: Scalars['JSON']['output'];
};

export type FollowUp = {
  __typename?: 'FollowUp';
  assignee?: Maybe<Person>;
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  completedBy?: Maybe<Person>;
  createdAt: Scalars['DateTime']['output'];
  /**
   * Null when the caller may see the task (as its assignee) but no
   * longer the customer (it changed owner).
   */
  customer?: Maybe<Customer>;
  customerId: Scalars['ID']['output'];
  dueDate: Scalars['Date']['output'];
  id: Scalars['ID']['output'];
  interactionId?: Maybe<Scalars['ID']['output']>;
  note?: Maybe<Scalars['String']['output']>;
  status?: Maybe<FollowUpStatus>;
  version: Scalars['Int']['output'];
};

export type FollowUpConnection = {
  __typename?: 'FollowUpConnection';
  /** A list of edges. */
  edges: Array<FollowUpEdge>;
  /** A list of nodes. */
  nodes: Array<FollowUp>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** Always null: this list is not counted. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge in a connection. */
export type FollowUpEdge = {
  __typename?: 'FollowUpEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: FollowUp;
};

export type FollowUpStatus =
  | 'CANCELLED'
  | 'DONE'
  | 'OPEN';

export type ForecastEntry = {
  __typename?: 'ForecastEntry';
  amount: Scalars['Decimal']['output'];
  count: Scalars['Int']['output'];
  /** First day of the expected close month (groupBy MONTH). */
  month?: Maybe<Scalars['Date']['output']>;
  /** groupBy OWNER. */
  owner?: Maybe<Person>;
  /** groupBy UNIT. */
  unit?: Maybe<OrgUnit>;
  weightedAmount: Scalars['Decimal']['output'];
};

/** How `forecast` groups (PIP-8). */
export type ForecastGroupBy =
  /** By expected close month. */
  | 'MONTH'
  /** By owner (rep). */
  | 'OWNER'
  /** By the owner's unit (for reps: their team). */
  | 'UNIT';

/** PIP-5: how the requirements were gathered. */
export type GatheredBy =
  | 'MEETING'
  | 'OTHER'
  | 'SITE_VISIT'
  | 'SURVEY';

/** CUS-1 grade (战略/重要/一般). */
export type Grade =
  | 'GENERAL'
  | 'IMPORTANT'
  | 'STRATEGIC';

/** Where a grade request stands. */
export type GradeRequestStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'RETURNED';

export type InboxNotification = {
  __typename?: 'InboxNotification';
  /** Plain text, in the recipient's locale. */
  body: Scalars['String']['output'];
  /** When it was recorded. */
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** What caused it, e.g. `revisit_due`, `followup_escalation`. */
  kind: Scalars['String']['output'];
  /** The facts it is about (customer id and name, due date, …), for links. */
  payload: Scalars['JSON']['output'];
  read: Scalars['Boolean']['output'];
  readAt?: Maybe<Scalars['DateTime']['output']>;
  /** When it appeared in the inbox. */
  sentAt: Scalars['DateTime']['output'];
  /** One line, in the recipient's locale. */
  title: Scalars['String']['output'];
};

export type InboxNotificationConnection = {
  __typename?: 'InboxNotificationConnection';
  /** A list of edges. */
  edges: Array<InboxNotificationEdge>;
  /** A list of nodes. */
  nodes: Array<InboxNotification>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** Always null: this list is not counted. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge in a connection. */
export type InboxNotificationEdge = {
  __typename?: 'InboxNotificationEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: InboxNotification;
};

export type InitiationApplication = {
  __typename?: 'InitiationApplication';
  basicFacts?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  decidedBy?: Maybe<Person>;
  expectedGoals?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  opportunityId: Scalars['ID']['output'];
  /**
   * The roles of the proposed team alone (PIP-4 also counts current
   * members at approval).
   */
  proposedRoles: Array<OpportunityTeamRole>;
  /** The team the approval creates. */
  proposedTeam: Array<ProposedTeamMember>;
  returnReason?: Maybe<Scalars['String']['output']>;
  salesStrategy?: Maybe<Scalars['String']['output']>;
  status: InitiationStatus;
  submittedBy?: Maybe<Person>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** For `approveInitiation` / `returnInitiation`. */
  version: Scalars['Int']['output'];
};

/**
 * PIP-4: SUBMITTED is open; APPROVED opens the INITIATION gate; RETURNED
 * ends the application (submit a new one).
 */
export type InitiationStatus =
  | 'APPROVED'
  | 'RETURNED'
  | 'SUBMITTED';

/** One installment of a payment plan. */
export type InstallmentInput = {
  /** Greater than 0, at most 2 decimal places. */
  amount: Scalars['Decimal']['input'];
  /** Required for FIXED_DATE, refused for the other triggers. */
  dueDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 100 characters. */
  label: Scalars['String']['input'];
  /** Days after the trigger, 0 to 3650. */
  offsetDays?: Scalars['Int']['input'];
  trigger: InstallmentTrigger;
};

/** CON-1: what sets an installment's due date. */
export type InstallmentTrigger =
  /** Acceptance date + offset. */
  | 'ACCEPTANCE'
  /** Last delivery + offset (when every order is delivered). */
  | 'DELIVERY'
  /** A date given in the plan (`dueDate`). */
  | 'FIXED_DATE'
  /** Signing date + offset. */
  | 'SIGNING'
  /** Acceptance + warranty months + offset. */
  | 'WARRANTY_END';

export type Interaction = {
  __typename?: 'Interaction';
  contactIds: Array<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  customerId: Scalars['ID']['output'];
  feedback?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind?: Maybe<InteractionKind>;
  nextStep?: Maybe<Scalars['String']['output']>;
  occurredAt: Scalars['DateTime']['output'];
  participants: Array<Scalars['String']['output']>;
  summary: Scalars['String']['output'];
};

export type InteractionConnection = {
  __typename?: 'InteractionConnection';
  /** A list of edges. */
  edges: Array<InteractionEdge>;
  /** A list of nodes. */
  nodes: Array<Interaction>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** Always null: this list is not counted. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge in a connection. */
export type InteractionEdge = {
  __typename?: 'InteractionEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Interaction;
};

/** CUS-5 kinds of interaction. */
export type InteractionKind =
  | 'DEMO'
  | 'EMAIL'
  | 'MEETING'
  | 'OTHER'
  | 'PHONE'
  | 'SEMINAR'
  | 'VISIT';

/** An invoice (REC-2). */
export type Invoice = {
  __typename?: 'Invoice';
  amount: Scalars['Decimal']['output'];
  contractId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['ID']['output'];
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  issueDate: Scalars['Date']['output'];
  /** The installment or delivery note invoiced. */
  itemId: Scalars['ID']['output'];
  note?: Maybe<Scalars['String']['output']>;
  number: Scalars['String']['output'];
};

/** One queue's jobs by state, at one moment. */
export type JobQueue = {
  __typename?: 'JobQueue';
  /** Due and waiting for a worker. */
  active: Scalars['Int']['output'];
  /** Given up on: see `failedJobs`. */
  dead: Scalars['Int']['output'];
  /** Finished (kept for a while, then pruned). */
  done: Scalars['Int']['output'];
  /** `maintenance`, `scan` or `notify`. */
  name: Scalars['String']['output'];
  /** Being run by a worker now. */
  running: Scalars['Int']['output'];
  /**
   * Waiting for their run time (apalis-redis puts every new job here
   * first, and retries after a failure).
   */
  scheduled: Scalars['Int']['output'];
  workers: Array<QueueWorker>;
};

/** KA-2 relationship class of a key account. */
export type KaClass =
  | 'GENERAL'
  | 'IMPORTANT'
  | 'STRATEGIC_PARTNER';

export type KeyAccountApplication = {
  __typename?: 'KeyAccountApplication';
  agreesWithOffering: Scalars['Boolean']['output'];
  applicant?: Maybe<Person>;
  /** Clear needs and purchasing power. */
  clearNeeds: Scalars['Boolean']['output'];
  cooperationIntent: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  customerId: Scalars['ID']['output'];
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  decidedBy?: Maybe<Person>;
  expectedAnnualRevenue: Scalars['Decimal']['output'];
  fitsStrategy: Scalars['Boolean']['output'];
  /** Good credit, no major legal disputes. */
  goodCredit: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  prereviewedAt?: Maybe<Scalars['DateTime']['output']>;
  prereviewedBy?: Maybe<Person>;
  /** Why it was rejected, at either step. */
  rejectionReason?: Maybe<Scalars['String']['output']>;
  requestedClass: KaClass;
  status: KeyAccountApplicationStatus;
  version: Scalars['Int']['output'];
};

export type KeyAccountApplicationConnection = {
  __typename?: 'KeyAccountApplicationConnection';
  /** A list of edges. */
  edges: Array<KeyAccountApplicationEdge>;
  /** A list of nodes. */
  nodes: Array<KeyAccountApplication>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** Always null: this list is not counted. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge in a connection. */
export type KeyAccountApplicationEdge = {
  __typename?: 'KeyAccountApplicationEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: KeyAccountApplication;
};

/** KA-2 admission states. */
export type KeyAccountApplicationStatus =
  | 'APPROVED'
  | 'PENDING_APPROVAL'
  | 'PENDING_PREREVIEW'
  | 'REJECTED';

export type KeyAccountEvaluation = {
  __typename?: 'KeyAccountEvaluation';
  createdAt: Scalars['DateTime']['output'];
  customerId: Scalars['ID']['output'];
  evaluatedBy?: Maybe<Person>;
  id: Scalars['ID']['output'];
  level: RelationshipLevel;
  loyalty: Scalars['Int']['output'];
  note?: Maybe<Scalars['String']['output']>;
  progress: Scalars['Int']['output'];
  quarter: Scalars['Int']['output'];
  revenue: Scalars['Int']['output'];
  satisfaction: Scalars['Int']['output'];
  /**
   * 0..100: weights satisfaction 30%, loyalty 25%, progress 20%, revenue
   * 25%; (weighted average − 1) / 4 × 100.
   */
  score: Scalars['Decimal']['output'];
  year: Scalars['Int']['output'];
};

export type KeyAccountPlan = {
  __typename?: 'KeyAccountPlan';
  actions: Scalars['String']['output'];
  approvedBy?: Maybe<Person>;
  createdAt: Scalars['DateTime']['output'];
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** Why it was returned (RETURNED only). */
  returnReason?: Maybe<Scalars['String']['output']>;
  reviewedBy?: Maybe<Person>;
  status: KeyAccountPlanStatus;
  strategy: Scalars['String']['output'];
  submittedBy?: Maybe<Person>;
  targetRevenue: Scalars['Decimal']['output'];
  version: Scalars['Int']['output'];
  year: Scalars['Int']['output'];
};

/** KA-3 plan states. */
export type KeyAccountPlanStatus =
  | 'APPROVED'
  | 'RETURNED'
  | 'REVIEWED'
  | 'SUBMITTED';

/** KPI-2: whose facts a scheme line measures. */
export type KpiBasis =
  /** The person's own facts. */
  | 'OWN'
  /**
   * The facts of everyone in the person's unit and the units below it;
   * a null target is the unit's TGT-1 target.
   */
  | 'UNIT';

/** One month of a KPI trend. */
export type KpiTrendPoint = {
  __typename?: 'KpiTrendPoint';
  denominator?: Maybe<Scalars['Decimal']['output']>;
  /** 1–12. */
  month: Scalars['Int']['output'];
  /** Null for a month without results. */
  numerator?: Maybe<Scalars['Decimal']['output']>;
  /** People whose results the month has. */
  people: Scalars['Int']['output'];
  /**
   * A person's stored actual; a unit's value of Σ numerator and Σ
   * denominator. Null for a month without results (not zero), or when
   * the denominator is zero.
   */
  value?: Maybe<Scalars['Decimal']['output']>;
  year: Scalars['Int']['output'];
};

export type Lead = {
  __typename?: 'Lead';
  budget?: Maybe<Scalars['Decimal']['output']>;
  companyName: Scalars['String']['output'];
  contactEmail?: Maybe<Scalars['String']['output']>;
  contactName?: Maybe<Scalars['String']['output']>;
  contactPhone?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** The customer it was qualified into, if the caller may see it. */
  customer?: Maybe<Customer>;
  disqualifyReason?: Maybe<Scalars['String']['output']>;
  expectedCloseDate?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  industry?: Maybe<Scalars['String']['output']>;
  needs?: Maybe<Scalars['String']['output']>;
  /** The opportunity it was qualified into. */
  opportunityId?: Maybe<Scalars['ID']['output']>;
  owner?: Maybe<Person>;
  ownerUnit?: Maybe<OrgUnit>;
  region?: Maybe<Scalars['String']['output']>;
  /** 0–100: Σ weight × factor value, rounded half up (docs/pipeline.md). */
  score: Scalars['Int']['output'];
  /** The score explained, one entry per factor in a fixed order. */
  scoreFactors: Array<LeadScoreFactor>;
  sizeClass?: Maybe<SizeClass>;
  source: CustomerSource;
  status: LeadStatus;
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

export type LeadConnection = {
  __typename?: 'LeadConnection';
  /** A list of edges. */
  edges: Array<LeadEdge>;
  /** A list of nodes. */
  nodes: Array<Lead>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** How many leads match the filter (all pages), within scope. */
  totalCount: Scalars['Int']['output'];
};

/** A new customer from a lead; omitted fields come from the lead. */
export type LeadCustomerInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  /** CUS-2: a similar name is a different company (not a credit code). */
  confirmDistinct?: Scalars['Boolean']['input'];
  creditCode?: InputMaybe<Scalars['String']['input']>;
  industry?: InputMaybe<Scalars['String']['input']>;
  /** Default: the lead's company name. */
  name?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  sizeClass?: InputMaybe<SizeClass>;
};

/** An edge in a connection. */
export type LeadEdge = {
  __typename?: 'LeadEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Lead;
};

export type LeadFilter = {
  /** Score at least this (0–100). */
  minScore?: InputMaybe<Scalars['Int']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<LeadStatus>;
};

/** The opportunity a lead is qualified into. */
export type LeadOpportunityInput = {
  /** Default: the lead's budget, or 0. */
  amount?: InputMaybe<Scalars['Decimal']['input']>;
  /** Default: the lead's expected close date. */
  expectedCloseDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 200 characters. */
  name: Scalars['String']['input'];
};

/** The order of the lead list (always descending). */
export type LeadOrder =
  /** Newest first. */
  | 'CREATED_AT'
  /** Highest score first. */
  | 'SCORE';

/**
 * One factor of a lead's score: its weight, the value 0–1 the rule gave,
 * the points (weight × value) and why.
 */
export type LeadScoreFactor = {
  __typename?: 'LeadScoreFactor';
  /** `industry_fit`, `size`, `budget`, `region` or `timeline`. */
  factor: Scalars['String']['output'];
  points: Scalars['Float']['output'];
  reason: Scalars['String']['output'];
  value: Scalars['Float']['output'];
  weight: Scalars['Int']['output'];
};

/** PIP-1 lifecycle of a lead. */
export type LeadStatus =
  | 'DISQUALIFIED'
  | 'NEW'
  | 'QUALIFIED';

/** One line of the leaderboard. */
export type LeaderboardEntry = {
  __typename?: 'LeaderboardEntry';
  /** Every KPI had a target. */
  complete: Scalars['Boolean']['output'];
  /**
   * S, A, B, C or D (KPI-3); null when nothing could be assessed (every
   * KPI without data, KPI-2).
   */
  grade?: Maybe<Scalars['String']['output']>;
  person?: Maybe<Person>;
  /** Within this list by total (ties share a rank: 1, 2, 2, 4). */
  rank: Scalars['Int']['output'];
  /** Within the person's unit, as the run stored it (KPI-3). */
  rankInUnit: Scalars['Int']['output'];
  /** The assessment result. */
  resultId: Scalars['ID']['output'];
  schemeId: Scalars['ID']['output'];
  /** Σ weighted scores. */
  total: Scalars['Decimal']['output'];
  /** The person's unit when assessed. */
  unit?: Maybe<OrgUnit>;
  /** People ranked in that unit. */
  unitSize: Scalars['Int']['output'];
};

/** One REC-1 ledger entry. Debit > 0, credit < 0. */
export type LedgerEntry = {
  __typename?: 'LedgerEntry';
  amount: Scalars['Decimal']['output'];
  contractId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['ID']['output']>;
  customerId: Scalars['ID']['output'];
  entryDate: Scalars['Date']['output'];
  id: Scalars['ID']['output'];
  invoiceId?: Maybe<Scalars['ID']['output']>;
  /**
   * The installment or delivery note the entry concerns; none for
   * customer credit (PREPAYMENT, the used side of CREDIT_APPLIED,
   * customer-level ADJUSTMENT).
   */
  itemId?: Maybe<Scalars['ID']['output']>;
  /** SALE, RECEIPT, PREPAYMENT, CREDIT_APPLIED, ADJUSTMENT, WRITE_OFF, REVERSAL. */
  kind: Scalars['String']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  receiptId?: Maybe<Scalars['ID']['output']>;
  reversalOf?: Maybe<Scalars['ID']['output']>;
  /** Posting order. */
  seq: Scalars['Int']['output'];
};

/** The language of a person's emails and screens. */
export type Locale =
  | 'EN'
  | 'ZH_CN';

export type LogInteractionInput = {
  /** Contacts of this customer who took part. */
  contactIds?: Array<Scalars['ID']['input']>;
  customerId: Scalars['ID']['input'];
  feedback?: InputMaybe<Scalars['String']['input']>;
  kind: InteractionKind;
  /**
   * Creates a follow-up task for the customer's owner, due that day
   * (not in the past, company time zone).
   */
  nextFollowUpDate?: InputMaybe<Scalars['Date']['input']>;
  nextStep?: InputMaybe<Scalars['String']['input']>;
  /** Not more than 5 minutes in the future. */
  occurredAt: Scalars['DateTime']['input'];
  /** Up to 20 names, each up to 100 characters. */
  participants?: Array<Scalars['String']['input']>;
  /** 1 to 5000 characters. */
  summary: Scalars['String']['input'];
};

export type LogInteractionPayload = {
  __typename?: 'LogInteractionPayload';
  /** The task created for `nextFollowUpDate`, if one was given. */
  followUp?: Maybe<FollowUp>;
  interaction: Interaction;
};

export type LoginPayload = {
  __typename?: 'LoginPayload';
  expiresAt: Scalars['DateTime']['output'];
  /** Send as `Authorization: Bearer <token>`. */
  token: Scalars['String']['output'];
  user: User;
};

export type Milestone = {
  __typename?: 'Milestone';
  /** Set when the milestone is done. */
  actualDate?: Maybe<Scalars['Date']['output']>;
  contractId: Scalars['ID']['output'];
  done: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  note?: Maybe<Scalars['String']['output']>;
  /** Days past the planned date while not done (0 otherwise; company day). */
  overdueDays: Scalars['Int']['output'];
  percentDone: Scalars['Int']['output'];
  plannedDate: Scalars['Date']['output'];
  /** 1, 2, … in plan order. */
  position: Scalars['Int']['output'];
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

/** The month's work logs in figures. */
export type MonthLogStats = {
  __typename?: 'MonthLogStats';
  /** Σ customers contacted. */
  contacts: Scalars['Int']['output'];
  /** Of which submitted late. */
  lateLogs: Scalars['Int']['output'];
  /** Logs of days in the month. */
  logs: Scalars['Int']['output'];
  /** Σ customers visited. */
  visits: Scalars['Int']['output'];
};

/** A monthly summary (TGT-4), with what the month's logs add up to. */
export type MonthlySummary = {
  __typename?: 'MonthlySummary';
  id: Scalars['ID']['output'];
  /** What the person's work logs of the month add up to (computed now). */
  logStats: MonthLogStats;
  month: Scalars['Int']['output'];
  nextMonthPlan: Scalars['String']['output'];
  reviewComment?: Maybe<Scalars['String']['output']>;
  reviewedAt?: Maybe<Scalars['DateTime']['output']>;
  reviewedById?: Maybe<Scalars['ID']['output']>;
  status: WorkReportStatus;
  submittedAt: Scalars['DateTime']['output'];
  summary: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  userId: Scalars['ID']['output'];
  version: Scalars['Int']['output'];
  year: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * PIP-7: adds a competitor note to an open opportunity; the owner, a
   * manager over its unit or a project team member. CONFLICT when the
   * opportunity already has a note on that name.
   */
  addCompetitor: Competitor;
  addContact: Contact;
  /**
   * CON-6: adds a milestone at the end of an APPROVED, SIGNED or EXECUTING
   * contract's plan.
   */
  addMilestone: Milestone;
  /** KA-1: applies for key-account admission of a customer you may change. */
  applyForKeyAccount: KeyAccountApplication;
  /**
   * CON-2: finance gives the finance step, the sales director (or GM)
   * the final one, which needs `creditExcessApproved: true` when REC-8
   * asks for it. Never one's own contract.
   */
  approveContract: Contract;
  /**
   * PIP-4: approves a SUBMITTED application (the sales manager over the
   * opportunity's unit, the sales director or the general manager; never
   * the submitter). A project of ≥ 1 000 000 or complex needs a leader, a
   * sales manager, a rep and a technical lead (VALIDATION on `team`
   * naming the missing roles). Creates the project team.
   */
  approveInitiation: InitiationApplication;
  /** KA-3 approval by the director or GM: REVIEWED → APPROVED or RETURNED. */
  approveKeyAccountPlan: KeyAccountPlan;
  /**
   * PIP-6: approves a pending quote — by the approver its margin
   * requires (or a stricter one); never by its own author (FORBIDDEN).
   */
  approveQuote: Quote;
  /**
   * TGT-3: the author's supervisor chain approves a SUBMITTED plan;
   * never the author (FORBIDDEN).
   */
  approveSalesPlan: SalesPlan;
  /**
   * AUTO-7: removes a waiting (scheduled or active) or dead job so that
   * it never runs (ADMIN). CONFLICT while a worker runs it; NOT_FOUND
   * for a finished or unknown one.
   */
  cancelJob: Scalars['Boolean']['output'];
  /**
   * Cancels a PENDING or FAILED notification and its in-app twin; any
   * other status: CONFLICT (ADMIN, audited).
   */
  cancelNotification: Notification;
  /** Cancels an order with nothing shipped; reason 1 to 2000 characters. */
  cancelOrder: Order;
  /** REC-6: cancels a promise to pay; dunning resumes on the next scan. */
  cancelPromiseToPay: PromiseToPay;
  /** CUS-3: claim a pool customer; the first claim wins, others get CONFLICT. */
  claimCustomer: Customer;
  /**
   * CON-9: RESOLVED → CLOSED, only with the customer's confirmation: the
   * name of the contact person who confirmed.
   */
  closeAfterSales: AfterSalesRequest;
  /**
   * RESOLVED → CLOSED; the reply to the customer and the satisfaction
   * follow-up (1..5) are required.
   */
  closeComplaint: Complaint;
  /** CON-2: ACCEPTED → CLOSED. */
  closeContract: Contract;
  /** REC-6: closes a payment dispute; dunning resumes on the next scan. */
  closePaymentDispute: PaymentDispute;
  /** Completes a follow-up task (assignee or their supervisor/manager). */
  completeFollowUp: FollowUp;
  /**
   * REC-9: finance has the declared money since `handedOverOn`: records
   * its receipt (allocated oldest due first) and confirms the
   * declaration. Finance only; `version` guards against a concurrent
   * decision. Audited as CASH_COLLECTION CONFIRM and RECEIPT CREATE.
   */
  confirmCashHandover: CashHandoverResult;
  /**
   * CON-5: the customer received the shipment (once). Every shipment of
   * a fully shipped order delivered → DELIVERED; every order of a
   * contract delivered → its DELIVERY installments fall due.
   */
  confirmDelivery: Shipment;
  /**
   * CON-3: DRAFT → CONFIRMED (promised date required). Outside a
   * contract the REC-8 credit check runs: an excess or a credit hold
   * needs a SALES_DIRECTOR or GENERAL_MANAGER with
   * `creditExcessApproved: true` (else CONFLICT). A SIGNED contract
   * starts EXECUTING. Production, finance and the executive are
   * notified (`order_confirmed`).
   */
  confirmOrder: Order;
  /**
   * CON-9: records an after-sales request; `respondBy` follows from the
   * priority.
   */
  createAfterSalesRequest: AfterSalesRequest;
  /**
   * ADMIN: a named read-only token for a dashboard app, optionally limited
   * to a unit's subtree. The token is shown once.
   */
  createApiToken: CreateApiTokenPayload;
  /**
   * CON-1: a DRAFT contract entered directly by a sales assistant (or
   * the director, the GM, an admin) for a customer in their scope.
   */
  createContract: Contract;
  /**
   * CON-1: a DRAFT contract from an ACCEPTED quote of an opportunity in
   * CONTRACT that the caller may change; amount and currency from the
   * quote. One live contract per quote (CONFLICT).
   */
  createContractFromQuote: Contract;
  /** CUS-1 with the CUS-2 duplicate check; `confirmDistinct` overrides a similar name (not a credit code). */
  createCustomer: Customer;
  /** PIP-1: captures a lead owned by the caller (sales staff), scored at once. */
  createLead: Lead;
  /** PIP-2: a new opportunity in EVALUATION, owned by the caller. */
  createOpportunity: Opportunity;
  /**
   * CON-3: a new DRAFT order numbered DD-<year>-<seq>, for a customer in
   * the caller's contract scope, optionally against a SIGNED or
   * EXECUTING contract of that customer.
   */
  createOrder: Order;
  /** ADMIN: adds a unit below an existing one. */
  createOrgUnit: OrgUnit;
  /**
   * PIP-6: a new DRAFT quote, the next version of the opportunity; by
   * the opportunity's owner or a manager over its unit.
   */
  createQuote: Quote;
  /** TGT-3: the caller's plan for a week, as a DRAFT. Audited SALES_PLAN. */
  createSalesPlan: SalesPlan;
  /**
   * PIP-7: creates a tender on an open opportunity, its deadline in the
   * future; the owner or a manager over its unit.
   */
  createTender: Tender;
  /** ADMIN: adds a person. */
  createUser: User;
  deactivateContact: Contact;
  /** ADMIN: deactivates an empty unit. */
  deactivateOrgUnit: OrgUnit;
  /** ADMIN: deactivates a person and ends their sessions. */
  deactivateUser: User;
  /**
   * CUS-1: the owner's supervisor or above (never the requester)
   * approves — the customer takes the grade — or returns the request
   * with a reason (required to return).
   */
  decideCustomerGradeRequest: CustomerGradeRequest;
  /**
   * KA-2 decision by the sales director or general manager at
   * PENDING_APPROVAL. Approval makes the customer a key account of
   * `kaClass` (default: the requested class).
   */
  decideKeyAccount: KeyAccountApplication;
  /** CUS-3: the sales manager decides the owner and the performance shares (sum 100). */
  decideOwnershipDispute: OwnershipDispute;
  /**
   * REC-9: the caller declares money they collected in person from a
   * customer in their receivable scope. Pending until finance confirms
   * the handover; the ledger is unchanged until then; due to finance
   * within 90 days of `collectedOn`. Audited as CASH_COLLECTION CREATE.
   */
  declareCashCollection: CashCollection;
  /** PIP-1: disqualifies a NEW lead; `reason` is required. */
  disqualifyLead: Lead;
  /** KA-4: a quarterly relationship evaluation of a key account. */
  evaluateKeyAccount: KeyAccountEvaluation;
  /**
   * KPI-3: locks a period (later runs are refused) and emails the
   * results and unit summaries. VALIDATION while a result is incomplete
   * (naming the people) or before the first run; CONFLICT when already
   * finalised. Sales director, GM and admins. Audited (ASSESSMENT_PERIOD
   * FINALIZE).
   */
  finalizeAssessment: AssessmentPeriod;
  /**
   * REC-5 (ADMIN, FINANCE): generates the statements of `month`
   * (`YYYY-MM`, not in the future) now, without sending them; unsent
   * ones are refreshed, sent ones kept as they are.
   */
  generateStatements: StatementRun;
  /** CUS-5: logs an interaction with a customer the caller may change. */
  logInteraction: LogInteractionPayload;
  /**
   * Signs in. Unknown email and wrong password answer alike
   * (UNAUTHENTICATED); repeated failures answer TOO_MANY_REQUESTS.
   * Besides the token for apps, the session is set as the browser's
   * HttpOnly `salesd_session` cookie (docs/console.md).
   */
  login: LoginPayload;
  /**
   * Ends the session of the token this request carries (its bearer
   * token, else its session cookie) and clears the session cookie.
   */
  logout: Scalars['Boolean']['output'];
  /** Marks every unread notification of the caller read; returns how many. */
  markAllNotificationsRead: Scalars['Int']['output'];
  /**
   * Marks one of the caller's notifications read; marking it again keeps
   * the first `readAt`. NOT_FOUND for anyone else's.
   */
  markNotificationRead: InboxNotification;
  /**
   * PIP-2: LOST from any open stage, with a reason and optionally the
   * competitor who won.
   */
  markOpportunityLost: Opportunity;
  /**
   * PIP-2: moves to another stage. Forward past each gate only with its
   * artefact (CONFLICT otherwise); backward only by a manager, with a
   * reason (FORBIDDEN otherwise); never out of WON/LOST.
   */
  moveOpportunityStage: Opportunity;
  openOwnershipDispute: OwnershipDispute;
  /**
   * REC-6: opens a payment dispute on an item (reason required); its
   * dunning waits until the dispute is closed.
   */
  openPaymentDispute: PaymentDispute;
  /**
   * REC-1 (ADMIN): posts every item due by `asOf` (not after today) and
   * not yet posted, as the daily job does.
   */
  postDueReceivables: PostingSummary;
  /**
   * KA-2 pre-review by the sales department head (the sales manager of the
   * customer's region, or the sales director). Rejecting needs a reason.
   */
  prereviewKeyAccount: KeyAccountApplication;
  /**
   * PIP-1: qualifies a NEW lead into a customer — new (`customer`, with the
   * CUS-2 duplicate check) or existing (`existingCustomerId`), exactly one —
   * and an opportunity, in one transaction; any refusal creates nothing.
   */
  qualifyLead: QualifyLeadPayload;
  /**
   * CON-7: records an acceptance of an EXECUTING contract whose delivery
   * is done; PASSED makes it ACCEPTED and its acceptance-linked
   * installments due.
   */
  recordAcceptance: Acceptance;
  /**
   * REC-1: a ± correction with a reason (finance), on an item of the
   * customer or on the customer's credit.
   */
  recordAdjustment: LedgerEntry;
  /**
   * REC-9: the money of a receipt collected in person reached finance on
   * `handedOverOn` (not before the collection, not in the future).
   * Finance only. Audited as RECEIPT HANDOVER.
   */
  recordCashHandover: Receipt;
  /** CUS-9: records a complaint; its deadline follows from the severity. */
  recordComplaint: Complaint;
  /**
   * PIP-3: records an evaluation of an open opportunity; the owner or a
   * manager over its unit. NO_GO does not move the stage (mark it LOST).
   */
  recordEvaluation: OpportunityEvaluation;
  /**
   * REC-2: records a tax invoice against an item (finance); posts the
   * SALE debit of what is newly invoiced and not yet posted.
   */
  recordInvoice: Invoice;
  /**
   * PIP-7: records a negotiation on an open opportunity; the owner, a
   * manager over its unit or a project team member.
   */
  recordNegotiation: Negotiation;
  /**
   * REC-6: records a customer's promise to pay by a date; dunning of the
   * item (or of all the customer's items) waits through that date. An
   * overlapping active promise → VALIDATION `promisedDate`.
   */
  recordPromiseToPay: PromiseToPay;
  /**
   * Records the customer's answer to a SENT quote: ACCEPTED or DECLINED,
   * with an optional note (at most 2000 characters).
   */
  recordQuoteDecision: Quote;
  /**
   * REC-2: records a receipt (finance), allocated oldest due first or
   * explicitly; the rest becomes customer credit.
   */
  recordReceipt: Receipt;
  /**
   * PIP-5: records a requirements report (opens the PROPOSAL gate); the
   * owner, a manager over the unit or a project team member.
   */
  recordRequirementsReport: RequirementsReport;
  /** CUS-8: records a satisfaction survey score. */
  recordSatisfaction: SatisfactionSurvey;
  /**
   * CON-5: records a shipment of a confirmed order; quantities at most
   * what remains of each line. Fully shipped → SHIPPED.
   */
  recordShipment: Shipment;
  /**
   * PIP-7: records the final result of a submitted tender at `version`
   * (before submission or a second time: CONFLICT). The winner and their
   * price only for LOST; WON records our bid as the winning price. Does
   * not move the opportunity.
   */
  recordTenderResult: Tender;
  /**
   * REC-9: finance rejects a declaration that does not match the money
   * (reason required, at most 500 characters). Audited as
   * CASH_COLLECTION REJECT.
   */
  rejectCashCollection: CashCollection;
  /**
   * Rejects a pending quote with a reason (1 to 2000 characters); same
   * approvers as `approveQuote`.
   */
  rejectQuote: Quote;
  /** CUS-3/4: return a customer to the pool; its owner cannot claim it back for 30 days. */
  releaseCustomer: Customer;
  /**
   * TGT-5: removes the exception of `date` (NOT_FOUND when it has
   * none); returns what was removed. ADMIN only. Audited (CALENDAR_DAY).
   */
  removeBusinessCalendarDay: BusinessCalendarDay;
  /**
   * PIP-7: removes a competitor note at `version`; the same writers.
   * True when removed.
   */
  removeCompetitor: Scalars['Boolean']['output'];
  /** Removes a team member; NOT_FOUND if they are not on the team. */
  removeOpportunityTeamMember: Scalars['Boolean']['output'];
  /** CON-9: RESOLVED → IN_PROGRESS when the customer does not confirm. */
  reopenAfterSales: AfterSalesRequest;
  /**
   * CUS-1: asks the owner's supervisor for another grade of a customer
   * the caller may change (reason 1–500 characters); one pending request
   * per customer (CONFLICT). Reps change no grade themselves.
   */
  requestCustomerGrade: CustomerGradeRequest;
  /** CON-9: IN_PROGRESS → RESOLVED with the resolution. */
  resolveAfterSales: AfterSalesRequest;
  /** INVESTIGATING → RESOLVED; cause and solution are required. */
  resolveComplaint: Complaint;
  /**
   * KPI-5: closes a flag with a note (1–2 000 characters). Sales
   * director, GM and admins. Audited (ASSESSMENT_FLAG RESOLVE).
   */
  resolveUnderperformanceFlag: UnderperformanceFlag;
  /**
   * CON-9: OPEN → IN_PROGRESS, the first response; the assignee defaults
   * to the responder.
   */
  respondAfterSales: AfterSalesRequest;
  /** KA-3: changes a RETURNED plan and submits it again. */
  resubmitKeyAccountPlan: KeyAccountPlan;
  /**
   * AUTO-7: puts a dead job back on its queue to run again, with its
   * attempts reset (ADMIN). NOT_FOUND unless it is dead.
   */
  retryJob: Scalars['Boolean']['output'];
  /**
   * Sends a FAILED notification again, due now; its attempts stay
   * counted. Any other status: CONFLICT (ADMIN, audited).
   */
  retryNotification: Notification;
  /**
   * CON-2: IN_REVIEW → DRAFT with a reason (1 to 2000 characters),
   * clearing the approvals.
   */
  returnContract: Contract;
  /**
   * PIP-4: returns a SUBMITTED application with a reason (1 to 2000
   * characters); the same deciders as approval. Submit a new one after.
   */
  returnInitiation: InitiationApplication;
  /**
   * TGT-3: the author's supervisor chain returns a SUBMITTED plan with a
   * reason; never the author (FORBIDDEN).
   */
  returnSalesPlan: SalesPlan;
  /**
   * REC-2: reverses a wrongly recorded receipt (finance; reason
   * required): its items reopen, its credit goes.
   */
  reverseReceipt: Receipt;
  /** KA-3 review by the department head: SUBMITTED → REVIEWED or RETURNED. */
  reviewKeyAccountPlan: KeyAccountPlan;
  /** TGT-4: the supervisor's review of a monthly summary. */
  reviewMonthlySummary: MonthlySummary;
  /**
   * TGT-4: the supervisor's review of a weekly report (once; never the
   * author's own).
   */
  reviewWeeklyReport: WeeklyReport;
  /** ADMIN: revokes a token at once. */
  revokeApiToken: ApiToken;
  /**
   * KPI-3: runs (or re-runs) a period's assessment for everyone with a
   * scheme; CONFLICT once the period is finalised. Sales director, GM
   * and admins. Audited (ASSESSMENT_PERIOD RUN).
   */
  runAssessment: AssessmentRunReport;
  /**
   * PIP-6 "不得擅自对外报价": sends an APPROVED quote to the customer;
   * any other state is CONFLICT.
   */
  sendQuote: Quote;
  /**
   * KPI-2: sets a role's scheme: creates it (without `version`) or
   * replaces name, commission rate and KPIs as a whole (with the version
   * read). Sales director, GM and admins. Audited (ASSESSMENT_SCHEME).
   */
  setAssessmentScheme: AssessmentScheme;
  /**
   * TGT-5: makes `date` a holiday (`working: false`, Monday to Friday
   * only) or a make-up working day (`working: true`, Saturday or Sunday
   * only), with an optional name (≤ 100). ADMIN only. Audited
   * (CALENDAR_DAY).
   */
  setBusinessCalendarDay: BusinessCalendarDay;
  /**
   * REC-8: sets the customer's credit limit and rating (≤ 20
   * characters; empty or null clears it). `limit`: an amount ≥ 0 with 2
   * places (0: no credit at all); `unlimited: true`: "no limit"
   * (without `limit`); neither: back to the company default for the
   * customer's grade. Finance, the sales director or the general
   * manager; `version` guards against a concurrent change. Audited as
   * CUSTOMER CREDIT.
   */
  setCustomerCredit: CreditStatus;
  /**
   * PIP-4: adds a team member or changes their role and duties; the
   * owner or a manager over the unit.
   */
  setOpportunityTeamMember: OpportunityTeamMember;
  /**
   * CON-4: the expected delivery date of an open order, with a reason
   * (1 to 2000 characters). Later than the promised date: the contact
   * and the owner are told at once (`delivery_slip`, once per date).
   */
  setOrderExpectedDate: Order;
  /**
   * CON-3 production progress: CONFIRMED → IN_PRODUCTION → READY,
   * forward only.
   */
  setOrderStatus: Order;
  /**
   * TGT-1: sets the target of (metric, period, scope): creates it
   * (without `version`) or changes its amount (with the version read).
   * Director, GM and admin set every target; a unit head those of the
   * units below theirs and of their people. Audited (TARGET).
   */
  setTarget: Target;
  /**
   * CON-2: APPROVED → SIGNED on `signedDate` (not in the future); SIGNING
   * installments fall due and the opportunity becomes WON.
   */
  signContract: Contract;
  /** RECEIVED → INVESTIGATING, optionally (re)assigning the responsible unit. */
  startComplaintInvestigation: Complaint;
  /** CON-2: SIGNED → EXECUTING. */
  startContractExecution: Contract;
  /**
   * CON-2: DRAFT → IN_REVIEW; fixes the finance step (terms over 90
   * days) and runs the REC-8 credit check.
   */
  submitContract: Contract;
  /**
   * PIP-4: submits an initiation application with the proposed team;
   * the owner or a manager over the unit. CONFLICT while another is
   * SUBMITTED or one is APPROVED.
   */
  submitInitiation: InitiationApplication;
  /** KA-3: a key account's plan for a year (one per year). */
  submitKeyAccountPlan: KeyAccountPlan;
  /** TGT-4: the caller's monthly summary. Audited MONTHLY_SUMMARY. */
  submitMonthlySummary: MonthlySummary;
  /**
   * PIP-6: submits a DRAFT or REJECTED quote; the approver is set by its
   * margin (`requiredApproverRole`).
   */
  submitQuote: Quote;
  /** TGT-3: the author submits a DRAFT or RETURNED plan. */
  submitSalesPlan: SalesPlan;
  /**
   * PIP-7: submits a tender at `version`: once, strictly before its
   * deadline (after it: CONFLICT), with a bid amount (VALIDATION on
   * `bidAmount` without one).
   */
  submitTender: Tender;
  /** TGT-4: the caller's weekly report. Audited WEEKLY_REPORT. */
  submitWeeklyReport: WeeklyReport;
  /**
   * TGT-4: the caller's log of a day (today or earlier, company time);
   * CONFLICT when the day is logged already. Audited WORK_LOG.
   */
  submitWorkLog: WorkLog;
  /**
   * CON-2: any non-final state → TERMINATED with a reason; the sales
   * director, the GM or an admin only.
   */
  terminateContract: Contract;
  /** CUS-3: a manager gives the customer to another active user. */
  transferCustomer: Customer;
  /** Replaces a setting's value after its key's validation; `version` as read. */
  updateCompanySetting: CompanySetting;
  /**
   * PIP-7: replaces a competitor note's fields at `version`; the same
   * writers.
   */
  updateCompetitor: Competitor;
  /** Replaces a contact's fields. */
  updateContact: Contact;
  /** CON-1: replaces the terms and the payment plan of a DRAFT contract. */
  updateContract: Contract;
  /** Changes a customer (not its owner); a new name or credit code is checked again (CUS-2). */
  updateCustomer: Customer;
  /** PIP-1: changes a NEW lead (owner or a manager over its unit) and re-scores it. */
  updateLead: Lead;
  /** CON-6: changes a milestone; an actual date marks it done (100 %). */
  updateMilestone: Milestone;
  /** TGT-4: the author changes their monthly summary until it is reviewed. */
  updateMonthlySummary: MonthlySummary;
  /**
   * Changes an open opportunity's fields (not its stage); the owner or a
   * manager over its unit.
   */
  updateOpportunity: Opportunity;
  /** Replaces a DRAFT order's fields and lines at `version`. */
  updateOrder: Order;
  /** ADMIN: renames, moves (no cycles) or re-heads a unit. */
  updateOrgUnit: OrgUnit;
  /** Replaces a DRAFT or REJECTED quote's terms and lines. */
  updateQuote: Quote;
  /** PIP-5: replaces a report's fields at `version`; the same writers. */
  updateRequirementsReport: RequirementsReport;
  /**
   * TGT-3: replaces the note and items of the caller's DRAFT or RETURNED
   * plan.
   */
  updateSalesPlan: SalesPlan;
  /**
   * PIP-7: replaces a tender's fields at `version` until it is submitted
   * (then CONFLICT); a changed deadline must be in the future.
   */
  updateTender: Tender;
  /** ADMIN: changes a person's record (give the `version` you read). */
  updateUser: User;
  /** TGT-4: the author changes their weekly report until it is reviewed. */
  updateWeeklyReport: WeeklyReport;
  /**
   * TGT-4: the author changes their log (day, submission time and late
   * flag stay).
   */
  updateWorkLog: WorkLog;
  /**
   * REC-1: writes off part or all of an item's open amount (finance;
   * reason required; at most the open amount).
   */
  writeOff: LedgerEntry;
};


export type MutationAddCompetitorArgs = {
  input: CompetitorInput;
  opportunityId: Scalars['ID']['input'];
};


export type MutationAddContactArgs = {
  customerId: Scalars['ID']['input'];
  input: ContactInput;
};


export type MutationAddMilestoneArgs = {
  input: AddMilestoneInput;
};


export type MutationApplyForKeyAccountArgs = {
  input: ApplyForKeyAccountInput;
};


export type MutationApproveContractArgs = {
  creditExcessApproved?: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationApproveInitiationArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationApproveKeyAccountPlanArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationApproveQuoteArgs = {
  id: Scalars['ID']['input'];
  rowVersion: Scalars['Int']['input'];
};


export type MutationApproveSalesPlanArgs = {
  comment?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationCancelJobArgs = {
  id: Scalars['ID']['input'];
  queue: Scalars['String']['input'];
};


export type MutationCancelNotificationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelOrderArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationCancelPromiseToPayArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationClaimCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCloseAfterSalesArgs = {
  confirmedBy: Scalars['String']['input'];
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationCloseComplaintArgs = {
  id: Scalars['ID']['input'];
  outcomeSatisfaction?: InputMaybe<Scalars['Int']['input']>;
  reply?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationCloseContractArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationClosePaymentDisputeArgs = {
  id: Scalars['ID']['input'];
  resolution?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCompleteFollowUpArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationConfirmCashHandoverArgs = {
  handedOverOn: Scalars['Date']['input'];
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationConfirmDeliveryArgs = {
  deliveredDate: Scalars['Date']['input'];
  shipmentId: Scalars['ID']['input'];
};


export type MutationConfirmOrderArgs = {
  creditExcessApproved?: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationCreateAfterSalesRequestArgs = {
  input: CreateAfterSalesInput;
};


export type MutationCreateApiTokenArgs = {
  name: Scalars['String']['input'];
  unitId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationCreateContractArgs = {
  input: CreateContractInput;
};


export type MutationCreateContractFromQuoteArgs = {
  input: CreateContractFromQuoteInput;
};


export type MutationCreateCustomerArgs = {
  confirmDistinct?: Scalars['Boolean']['input'];
  input: CreateCustomerInput;
};


export type MutationCreateLeadArgs = {
  input: CreateLeadInput;
};


export type MutationCreateOpportunityArgs = {
  input: CreateOpportunityInput;
};


export type MutationCreateOrderArgs = {
  input: CreateOrderInput;
};


export type MutationCreateOrgUnitArgs = {
  input: CreateOrgUnitInput;
};


export type MutationCreateQuoteArgs = {
  input: CreateQuoteInput;
};


export type MutationCreateSalesPlanArgs = {
  input: CreateSalesPlanInput;
};


export type MutationCreateTenderArgs = {
  input: TenderInput;
  opportunityId: Scalars['ID']['input'];
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationDeactivateContactArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationDeactivateOrgUnitArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationDeactivateUserArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationDecideCustomerGradeRequestArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationDecideKeyAccountArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  kaClass?: InputMaybe<KaClass>;
  reason?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationDecideOwnershipDisputeArgs = {
  decision?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  ownerId: Scalars['ID']['input'];
  shares: Array<ShareInput>;
};


export type MutationDeclareCashCollectionArgs = {
  input: DeclareCashCollectionInput;
};


export type MutationDisqualifyLeadArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationEvaluateKeyAccountArgs = {
  input: EvaluateKeyAccountInput;
};


export type MutationFinalizeAssessmentArgs = {
  periodKind: TargetPeriodKind;
  periodNo?: Scalars['Int']['input'];
  year: Scalars['Int']['input'];
};


export type MutationGenerateStatementsArgs = {
  month: Scalars['String']['input'];
};


export type MutationLogInteractionArgs = {
  input: LogInteractionInput;
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationMarkNotificationReadArgs = {
  id: Scalars['ID']['input'];
};


export type MutationMarkOpportunityLostArgs = {
  competitor?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationMoveOpportunityStageArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  to: OpportunityStage;
  version: Scalars['Int']['input'];
};


export type MutationOpenOwnershipDisputeArgs = {
  customerId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationOpenPaymentDisputeArgs = {
  itemId: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationPostDueReceivablesArgs = {
  asOf: Scalars['Date']['input'];
};


export type MutationPrereviewKeyAccountArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationQualifyLeadArgs = {
  customer?: InputMaybe<LeadCustomerInput>;
  existingCustomerId?: InputMaybe<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
  opportunity: LeadOpportunityInput;
  version: Scalars['Int']['input'];
};


export type MutationRecordAcceptanceArgs = {
  input: RecordAcceptanceInput;
};


export type MutationRecordAdjustmentArgs = {
  amount: Scalars['Decimal']['input'];
  customerId: Scalars['ID']['input'];
  itemId?: InputMaybe<Scalars['ID']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRecordCashHandoverArgs = {
  handedOverOn: Scalars['Date']['input'];
  receiptId: Scalars['ID']['input'];
};


export type MutationRecordComplaintArgs = {
  input: RecordComplaintInput;
};


export type MutationRecordEvaluationArgs = {
  input: RecordEvaluationInput;
};


export type MutationRecordInvoiceArgs = {
  input: RecordInvoiceInput;
};


export type MutationRecordNegotiationArgs = {
  input: RecordNegotiationInput;
};


export type MutationRecordPromiseToPayArgs = {
  input: RecordPromiseToPayInput;
};


export type MutationRecordQuoteDecisionArgs = {
  accepted: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  rowVersion: Scalars['Int']['input'];
};


export type MutationRecordReceiptArgs = {
  input: RecordReceiptInput;
};


export type MutationRecordRequirementsReportArgs = {
  input: RecordRequirementsReportInput;
};


export type MutationRecordSatisfactionArgs = {
  input: RecordSatisfactionInput;
};


export type MutationRecordShipmentArgs = {
  input: RecordShipmentInput;
};


export type MutationRecordTenderResultArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  result: TenderResult;
  version: Scalars['Int']['input'];
  winningCompetitor?: InputMaybe<Scalars['String']['input']>;
  winningPrice?: InputMaybe<Scalars['Decimal']['input']>;
};


export type MutationRejectCashCollectionArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationRejectQuoteArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  rowVersion: Scalars['Int']['input'];
};


export type MutationReleaseCustomerArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationRemoveBusinessCalendarDayArgs = {
  date: Scalars['Date']['input'];
};


export type MutationRemoveCompetitorArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationRemoveOpportunityTeamMemberArgs = {
  opportunityId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationReopenAfterSalesArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationRequestCustomerGradeArgs = {
  customerId: Scalars['ID']['input'];
  grade: Grade;
  reason: Scalars['String']['input'];
};


export type MutationResolveAfterSalesArgs = {
  id: Scalars['ID']['input'];
  resolution: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationResolveComplaintArgs = {
  cause?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  solution?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationResolveUnderperformanceFlagArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
};


export type MutationRespondAfterSalesArgs = {
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  handling: AfterSalesHandling;
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationResubmitKeyAccountPlanArgs = {
  input: ResubmitKeyAccountPlanInput;
};


export type MutationRetryJobArgs = {
  id: Scalars['ID']['input'];
  queue: Scalars['String']['input'];
};


export type MutationRetryNotificationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationReturnContractArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationReturnInitiationArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationReturnSalesPlanArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationReverseReceiptArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationReviewKeyAccountPlanArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationReviewMonthlySummaryArgs = {
  comment: Scalars['String']['input'];
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationReviewWeeklyReportArgs = {
  comment: Scalars['String']['input'];
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationRevokeApiTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRunAssessmentArgs = {
  periodKind: TargetPeriodKind;
  periodNo?: Scalars['Int']['input'];
  year: Scalars['Int']['input'];
};


export type MutationSendQuoteArgs = {
  id: Scalars['ID']['input'];
  rowVersion: Scalars['Int']['input'];
};


export type MutationSetAssessmentSchemeArgs = {
  input: SetAssessmentSchemeInput;
  version?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationSetBusinessCalendarDayArgs = {
  date: Scalars['Date']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  working: Scalars['Boolean']['input'];
};


export type MutationSetCustomerCreditArgs = {
  customerId: Scalars['ID']['input'];
  limit?: InputMaybe<Scalars['Decimal']['input']>;
  rating?: InputMaybe<Scalars['String']['input']>;
  unlimited?: Scalars['Boolean']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationSetOpportunityTeamMemberArgs = {
  duties?: InputMaybe<Scalars['String']['input']>;
  opportunityId: Scalars['ID']['input'];
  role: OpportunityTeamRole;
  userId: Scalars['ID']['input'];
};


export type MutationSetOrderExpectedDateArgs = {
  expectedDate: Scalars['Date']['input'];
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationSetOrderStatusArgs = {
  id: Scalars['ID']['input'];
  status: OrderStatus;
  version: Scalars['Int']['input'];
};


export type MutationSetTargetArgs = {
  input: SetTargetInput;
};


export type MutationSignContractArgs = {
  id: Scalars['ID']['input'];
  signedDate: Scalars['Date']['input'];
  version: Scalars['Int']['input'];
};


export type MutationStartComplaintInvestigationArgs = {
  id: Scalars['ID']['input'];
  responsibleUnitId?: InputMaybe<Scalars['ID']['input']>;
  version: Scalars['Int']['input'];
};


export type MutationStartContractExecutionArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationSubmitContractArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationSubmitInitiationArgs = {
  input: SubmitInitiationInput;
};


export type MutationSubmitKeyAccountPlanArgs = {
  input: SubmitKeyAccountPlanInput;
};


export type MutationSubmitMonthlySummaryArgs = {
  input: SubmitMonthlySummaryInput;
};


export type MutationSubmitQuoteArgs = {
  id: Scalars['ID']['input'];
  rowVersion: Scalars['Int']['input'];
};


export type MutationSubmitSalesPlanArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationSubmitTenderArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationSubmitWeeklyReportArgs = {
  input: SubmitWeeklyReportInput;
};


export type MutationSubmitWorkLogArgs = {
  day: Scalars['Date']['input'];
  input: WorkLogContentInput;
};


export type MutationTerminateContractArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationTransferCustomerArgs = {
  id: Scalars['ID']['input'];
  toUserId: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationUpdateCompanySettingArgs = {
  key: Scalars['String']['input'];
  value: Scalars['JSON']['input'];
  version: Scalars['Int']['input'];
};


export type MutationUpdateCompetitorArgs = {
  id: Scalars['ID']['input'];
  input: CompetitorInput;
  version: Scalars['Int']['input'];
};


export type MutationUpdateContactArgs = {
  id: Scalars['ID']['input'];
  input: ContactInput;
  version: Scalars['Int']['input'];
};


export type MutationUpdateContractArgs = {
  id: Scalars['ID']['input'];
  input: UpdateContractInput;
  version: Scalars['Int']['input'];
};


export type MutationUpdateCustomerArgs = {
  confirmDistinct?: Scalars['Boolean']['input'];
  input: UpdateCustomerInput;
};


export type MutationUpdateLeadArgs = {
  input: UpdateLeadInput;
};


export type MutationUpdateMilestoneArgs = {
  id: Scalars['ID']['input'];
  input: UpdateMilestoneInput;
  version: Scalars['Int']['input'];
};


export type MutationUpdateMonthlySummaryArgs = {
  input: UpdateMonthlySummaryInput;
};


export type MutationUpdateOpportunityArgs = {
  input: UpdateOpportunityInput;
};


export type MutationUpdateOrderArgs = {
  id: Scalars['ID']['input'];
  input: UpdateOrderInput;
  version: Scalars['Int']['input'];
};


export type MutationUpdateOrgUnitArgs = {
  input: UpdateOrgUnitInput;
};


export type MutationUpdateQuoteArgs = {
  input: UpdateQuoteInput;
};


export type MutationUpdateRequirementsReportArgs = {
  input: UpdateRequirementsReportInput;
};


export type MutationUpdateSalesPlanArgs = {
  input: UpdateSalesPlanInput;
};


export type MutationUpdateTenderArgs = {
  id: Scalars['ID']['input'];
  input: TenderInput;
  version: Scalars['Int']['input'];
};


export type MutationUpdateUserArgs = {
  input: UpdateUserInput;
};


export type MutationUpdateWeeklyReportArgs = {
  input: UpdateWeeklyReportInput;
};


export type MutationUpdateWorkLogArgs = {
  id: Scalars['ID']['input'];
  input: WorkLogContentInput;
  version: Scalars['Int']['input'];
};


export type MutationWriteOffArgs = {
  amount: Scalars['Decimal']['input'];
  itemId: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A person's morning (the console's "my day"): the company day, the last
 * working day before it and its work log (TGT-4), this week's plan
 * (TGT-3).
 */
export type MyDay = {
  __typename?: 'MyDay';
  /** The latest working day before today; its log is due today. */
  lastWorkingDay: Scalars['Date']['output'];
  /** The caller's log of `lastWorkingDay`; null while it is missing. */
  lastWorkingDayLog?: Maybe<WorkLog>;
  /** The company day (COMPANY_TIMEZONE). */
  today: Scalars['Date']['output'];
  /** The caller's plan of this week; null while there is none. */
  weekPlan?: Maybe<SalesPlan>;
  /** Monday of this week. */
  weekStart: Scalars['Date']['output'];
};

export type Negotiation = {
  __typename?: 'Negotiation';
  afterSalesTerms?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  deliveryTerms?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  notes?: Maybe<Scalars['String']['output']>;
  occurredOn: Scalars['Date']['output'];
  opportunityId: Scalars['ID']['output'];
  participants: Array<Scalars['String']['output']>;
  paymentMethod?: Maybe<Scalars['String']['output']>;
  /** The price discussed, in the opportunity's currency. */
  price?: Maybe<Scalars['Decimal']['output']>;
  recordedBy?: Maybe<Person>;
};

export type Notification = {
  __typename?: 'Notification';
  /** Send attempts so far. */
  attempts: Scalars['Int']['output'];
  /** `EMAIL` or `INBOX`. */
  channel: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The deduplication key: the same key is never sent twice. */
  dedupKey: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  lastError?: Maybe<Scalars['String']['output']>;
  locale: Scalars['String']['output'];
  /** The email's Message-ID, derived from the key. */
  messageId?: Maybe<Scalars['String']['output']>;
  /** When it is (or was) due to be sent next. */
  nextAttemptAt: Scalars['DateTime']['output'];
  payload: Scalars['JSON']['output'];
  readAt?: Maybe<Scalars['DateTime']['output']>;
  /** The recipient when it is a person of the company. */
  recipient?: Maybe<Person>;
  /** The recipient when it is a customer's contact. */
  recipientContactId?: Maybe<Scalars['ID']['output']>;
  recipientUserId?: Maybe<Scalars['ID']['output']>;
  sentAt?: Maybe<Scalars['DateTime']['output']>;
  status: NotificationStatus;
  template: Scalars['String']['output'];
};

export type NotificationConnection = {
  __typename?: 'NotificationConnection';
  /** A list of edges. */
  edges: Array<NotificationEdge>;
  /** A list of nodes. */
  nodes: Array<Notification>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** Always null: this list is not counted. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge in a connection. */
export type NotificationEdge = {
  __typename?: 'NotificationEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Notification;
};

/**
 * Failed delivery attempts of one kind for one reason class, since the
 * start (`salesd_notification_failed_attempts_total` on /metrics).
 */
export type NotificationFailureCount = {
  __typename?: 'NotificationFailureCount';
  attempts: Scalars['Int']['output'];
  kind: Scalars['String']['output'];
  lastAt: Scalars['DateTime']['output'];
  /**
   * smtp_transient (4xx), connection (none or a timeout), smtp_permanent
   * (5xx), suppressed, render, other.
   */
  reason: Scalars['String']['output'];
};

/** Counts of one kind of notification on one channel, by status. */
export type NotificationKindStats = {
  __typename?: 'NotificationKindStats';
  cancelled: Scalars['Int']['output'];
  channel: Scalars['String']['output'];
  failed: Scalars['Int']['output'];
  kind: Scalars['String']['output'];
  pending: Scalars['Int']['output'];
  /**
   * `PENDING` after at least one failed attempt (in backoff or due
   * again); their `lastError` and `nextAttemptAt` are in
   * `notifications(status: PENDING)`.
   */
  retrying: Scalars['Int']['output'];
  sending: Scalars['Int']['output'];
  sent: Scalars['Int']['output'];
};

/** The outbox at one moment. */
export type NotificationStats = {
  __typename?: 'NotificationStats';
  /** Failed attempts per kind and reason, since the start. */
  failures: Array<NotificationFailureCount>;
  /** Per kind and channel, sorted by kind. */
  kinds: Array<NotificationKindStats>;
  /**
   * Seconds the oldest `PENDING` notification has been waiting since it
   * first became due (retries and backoff included); null when nothing
   * is due.
   */
  oldestPendingAgeSeconds?: Maybe<Scalars['Int']['output']>;
};

/** Where a notification is in its delivery (AUTO-6). */
export type NotificationStatus =
  /** Its cause went away, or an operator cancelled it. */
  | 'CANCELLED'
  /** Given up: a permanent rejection or the attempts ran out. */
  | 'FAILED'
  /** Waiting until `nextAttemptAt` (first send or a retry after backoff). */
  | 'PENDING'
  /** Claimed by a sender right now. */
  | 'SENDING'
  | 'SENT';

/** An open posted item (REC-3). */
export type OpenItem = {
  __typename?: 'OpenItem';
  /** CURRENT, D1_30, D31_60, D61_90, D91_180 or OVER_180. */
  bucket: Scalars['String']['output'];
  /** Company days after the due date as of the report date. */
  daysOverdue: Scalars['Int']['output'];
  item: ReceivableItem;
  open: Scalars['Decimal']['output'];
  posted: Scalars['Decimal']['output'];
};

export type Opportunity = {
  __typename?: 'Opportunity';
  amount: Scalars['Decimal']['output'];
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  complex: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  currency: Scalars['String']['output'];
  /**
   * Null when the caller may see the opportunity (as a team member) but
   * not the customer.
   */
  customer?: Maybe<Customer>;
  customerId: Scalars['ID']['output'];
  /** The override or the stage default (`WON` 100, `LOST` 0), percent. */
  effectiveProbability: Scalars['Int']['output'];
  expectedCloseDate?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  lostCompetitor?: Maybe<Scalars['String']['output']>;
  lostReason?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  owner?: Maybe<Person>;
  ownerUnit?: Maybe<OrgUnit>;
  /** The per-opportunity override; null: the stage default applies. */
  probability?: Maybe<Scalars['Int']['output']>;
  /** PIP-6: the quotes, newest version first. */
  quotes: Array<Quote>;
  /** The lead it was qualified from. */
  sourceLeadId?: Maybe<Scalars['ID']['output']>;
  stage: OpportunityStage;
  stageChangedAt: Scalars['DateTime']['output'];
  /** Every stage change, oldest first (PIP-2). */
  stageHistory: Array<OpportunityStageChange>;
  /** Days (company calendar) since the last stage change; null once closed. */
  stalledDays?: Maybe<Scalars['Int']['output']>;
  /** The project team (PIP-4). */
  team: Array<OpportunityTeamMember>;
  /** The roles the team still lacks under PIP-4 (empty when met). */
  teamMissingRoles: Array<OpportunityTeamRole>;
  /**
   * PIP-4: whether the team has the roles a project of ≥ 1 000 000 or a
   * complex one needs (leader, sales manager, rep, technical lead).
   * Informational now; enforced at initiation approval later.
   */
  teamRequirementsMet: Scalars['Boolean']['output'];
  /** Total time in each stage visited, in stage order (PIP-2). */
  timeInStages: Array<OpportunityStageTime>;
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
  /** amount × effectiveProbability / 100, exact. */
  weightedAmount: Scalars['Decimal']['output'];
};

export type OpportunityConnection = {
  __typename?: 'OpportunityConnection';
  /** A list of edges. */
  edges: Array<OpportunityEdge>;
  /** A list of nodes. */
  nodes: Array<Opportunity>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** How many opportunities match the filter (all pages), within scope. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type OpportunityEdge = {
  __typename?: 'OpportunityEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Opportunity;
};

export type OpportunityEvaluation = {
  __typename?: 'OpportunityEvaluation';
  background: Scalars['String']['output'];
  budget?: Maybe<Scalars['Decimal']['output']>;
  competition?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  cycle?: Maybe<Scalars['String']['output']>;
  decidedBy?: Maybe<Person>;
  decision: EvaluationDecision;
  id: Scalars['ID']['output'];
  needs: Scalars['String']['output'];
  opportunityId: Scalars['ID']['output'];
  /** True for NO_GO: the owner should mark the opportunity LOST. */
  suggestsLost: Scalars['Boolean']['output'];
};

/** Filter of `opportunities`; all given conditions apply. */
export type OpportunityFilter = {
  /** Expected close on or after. */
  closingFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Expected close on or before. */
  closingTo?: InputMaybe<Scalars['Date']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  stage?: InputMaybe<OpportunityStage>;
  /** Open and not moved for at least this many company days. */
  stalledForDays?: InputMaybe<Scalars['Int']['input']>;
};

/** The order of `opportunities`. */
export type OpportunityOrderBy =
  /** Newest first. */
  | 'CREATED_AT'
  /** Soonest expected close first, undated last. */
  | 'EXPECTED_CLOSE';

/** PIP-2 stages in order; `WON` and `LOST` are final. */
export type OpportunityStage =
  | 'CONTRACT'
  | 'EVALUATION'
  | 'INITIATION'
  | 'LOST'
  | 'NEGOTIATION'
  | 'PROPOSAL'
  | 'REQUIREMENTS'
  | 'WON';

export type OpportunityStageChange = {
  __typename?: 'OpportunityStageChange';
  at: Scalars['DateTime']['output'];
  changedBy?: Maybe<Person>;
  /** Null for the creation. */
  fromStage?: Maybe<OpportunityStage>;
  reason?: Maybe<Scalars['String']['output']>;
  toStage: OpportunityStage;
};

/** Total time spent in a stage. */
export type OpportunityStageTime = {
  __typename?: 'OpportunityStageTime';
  /** Whole seconds, over every visit; the current stage up to now. */
  seconds: Scalars['Int']['output'];
  stage: OpportunityStage;
  /** How many times the stage was entered. */
  visits: Scalars['Int']['output'];
};

export type OpportunityTeamMember = {
  __typename?: 'OpportunityTeamMember';
  addedAt: Scalars['DateTime']['output'];
  duties?: Maybe<Scalars['String']['output']>;
  role: OpportunityTeamRole;
  user?: Maybe<Person>;
  userId: Scalars['ID']['output'];
};

/** A member's role in a project team (PIP-4). */
export type OpportunityTeamRole =
  | 'LEADER'
  | 'MEMBER'
  | 'SALES_MANAGER'
  | 'SALES_REP'
  | 'TECH_LEAD';

export type Order = {
  __typename?: 'Order';
  cancelledReason?: Maybe<Scalars['String']['output']>;
  confirmedAt?: Maybe<Scalars['DateTime']['output']>;
  confirmedBy?: Maybe<Person>;
  /** The customer contact told of delivery slips (CON-4). */
  contact?: Maybe<Contact>;
  contract?: Maybe<OrderContract>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  currency: Scalars['String']['output'];
  /**
   * The customer, when the caller may see it (finance sees every order
   * but not every customer record).
   */
  customer?: Maybe<Customer>;
  customerId: Scalars['ID']['output'];
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  deliveryPlace?: Maybe<Scalars['String']['output']>;
  /** The current expectation (CON-4: later than promised = a slip). */
  expectedDate?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  /** The lines in order. */
  lines: Array<OrderLine>;
  note?: Maybe<Scalars['String']['output']>;
  /** DD-<year>-<5 digits>. */
  number: Scalars['String']['output'];
  owner?: Maybe<Person>;
  packaging?: Maybe<Scalars['String']['output']>;
  /** The delivery date promised to the customer. */
  promisedDate?: Maybe<Scalars['Date']['output']>;
  requiredDate?: Maybe<Scalars['Date']['output']>;
  /** The shipments, oldest first. */
  shipments: Array<Shipment>;
  shippingMethod?: Maybe<Scalars['String']['output']>;
  status: OrderStatus;
  /** Σ line amounts (each quantity × unit price rounded to the cent). */
  totalAmount: Scalars['Decimal']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** The optimistic-locking counter: pass it back to change the order. */
  version: Scalars['Int']['output'];
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  /** A list of edges. */
  edges: Array<OrderEdge>;
  /** A list of nodes. */
  nodes: Array<Order>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** How many orders match the filter (all pages), within scope. */
  totalCount: Scalars['Int']['output'];
};

/** The contract an order is placed against. */
export type OrderContract = {
  __typename?: 'OrderContract';
  id: Scalars['ID']['output'];
  /** HT-<year>-<seq>. */
  number: Scalars['String']['output'];
  status: Scalars['String']['output'];
};

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** An edge in a connection. */
export type OrderEdge = {
  __typename?: 'OrderEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Order;
};

/** The filter of `orders`. */
export type OrderFilter = {
  contractId?: InputMaybe<Scalars['ID']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /**
   * CON-3: true = DELIVERED orders; false = the undelivered ones
   * (neither DELIVERED nor CANCELLED).
   */
  delivered?: InputMaybe<Scalars['Boolean']['input']>;
  status?: InputMaybe<OrderStatus>;
};

export type OrderLine = {
  __typename?: 'OrderLine';
  /** quantity × unit price, rounded to the cent (half up). */
  amount: Scalars['Decimal']['output'];
  id: Scalars['ID']['output'];
  /** 1-based. */
  position: Scalars['Int']['output'];
  product: Scalars['String']['output'];
  quantity: Scalars['Decimal']['output'];
  remainingQty: Scalars['Decimal']['output'];
  shippedQty: Scalars['Decimal']['output'];
  unitPrice: Scalars['Decimal']['output'];
};

/** One line of an order. */
export type OrderLineInput = {
  /** 1 to 200 characters. */
  product: Scalars['String']['input'];
  /** Greater than 0, at most 3 decimal places. */
  quantity: Scalars['Decimal']['input'];
  /** At least 0, at most 2 decimal places. */
  unitPrice: Scalars['Decimal']['input'];
};

/** CON-3 order states. */
export type OrderStatus =
  /** Cancelled before anything shipped. */
  | 'CANCELLED'
  /** Confirmed (the four-copy notifications went out). */
  | 'CONFIRMED'
  /** Every shipment received by the customer. */
  | 'DELIVERED'
  /** Being written; editable. */
  | 'DRAFT'
  /** In production. */
  | 'IN_PRODUCTION'
  /** Ready to ship. */
  | 'READY'
  /** Every line fully shipped. */
  | 'SHIPPED';

export type OrgUnit = {
  __typename?: 'OrgUnit';
  active: Scalars['Boolean']['output'];
  /** Sub-units by name (inactive ones included; see `active`). */
  children: Array<OrgUnit>;
  createdAt: Scalars['DateTime']['output'];
  head?: Maybe<Person>;
  /** ORG-1: every unit has a head; true while this one has none. */
  headVacant: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  kind: UnitKind;
  name: Scalars['String']['output'];
  parent?: Maybe<OrgUnit>;
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

export type OrgUnitConnection = {
  __typename?: 'OrgUnitConnection';
  /** A list of edges. */
  edges: Array<OrgUnitEdge>;
  /** A list of nodes. */
  nodes: Array<OrgUnit>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** Always null: this list is not counted. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge in a connection. */
export type OrgUnitEdge = {
  __typename?: 'OrgUnitEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: OrgUnit;
};

export type OwnerChange = {
  __typename?: 'OwnerChange';
  at: Scalars['DateTime']['output'];
  changedBy?: Maybe<Person>;
  /** The new owner; null when the customer went to the pool. */
  owner?: Maybe<Person>;
  reason: OwnerChangeReason;
};

/** Why a customer's owner changed (CUS-3, CUS-4). */
export type OwnerChangeReason =
  | 'CLAIMED'
  | 'CREATED'
  | 'DISPUTE'
  | 'RECLAIMED'
  | 'RELEASED'
  | 'TRANSFERRED';

export type OwnershipDispute = {
  __typename?: 'OwnershipDispute';
  createdAt: Scalars['DateTime']['output'];
  /** Null when the customer is outside the caller's scope. */
  customer?: Maybe<Customer>;
  customerId: Scalars['ID']['output'];
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  decidedBy?: Maybe<Person>;
  decision?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  openedBy?: Maybe<Person>;
  owner?: Maybe<Person>;
  reason: Scalars['String']['output'];
  shares: Array<PerformanceShare>;
  status: DisputeStatus;
  version: Scalars['Int']['output'];
};

/** Information about pagination in a connection */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** When paginating forwards, the cursor to continue. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** When paginating forwards, are there more items? */
  hasNextPage: Scalars['Boolean']['output'];
  /** When paginating backwards, are there more items? */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** When paginating backwards, the cursor to continue. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** A payment dispute (REC-6): pauses dunning of its item while open. */
export type PaymentDispute = {
  __typename?: 'PaymentDispute';
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  closedBy?: Maybe<Scalars['ID']['output']>;
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  itemId?: Maybe<Scalars['ID']['output']>;
  openedAt: Scalars['DateTime']['output'];
  openedBy: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
  resolution?: Maybe<Scalars['String']['output']>;
};

/** CON-1 payment methods. */
export type PaymentMethod =
  | 'ACCEPTANCE_BILL'
  | 'BANK_TRANSFER'
  | 'CASH'
  | 'OTHER';

/** REC-9: a receipt collected in person by a rep, not handed over yet. */
export type PendingCashHandover = {
  __typename?: 'PendingCashHandover';
  amount: Scalars['Decimal']['output'];
  collectedBy: Scalars['ID']['output'];
  collectedOn: Scalars['Date']['output'];
  collectorName: Scalars['String']['output'];
  customerId: Scalars['ID']['output'];
  customerName: Scalars['String']['output'];
  /** Days since the collection (company calendar). */
  daysSince: Scalars['Int']['output'];
  /** The last day in time: collectedOn + 90 days. */
  handoverDue: Scalars['Date']['output'];
  /** CASH, CHEQUE or ACCEPTANCE_BILL. */
  method: Scalars['String']['output'];
  /** More than 90 days since the collection. */
  overdue: Scalars['Boolean']['output'];
  receiptId: Scalars['ID']['output'];
  reference?: Maybe<Scalars['String']['output']>;
};

/** The period of `contractPerformanceTotals`. */
export type PerformancePeriod =
  | 'MONTH'
  | 'QUARTER'
  | 'YEAR';

/** CON-8 totals of one period. */
export type PerformancePeriodTotals = {
  __typename?: 'PerformancePeriodTotals';
  delivered: Scalars['Decimal']['output'];
  invoiced: Scalars['Decimal']['output'];
  /** "2026-03", "2026-Q1" or "2026". */
  label: Scalars['String']['output'];
  received: Scalars['Decimal']['output'];
  signed: Scalars['Decimal']['output'];
  start: Scalars['Date']['output'];
};

export type PerformanceShare = {
  __typename?: 'PerformanceShare';
  share: Scalars['Decimal']['output'];
  user?: Maybe<Person>;
};

export type Person = {
  __typename?: 'Person';
  displayName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
};

/** One stage of the pipeline summary. */
export type PipelineStage = {
  __typename?: 'PipelineStage';
  amount: Scalars['Decimal']['output'];
  /** Opportunities now in the stage. */
  count: Scalars['Int']['output'];
  stage: OpportunityStage;
  /** Σ amount × effective probability / 100, exact. */
  weightedAmount: Scalars['Decimal']['output'];
};

/** The pipeline summary (PIP-8). */
export type PipelineSummary = {
  __typename?: 'PipelineSummary';
  /** EVALUATION→INITIATION … CONTRACT→WON. */
  conversions: Array<StageConversion>;
  /** Every stage in order, `LOST` last, zero rows included. */
  stages: Array<PipelineStage>;
};

/** What an activity of a plan is. */
export type PlanActivityKind =
  | 'EXHIBITION'
  | 'MEETING'
  | 'OTHER'
  | 'PAPERWORK'
  | 'PHONE_CALLS'
  | 'TRAINING';

/** A visit or an activity. */
export type PlanItemKind =
  | 'ACTIVITY'
  | 'VISIT';

export type PoolReclaimItem = {
  __typename?: 'PoolReclaimItem';
  customer?: Maybe<Customer>;
  customerId: Scalars['ID']['output'];
  customerName: Scalars['String']['output'];
  daysSinceLastInteraction: Scalars['Int']['output'];
  lastInteractionAt?: Maybe<Scalars['DateTime']['output']>;
  owner?: Maybe<Person>;
  thresholdDays: Scalars['Int']['output'];
};

export type PoolReclaimPreview = {
  __typename?: 'PoolReclaimPreview';
  asOf: Scalars['Date']['output'];
  /** Would return to the pool on `asOf`. */
  returning: Array<PoolReclaimItem>;
  /** Their owners are due the 7-day warning. */
  warnings: Array<PoolReclaimItem>;
};

/** What `postDueReceivables` posted. */
export type PostingSummary = {
  __typename?: 'PostingSummary';
  amount: Scalars['Decimal']['output'];
  items: Scalars['Int']['output'];
};

/** A promise to pay (REC-6): pauses dunning through its date. */
export type PromiseToPay = {
  __typename?: 'PromiseToPay';
  amount: Scalars['Decimal']['output'];
  cancelReason?: Maybe<Scalars['String']['output']>;
  cancelledAt?: Maybe<Scalars['DateTime']['output']>;
  cancelledBy?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['ID']['output'];
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** None: customer-wide. */
  itemId?: Maybe<Scalars['ID']['output']>;
  note?: Maybe<Scalars['String']['output']>;
  promisedDate: Scalars['Date']['output'];
};

/** One proposed member of the project team. */
export type ProposedMemberInput = {
  /** At most 1000 characters. */
  duties?: InputMaybe<Scalars['String']['input']>;
  role: OpportunityTeamRole;
  /** An active user. */
  userId: Scalars['ID']['input'];
};

export type ProposedTeamMember = {
  __typename?: 'ProposedTeamMember';
  duties?: Maybe<Scalars['String']['output']>;
  role: OpportunityTeamRole;
  user?: Maybe<Person>;
  userId: Scalars['ID']['output'];
};

export type QualifyLeadPayload = {
  __typename?: 'QualifyLeadPayload';
  /** The new or existing customer. */
  customer?: Maybe<Customer>;
  /** The lead, now QUALIFIED. */
  lead: Lead;
  /** The new opportunity (in EVALUATION). */
  opportunityId: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** CON-9: an after-sales request; NOT_FOUND outside scope (ORG-3). */
  afterSalesRequest: AfterSalesRequest;
  /** CON-9: after-sales requests within scope, newest first. */
  afterSalesRequests: AfterSalesRequestConnection;
  /** Every API token (ADMIN). */
  apiTokens: Array<ApiToken>;
  /**
   * REC-3: open posted items as of `asOf` in the buckets current (not
   * yet due), 1–30, 31–60, 61–90, 91–180, >180 days overdue, per
   * customer, owner or unit (optionally a unit's subtree), with the
   * unapplied credit and the balance (= Σ ledger), and grand totals.
   */
  arAging: ArAging;
  /**
   * The assessment results of a period ordered by total (descending),
   * ranked: of the people assessed in `unitId`'s subtree, or without it
   * of everyone the caller may see (a rep: their own). NOT_FOUND for a
   * unit out of sight.
   */
  assessmentLeaderboard: Array<LeaderboardEntry>;
  /**
   * KPI-3: the state of a period's assessment (OPEN with 0 runs when it
   * was never run).
   */
  assessmentPeriod: AssessmentPeriod;
  /**
   * KPI-3: one result, by id or by (userId, period); NOT_FOUND when it
   * does not exist or is outside the caller's scope (ORG-3).
   */
  assessmentResult: AssessmentResult;
  /**
   * KPI-3: results within the caller's scope, best total first;
   * optionally of one period (`periodKind` + `year` [+ `periodNo`]), of
   * the people assessed in a unit or below it, or of one person.
   */
  assessmentResults: AssessmentResultConnection;
  /** KPI-2: the scheme of every role that has one (anyone signed in). */
  assessmentSchemes: Array<AssessmentScheme>;
  /**
   * TGT-2: actual (from the facts, listed), target and rate of a scope
   * in a period; NOT_FOUND for a scope out of sight.
   */
  attainment: Attainment;
  /**
   * TGT-2 by unit tree: target, actual, rate and gap of `metric` for
   * `unitId` (default: the company for director / GM / admin, else the
   * caller's unit) and every unit below it, with the people directly in
   * each. Each node equals `attainment(UNIT)`, each person
   * `attainment(USER)`. NOT_FOUND for a unit out of sight.
   */
  attainmentTree: AttainmentNode;
  /**
   * The audit trail of a record, newest first (ORG-4); NOT_FOUND when the
   * caller cannot see the record.
   */
  auditTrail: AuditEntryConnection;
  /**
   * TGT-5: the exceptions of a year (2000–2100), by date. Every other
   * day works Monday to Friday and rests on Saturday and Sunday.
   */
  businessCalendar: Array<BusinessCalendarDay>;
  /** One declaration (null when missing or out of scope, ORG-3). */
  cashCollection?: Maybe<CashCollection>;
  /**
   * REC-9: declarations of money collected in person, oldest collection
   * first (at most 1000). Finance, the sales director and the general
   * manager see all; others those of customers in their receivable
   * scope and their own. `overdueOnly`: pending more than 90 days.
   */
  cashCollections: Array<CashCollection>;
  /**
   * REC-4: Σ received by `to` on the items due within [from, to] ÷ Σ
   * due within it (null when nothing was due), with the items.
   */
  collectionRate: CollectionRate;
  /** A company setting; NOT_FOUND for an unknown key. */
  companySetting: CompanySetting;
  /**
   * PIP-7: the top competitors over the opportunities the caller can
   * see: most lost deals naming them (`lostCompetitor`) first, then most
   * opportunities with a note on them. `limit` 1 to 100.
   */
  competitorSummary: Array<CompetitorSummaryRow>;
  /**
   * PIP-7: the competitor notes of an opportunity the caller can see,
   * HIGH threat first, then by name; NOT_FOUND otherwise.
   */
  competitors: Array<Competitor>;
  /** A complaint; NOT_FOUND outside the caller's scope (ORG-3). */
  complaint: Complaint;
  /** Complaints within scope, newest received first. */
  complaints: ComplaintConnection;
  /** A contract; NOT_FOUND outside the caller's scope (ORG-3). */
  contract: Contract;
  /** CON-7: a contract's acceptances, oldest first; NOT_FOUND outside scope. */
  contractAcceptances: Array<Acceptance>;
  /** CON-6: a contract's milestones in plan order; NOT_FOUND outside scope. */
  contractMilestones: Array<Milestone>;
  /**
   * CON-8: amount, delivered, invoiced, posted, received, written off
   * and outstanding of a contract; NOT_FOUND outside scope.
   */
  contractPerformance: ContractPerformance;
  /**
   * CON-8: per month, quarter or year from the period containing `from`
   * to the one containing `to` (at most 240): Σ contract amounts signed,
   * delivered, invoiced and received.
   */
  contractPerformanceTotals: Array<PerformancePeriodTotals>;
  /** Contracts within the caller's scope, filtered, newest first. */
  contracts: ContractConnection;
  /**
   * REC-8: would `amount` more for this customer need the director's
   * approval? NOT_FOUND unless the caller can see the customer.
   */
  creditCheck: CreditCheck;
  /**
   * REC-8: the customer's limit, rating, hold and exposure with its
   * breakdown; NOT_FOUND outside the caller's receivable scope.
   */
  creditStatus: CreditStatus;
  /** A customer; NOT_FOUND outside the caller's scope (ORG-3; the pool is visible to sales). */
  customer: Customer;
  /**
   * CUS-1: grade requests on customers the caller may change (a rep:
   * their own; a supervisor: the team's), newest first, at most 200.
   * The approvals inbox asks for `PENDING`.
   */
  customerGradeRequests: Array<CustomerGradeRequest>;
  /**
   * REC-1: a customer's ledger (optionally one contract's entries) with
   * the balances derived from it; NOT_FOUND outside scope.
   */
  customerLedger: CustomerLedger;
  /** Customers within the caller's scope, filtered and ordered. */
  customers: CustomerConnection;
  /**
   * REC-6: the dunning of one item (`itemId`) or of a customer's items
   * with an open amount or a level reached (`customerId`): levels due
   * and reached with their notifications, pauses, credit hold, risks.
   * Exactly one argument (VALIDATION); outside scope NOT_FOUND.
   */
  dunningStatus: DunningStatus;
  /**
   * CUS-2 duplicate check before creating: possible duplicates whoever
   * owns them (the one exception to ORG-3), as id, name and owner name only.
   */
  duplicateCandidates: Array<DuplicateCandidate>;
  /**
   * PIP-3: the evaluations of an opportunity the caller can see, newest
   * first (the first is current); NOT_FOUND otherwise.
   */
  evaluations: Array<OpportunityEvaluation>;
  /**
   * AUTO-7: the jobs of `queue` apalis gave up on, most recent first,
   * with their last error (ADMIN).
   */
  failedJobs: Array<FailedJob>;
  /** A customer's follow-up tasks (NOT_FOUND outside scope). */
  followUps: FollowUpConnection;
  /**
   * PIP-8: the weighted pipeline of open opportunities expected to close
   * from `from` to `to` (inclusive, at most 120 months), by month, owner
   * or unit.
   */
  forecast: Array<ForecastEntry>;
  /** One initiation application; NOT_FOUND unless its opportunity is visible. */
  initiation: InitiationApplication;
  /**
   * PIP-4: the initiation applications of an opportunity the caller can
   * see, newest first; NOT_FOUND otherwise.
   */
  initiations: Array<InitiationApplication>;
  /** A customer's interactions, newest first (NOT_FOUND outside scope). */
  interactions: InteractionConnection;
  /** Invoices by customer, contract or item, newest first (at most 1000). */
  invoices: Array<Invoice>;
  /** AUTO-7: every job queue with its counts and workers (ADMIN). */
  jobQueues: Array<JobQueue>;
  /**
   * A key-account application; NOT_FOUND outside the caller's scope on
   * its customer.
   */
  keyAccountApplication: KeyAccountApplication;
  /** Applications on customers within scope (director/GM: all), newest first. */
  keyAccountApplications: KeyAccountApplicationConnection;
  /**
   * A customer's quarterly evaluations, newest first; NOT_FOUND when the
   * customer is outside scope.
   */
  keyAccountEvaluations: Array<KeyAccountEvaluation>;
  /** A key-account plan; NOT_FOUND outside scope. */
  keyAccountPlan: KeyAccountPlan;
  /** A customer's annual plans, newest year first (empty outside scope). */
  keyAccountPlans: Array<KeyAccountPlan>;
  /**
   * One KPI month by month from the MONTH assessment results, oldest
   * first: a person's (`userId`) stored value, or a unit's (`unitId`,
   * its subtree) Σ numerator ÷ Σ denominator. Exactly one of the two.
   * `months` 1–36 ending with `endMonth` (`YYYY-MM`; default the month
   * before the current one). Months without results are null.
   */
  kpiTrend: Array<KpiTrendPoint>;
  /** A lead; NOT_FOUND outside the caller's scope (ORG-3). */
  lead: Lead;
  /** Leads within the caller's scope, highest score (default) or newest first. */
  leads: LeadConnection;
  /** The signed-in user; null for an API token. */
  me?: Maybe<User>;
  /** CON-6: one milestone; NOT_FOUND outside scope. */
  milestone: Milestone;
  /**
   * TGT-4: the monthly summaries the caller sees (of one year when
   * given); newest first, at most 1 000.
   */
  monthlySummaries: Array<MonthlySummary>;
  /**
   * The caller's own morning as of the company day: the last working
   * day and whether its work log is in, and this week's plan. For a
   * person only (VALIDATION for a system token).
   */
  myDay: MyDay;
  /** The caller's follow-up tasks, earliest due first. */
  myFollowUps: FollowUpConnection;
  /**
   * AUTO-6: the caller's inbox, unread first, then newest first;
   * `unreadOnly: true` leaves out the read ones. Empty for an API token.
   */
  myNotifications: InboxNotificationConnection;
  /**
   * PIP-7: the negotiation records of an opportunity the caller can see,
   * the latest negotiation first; NOT_FOUND otherwise.
   */
  negotiations: Array<Negotiation>;
  /** TGT-5: the `days`th working day (1–366, default 1) after `date`. */
  nextWorkingDay: Scalars['Date']['output'];
  /** AUTO-6 outbox statistics (ADMIN). */
  notificationStats: NotificationStats;
  /** Every notification, newest first, optionally of one status or kind (ADMIN). */
  notifications: NotificationConnection;
  /**
   * Opportunities within the caller's scope, filtered; newest first or
   * by expected close.
   */
  opportunities: OpportunityConnection;
  /** An opportunity; NOT_FOUND outside the caller's scope (ORG-3). */
  opportunity: Opportunity;
  /** The project team of an opportunity the caller can see (PIP-4). */
  opportunityTeam: Array<OpportunityTeamMember>;
  /** An order; NOT_FOUND outside the caller's scope (ORG-3). */
  order: Order;
  /**
   * Orders within the caller's scope, newest first; per customer as
   * delivered / undelivered with `filter.delivered` (CON-3).
   */
  orders: OrderConnection;
  /** The company unit at the top of the tree. */
  orgRoot?: Maybe<OrgUnit>;
  /** A unit of the tree (the tree is visible to everyone signed in). */
  orgUnit: OrgUnit;
  /** All units by name. */
  orgUnits: OrgUnitConnection;
  /**
   * CUS-9 escalation list: open complaints (RECEIVED, INVESTIGATING) whose
   * deadline is before `asOf`, earliest deadline first, within scope.
   */
  overdueComplaints: ComplaintConnection;
  /**
   * REC-3: posted items still open as of `asOf` and at least `minDays`
   * (default 1) days past their due date, oldest due first, at most
   * `first` (1–1000, default 200).
   */
  overdueItems: Array<OpenItem>;
  /**
   * Owned customers within scope whose next revisit is due before
   * `asOf` (default: today), earliest due first.
   */
  overdueRevisits: RevisitStatusConnection;
  /** CUS-3 disputes the caller opened or whose customer is in their scope. */
  ownershipDisputes: Array<OwnershipDispute>;
  /**
   * REC-9: receipts collected in person, not reversed and not handed
   * over, oldest first (at most 1000); `overdueOnly` (default false):
   * more than 90 days since collection. Finance, the sales director and the general
   * manager.
   */
  pendingCashHandovers: Array<PendingCashHandover>;
  /**
   * PIP-4: the applications waiting for the caller's decision (not their
   * own), oldest first, at most 200.
   */
  pendingInitiations: Array<InitiationApplication>;
  /**
   * PIP-8: per stage the count, amount and weighted amount of the
   * opportunities the caller can see, and the conversion between
   * consecutive stages. `unitId`: owned in that unit's subtree;
   * `from`/`to`: created on those company days (inclusive).
   */
  pipelineSummary: PipelineSummary;
  /**
   * CUS-4: customers that would return to the pool on `asOf`, and owners
   * due the 7-day warning, each list longest idle first and at most
   * `limit` (1..2000) long. Managers see their units, directors all.
   */
  poolReclaimPreview: PoolReclaimPreview;
  /** A quote; NOT_FOUND unless the caller can see its opportunity. */
  quote: Quote;
  /**
   * PIP-6: the quotes waiting for the caller's decision: pending
   * approval, of an open opportunity, and decidable by the caller under
   * the rule `approveQuote` applies (a stricter approver may decide a
   * looser band, so a manager also sees their units' DIRECT_HEAD quotes
   * and the director all). Oldest submission first, at most 500. The
   * approvals inbox of the console.
   */
  quotesAwaitingMyDecision: Array<Quote>;
  /** A receipt; NOT_FOUND outside scope. */
  receipt: Receipt;
  /** A customer's receipts, newest first (at most 1000). */
  receipts: Array<Receipt>;
  /** One requirements report; NOT_FOUND unless its opportunity is visible. */
  requirementsReport: RequirementsReport;
  /**
   * PIP-5: the requirements reports of an opportunity the caller can
   * see, newest first; NOT_FOUND otherwise.
   */
  requirementsReports: Array<RequirementsReport>;
  /**
   * CUS-6 compliance of a unit subtree: revisits due in `[from, to]`
   * (and already past) and how many were done by their due date.
   */
  revisitCompliance: RevisitCompliance;
  /** CUS-6: last qualifying interaction, interval, next due, days overdue. */
  revisitStatus: RevisitStatus;
  /** TGT-3: one plan; NOT_FOUND out of sight. */
  salesPlan: SalesPlan;
  /**
   * TGT-3: the plans the caller sees, of weeks starting in
   * [`from`, `to`], optionally of one person or state; newest week
   * first, at most 1 000.
   */
  salesPlans: Array<SalesPlan>;
  /** CUS-8: a customer's average score, count and latest survey. */
  satisfaction: CustomerSatisfaction;
  /**
   * CUS-8: the average over the surveys in `[from, to]` of the customers
   * owned in the unit's subtree.
   */
  satisfactionSummary: SatisfactionSummary;
  /** A shipment; NOT_FOUND unless the caller can see its order. */
  shipment: Shipment;
  /** REC-5: one statement with its lines; NOT_FOUND outside scope. */
  statement: StatementNode;
  /**
   * REC-5: statements in the caller's receivable scope, of one customer
   * (NOT_FOUND outside scope) or all, for months overlapping [from, to],
   * newest month first.
   */
  statements: StatementNodeConnection;
  /**
   * TGT-1 decomposition: for each target of the year and metric the
   * caller sees (with `unitId`, that unit's subtree and people), how far
   * its children — child units and people, quarters and months — cover
   * it: Σ children, the gap (parent − Σ children when positive) and the
   * children without a target.
   */
  targetDecomposition: Array<TargetGap>;
  /**
   * TGT-1: the targets of a year the caller may see, optionally of one
   * metric, period kind, scope kind, unit (its subtree and people) or
   * person; at most 5 000.
   */
  targets: Array<Target>;
  /** One tender; NOT_FOUND unless its opportunity is visible. */
  tender: Tender;
  /**
   * PIP-7: the tenders of an opportunity the caller can see, the latest
   * deadline first; NOT_FOUND otherwise.
   */
  tenders: Array<Tender>;
  /**
   * KPI-5: people flagged for a coaching plan or a role review (`open`:
   * true = unresolved only, false = resolved only, null = all). The
   * sales director, the GM and admins only (FORBIDDEN otherwise).
   */
  underperformers: Array<UnderperformanceFlag>;
  /**
   * How many of the caller's inbox notifications are unread (0 for an
   * API token).
   */
  unreadNotificationCount: Scalars['Int']['output'];
  /**
   * CUS-7: birthdays and holidays of opted-in key-account contacts within
   * scope, in `[from, to]` (at most 366 days), by date.
   */
  upcomingCareEvents: Array<CareEvent>;
  /** A person's record; NOT_FOUND outside the caller's scope (ORG-3). */
  user: User;
  /** People within the caller's scope (ORG-3), filtered and ordered. */
  users: UserConnection;
  /**
   * TGT-4: the weekly reports the caller sees, of weeks starting in
   * [`from`, `to`]; newest first, at most 1 000.
   */
  weeklyReports: Array<WeeklyReport>;
  /** TGT-4: one work log; NOT_FOUND out of sight. */
  workLog: WorkLog;
  /**
   * TGT-4: the work logs the caller sees of days in [`from`, `to`],
   * optionally of one person, only the late ones; newest day first, at
   * most 2 000.
   */
  workLogs: Array<WorkLog>;
};


export type QueryAfterSalesRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAfterSalesRequestsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AfterSalesFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryArAgingArgs = {
  asOf: Scalars['Date']['input'];
  groupBy?: AgingGroupBy;
  unitId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryAssessmentLeaderboardArgs = {
  periodKind: TargetPeriodKind;
  periodNo?: Scalars['Int']['input'];
  unitId?: InputMaybe<Scalars['ID']['input']>;
  year: Scalars['Int']['input'];
};


export type QueryAssessmentPeriodArgs = {
  periodKind: TargetPeriodKind;
  periodNo?: Scalars['Int']['input'];
  year: Scalars['Int']['input'];
};


export type QueryAssessmentResultArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  periodKind?: InputMaybe<TargetPeriodKind>;
  periodNo?: Scalars['Int']['input'];
  userId?: InputMaybe<Scalars['ID']['input']>;
  year?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAssessmentResultsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  periodKind?: InputMaybe<TargetPeriodKind>;
  periodNo?: Scalars['Int']['input'];
  unitId?: InputMaybe<Scalars['ID']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
  year?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAttainmentArgs = {
  metric: TargetMetric;
  periodKind: TargetPeriodKind;
  periodNo?: Scalars['Int']['input'];
  scopeId?: InputMaybe<Scalars['ID']['input']>;
  scopeKind: TargetScopeKind;
  year: Scalars['Int']['input'];
};


export type QueryAttainmentTreeArgs = {
  metric: TargetMetric;
  periodKind: TargetPeriodKind;
  periodNo?: Scalars['Int']['input'];
  unitId?: InputMaybe<Scalars['ID']['input']>;
  year: Scalars['Int']['input'];
};


export type QueryAuditTrailArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  entity: AuditEntity;
  first?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryBusinessCalendarArgs = {
  year: Scalars['Int']['input'];
};


export type QueryCashCollectionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCashCollectionsArgs = {
  customerId?: InputMaybe<Scalars['ID']['input']>;
  overdueOnly?: Scalars['Boolean']['input'];
  status?: InputMaybe<CashCollectionStatus>;
};


export type QueryCollectionRateArgs = {
  from: Scalars['Date']['input'];
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  to: Scalars['Date']['input'];
  unitId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryCompanySettingArgs = {
  key: Scalars['String']['input'];
};


export type QueryCompetitorSummaryArgs = {
  limit?: Scalars['Int']['input'];
};


export type QueryCompetitorsArgs = {
  opportunityId: Scalars['ID']['input'];
};


export type QueryComplaintArgs = {
  id: Scalars['ID']['input'];
};


export type QueryComplaintsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ComplaintFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryContractArgs = {
  id: Scalars['ID']['input'];
};


export type QueryContractAcceptancesArgs = {
  contractId: Scalars['ID']['input'];
};


export type QueryContractMilestonesArgs = {
  contractId: Scalars['ID']['input'];
};


export type QueryContractPerformanceArgs = {
  contractId: Scalars['ID']['input'];
};


export type QueryContractPerformanceTotalsArgs = {
  from: Scalars['Date']['input'];
  groupBy: PerformancePeriod;
  to: Scalars['Date']['input'];
  unitId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryContractsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ContractFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCreditCheckArgs = {
  amount: Scalars['Decimal']['input'];
  customerId: Scalars['ID']['input'];
};


export type QueryCreditStatusArgs = {
  customerId: Scalars['ID']['input'];
};


export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomerGradeRequestsArgs = {
  customerId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<GradeRequestStatus>;
};


export type QueryCustomerLedgerArgs = {
  contractId?: InputMaybe<Scalars['ID']['input']>;
  customerId: Scalars['ID']['input'];
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CustomerFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<CustomerOrderBy>;
};


export type QueryDunningStatusArgs = {
  customerId?: InputMaybe<Scalars['ID']['input']>;
  itemId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryDuplicateCandidatesArgs = {
  creditCode?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
};


export type QueryEvaluationsArgs = {
  opportunityId: Scalars['ID']['input'];
};


export type QueryFailedJobsArgs = {
  first?: Scalars['Int']['input'];
  queue: Scalars['String']['input'];
};


export type QueryFollowUpsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  customerId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<FollowUpStatus>;
};


export type QueryForecastArgs = {
  from: Scalars['Date']['input'];
  groupBy: ForecastGroupBy;
  to: Scalars['Date']['input'];
};


export type QueryInitiationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryInitiationsArgs = {
  opportunityId: Scalars['ID']['input'];
};


export type QueryInteractionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  customerId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryInvoicesArgs = {
  contractId?: InputMaybe<Scalars['ID']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  itemId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryKeyAccountApplicationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryKeyAccountApplicationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<KeyAccountApplicationStatus>;
};


export type QueryKeyAccountEvaluationsArgs = {
  customerId: Scalars['ID']['input'];
};


export type QueryKeyAccountPlanArgs = {
  id: Scalars['ID']['input'];
};


export type QueryKeyAccountPlansArgs = {
  customerId: Scalars['ID']['input'];
};


export type QueryKpiTrendArgs = {
  endMonth?: InputMaybe<Scalars['String']['input']>;
  kpi: AssessmentKpi;
  months?: Scalars['Int']['input'];
  unitId?: InputMaybe<Scalars['ID']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryLeadArgs = {
  id: Scalars['ID']['input'];
};


export type QueryLeadsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<LeadFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<LeadOrder>;
};


export type QueryMilestoneArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMonthlySummariesArgs = {
  reviewed?: InputMaybe<Scalars['Boolean']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
  year?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMyFollowUpsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  dueBefore?: InputMaybe<Scalars['Date']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<FollowUpStatus>;
};


export type QueryMyNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  unreadOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryNegotiationsArgs = {
  opportunityId: Scalars['ID']['input'];
};


export type QueryNextWorkingDayArgs = {
  date: Scalars['Date']['input'];
  days?: Scalars['Int']['input'];
};


export type QueryNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  kind?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<NotificationStatus>;
};


export type QueryOpportunitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<OpportunityFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<OpportunityOrderBy>;
};


export type QueryOpportunityArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOpportunityTeamArgs = {
  opportunityId: Scalars['ID']['input'];
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<OrderFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOrgUnitArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrgUnitsArgs = {
  active?: InputMaybe<Scalars['Boolean']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOverdueComplaintsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  asOf: Scalars['DateTime']['input'];
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOverdueItemsArgs = {
  asOf: Scalars['Date']['input'];
  customerId?: InputMaybe<Scalars['ID']['input']>;
  first?: Scalars['Int']['input'];
  minDays?: InputMaybe<Scalars['Int']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  unitId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryOverdueRevisitsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  asOf?: InputMaybe<Scalars['Date']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOwnershipDisputesArgs = {
  status?: InputMaybe<DisputeStatus>;
};


export type QueryPendingCashHandoversArgs = {
  overdueOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryPipelineSummaryArgs = {
  from?: InputMaybe<Scalars['Date']['input']>;
  to?: InputMaybe<Scalars['Date']['input']>;
  unitId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryPoolReclaimPreviewArgs = {
  asOf: Scalars['Date']['input'];
  limit?: Scalars['Int']['input'];
};


export type QueryQuoteArgs = {
  id: Scalars['ID']['input'];
};


export type QueryReceiptArgs = {
  id: Scalars['ID']['input'];
};


export type QueryReceiptsArgs = {
  customerId: Scalars['ID']['input'];
};


export type QueryRequirementsReportArgs = {
  id: Scalars['ID']['input'];
};


export type QueryRequirementsReportsArgs = {
  opportunityId: Scalars['ID']['input'];
};


export type QueryRevisitComplianceArgs = {
  from: Scalars['Date']['input'];
  to: Scalars['Date']['input'];
  unitId: Scalars['ID']['input'];
};


export type QueryRevisitStatusArgs = {
  customerId: Scalars['ID']['input'];
};


export type QuerySalesPlanArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySalesPlansArgs = {
  from?: InputMaybe<Scalars['Date']['input']>;
  status?: InputMaybe<SalesPlanStatus>;
  to?: InputMaybe<Scalars['Date']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type QuerySatisfactionArgs = {
  customerId: Scalars['ID']['input'];
};


export type QuerySatisfactionSummaryArgs = {
  from: Scalars['Date']['input'];
  to: Scalars['Date']['input'];
  unitId: Scalars['ID']['input'];
};


export type QueryShipmentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryStatementArgs = {
  id: Scalars['ID']['input'];
};


export type QueryStatementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Date']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['Date']['input']>;
};


export type QueryTargetDecompositionArgs = {
  metric: TargetMetric;
  unitId?: InputMaybe<Scalars['ID']['input']>;
  year: Scalars['Int']['input'];
};


export type QueryTargetsArgs = {
  metric?: InputMaybe<TargetMetric>;
  periodKind?: InputMaybe<TargetPeriodKind>;
  scopeKind?: InputMaybe<TargetScopeKind>;
  unitId?: InputMaybe<Scalars['ID']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
  year: Scalars['Int']['input'];
};


export type QueryTenderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTendersArgs = {
  opportunityId: Scalars['ID']['input'];
};


export type QueryUnderperformersArgs = {
  open?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryUpcomingCareEventsArgs = {
  from: Scalars['Date']['input'];
  to: Scalars['Date']['input'];
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<UserFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<UserOrderBy>;
};


export type QueryWeeklyReportsArgs = {
  from?: InputMaybe<Scalars['Date']['input']>;
  reviewed?: InputMaybe<Scalars['Boolean']['input']>;
  to?: InputMaybe<Scalars['Date']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryWorkLogArgs = {
  id: Scalars['ID']['input'];
};


export type QueryWorkLogsArgs = {
  from?: InputMaybe<Scalars['Date']['input']>;
  late?: InputMaybe<Scalars['Boolean']['input']>;
  to?: InputMaybe<Scalars['Date']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};

/** A worker registered on a queue. */
export type QueueWorker = {
  __typename?: 'QueueWorker';
  lastHeartbeat: Scalars['DateTime']['output'];
  /** The worker's name (host and process id unless set). */
  name: Scalars['String']['output'];
};

export type Quote = {
  __typename?: 'Quote';
  /** Who approved or rejected it. */
  approver?: Maybe<Person>;
  /** Σ line costs (each quantity × unit cost rounded to the cent). */
  cost: Scalars['Decimal']['output'];
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  /** The opportunity's currency. */
  currency: Scalars['String']['output'];
  customerDecisionAt?: Maybe<Scalars['DateTime']['output']>;
  customerDecisionNote?: Maybe<Scalars['String']['output']>;
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  deliveryTerms?: Maybe<Scalars['String']['output']>;
  /** Band DIRECT_HEAD: the submitter's direct head at submission. */
  headApprover?: Maybe<Person>;
  id: Scalars['ID']['output'];
  /** The lines in order. */
  lines: Array<QuoteLine>;
  /** total − cost. */
  marginAmount: Scalars['Decimal']['output'];
  /** (total − cost) / total × 100, 2 places half up; 0 for a zero total. */
  marginPercent: Scalars['Decimal']['output'];
  note?: Maybe<Scalars['String']['output']>;
  /**
   * Null when the caller may decide on the quote (as the submitter's
   * direct head) but not see its opportunity.
   */
  opportunity?: Maybe<Opportunity>;
  opportunityId: Scalars['ID']['output'];
  paymentTerms?: Maybe<Scalars['String']['output']>;
  rejectionReason?: Maybe<Scalars['String']['output']>;
  /** Set on submission from the margin and the thresholds then in force. */
  requiredApproverRole?: Maybe<QuoteApproverRole>;
  /** The optimistic-locking counter: pass it back to change the quote. */
  rowVersion: Scalars['Int']['output'];
  sentAt?: Maybe<Scalars['DateTime']['output']>;
  status: QuoteStatus;
  submittedAt?: Maybe<Scalars['DateTime']['output']>;
  submittedBy?: Maybe<Person>;
  title?: Maybe<Scalars['String']['output']>;
  /** Σ line amounts (each quantity × unit price rounded to the cent). */
  total: Scalars['Decimal']['output'];
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  validUntil?: Maybe<Scalars['Date']['output']>;
  /** The quote's number within its opportunity (1, 2, …). */
  version: Scalars['Int']['output'];
};

/** Who must approve a quote, by its gross margin (PIP-6). */
export type QuoteApproverRole =
  /** Margin ≥ `quote_margin_manager`: the submitter's direct head (ORG-5). */
  | 'DIRECT_HEAD'
  /** Below `quote_margin_director`: the sales director (or the GM). */
  | 'SALES_DIRECTOR'
  /** Below it: a sales manager over the opportunity's unit. */
  | 'SALES_MANAGER';

export type QuoteLine = {
  __typename?: 'QuoteLine';
  /** quantity × unit price, rounded to the cent (half up). */
  amount: Scalars['Decimal']['output'];
  /** quantity × unit cost, rounded to the cent (half up). */
  cost: Scalars['Decimal']['output'];
  description: Scalars['String']['output'];
  /** 1-based. */
  position: Scalars['Int']['output'];
  quantity: Scalars['Decimal']['output'];
  unitCost: Scalars['Decimal']['output'];
  unitPrice: Scalars['Decimal']['output'];
};

/** One line of a quote. */
export type QuoteLineInput = {
  /** 1 to 500 characters. */
  description: Scalars['String']['input'];
  /** Greater than 0, at most 3 decimal places. */
  quantity: Scalars['Decimal']['input'];
  /** At least 0, 2 decimal places. */
  unitCost: Scalars['Decimal']['input'];
  /** At least 0, 2 decimal places. */
  unitPrice: Scalars['Decimal']['input'];
};

/** PIP-6 quote states. */
export type QuoteStatus =
  /** Accepted by the customer (opens the CONTRACT gate). */
  | 'ACCEPTED'
  /** May be sent to the customer. */
  | 'APPROVED'
  /** Declined by the customer. */
  | 'DECLINED'
  /** Being written; editable. */
  | 'DRAFT'
  /** Waiting for the approver its margin requires. */
  | 'PENDING_APPROVAL'
  /** Refused by the approver; editable and submittable again. */
  | 'REJECTED'
  /** With the customer. */
  | 'SENT';

/** A receipt (REC-2). */
export type Receipt = {
  __typename?: 'Receipt';
  /**
   * Its allocations: direct ones and those from its credit applied
   * later (kept after a reversal, which the ledger records).
   */
  allocations: Array<ReceiptAllocation>;
  amount: Scalars['Decimal']['output'];
  /**
   * REC-9: the rep who collected the money in person (null: received
   * by the company directly).
   */
  collectedBy?: Maybe<Scalars['ID']['output']>;
  /** REC-9: the day it was collected (= receivedOn). */
  collectedOn?: Maybe<Scalars['Date']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['ID']['output'];
  customerId: Scalars['ID']['output'];
  /** REC-9: the day the money reached finance (`recordCashHandover`). */
  handedOverOn?: Maybe<Scalars['Date']['output']>;
  /** REC-9: the finance user who recorded the handover. */
  handedOverTo?: Maybe<Scalars['ID']['output']>;
  id: Scalars['ID']['output'];
  /** BANK_TRANSFER, ACCEPTANCE_BILL, CASH or OTHER. */
  method: Scalars['String']['output'];
  note?: Maybe<Scalars['String']['output']>;
  receivedOn: Scalars['Date']['output'];
  reference?: Maybe<Scalars['String']['output']>;
  reversalReason?: Maybe<Scalars['String']['output']>;
  reversedAt?: Maybe<Scalars['DateTime']['output']>;
  reversedBy?: Maybe<Scalars['ID']['output']>;
};

/** What a receipt paid. */
export type ReceiptAllocation = {
  __typename?: 'ReceiptAllocation';
  amount: Scalars['Decimal']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  itemId?: Maybe<Scalars['ID']['output']>;
  ledgerEntryId: Scalars['ID']['output'];
};

/** REC-2 receipt methods. */
export type ReceiptMethod =
  /** 承兑汇票. */
  | 'ACCEPTANCE_BILL'
  | 'BANK_TRANSFER'
  | 'CASH'
  /** 支票 (REC-9). */
  | 'CHEQUE'
  | 'OTHER';

/** A receivable item: an installment or a delivery note. */
export type ReceivableItem = {
  __typename?: 'ReceivableItem';
  amount: Scalars['Decimal']['output'];
  contractId?: Maybe<Scalars['ID']['output']>;
  customerId: Scalars['ID']['output'];
  dueDate: Scalars['Date']['output'];
  /** The installment's or the shipment's id. */
  id: Scalars['ID']['output'];
  /** INSTALLMENT or SHIPMENT. */
  kind: Scalars['String']['output'];
  label: Scalars['String']['output'];
  ownerId: Scalars['ID']['output'];
  ownerUnitId: Scalars['ID']['output'];
};

export type RecordAcceptanceInput = {
  /** Not in the future, not before the signing date. */
  acceptedOn: Scalars['Date']['input'];
  contractId: Scalars['ID']['input'];
  /** Required when FAILED; up to 10000 characters. */
  issues?: InputMaybe<Scalars['String']['input']>;
  /** 1..10000 characters. */
  report: Scalars['String']['input'];
  result: AcceptanceResult;
};

export type RecordComplaintInput = {
  /** 1..100 characters. */
  category: Scalars['String']['input'];
  channel: ComplaintChannel;
  customerId: Scalars['ID']['input'];
  /** 1..5000 characters. */
  description: Scalars['String']['input'];
  /** When the customer complained; not in the future. */
  receivedAt: Scalars['DateTime']['input'];
  responsibleUnitId?: InputMaybe<Scalars['ID']['input']>;
  severity: ComplaintSeverity;
};

/** A new PIP-3 evaluation. */
export type RecordEvaluationInput = {
  /** 1 to 5000 characters. */
  background: Scalars['String']['input'];
  /** The customer's budget: at least 0, two decimal places. */
  budget?: InputMaybe<Scalars['Decimal']['input']>;
  /** At most 5000 characters. */
  competition?: InputMaybe<Scalars['String']['input']>;
  /** The expected sales cycle in words; at most 500 characters. */
  cycle?: InputMaybe<Scalars['String']['input']>;
  decision: EvaluationDecision;
  /** 1 to 5000 characters. */
  needs: Scalars['String']['input'];
  opportunityId: Scalars['ID']['input'];
};

/** `recordInvoice`. */
export type RecordInvoiceInput = {
  /** > 0, 2 places, at most the item's amount not yet invoiced. */
  amount: Scalars['Decimal']['input'];
  /** Not after today. */
  issueDate: Scalars['Date']['input'];
  /**
   * An installment (of a signed contract, with a due date) or a delivery
   * note outside a contract.
   */
  itemId: Scalars['ID']['input'];
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The tax invoice number, 1–40 characters, unique. */
  number: Scalars['String']['input'];
};

/** A new negotiation record. */
export type RecordNegotiationInput = {
  /** At most 2000 characters. */
  afterSalesTerms?: InputMaybe<Scalars['String']['input']>;
  /** At most 2000 characters. */
  deliveryTerms?: InputMaybe<Scalars['String']['input']>;
  /**
   * At most 5000 characters. At least one of price, paymentMethod,
   * deliveryTerms, afterSalesTerms and notes is required.
   */
  notes?: InputMaybe<Scalars['String']['input']>;
  /** The day it took place; not after today. */
  occurredOn: Scalars['Date']['input'];
  opportunityId: Scalars['ID']['input'];
  /** Up to 30 names of at most 100 characters, both sides. */
  participants?: Array<Scalars['String']['input']>;
  /** At most 500 characters. */
  paymentMethod?: InputMaybe<Scalars['String']['input']>;
  /**
   * The price discussed, in the opportunity's currency: at least 0, two
   * decimal places.
   */
  price?: InputMaybe<Scalars['Decimal']['input']>;
};

/** `recordPromiseToPay` input. */
export type RecordPromiseToPayInput = {
  /** > 0, 2 places. */
  amount: Scalars['Decimal']['input'];
  customerId: Scalars['ID']['input'];
  /** One item (installment or delivery note); none: all the customer's items. */
  itemId?: InputMaybe<Scalars['ID']['input']>;
  note?: InputMaybe<Scalars['String']['input']>;
  /** Dunning waits through this date (today or later, at most a year ahead). */
  promisedDate: Scalars['Date']['input'];
};

/** `recordReceipt`. */
export type RecordReceiptInput = {
  /**
   * Omitted: oldest due first. Given: exactly these (Σ ≤ amount); the
   * rest becomes customer credit.
   */
  allocations?: InputMaybe<Array<AllocationInput>>;
  /** > 0, 2 places. */
  amount: Scalars['Decimal']['input'];
  /**
   * REC-9: the rep who collected the money in person (CASH, CHEQUE or
   * ACCEPTANCE_BILL only); it must then reach finance within 90 days of
   * `receivedOn` (`recordCashHandover`).
   */
  collectedBy?: InputMaybe<Scalars['ID']['input']>;
  customerId: Scalars['ID']['input'];
  method: ReceiptMethod;
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Not after today. */
  receivedOn: Scalars['Date']['input'];
  /** At most 100 characters. */
  reference?: InputMaybe<Scalars['String']['input']>;
};

/** A new PIP-5 requirements report. */
export type RecordRequirementsReportInput = {
  /** When the customer needs delivery, in words or a date; at most 500. */
  deliveryTime?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 10000 characters. */
  functionalNeeds: Scalars['String']['input'];
  gatheredBy: GatheredBy;
  opportunityId: Scalars['ID']['input'];
  /** At most 5000 characters. */
  qualityStandards?: InputMaybe<Scalars['String']['input']>;
  /** At most 5000 characters. */
  serviceNeeds?: InputMaybe<Scalars['String']['input']>;
};

export type RecordSatisfactionInput = {
  customerId: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 5. */
  score: Scalars['Int']['input'];
  /** Not in the future. */
  surveyedOn: Scalars['Date']['input'];
};

/** A shipment (CON-5). */
export type RecordShipmentInput = {
  /** At most 100 characters. */
  carrier?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200, each order line at most once. */
  lines: Array<ShipmentLineInput>;
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 40 characters, unique; default FH-<year>-<5 digits>. */
  number?: InputMaybe<Scalars['String']['input']>;
  orderId: Scalars['ID']['input'];
  /** Not after today. */
  shippedDate: Scalars['Date']['input'];
  /** At most 100 characters. */
  trackingNo?: InputMaybe<Scalars['String']['input']>;
};

/** KA-4 level: CORE ≥ 80, STABLE ≥ 60, WATCH ≥ 40, else AT_RISK. */
export type RelationshipLevel =
  | 'AT_RISK'
  | 'CORE'
  | 'STABLE'
  | 'WATCH';

export type RequirementsReport = {
  __typename?: 'RequirementsReport';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  deliveryTime?: Maybe<Scalars['String']['output']>;
  functionalNeeds?: Maybe<Scalars['String']['output']>;
  gatheredBy?: Maybe<GatheredBy>;
  id: Scalars['ID']['output'];
  opportunityId: Scalars['ID']['output'];
  qualityStandards?: Maybe<Scalars['String']['output']>;
  serviceNeeds?: Maybe<Scalars['String']['output']>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** For `updateRequirementsReport`. */
  version: Scalars['Int']['output'];
};

export type ResubmitKeyAccountPlanInput = {
  actions: Scalars['String']['input'];
  id: Scalars['ID']['input'];
  strategy: Scalars['String']['input'];
  targetRevenue: Scalars['Decimal']['input'];
  version: Scalars['Int']['input'];
};

/** CUS-6 compliance: revisits due in the period and those done by their due date. */
export type RevisitCompliance = {
  __typename?: 'RevisitCompliance';
  doneOnTime: Scalars['Int']['output'];
  due: Scalars['Int']['output'];
  /** done / due (4 places); null when nothing was due. */
  ratio?: Maybe<Scalars['Decimal']['output']>;
};

export type RevisitStatus = {
  __typename?: 'RevisitStatus';
  customerId: Scalars['ID']['output'];
  customerName: Scalars['String']['output'];
  /** Days past `nextDue` (0 when not yet due). */
  daysOverdue: Scalars['Int']['output'];
  intervalDays: Scalars['Int']['output'];
  /** The last interaction that counts as a revisit for this customer's grade. */
  lastQualifyingAt?: Maybe<Scalars['DateTime']['output']>;
  nextDue: Scalars['Date']['output'];
  owner?: Maybe<Person>;
};

export type RevisitStatusConnection = {
  __typename?: 'RevisitStatusConnection';
  /** A list of edges. */
  edges: Array<RevisitStatusEdge>;
  /** A list of nodes. */
  nodes: Array<RevisitStatus>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** Always null: this list is not counted. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge in a connection. */
export type RevisitStatusEdge = {
  __typename?: 'RevisitStatusEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: RevisitStatus;
};

/** ORG-2 roles. */
export type Role =
  | 'ADMIN'
  | 'CUSTOMER_SERVICE'
  | 'FINANCE'
  | 'GENERAL_MANAGER'
  | 'KEY_ACCOUNT_MANAGER'
  | 'MARKETING'
  | 'SALES_ASSISTANT'
  | 'SALES_DIRECTOR'
  | 'SALES_MANAGER'
  | 'SALES_REP'
  | 'SUPERVISOR'
  | 'TECH_SUPPORT';

/** A weekly sales plan (TGT-3). */
export type SalesPlan = {
  __typename?: 'SalesPlan';
  createdAt: Scalars['DateTime']['output'];
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who approved or returned it, when, and their comment or reason. */
  decidedById?: Maybe<Scalars['ID']['output']>;
  decisionNote?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  isoWeek: Scalars['Int']['output'];
  isoYear: Scalars['Int']['output'];
  items: Array<SalesPlanItem>;
  note?: Maybe<Scalars['String']['output']>;
  status: SalesPlanStatus;
  submittedAt?: Maybe<Scalars['DateTime']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  /** Whose plan it is. */
  user?: Maybe<Person>;
  userId: Scalars['ID']['output'];
  version: Scalars['Int']['output'];
  /** The Monday of the plan's ISO week. */
  weekStart: Scalars['Date']['output'];
};

/** One visit (customer, day, purpose) or activity (day, kind, title) of a plan. */
export type SalesPlanItem = {
  __typename?: 'SalesPlanItem';
  /** The activity's kind (ACTIVITY). */
  activityKind?: Maybe<PlanActivityKind>;
  /** The customer visited (VISIT). */
  customerId?: Maybe<Scalars['ID']['output']>;
  day: Scalars['Date']['output'];
  description?: Maybe<Scalars['String']['output']>;
  kind: PlanItemKind;
  /** A visit's purpose, an activity's title. */
  title: Scalars['String']['output'];
};

/**
 * A visit (`customerId`; `title` is its purpose) or an activity
 * (`activityKind`, `title`) of a plan; exactly one of the two.
 */
export type SalesPlanItemInput = {
  activityKind?: InputMaybe<PlanActivityKind>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** A day of the plan's week. */
  day: Scalars['Date']['input'];
  /** At most 2 000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1–200 characters. */
  title: Scalars['String']['input'];
};

/** TGT-3 plan states. */
export type SalesPlanStatus =
  | 'APPROVED'
  /** Being written; only the author sees changes. */
  | 'DRAFT'
  /** Sent back with a reason; edit and submit again. */
  | 'RETURNED'
  /** Waiting for the supervisor. */
  | 'SUBMITTED';

/** The average over a unit subtree's customers in a period (CUS-8). */
export type SatisfactionSummary = {
  __typename?: 'SatisfactionSummary';
  average?: Maybe<Scalars['Decimal']['output']>;
  count: Scalars['Int']['output'];
};

export type SatisfactionSurvey = {
  __typename?: 'SatisfactionSurvey';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  note?: Maybe<Scalars['String']['output']>;
  score: Scalars['Int']['output'];
  surveyedOn: Scalars['Date']['output'];
};

/** `setAssessmentScheme`. */
export type SetAssessmentSchemeInput = {
  /** 0–1 (0.02 = 2 %), up to 6 places. */
  commissionRate: Scalars['Decimal']['input'];
  /** At least one; replaces the scheme's KPIs as a whole, in this order. */
  kpis: Array<AssessmentSchemeKpiInput>;
  /** 1–200 characters. */
  name: Scalars['String']['input'];
  /** SALES_REP, KEY_ACCOUNT_MANAGER, SUPERVISOR or SALES_MANAGER. */
  role: Role;
};

/** `setTarget`. */
export type SetTargetInput = {
  /** ≥ 0, 2 places; a whole number for NEW_CUSTOMERS. */
  amount: Scalars['Decimal']['input'];
  metric: TargetMetric;
  periodKind: TargetPeriodKind;
  /** 1 for a year, 1–4 for a quarter, 1–12 for a month. */
  periodNo?: Scalars['Int']['input'];
  /** The unit (UNIT) or person (USER); none for COMPANY. */
  scopeId?: InputMaybe<Scalars['ID']['input']>;
  scopeKind: TargetScopeKind;
  /** The version read, to change an existing target; omit to create. */
  version?: InputMaybe<Scalars['Int']['input']>;
  /** 2000–2100. */
  year: Scalars['Int']['input'];
};

export type ShareInput = {
  /** Percent, > 0; all shares sum to exactly 100. */
  share: Scalars['Decimal']['input'];
  userId: Scalars['ID']['input'];
};

export type Shipment = {
  __typename?: 'Shipment';
  /**
   * Σ shipped quantity × unit price (each line to the cent): the sale
   * the delivery note posts to the receivables ledger (REC-1).
   */
  amount: Scalars['Decimal']['output'];
  carrier?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  /** When the customer received it. */
  deliveredDate?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  lines: Array<ShipmentLine>;
  note?: Maybe<Scalars['String']['output']>;
  /** FH-<year>-<5 digits> unless given. */
  number: Scalars['String']['output'];
  orderId: Scalars['ID']['output'];
  shippedDate: Scalars['Date']['output'];
  trackingNo?: Maybe<Scalars['String']['output']>;
};

export type ShipmentLine = {
  __typename?: 'ShipmentLine';
  orderLineId: Scalars['ID']['output'];
  quantity: Scalars['Decimal']['output'];
};

/** One line of a shipment. */
export type ShipmentLineInput = {
  /** A line of the shipment's order. */
  orderLineId: Scalars['ID']['input'];
  /** Greater than 0, at most 3 decimal places, at most what remains. */
  quantity: Scalars['Decimal']['input'];
};

export type SizeClass =
  | 'LARGE'
  | 'MEDIUM'
  | 'SMALL';

/**
 * Conversion between consecutive stages: of those that reached `fromStage`,
 * how many went on to reach `toStage`.
 */
export type StageConversion = {
  __typename?: 'StageConversion';
  advanced: Scalars['Int']['output'];
  fromStage: OpportunityStage;
  /** advanced / reached, 4 places; null when none reached `fromStage`. */
  rate?: Maybe<Scalars['Decimal']['output']>;
  reached: Scalars['Int']['output'];
  toStage: OpportunityStage;
};

/** One ledger entry of the month on a statement. */
export type StatementLineNode = {
  __typename?: 'StatementLineNode';
  /** Signed as in the ledger (debit > 0, credit < 0). */
  amount: Scalars['Decimal']['output'];
  /**
   * The figure it counts in: SALES, RECEIPTS, OTHER, or NONE (credit
   * applied: its pair nets to 0).
   */
  column: Scalars['String']['output'];
  date: Scalars['Date']['output'];
  /** Item, invoice, receipt reference, reason. */
  document: Scalars['String']['output'];
  /** The ledger entry (see `customerLedger`). */
  entryId: Scalars['ID']['output'];
  /**
   * The ledger kind: SALE, RECEIPT, PREPAYMENT, CREDIT_APPLIED,
   * ADJUSTMENT, WRITE_OFF, REVERSAL.
   */
  kind: Scalars['String']['output'];
  seq: Scalars['Int']['output'];
};

/**
 * REC-5: a customer's monthly statement (对账单). `openingBalance + sales
 * − receipts + other = closingBalance`; `closingBalance` is the ledger
 * balance at `periodEnd`. Immutable once `sentAt` is set.
 */
export type StatementNode = {
  __typename?: 'StatementNode';
  closingBalance: Scalars['Decimal']['output'];
  customerId: Scalars['ID']['output'];
  customerName: Scalars['String']['output'];
  generatedAt: Scalars['DateTime']['output'];
  /** The document as emailed (`statement-YYYY-MM.html`). */
  html: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The month's ledger entries behind the figures, in ledger order. */
  lines: Array<StatementLineNode>;
  /** `YYYY-MM`. */
  month: Scalars['String']['output'];
  openingBalance: Scalars['Decimal']['output'];
  /** Adjustments, write-offs, reversals (signed). */
  other: Scalars['Decimal']['output'];
  periodEnd: Scalars['Date']['output'];
  periodStart: Scalars['Date']['output'];
  /** Money received (RECEIPT + PREPAYMENT), positive. */
  receipts: Scalars['Decimal']['output'];
  sales: Scalars['Decimal']['output'];
  sentAt?: Maybe<Scalars['DateTime']['output']>;
};

export type StatementNodeConnection = {
  __typename?: 'StatementNodeConnection';
  /** A list of edges. */
  edges: Array<StatementNodeEdge>;
  /** A list of nodes. */
  nodes: Array<StatementNode>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
};

/** An edge in a connection. */
export type StatementNodeEdge = {
  __typename?: 'StatementNodeEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: StatementNode;
};

/** What `generateStatements` did. */
export type StatementRun = {
  __typename?: 'StatementRun';
  /** Sent before: kept as they were. */
  alreadySent: Scalars['Int']['output'];
  created: Scalars['Int']['output'];
  /** Customers with activity or a balance: one statement each. */
  customers: Scalars['Int']['output'];
  month: Scalars['String']['output'];
  /** Unsent statements whose figures changed, replaced. */
  replaced: Scalars['Int']['output'];
  unchanged: Scalars['Int']['output'];
};

/** One period of a streak. */
export type StreakPeriod = {
  __typename?: 'StreakPeriod';
  /** Signed revenue ÷ its target (below 0.8 = not met). */
  completion?: Maybe<Scalars['Decimal']['output']>;
  periodNo: Scalars['Int']['output'];
  year: Scalars['Int']['output'];
};

/** A PIP-4 initiation application. */
export type SubmitInitiationInput = {
  /** 1 to 5000 characters each. */
  basicFacts: Scalars['String']['input'];
  expectedGoals: Scalars['String']['input'];
  opportunityId: Scalars['ID']['input'];
  salesStrategy: Scalars['String']['input'];
  /** Up to 50 distinct users; created as the project team on approval. */
  team?: Array<ProposedMemberInput>;
};

export type SubmitKeyAccountPlanInput = {
  actions: Scalars['String']['input'];
  customerId: Scalars['ID']['input'];
  strategy: Scalars['String']['input'];
  targetRevenue: Scalars['Decimal']['input'];
  year: Scalars['Int']['input'];
};

/** `submitMonthlySummary`. */
export type SubmitMonthlySummaryInput = {
  /** 1–12; this month or an earlier one. */
  month: Scalars['Int']['input'];
  /** 1–8 000 characters. */
  nextMonthPlan: Scalars['String']['input'];
  /** 1–8 000 characters. */
  summary: Scalars['String']['input'];
  /** 2000–2100. */
  year: Scalars['Int']['input'];
};

/** `submitWeeklyReport`. */
export type SubmitWeeklyReportInput = {
  /** 1–8 000 characters. */
  nextWeekPlan: Scalars['String']['input'];
  /** 1–8 000 characters. */
  summary: Scalars['String']['input'];
  /** The Monday of the week (this week or an earlier one). */
  weekStart: Scalars['Date']['input'];
};

/** A target (TGT-1). */
export type Target = {
  __typename?: 'Target';
  /** CNY, 2 places; a whole number for NEW_CUSTOMERS. */
  amount: Scalars['Decimal']['output'];
  createdAt: Scalars['DateTime']['output'];
  createdById?: Maybe<Scalars['ID']['output']>;
  id: Scalars['ID']['output'];
  metric: TargetMetric;
  periodKind: TargetPeriodKind;
  periodNo: Scalars['Int']['output'];
  scopeKind: TargetScopeKind;
  unitId?: Maybe<Scalars['ID']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  updatedById?: Maybe<Scalars['ID']['output']>;
  userId?: Maybe<Scalars['ID']['output']>;
  version: Scalars['Int']['output'];
  year: Scalars['Int']['output'];
};

/** How a target is decomposed. */
export type TargetDimension =
  /** To the child units and the unit's people, same period. */
  | 'ORG'
  /** To the quarters of a year or the months of a quarter, same scope. */
  | 'TIME';

/** What a fact behind an actual is. */
export type TargetFactKind =
  | 'CONTRACT'
  | 'CUSTOMER'
  | 'RECEIPT';

/** One parent target and how far its children cover it (TGT-1). */
export type TargetGap = {
  __typename?: 'TargetGap';
  children: Array<Target>;
  childrenSum: Scalars['Decimal']['output'];
  /** Σ children ≥ parent. */
  covered: Scalars['Boolean']['output'];
  dimension: TargetDimension;
  /** parent − Σ children when positive, else 0. */
  gap: Scalars['Decimal']['output'];
  missing: Array<TargetMissingChild>;
  parent: Target;
};

/** TGT-1 metrics. */
export type TargetMetric =
  /** Σ receipts allocated to receivable items in the period (CNY). */
  | 'COLLECTIONS'
  /**
   * Σ (contract amount − accepted quote's cost) of contracts signed in
   * the period (CNY).
   */
  | 'GROSS_PROFIT'
  /** Customers whose first contract was signed in the period (a count). */
  | 'NEW_CUSTOMERS'
  /** Σ amount of contracts signed in the period (CNY). */
  | 'SIGNED_REVENUE';

/** A child without a target: a unit, a person, or a period of the scope. */
export type TargetMissingChild = {
  __typename?: 'TargetMissingChild';
  periodKind?: Maybe<TargetPeriodKind>;
  periodNo?: Maybe<Scalars['Int']['output']>;
  unitId?: Maybe<Scalars['ID']['output']>;
  userId?: Maybe<Scalars['ID']['output']>;
};

/** TGT-1 periods: a year (number 1), a quarter (1–4), a month (1–12). */
export type TargetPeriodKind =
  | 'MONTH'
  | 'QUARTER'
  | 'YEAR';

/** TGT-1 scopes. */
export type TargetScopeKind =
  /** The whole company (no id). */
  | 'COMPANY'
  /** A unit (its id). */
  | 'UNIT'
  /** A person (their id). */
  | 'USER';

export type Tender = {
  __typename?: 'Tender';
  /** In the opportunity's currency. */
  bidAmount?: Maybe<Scalars['Decimal']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Person>;
  /** Bids are accepted strictly before it. */
  deadline: Scalars['DateTime']['output'];
  documents: Array<BidDocumentRow>;
  id: Scalars['ID']['output'];
  issuingParty: Scalars['String']['output'];
  opportunityId: Scalars['ID']['output'];
  result: TenderResult;
  resultAt?: Maybe<Scalars['DateTime']['output']>;
  resultBy?: Maybe<Person>;
  resultNote?: Maybe<Scalars['String']['output']>;
  submitted: Scalars['Boolean']['output'];
  submittedAt?: Maybe<Scalars['DateTime']['output']>;
  submittedBy?: Maybe<Person>;
  /** The issuer's number (招标编号). */
  tenderNo?: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** For `updateTender`, `submitTender` and `recordTenderResult`. */
  version: Scalars['Int']['output'];
  /** Who won a LOST tender, when known. */
  winningCompetitor?: Maybe<Scalars['String']['output']>;
  /** The winning price: theirs for LOST (when known), our bid for WON. */
  winningPrice?: Maybe<Scalars['Decimal']['output']>;
};

/** A tender's fields (all replaced on update). */
export type TenderInput = {
  /**
   * In the opportunity's currency: at least 0, two decimal places;
   * required to submit.
   */
  bidAmount?: InputMaybe<Scalars['Decimal']['input']>;
  /**
   * Bids are accepted strictly before it; in the future when set or
   * changed.
   */
  deadline: Scalars['DateTime']['input'];
  /** Up to 50. */
  documents?: Array<BidDocumentInput>;
  /** 1 to 200 characters. */
  issuingParty: Scalars['String']['input'];
  /** The issuer's number; at most 100 characters. */
  tenderNo?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 characters. */
  title: Scalars['String']['input'];
};

/**
 * PIP-7: PENDING until a result is recorded; WON, LOST and CANCELLED are
 * final.
 */
export type TenderResult =
  /** The issuer cancelled the call for bids. */
  | 'CANCELLED'
  | 'LOST'
  | 'PENDING'
  | 'WON';

/** PIP-7: how dangerous a competitor is on an opportunity. */
export type ThreatLevel =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

/** CUS-1 tier by purchase potential, frequency and credit. */
export type Tier =
  | 'A'
  | 'B'
  | 'C';

/** KPI-5: a person flagged for coaching or a role review. */
export type UnderperformanceFlag = {
  __typename?: 'UnderperformanceFlag';
  /** The completions of the streak's periods, oldest first. */
  completions: Array<StreakPeriod>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: UnderperformanceKind;
  note?: Maybe<Scalars['String']['output']>;
  /** MONTH (coaching plan) or QUARTER (role review). */
  periodKind: TargetPeriodKind;
  periodNo: Scalars['Int']['output'];
  person?: Maybe<Person>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  resolvedById?: Maybe<Scalars['ID']['output']>;
  /** Consecutive periods not met, up to this one. */
  streak: Scalars['Int']['output'];
  /** The person's unit in the flagging period. */
  unitId?: Maybe<Scalars['ID']['output']>;
  unitName?: Maybe<Scalars['String']['output']>;
  userId: Scalars['ID']['output'];
  userName: Scalars['String']['output'];
  year: Scalars['Int']['output'];
};

/** KPI-5 flags. */
export type UnderperformanceKind =
  /** Two or more consecutive months not met. */
  | 'COACHING_PLAN'
  /** Two or more consecutive quarters not met. */
  | 'ROLE_REVIEW';

/** ORG-1 levels of the unit tree. */
export type UnitKind =
  | 'COMPANY'
  | 'DEPARTMENT'
  | 'REGION'
  | 'TEAM';

/**
 * CON-1: the new terms and plan of a DRAFT contract. Omitted title and
 * parties keep their values; omitted optional texts are cleared.
 */
export type UpdateContractInput = {
  /** At most 2000 characters. */
  afterSalesTerms?: InputMaybe<Scalars['String']['input']>;
  /**
   * Only for a contract entered directly; one from a quote keeps the
   * quote's total.
   */
  amount?: InputMaybe<Scalars['Decimal']['input']>;
  /** 1 to 200 characters; defaults to the customer's name. */
  customerParty?: InputMaybe<Scalars['String']['input']>;
  /** At most 2000 characters. */
  deliveryTerms?: InputMaybe<Scalars['String']['input']>;
  /** On or after `startDate`. */
  endDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 60 installments summing exactly to the contract amount. */
  installments: Array<InstallmentInput>;
  /** At most 2000 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 characters; defaults to the company (the root unit's name). */
  ourParty?: InputMaybe<Scalars['String']['input']>;
  paymentMethod?: PaymentMethod;
  /** Credit period, 0 to 3650 days; above 90 finance reviews too (CON-2). */
  paymentTermsDays?: Scalars['Int']['input'];
  startDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1 to 200 characters; defaults to the opportunity's name. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** 0 to 120. */
  warrantyMonths?: Scalars['Int']['input'];
};

export type UpdateCustomerInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  creditCode?: InputMaybe<Scalars['String']['input']>;
  creditLimit?: InputMaybe<Scalars['Decimal']['input']>;
  creditRating?: InputMaybe<Scalars['String']['input']>;
  grade?: InputMaybe<Grade>;
  id: Scalars['ID']['input'];
  industry?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  sizeClass?: InputMaybe<SizeClass>;
  source?: InputMaybe<CustomerSource>;
  status?: InputMaybe<CustomerStatus>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  tier?: InputMaybe<Tier>;
  version: Scalars['Int']['input'];
};

export type UpdateLeadInput = {
  budget?: InputMaybe<Scalars['Decimal']['input']>;
  companyName?: InputMaybe<Scalars['String']['input']>;
  contactEmail?: InputMaybe<Scalars['String']['input']>;
  contactName?: InputMaybe<Scalars['String']['input']>;
  contactPhone?: InputMaybe<Scalars['String']['input']>;
  expectedCloseDate?: InputMaybe<Scalars['Date']['input']>;
  id: Scalars['ID']['input'];
  industry?: InputMaybe<Scalars['String']['input']>;
  needs?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  sizeClass?: InputMaybe<SizeClass>;
  source?: InputMaybe<CustomerSource>;
  version: Scalars['Int']['input'];
};

/** Absent fields stay as they are. */
export type UpdateMilestoneInput = {
  /** Not in the future; marks the milestone done (100 %). */
  actualDate?: InputMaybe<Scalars['Date']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** Blank clears it. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** 0..100; a done milestone stays at 100. */
  percentDone?: InputMaybe<Scalars['Int']['input']>;
  plannedDate?: InputMaybe<Scalars['Date']['input']>;
};

/** `updateMonthlySummary`. */
export type UpdateMonthlySummaryInput = {
  id: Scalars['ID']['input'];
  nextMonthPlan: Scalars['String']['input'];
  summary: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};

/** Field changes; an omitted field stays, `null` clears it. */
export type UpdateOpportunityInput = {
  amount?: InputMaybe<Scalars['Decimal']['input']>;
  complex?: InputMaybe<Scalars['Boolean']['input']>;
  expectedCloseDate?: InputMaybe<Scalars['Date']['input']>;
  id: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  /** 0 to 100 overrides the stage default; `null` returns to it. */
  probability?: InputMaybe<Scalars['Int']['input']>;
  version: Scalars['Int']['input'];
};

/**
 * The new content of a DRAFT order: every field is replaced (an omitted
 * optional one is cleared), the lines as a whole.
 */
export type UpdateOrderInput = {
  contactId?: InputMaybe<Scalars['ID']['input']>;
  /** Omitted: unchanged. */
  currency?: InputMaybe<Scalars['String']['input']>;
  deliveryPlace?: InputMaybe<Scalars['String']['input']>;
  lines: Array<OrderLineInput>;
  note?: InputMaybe<Scalars['String']['input']>;
  packaging?: InputMaybe<Scalars['String']['input']>;
  promisedDate?: InputMaybe<Scalars['Date']['input']>;
  requiredDate?: InputMaybe<Scalars['Date']['input']>;
  shippingMethod?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateOrgUnitInput = {
  /** null removes the head. */
  headUserId?: InputMaybe<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
  kind?: InputMaybe<UnitKind>;
  name?: InputMaybe<Scalars['String']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  version: Scalars['Int']['input'];
};

/**
 * The new content of a DRAFT or REJECTED quote: every field is replaced
 * (an omitted optional text is cleared), the lines as a whole.
 */
export type UpdateQuoteInput = {
  deliveryTerms?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  lines: Array<QuoteLineInput>;
  note?: InputMaybe<Scalars['String']['input']>;
  paymentTerms?: InputMaybe<Scalars['String']['input']>;
  /** `rowVersion` as read. */
  rowVersion: Scalars['Int']['input'];
  title?: InputMaybe<Scalars['String']['input']>;
  validUntil: Scalars['Date']['input'];
};

/** A report's new fields, all replaced, at `version`. */
export type UpdateRequirementsReportInput = {
  deliveryTime?: InputMaybe<Scalars['String']['input']>;
  functionalNeeds: Scalars['String']['input'];
  gatheredBy: GatheredBy;
  id: Scalars['ID']['input'];
  qualityStandards?: InputMaybe<Scalars['String']['input']>;
  serviceNeeds?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};

/** `updateSalesPlan`: replaces the note and all items. */
export type UpdateSalesPlanInput = {
  id: Scalars['ID']['input'];
  items?: Array<SalesPlanItemInput>;
  note?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};

export type UpdateUserInput = {
  displayName?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  extraRoles?: InputMaybe<Array<Role>>;
  id: Scalars['ID']['input'];
  isTrainee?: InputMaybe<Scalars['Boolean']['input']>;
  locale?: InputMaybe<Locale>;
  /** Setting it ends the user's open sessions. */
  password?: InputMaybe<Scalars['String']['input']>;
  /** null clears it. */
  phone?: InputMaybe<Scalars['String']['input']>;
  primaryRole?: InputMaybe<Role>;
  unitId?: InputMaybe<Scalars['ID']['input']>;
  version: Scalars['Int']['input'];
};

/** `updateWeeklyReport`. */
export type UpdateWeeklyReportInput = {
  id: Scalars['ID']['input'];
  nextWeekPlan: Scalars['String']['input'];
  summary: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};

export type User = {
  __typename?: 'User';
  active: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  /**
   * ORG-5: the head of their unit, or of the parent unit for a head;
   * null at the top of the company, or when that unit has no head (see
   * `directHeadVacantUnit`).
   */
  directHead?: Maybe<Person>;
  /**
   * ORG-1: the unit whose head would be this person's direct head, when
   * it has none — approvals that need that head are refused until one is
   * appointed.
   */
  directHeadVacantUnit?: Maybe<OrgUnit>;
  displayName: Scalars['String']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  isTrainee: Scalars['Boolean']['output'];
  lastLoginAt?: Maybe<Scalars['DateTime']['output']>;
  locale: Locale;
  phone?: Maybe<Scalars['String']['output']>;
  primaryRole: Role;
  /** The primary role followed by the extra ones. */
  roles: Array<Role>;
  unit: OrgUnit;
  updatedAt: Scalars['DateTime']['output'];
  /** Pass it back to update the record; a stale one is refused (CONFLICT). */
  version: Scalars['Int']['output'];
};

export type UserConnection = {
  __typename?: 'UserConnection';
  /** A list of edges. */
  edges: Array<UserEdge>;
  /** A list of nodes. */
  nodes: Array<User>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  /** How many records match the filter (all pages), within scope. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type UserEdge = {
  __typename?: 'UserEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: User;
};

export type UserFilter = {
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** Holding this role, as primary or extra role. */
  role?: InputMaybe<Role>;
  /** Part of the name or email, any case. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** People in this unit or any unit below it. */
  unitId?: InputMaybe<Scalars['ID']['input']>;
};

export type UserOrderBy = {
  direction?: OrderDirection;
  field: UserOrderField;
};

export type UserOrderField =
  | 'CREATED_AT'
  | 'EMAIL'
  | 'NAME';

/** A weekly report (周工作表, TGT-4). */
export type WeeklyReport = {
  __typename?: 'WeeklyReport';
  id: Scalars['ID']['output'];
  isoWeek: Scalars['Int']['output'];
  isoYear: Scalars['Int']['output'];
  nextWeekPlan: Scalars['String']['output'];
  reviewComment?: Maybe<Scalars['String']['output']>;
  reviewedAt?: Maybe<Scalars['DateTime']['output']>;
  reviewedById?: Maybe<Scalars['ID']['output']>;
  status: WorkReportStatus;
  submittedAt: Scalars['DateTime']['output'];
  summary: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  userId: Scalars['ID']['output'];
  version: Scalars['Int']['output'];
  /** The Monday of the ISO week. */
  weekStart: Scalars['Date']['output'];
};

/** A daily work log (TGT-4). */
export type WorkLog = {
  __typename?: 'WorkLog';
  contactedCustomerIds: Array<Scalars['ID']['output']>;
  /** The company day logged. */
  day: Scalars['Date']['output'];
  /** The end of the next working day after `day` (TGT-5). */
  dueOn: Scalars['Date']['output'];
  id: Scalars['ID']['output'];
  /** Submitted after `dueOn` (company time). */
  late: Scalars['Boolean']['output'];
  notes?: Maybe<Scalars['String']['output']>;
  outcome: Scalars['String']['output'];
  submittedAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  userId: Scalars['ID']['output'];
  version: Scalars['Int']['output'];
  visitedCustomerIds: Array<Scalars['ID']['output']>;
};

/** What a work log says. */
export type WorkLogContentInput = {
  /** Customers contacted otherwise (phone, email, ...; at most 100). */
  contactedCustomerIds?: Array<Scalars['ID']['input']>;
  /** At most 4 000 characters. */
  notes?: InputMaybe<Scalars['String']['input']>;
  /** The day's outcome, 1–4 000 characters. */
  outcome: Scalars['String']['input'];
  /** Customers visited (at most 100, each in the caller's scope). */
  visitedCustomerIds?: Array<Scalars['ID']['input']>;
};

/** A weekly report's or monthly summary's state. */
export type WorkReportStatus =
  | 'REVIEWED'
  | 'SUBMITTED';

export type InboxQueryVariables = Exact<{ [key: string]: never; }>;


export type InboxQuery = { __typename?: 'Query', myNotifications: { __typename?: 'InboxNotificationConnection', nodes: Array<{ __typename?: 'InboxNotification', id: string, title: string, body: string, read: boolean, sentAt: string }> } };

export type MarkReadMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type MarkReadMutation = { __typename?: 'Mutation', markNotificationRead: { __typename?: 'InboxNotification', id: string, read: boolean, readAt?: string | null } };

export type MarkAllReadMutationVariables = Exact<{ [key: string]: never; }>;


export type MarkAllReadMutation = { __typename?: 'Mutation', markAllNotificationsRead: number };

export type MyDayQueryVariables = Exact<{ [key: string]: never; }>;


export type MyDayQuery = { __typename?: 'Query', myDay: { __typename?: 'MyDay', today: string, lastWorkingDay: string, weekStart: string, lastWorkingDayLog?: { __typename?: 'WorkLog', id: string, submittedAt: string, late: boolean } | null, weekPlan?: { __typename?: 'SalesPlan', id: string, status: SalesPlanStatus } | null }, myFollowUps: { __typename?: 'FollowUpConnection', nodes: Array<{ __typename?: 'FollowUp', id: string, dueDate: string, note?: string | null, customerId: string, customer?: { __typename?: 'Customer', id: string, name: string } | null }> }, overdueRevisits: { __typename?: 'RevisitStatusConnection', totalCount?: number | null, nodes: Array<{ __typename?: 'RevisitStatus', customerId: string, customerName: string, nextDue: string, daysOverdue: number }> } };

export type SubmitWorkLogMutationVariables = Exact<{
  day: Scalars['Date']['input'];
  input: WorkLogContentInput;
}>;


export type SubmitWorkLogMutation = { __typename?: 'Mutation', submitWorkLog: { __typename?: 'WorkLog', id: string, late: boolean } };

export type SignInMutationVariables = Exact<{
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type SignInMutation = { __typename?: 'Mutation', login: { __typename?: 'LoginPayload', expiresAt: string, user: { __typename?: 'User', id: string } } };

export type ApprovalsQueryVariables = Exact<{ [key: string]: never; }>;


export type ApprovalsQuery = { __typename?: 'Query', quotesAwaitingMyDecision: Array<{ __typename?: 'Quote', id: string, title?: string | null, rowVersion: number, total: string, currency: string, marginPercent: string, requiredApproverRole?: QuoteApproverRole | null, submittedAt?: string | null, submittedBy?: { __typename?: 'Person', id: string, displayName: string } | null, opportunity?: { __typename?: 'Opportunity', id: string, name: string, customer?: { __typename?: 'Customer', id: string, name: string } | null } | null }>, pendingInitiations: Array<{ __typename?: 'InitiationApplication', id: string, version: number, opportunityId: string, expectedGoals?: string | null, createdAt: string, submittedBy?: { __typename?: 'Person', id: string, displayName: string } | null }>, salesPlans: Array<{ __typename?: 'SalesPlan', id: string, version: number, weekStart: string, submittedAt?: string | null, items: Array<{ __typename?: 'SalesPlanItem', day: string }>, user?: { __typename?: 'Person', id: string, displayName: string } | null }> };

export type ApproveQuoteMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  rowVersion: Scalars['Int']['input'];
}>;


export type ApproveQuoteMutation = { __typename?: 'Mutation', approveQuote: { __typename?: 'Quote', id: string, status: QuoteStatus } };

export type RejectQuoteMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  rowVersion: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
}>;


export type RejectQuoteMutation = { __typename?: 'Mutation', rejectQuote: { __typename?: 'Quote', id: string, status: QuoteStatus } };

export type ApproveInitiationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
}>;


export type ApproveInitiationMutation = { __typename?: 'Mutation', approveInitiation: { __typename?: 'InitiationApplication', id: string, status: InitiationStatus } };

export type ReturnInitiationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
}>;


export type ReturnInitiationMutation = { __typename?: 'Mutation', returnInitiation: { __typename?: 'InitiationApplication', id: string, status: InitiationStatus } };

export type ApprovePlanMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
}>;


export type ApprovePlanMutation = { __typename?: 'Mutation', approveSalesPlan: { __typename?: 'SalesPlan', id: string, status: SalesPlanStatus } };

export type ReturnPlanMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
}>;


export type ReturnPlanMutation = { __typename?: 'Mutation', returnSalesPlan: { __typename?: 'SalesPlan', id: string, status: SalesPlanStatus } };

export type CustomerDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CustomerDetailQuery = { __typename?: 'Query', customer: { __typename?: 'Customer', id: string, name: string, grade: Grade, tier: Tier, status: CustomerStatus, inPool: boolean, industry?: string | null, region?: string | null, creditCode?: string | null, owner?: { __typename?: 'Person', id: string, displayName: string } | null, revisitStatus: { __typename?: 'RevisitStatus', nextDue: string, daysOverdue: number }, contacts: Array<{ __typename?: 'Contact', id: string, name: string, title?: string | null, phone?: string | null, email?: string | null }>, interactions: { __typename?: 'InteractionConnection', nodes: Array<{ __typename?: 'Interaction', id: string, kind?: InteractionKind | null, occurredAt: string, summary: string, nextStep?: string | null, createdBy?: { __typename?: 'Person', displayName: string } | null }> } } };

export type LogInteractionMutationVariables = Exact<{
  input: LogInteractionInput;
}>;


export type LogInteractionMutation = { __typename?: 'Mutation', logInteraction: { __typename?: 'LogInteractionPayload', interaction: { __typename?: 'Interaction', id: string } } };

export type CustomersQueryVariables = Exact<{
  filter?: InputMaybe<CustomerFilter>;
  orderBy?: InputMaybe<CustomerOrderBy>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CustomersQuery = { __typename?: 'Query', customers: { __typename?: 'CustomerConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ __typename?: 'Customer', id: string, name: string, grade: Grade, tier: Tier, status: CustomerStatus, inPool: boolean, lastInteractionAt?: string | null, owner?: { __typename?: 'Person', id: string, displayName: string } | null, revisitStatus: { __typename?: 'RevisitStatus', nextDue: string, daysOverdue: number } }> } };

export type ClaimCustomerMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ClaimCustomerMutation = { __typename?: 'Mutation', claimCustomer: { __typename?: 'Customer', id: string, inPool: boolean, owner?: { __typename?: 'Person', id: string, displayName: string } | null } };

export type DuplicateCandidatesQueryVariables = Exact<{
  name: Scalars['String']['input'];
  creditCode?: InputMaybe<Scalars['String']['input']>;
}>;


export type DuplicateCandidatesQuery = { __typename?: 'Query', duplicateCandidates: Array<{ __typename?: 'DuplicateCandidate', id: string, name: string, ownerName?: string | null, sameCreditCode: boolean }> };

export type CreateCustomerMutationVariables = Exact<{
  input: CreateCustomerInput;
  confirmDistinct: Scalars['Boolean']['input'];
}>;


export type CreateCustomerMutation = { __typename?: 'Mutation', createCustomer: { __typename?: 'Customer', id: string } };

export type LeadsQueryVariables = Exact<{
  status?: InputMaybe<LeadStatus>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type LeadsQuery = { __typename?: 'Query', leads: { __typename?: 'LeadConnection', pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ __typename?: 'Lead', id: string, version: number, companyName: string, contactName?: string | null, budget?: string | null, expectedCloseDate?: string | null, score: number, status: LeadStatus, createdAt: string, customer?: { __typename?: 'Customer', id: string, name: string } | null, scoreFactors: Array<{ __typename?: 'LeadScoreFactor', factor: string, points: number, reason: string }> }> } };

export type QualifyLeadMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
  opportunity: LeadOpportunityInput;
  customer?: InputMaybe<LeadCustomerInput>;
  existingCustomerId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type QualifyLeadMutation = { __typename?: 'Mutation', qualifyLead: { __typename?: 'QualifyLeadPayload', opportunityId: string } };

export type DisqualifyLeadMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
}>;


export type DisqualifyLeadMutation = { __typename?: 'Mutation', disqualifyLead: { __typename?: 'Lead', id: string, status: LeadStatus } };

export type OpportunityDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type OpportunityDetailQuery = { __typename?: 'Query', opportunity: { __typename?: 'Opportunity', id: string, name: string, stage: OpportunityStage, amount: string, weightedAmount: string, currency: string, expectedCloseDate?: string | null, customer?: { __typename?: 'Customer', id: string, name: string } | null, owner?: { __typename?: 'Person', id: string, displayName: string } | null, quotes: Array<{ __typename?: 'Quote', id: string, version: number, status: QuoteStatus, total: string, marginPercent: string, requiredApproverRole?: QuoteApproverRole | null, rejectionReason?: string | null, submittedAt?: string | null, approver?: { __typename?: 'Person', displayName: string } | null }> } };

export type BoardCardFragment = { __typename?: 'Opportunity', id: string, name: string, amount: string, weightedAmount: string, currency: string, version: number, stage: OpportunityStage, customer?: { __typename?: 'Customer', id: string, name: string } | null };

export type PipelineBoardQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type PipelineBoardQuery = { __typename?: 'Query', pipelineSummary: { __typename?: 'PipelineSummary', stages: Array<{ __typename?: 'PipelineStage', stage: OpportunityStage, count: number, amount: string, weightedAmount: string }> }, evaluation: { __typename?: 'OpportunityConnection', nodes: Array<{ __typename?: 'Opportunity', id: string, name: string, amount: string, weightedAmount: string, currency: string, version: number, stage: OpportunityStage, customer?: { __typename?: 'Customer', id: string, name: string } | null }> }, initiation: { __typename?: 'OpportunityConnection', nodes: Array<{ __typename?: 'Opportunity', id: string, name: string, amount: string, weightedAmount: string, currency: string, version: number, stage: OpportunityStage, customer?: { __typename?: 'Customer', id: string, name: string } | null }> }, requirements: { __typename?: 'OpportunityConnection', nodes: Array<{ __typename?: 'Opportunity', id: string, name: string, amount: string, weightedAmount: string, currency: string, version: number, stage: OpportunityStage, customer?: { __typename?: 'Customer', id: string, name: string } | null }> }, proposal: { __typename?: 'OpportunityConnection', nodes: Array<{ __typename?: 'Opportunity', id: string, name: string, amount: string, weightedAmount: string, currency: string, version: number, stage: OpportunityStage, customer?: { __typename?: 'Customer', id: string, name: string } | null }> }, negotiation: { __typename?: 'OpportunityConnection', nodes: Array<{ __typename?: 'Opportunity', id: string, name: string, amount: string, weightedAmount: string, currency: string, version: number, stage: OpportunityStage, customer?: { __typename?: 'Customer', id: string, name: string } | null }> }, contract: { __typename?: 'OpportunityConnection', nodes: Array<{ __typename?: 'Opportunity', id: string, name: string, amount: string, weightedAmount: string, currency: string, version: number, stage: OpportunityStage, customer?: { __typename?: 'Customer', id: string, name: string } | null }> } };

export type MoveOpportunityMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  to: OpportunityStage;
  version: Scalars['Int']['input'];
}>;


export type MoveOpportunityMutation = { __typename?: 'Mutation', moveOpportunityStage: { __typename?: 'Opportunity', id: string, stage: OpportunityStage, version: number } };

export type TeamQueryVariables = Exact<{
  from: Scalars['Date']['input'];
  to: Scalars['Date']['input'];
  monthStart: Scalars['Date']['input'];
  today: Scalars['Date']['input'];
  unitId: Scalars['ID']['input'];
}>;


export type TeamQuery = { __typename?: 'Query', byOwner: Array<{ __typename?: 'ForecastEntry', count: number, amount: string, weightedAmount: string, owner?: { __typename?: 'Person', id: string, displayName: string } | null }>, byMonth: Array<{ __typename?: 'ForecastEntry', month?: string | null, count: number, amount: string, weightedAmount: string }>, revisitCompliance: { __typename?: 'RevisitCompliance', due: number, doneOnTime: number, ratio?: string | null }, overdueRevisits: { __typename?: 'RevisitStatusConnection', nodes: Array<{ __typename?: 'RevisitStatus', customerId: string, customerName: string, daysOverdue: number, owner?: { __typename?: 'Person', displayName: string } | null }> } };

export type CompanyTodayQueryVariables = Exact<{ [key: string]: never; }>;


export type CompanyTodayQuery = { __typename?: 'Query', myDay: { __typename?: 'MyDay', today: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { __typename?: 'Query', me?: { __typename?: 'User', id: string, displayName: string, email: string, locale: Locale, primaryRole: Role, roles: Array<Role>, unit: { __typename?: 'OrgUnit', id: string, name: string } } | null };

export type UnreadQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadQuery = { __typename?: 'Query', unreadNotificationCount: number };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { __typename?: 'Mutation', logout: boolean };

export const BoardCardFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BoardCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Opportunity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"weightedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<BoardCardFragment, unknown>;
export const InboxDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Inbox"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}}]}}]}}]} as unknown as DocumentNode<InboxQuery, InboxQueryVariables>;
export const MarkReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}}]}}]}}]} as unknown as DocumentNode<MarkReadMutation, MarkReadMutationVariables>;
export const MarkAllReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkAllRead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markAllNotificationsRead"}}]}}]} as unknown as DocumentNode<MarkAllReadMutation, MarkAllReadMutationVariables>;
export const MyDayDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyDay"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myDay"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"today"}},{"kind":"Field","name":{"kind":"Name","value":"lastWorkingDay"}},{"kind":"Field","name":{"kind":"Name","value":"lastWorkingDayLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"late"}}]}},{"kind":"Field","name":{"kind":"Name","value":"weekStart"}},{"kind":"Field","name":{"kind":"Name","value":"weekPlan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"myFollowUps"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"OPEN"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"dueDate"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"overdueRevisits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"customerName"}},{"kind":"Field","name":{"kind":"Name","value":"nextDue"}},{"kind":"Field","name":{"kind":"Name","value":"daysOverdue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<MyDayQuery, MyDayQueryVariables>;
export const SubmitWorkLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitWorkLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"day"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WorkLogContentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitWorkLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"day"},"value":{"kind":"Variable","name":{"kind":"Name","value":"day"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"late"}}]}}]}}]} as unknown as DocumentNode<SubmitWorkLogMutation, SubmitWorkLogMutationVariables>;
export const SignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<SignInMutation, SignInMutationVariables>;
export const ApprovalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quotesAwaitingMyDecision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"marginPercent"}},{"kind":"Field","name":{"kind":"Name","value":"requiredApproverRole"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"submittedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pendingInitiations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"opportunityId"}},{"kind":"Field","name":{"kind":"Name","value":"expectedGoals"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"submittedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"salesPlans"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"SUBMITTED"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"weekStart"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}}]}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<ApprovalsQuery, ApprovalsQueryVariables>;
export const ApproveQuoteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveQuote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"rowVersion"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveQuote"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"rowVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"rowVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ApproveQuoteMutation, ApproveQuoteMutationVariables>;
export const RejectQuoteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RejectQuote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"rowVersion"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectQuote"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"rowVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"rowVersion"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<RejectQuoteMutation, RejectQuoteMutationVariables>;
export const ApproveInitiationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveInitiation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveInitiation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ApproveInitiationMutation, ApproveInitiationMutationVariables>;
export const ReturnInitiationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReturnInitiation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"returnInitiation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ReturnInitiationMutation, ReturnInitiationMutationVariables>;
export const ApprovePlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApprovePlan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveSalesPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ApprovePlanMutation, ApprovePlanMutationVariables>;
export const ReturnPlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReturnPlan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"returnSalesPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ReturnPlanMutation, ReturnPlanMutationVariables>;
export const CustomerDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"inPool"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revisitStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nextDue"}},{"kind":"Field","name":{"kind":"Name","value":"daysOverdue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"interactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerDetailQuery, CustomerDetailQueryVariables>;
export const LogInteractionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogInteraction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogInteractionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logInteraction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"interaction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<LogInteractionMutation, LogInteractionMutationVariables>;
export const CustomersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Customers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerOrderBy"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"inPool"}},{"kind":"Field","name":{"kind":"Name","value":"lastInteractionAt"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revisitStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nextDue"}},{"kind":"Field","name":{"kind":"Name","value":"daysOverdue"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomersQuery, CustomersQueryVariables>;
export const ClaimCustomerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClaimCustomer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"claimCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"inPool"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<ClaimCustomerMutation, ClaimCustomerMutationVariables>;
export const DuplicateCandidatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DuplicateCandidates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"duplicateCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"creditCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ownerName"}},{"kind":"Field","name":{"kind":"Name","value":"sameCreditCode"}}]}}]}}]} as unknown as DocumentNode<DuplicateCandidatesQuery, DuplicateCandidatesQueryVariables>;
export const CreateCustomerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateCustomer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCustomerInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"confirmDistinct"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"confirmDistinct"},"value":{"kind":"Variable","name":{"kind":"Name","value":"confirmDistinct"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateCustomerMutation, CreateCustomerMutationVariables>;
export const LeadsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Leads"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LeadStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"SCORE"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"companyName"}},{"kind":"Field","name":{"kind":"Name","value":"contactName"}},{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"expectedCloseDate"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scoreFactors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"factor"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LeadsQuery, LeadsQueryVariables>;
export const QualifyLeadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"QualifyLead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"opportunity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LeadOpportunityInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customer"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LeadCustomerInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"existingCustomerId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"qualifyLead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"opportunity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"opportunity"}}},{"kind":"Argument","name":{"kind":"Name","value":"customer"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customer"}}},{"kind":"Argument","name":{"kind":"Name","value":"existingCustomerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"existingCustomerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"opportunityId"}}]}}]}}]} as unknown as DocumentNode<QualifyLeadMutation, QualifyLeadMutationVariables>;
export const DisqualifyLeadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DisqualifyLead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disqualifyLead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<DisqualifyLeadMutation, DisqualifyLeadMutationVariables>;
export const OpportunityDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OpportunityDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"weightedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"expectedCloseDate"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quotes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"marginPercent"}},{"kind":"Field","name":{"kind":"Name","value":"requiredApproverRole"}},{"kind":"Field","name":{"kind":"Name","value":"approver"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}}]}}]}}]}}]} as unknown as DocumentNode<OpportunityDetailQuery, OpportunityDetailQueryVariables>;
export const PipelineBoardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PipelineBoard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"weightedAmount"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"evaluation"},"name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"stage"},"value":{"kind":"EnumValue","value":"EVALUATION"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BoardCard"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"initiation"},"name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"stage"},"value":{"kind":"EnumValue","value":"INITIATION"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BoardCard"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"requirements"},"name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"stage"},"value":{"kind":"EnumValue","value":"REQUIREMENTS"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BoardCard"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"proposal"},"name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"stage"},"value":{"kind":"EnumValue","value":"PROPOSAL"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BoardCard"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"negotiation"},"name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"stage"},"value":{"kind":"EnumValue","value":"NEGOTIATION"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BoardCard"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"contract"},"name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"stage"},"value":{"kind":"EnumValue","value":"CONTRACT"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BoardCard"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BoardCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Opportunity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"weightedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PipelineBoardQuery, PipelineBoardQueryVariables>;
export const MoveOpportunityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MoveOpportunity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OpportunityStage"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moveOpportunityStage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<MoveOpportunityMutation, MoveOpportunityMutationVariables>;
export const TeamDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Team"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"monthStart"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"today"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"unitId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"byOwner"},"name":{"kind":"Name","value":"forecast"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"EnumValue","value":"OWNER"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"weightedAmount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"byMonth"},"name":{"kind":"Name","value":"forecast"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"EnumValue","value":"MONTH"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"weightedAmount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revisitCompliance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"monthStart"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"today"}}},{"kind":"Argument","name":{"kind":"Name","value":"unitId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"unitId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"due"}},{"kind":"Field","name":{"kind":"Name","value":"doneOnTime"}},{"kind":"Field","name":{"kind":"Name","value":"ratio"}}]}},{"kind":"Field","name":{"kind":"Name","value":"overdueRevisits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"customerName"}},{"kind":"Field","name":{"kind":"Name","value":"daysOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TeamQuery, TeamQueryVariables>;
export const CompanyTodayDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompanyToday"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myDay"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"today"}}]}}]}}]} as unknown as DocumentNode<CompanyTodayQuery, CompanyTodayQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"primaryRole"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"unit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const UnreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Unread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}}]}}]} as unknown as DocumentNode<UnreadQuery, UnreadQueryVariables>;
export const SignOutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignOut"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<SignOutMutation, SignOutMutationVariables>;