/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Inbox {\n    myNotifications(first: 50) {\n      nodes {\n        id\n        title\n        body\n        read\n        sentAt\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  mutation MarkRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n      readAt\n    }\n  }\n": typeof types.MarkReadDocument,
    "\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n": typeof types.MarkAllReadDocument,
    "\n  query MyDay {\n    myDay {\n      today\n      lastWorkingDay\n      lastWorkingDayLog {\n        id\n        submittedAt\n        late\n      }\n      weekStart\n      weekPlan {\n        id\n        status\n      }\n    }\n    myFollowUps(status: OPEN, first: 50) {\n      nodes {\n        id\n        dueDate\n        note\n        customerId\n        customer {\n          id\n          name\n        }\n      }\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        nextDue\n        daysOverdue\n      }\n      totalCount\n    }\n  }\n": typeof types.MyDayDocument,
    "\n  mutation SubmitWorkLog($day: Date!, $input: WorkLogContentInput!) {\n    submitWorkLog(day: $day, input: $input) {\n      id\n      late\n    }\n  }\n": typeof types.SubmitWorkLogDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  query Approvals {\n    quotesAwaitingMyDecision {\n      id\n      title\n      rowVersion\n      total\n      currency\n      marginPercent\n      requiredApproverRole\n      submittedAt\n      submittedBy {\n        id\n        displayName\n      }\n      opportunity {\n        id\n        name\n        customer {\n          id\n          name\n        }\n      }\n    }\n    pendingInitiations {\n      id\n      version\n      opportunityId\n      expectedGoals\n      createdAt\n      submittedBy {\n        id\n        displayName\n      }\n    }\n    salesPlans(status: SUBMITTED) {\n      id\n      version\n      weekStart\n      submittedAt\n      items {\n        day\n      }\n      user {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.ApprovalsDocument,
    "\n  mutation ApproveQuote($id: ID!, $rowVersion: Int!) {\n    approveQuote(id: $id, rowVersion: $rowVersion) {\n      id\n      status\n    }\n  }\n": typeof types.ApproveQuoteDocument,
    "\n  mutation RejectQuote($id: ID!, $rowVersion: Int!, $reason: String!) {\n    rejectQuote(id: $id, rowVersion: $rowVersion, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.RejectQuoteDocument,
    "\n  mutation ApproveInitiation($id: ID!, $version: Int!) {\n    approveInitiation(id: $id, version: $version) {\n      id\n      status\n    }\n  }\n": typeof types.ApproveInitiationDocument,
    "\n  mutation ReturnInitiation($id: ID!, $version: Int!, $reason: String!) {\n    returnInitiation(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.ReturnInitiationDocument,
    "\n  mutation ApprovePlan($id: ID!, $version: Int!) {\n    approveSalesPlan(id: $id, version: $version) {\n      id\n      status\n    }\n  }\n": typeof types.ApprovePlanDocument,
    "\n  mutation ReturnPlan($id: ID!, $version: Int!, $reason: String!) {\n    returnSalesPlan(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.ReturnPlanDocument,
    "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id\n      name\n      grade\n      tier\n      status\n      inPool\n      industry\n      region\n      creditCode\n      owner {\n        id\n        displayName\n      }\n      revisitStatus {\n        nextDue\n        daysOverdue\n      }\n      contacts {\n        id\n        name\n        title\n        phone\n        email\n      }\n      interactions(first: 50) {\n        nodes {\n          id\n          kind\n          occurredAt\n          summary\n          nextStep\n          createdBy {\n            displayName\n          }\n        }\n      }\n    }\n  }\n": typeof types.CustomerDetailDocument,
    "\n  mutation LogInteraction($input: LogInteractionInput!) {\n    logInteraction(input: $input) {\n      interaction {\n        id\n      }\n    }\n  }\n": typeof types.LogInteractionDocument,
    "\n  query Customers($filter: CustomerFilter, $orderBy: CustomerOrderBy, $first: Int, $after: String) {\n    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        grade\n        tier\n        status\n        inPool\n        lastInteractionAt\n        owner {\n          id\n          displayName\n        }\n        revisitStatus {\n          nextDue\n          daysOverdue\n        }\n      }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  mutation ClaimCustomer($id: ID!) {\n    claimCustomer(id: $id) {\n      id\n      inPool\n      owner {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.ClaimCustomerDocument,
    "\n  query DuplicateCandidates($name: String!, $creditCode: String) {\n    duplicateCandidates(name: $name, creditCode: $creditCode) {\n      id\n      name\n      ownerName\n      sameCreditCode\n    }\n  }\n": typeof types.DuplicateCandidatesDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!, $confirmDistinct: Boolean!) {\n    createCustomer(input: $input, confirmDistinct: $confirmDistinct) {\n      id\n    }\n  }\n": typeof types.CreateCustomerDocument,
    "\n  query Leads($status: LeadStatus, $after: String) {\n    leads(filter: { status: $status }, orderBy: SCORE, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        version\n        companyName\n        contactName\n        budget\n        expectedCloseDate\n        score\n        status\n        createdAt\n        customer {\n          id\n          name\n        }\n        scoreFactors {\n          factor\n          points\n          reason\n        }\n      }\n    }\n  }\n": typeof types.LeadsDocument,
    "\n  mutation QualifyLead($id: ID!, $version: Int!, $opportunity: LeadOpportunityInput!, $customer: LeadCustomerInput, $existingCustomerId: ID) {\n    qualifyLead(id: $id, version: $version, opportunity: $opportunity, customer: $customer, existingCustomerId: $existingCustomerId) {\n      opportunityId\n    }\n  }\n": typeof types.QualifyLeadDocument,
    "\n  mutation DisqualifyLead($id: ID!, $version: Int!, $reason: String!) {\n    disqualifyLead(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.DisqualifyLeadDocument,
    "\n  query OpportunityDetail($id: ID!) {\n    opportunity(id: $id) {\n      id\n      name\n      stage\n      amount\n      weightedAmount\n      currency\n      expectedCloseDate\n      customer {\n        id\n        name\n      }\n      owner {\n        id\n        displayName\n      }\n      quotes {\n        id\n        version\n        status\n        total\n        marginPercent\n        requiredApproverRole\n        approver {\n          displayName\n        }\n        rejectionReason\n        submittedAt\n      }\n    }\n  }\n": typeof types.OpportunityDetailDocument,
    "\n  fragment BoardCard on Opportunity {\n    id\n    name\n    amount\n    weightedAmount\n    currency\n    version\n    stage\n    customer {\n      id\n      name\n    }\n  }\n": typeof types.BoardCardFragmentDoc,
    "\n  query PipelineBoard($first: Int!) {\n    pipelineSummary {\n      stages {\n        stage\n        count\n        amount\n        weightedAmount\n      }\n    }\n    evaluation: opportunities(filter: { stage: EVALUATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    initiation: opportunities(filter: { stage: INITIATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    requirements: opportunities(filter: { stage: REQUIREMENTS }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    proposal: opportunities(filter: { stage: PROPOSAL }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    negotiation: opportunities(filter: { stage: NEGOTIATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    contract: opportunities(filter: { stage: CONTRACT }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n  }\n": typeof types.PipelineBoardDocument,
    "\n  mutation MoveOpportunity($id: ID!, $to: OpportunityStage!, $version: Int!) {\n    moveOpportunityStage(id: $id, to: $to, version: $version) {\n      id\n      stage\n      version\n    }\n  }\n": typeof types.MoveOpportunityDocument,
    "\n  query Team($from: Date!, $to: Date!, $monthStart: Date!, $today: Date!, $unitId: ID!) {\n    byOwner: forecast(from: $from, to: $to, groupBy: OWNER) {\n      owner {\n        id\n        displayName\n      }\n      count\n      amount\n      weightedAmount\n    }\n    byMonth: forecast(from: $from, to: $to, groupBy: MONTH) {\n      month\n      count\n      amount\n      weightedAmount\n    }\n    revisitCompliance(from: $monthStart, to: $today, unitId: $unitId) {\n      due\n      doneOnTime\n      ratio\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        daysOverdue\n        owner {\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.TeamDocument,
    "\n  query CompanyToday {\n    myDay {\n      today\n    }\n  }\n": typeof types.CompanyTodayDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      locale\n      primaryRole\n      roles\n      unit {\n        id\n        name\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Unread {\n    unreadNotificationCount\n  }\n": typeof types.UnreadDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": typeof types.SignOutDocument,
};
const documents: Documents = {
    "\n  query Inbox {\n    myNotifications(first: 50) {\n      nodes {\n        id\n        title\n        body\n        read\n        sentAt\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  mutation MarkRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n      readAt\n    }\n  }\n": types.MarkReadDocument,
    "\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllReadDocument,
    "\n  query MyDay {\n    myDay {\n      today\n      lastWorkingDay\n      lastWorkingDayLog {\n        id\n        submittedAt\n        late\n      }\n      weekStart\n      weekPlan {\n        id\n        status\n      }\n    }\n    myFollowUps(status: OPEN, first: 50) {\n      nodes {\n        id\n        dueDate\n        note\n        customerId\n        customer {\n          id\n          name\n        }\n      }\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        nextDue\n        daysOverdue\n      }\n      totalCount\n    }\n  }\n": types.MyDayDocument,
    "\n  mutation SubmitWorkLog($day: Date!, $input: WorkLogContentInput!) {\n    submitWorkLog(day: $day, input: $input) {\n      id\n      late\n    }\n  }\n": types.SubmitWorkLogDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  query Approvals {\n    quotesAwaitingMyDecision {\n      id\n      title\n      rowVersion\n      total\n      currency\n      marginPercent\n      requiredApproverRole\n      submittedAt\n      submittedBy {\n        id\n        displayName\n      }\n      opportunity {\n        id\n        name\n        customer {\n          id\n          name\n        }\n      }\n    }\n    pendingInitiations {\n      id\n      version\n      opportunityId\n      expectedGoals\n      createdAt\n      submittedBy {\n        id\n        displayName\n      }\n    }\n    salesPlans(status: SUBMITTED) {\n      id\n      version\n      weekStart\n      submittedAt\n      items {\n        day\n      }\n      user {\n        id\n        displayName\n      }\n    }\n  }\n": types.ApprovalsDocument,
    "\n  mutation ApproveQuote($id: ID!, $rowVersion: Int!) {\n    approveQuote(id: $id, rowVersion: $rowVersion) {\n      id\n      status\n    }\n  }\n": types.ApproveQuoteDocument,
    "\n  mutation RejectQuote($id: ID!, $rowVersion: Int!, $reason: String!) {\n    rejectQuote(id: $id, rowVersion: $rowVersion, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.RejectQuoteDocument,
    "\n  mutation ApproveInitiation($id: ID!, $version: Int!) {\n    approveInitiation(id: $id, version: $version) {\n      id\n      status\n    }\n  }\n": types.ApproveInitiationDocument,
    "\n  mutation ReturnInitiation($id: ID!, $version: Int!, $reason: String!) {\n    returnInitiation(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.ReturnInitiationDocument,
    "\n  mutation ApprovePlan($id: ID!, $version: Int!) {\n    approveSalesPlan(id: $id, version: $version) {\n      id\n      status\n    }\n  }\n": types.ApprovePlanDocument,
    "\n  mutation ReturnPlan($id: ID!, $version: Int!, $reason: String!) {\n    returnSalesPlan(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.ReturnPlanDocument,
    "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id\n      name\n      grade\n      tier\n      status\n      inPool\n      industry\n      region\n      creditCode\n      owner {\n        id\n        displayName\n      }\n      revisitStatus {\n        nextDue\n        daysOverdue\n      }\n      contacts {\n        id\n        name\n        title\n        phone\n        email\n      }\n      interactions(first: 50) {\n        nodes {\n          id\n          kind\n          occurredAt\n          summary\n          nextStep\n          createdBy {\n            displayName\n          }\n        }\n      }\n    }\n  }\n": types.CustomerDetailDocument,
    "\n  mutation LogInteraction($input: LogInteractionInput!) {\n    logInteraction(input: $input) {\n      interaction {\n        id\n      }\n    }\n  }\n": types.LogInteractionDocument,
    "\n  query Customers($filter: CustomerFilter, $orderBy: CustomerOrderBy, $first: Int, $after: String) {\n    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        grade\n        tier\n        status\n        inPool\n        lastInteractionAt\n        owner {\n          id\n          displayName\n        }\n        revisitStatus {\n          nextDue\n          daysOverdue\n        }\n      }\n    }\n  }\n": types.CustomersDocument,
    "\n  mutation ClaimCustomer($id: ID!) {\n    claimCustomer(id: $id) {\n      id\n      inPool\n      owner {\n        id\n        displayName\n      }\n    }\n  }\n": types.ClaimCustomerDocument,
    "\n  query DuplicateCandidates($name: String!, $creditCode: String) {\n    duplicateCandidates(name: $name, creditCode: $creditCode) {\n      id\n      name\n      ownerName\n      sameCreditCode\n    }\n  }\n": types.DuplicateCandidatesDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!, $confirmDistinct: Boolean!) {\n    createCustomer(input: $input, confirmDistinct: $confirmDistinct) {\n      id\n    }\n  }\n": types.CreateCustomerDocument,
    "\n  query Leads($status: LeadStatus, $after: String) {\n    leads(filter: { status: $status }, orderBy: SCORE, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        version\n        companyName\n        contactName\n        budget\n        expectedCloseDate\n        score\n        status\n        createdAt\n        customer {\n          id\n          name\n        }\n        scoreFactors {\n          factor\n          points\n          reason\n        }\n      }\n    }\n  }\n": types.LeadsDocument,
    "\n  mutation QualifyLead($id: ID!, $version: Int!, $opportunity: LeadOpportunityInput!, $customer: LeadCustomerInput, $existingCustomerId: ID) {\n    qualifyLead(id: $id, version: $version, opportunity: $opportunity, customer: $customer, existingCustomerId: $existingCustomerId) {\n      opportunityId\n    }\n  }\n": types.QualifyLeadDocument,
    "\n  mutation DisqualifyLead($id: ID!, $version: Int!, $reason: String!) {\n    disqualifyLead(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.DisqualifyLeadDocument,
    "\n  query OpportunityDetail($id: ID!) {\n    opportunity(id: $id) {\n      id\n      name\n      stage\n      amount\n      weightedAmount\n      currency\n      expectedCloseDate\n      customer {\n        id\n        name\n      }\n      owner {\n        id\n        displayName\n      }\n      quotes {\n        id\n        version\n        status\n        total\n        marginPercent\n        requiredApproverRole\n        approver {\n          displayName\n        }\n        rejectionReason\n        submittedAt\n      }\n    }\n  }\n": types.OpportunityDetailDocument,
    "\n  fragment BoardCard on Opportunity {\n    id\n    name\n    amount\n    weightedAmount\n    currency\n    version\n    stage\n    customer {\n      id\n      name\n    }\n  }\n": types.BoardCardFragmentDoc,
    "\n  query PipelineBoard($first: Int!) {\n    pipelineSummary {\n      stages {\n        stage\n        count\n        amount\n        weightedAmount\n      }\n    }\n    evaluation: opportunities(filter: { stage: EVALUATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    initiation: opportunities(filter: { stage: INITIATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    requirements: opportunities(filter: { stage: REQUIREMENTS }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    proposal: opportunities(filter: { stage: PROPOSAL }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    negotiation: opportunities(filter: { stage: NEGOTIATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    contract: opportunities(filter: { stage: CONTRACT }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n  }\n": types.PipelineBoardDocument,
    "\n  mutation MoveOpportunity($id: ID!, $to: OpportunityStage!, $version: Int!) {\n    moveOpportunityStage(id: $id, to: $to, version: $version) {\n      id\n      stage\n      version\n    }\n  }\n": types.MoveOpportunityDocument,
    "\n  query Team($from: Date!, $to: Date!, $monthStart: Date!, $today: Date!, $unitId: ID!) {\n    byOwner: forecast(from: $from, to: $to, groupBy: OWNER) {\n      owner {\n        id\n        displayName\n      }\n      count\n      amount\n      weightedAmount\n    }\n    byMonth: forecast(from: $from, to: $to, groupBy: MONTH) {\n      month\n      count\n      amount\n      weightedAmount\n    }\n    revisitCompliance(from: $monthStart, to: $today, unitId: $unitId) {\n      due\n      doneOnTime\n      ratio\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        daysOverdue\n        owner {\n          displayName\n        }\n      }\n    }\n  }\n": types.TeamDocument,
    "\n  query CompanyToday {\n    myDay {\n      today\n    }\n  }\n": types.CompanyTodayDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      locale\n      primaryRole\n      roles\n      unit {\n        id\n        name\n      }\n    }\n  }\n": types.MeDocument,
    "\n  query Unread {\n    unreadNotificationCount\n  }\n": types.UnreadDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": types.SignOutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox {\n    myNotifications(first: 50) {\n      nodes {\n        id\n        title\n        body\n        read\n        sentAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbox {\n    myNotifications(first: 50) {\n      nodes {\n        id\n        title\n        body\n        read\n        sentAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n      readAt\n    }\n  }\n"): (typeof documents)["\n  mutation MarkRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n      readAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n"): (typeof documents)["\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyDay {\n    myDay {\n      today\n      lastWorkingDay\n      lastWorkingDayLog {\n        id\n        submittedAt\n        late\n      }\n      weekStart\n      weekPlan {\n        id\n        status\n      }\n    }\n    myFollowUps(status: OPEN, first: 50) {\n      nodes {\n        id\n        dueDate\n        note\n        customerId\n        customer {\n          id\n          name\n        }\n      }\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        nextDue\n        daysOverdue\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query MyDay {\n    myDay {\n      today\n      lastWorkingDay\n      lastWorkingDayLog {\n        id\n        submittedAt\n        late\n      }\n      weekStart\n      weekPlan {\n        id\n        status\n      }\n    }\n    myFollowUps(status: OPEN, first: 50) {\n      nodes {\n        id\n        dueDate\n        note\n        customerId\n        customer {\n          id\n          name\n        }\n      }\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        nextDue\n        daysOverdue\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitWorkLog($day: Date!, $input: WorkLogContentInput!) {\n    submitWorkLog(day: $day, input: $input) {\n      id\n      late\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitWorkLog($day: Date!, $input: WorkLogContentInput!) {\n    submitWorkLog(day: $day, input: $input) {\n      id\n      late\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Approvals {\n    quotesAwaitingMyDecision {\n      id\n      title\n      rowVersion\n      total\n      currency\n      marginPercent\n      requiredApproverRole\n      submittedAt\n      submittedBy {\n        id\n        displayName\n      }\n      opportunity {\n        id\n        name\n        customer {\n          id\n          name\n        }\n      }\n    }\n    pendingInitiations {\n      id\n      version\n      opportunityId\n      expectedGoals\n      createdAt\n      submittedBy {\n        id\n        displayName\n      }\n    }\n    salesPlans(status: SUBMITTED) {\n      id\n      version\n      weekStart\n      submittedAt\n      items {\n        day\n      }\n      user {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  query Approvals {\n    quotesAwaitingMyDecision {\n      id\n      title\n      rowVersion\n      total\n      currency\n      marginPercent\n      requiredApproverRole\n      submittedAt\n      submittedBy {\n        id\n        displayName\n      }\n      opportunity {\n        id\n        name\n        customer {\n          id\n          name\n        }\n      }\n    }\n    pendingInitiations {\n      id\n      version\n      opportunityId\n      expectedGoals\n      createdAt\n      submittedBy {\n        id\n        displayName\n      }\n    }\n    salesPlans(status: SUBMITTED) {\n      id\n      version\n      weekStart\n      submittedAt\n      items {\n        day\n      }\n      user {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveQuote($id: ID!, $rowVersion: Int!) {\n    approveQuote(id: $id, rowVersion: $rowVersion) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveQuote($id: ID!, $rowVersion: Int!) {\n    approveQuote(id: $id, rowVersion: $rowVersion) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectQuote($id: ID!, $rowVersion: Int!, $reason: String!) {\n    rejectQuote(id: $id, rowVersion: $rowVersion, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RejectQuote($id: ID!, $rowVersion: Int!, $reason: String!) {\n    rejectQuote(id: $id, rowVersion: $rowVersion, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveInitiation($id: ID!, $version: Int!) {\n    approveInitiation(id: $id, version: $version) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveInitiation($id: ID!, $version: Int!) {\n    approveInitiation(id: $id, version: $version) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReturnInitiation($id: ID!, $version: Int!, $reason: String!) {\n    returnInitiation(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ReturnInitiation($id: ID!, $version: Int!, $reason: String!) {\n    returnInitiation(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApprovePlan($id: ID!, $version: Int!) {\n    approveSalesPlan(id: $id, version: $version) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ApprovePlan($id: ID!, $version: Int!) {\n    approveSalesPlan(id: $id, version: $version) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReturnPlan($id: ID!, $version: Int!, $reason: String!) {\n    returnSalesPlan(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ReturnPlan($id: ID!, $version: Int!, $reason: String!) {\n    returnSalesPlan(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id\n      name\n      grade\n      tier\n      status\n      inPool\n      industry\n      region\n      creditCode\n      owner {\n        id\n        displayName\n      }\n      revisitStatus {\n        nextDue\n        daysOverdue\n      }\n      contacts {\n        id\n        name\n        title\n        phone\n        email\n      }\n      interactions(first: 50) {\n        nodes {\n          id\n          kind\n          occurredAt\n          summary\n          nextStep\n          createdBy {\n            displayName\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id\n      name\n      grade\n      tier\n      status\n      inPool\n      industry\n      region\n      creditCode\n      owner {\n        id\n        displayName\n      }\n      revisitStatus {\n        nextDue\n        daysOverdue\n      }\n      contacts {\n        id\n        name\n        title\n        phone\n        email\n      }\n      interactions(first: 50) {\n        nodes {\n          id\n          kind\n          occurredAt\n          summary\n          nextStep\n          createdBy {\n            displayName\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogInteraction($input: LogInteractionInput!) {\n    logInteraction(input: $input) {\n      interaction {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LogInteraction($input: LogInteractionInput!) {\n    logInteraction(input: $input) {\n      interaction {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($filter: CustomerFilter, $orderBy: CustomerOrderBy, $first: Int, $after: String) {\n    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        grade\n        tier\n        status\n        inPool\n        lastInteractionAt\n        owner {\n          id\n          displayName\n        }\n        revisitStatus {\n          nextDue\n          daysOverdue\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customers($filter: CustomerFilter, $orderBy: CustomerOrderBy, $first: Int, $after: String) {\n    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        grade\n        tier\n        status\n        inPool\n        lastInteractionAt\n        owner {\n          id\n          displayName\n        }\n        revisitStatus {\n          nextDue\n          daysOverdue\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClaimCustomer($id: ID!) {\n    claimCustomer(id: $id) {\n      id\n      inPool\n      owner {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ClaimCustomer($id: ID!) {\n    claimCustomer(id: $id) {\n      id\n      inPool\n      owner {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DuplicateCandidates($name: String!, $creditCode: String) {\n    duplicateCandidates(name: $name, creditCode: $creditCode) {\n      id\n      name\n      ownerName\n      sameCreditCode\n    }\n  }\n"): (typeof documents)["\n  query DuplicateCandidates($name: String!, $creditCode: String) {\n    duplicateCandidates(name: $name, creditCode: $creditCode) {\n      id\n      name\n      ownerName\n      sameCreditCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomer($input: CreateCustomerInput!, $confirmDistinct: Boolean!) {\n    createCustomer(input: $input, confirmDistinct: $confirmDistinct) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCustomer($input: CreateCustomerInput!, $confirmDistinct: Boolean!) {\n    createCustomer(input: $input, confirmDistinct: $confirmDistinct) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Leads($status: LeadStatus, $after: String) {\n    leads(filter: { status: $status }, orderBy: SCORE, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        version\n        companyName\n        contactName\n        budget\n        expectedCloseDate\n        score\n        status\n        createdAt\n        customer {\n          id\n          name\n        }\n        scoreFactors {\n          factor\n          points\n          reason\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Leads($status: LeadStatus, $after: String) {\n    leads(filter: { status: $status }, orderBy: SCORE, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        version\n        companyName\n        contactName\n        budget\n        expectedCloseDate\n        score\n        status\n        createdAt\n        customer {\n          id\n          name\n        }\n        scoreFactors {\n          factor\n          points\n          reason\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation QualifyLead($id: ID!, $version: Int!, $opportunity: LeadOpportunityInput!, $customer: LeadCustomerInput, $existingCustomerId: ID) {\n    qualifyLead(id: $id, version: $version, opportunity: $opportunity, customer: $customer, existingCustomerId: $existingCustomerId) {\n      opportunityId\n    }\n  }\n"): (typeof documents)["\n  mutation QualifyLead($id: ID!, $version: Int!, $opportunity: LeadOpportunityInput!, $customer: LeadCustomerInput, $existingCustomerId: ID) {\n    qualifyLead(id: $id, version: $version, opportunity: $opportunity, customer: $customer, existingCustomerId: $existingCustomerId) {\n      opportunityId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisqualifyLead($id: ID!, $version: Int!, $reason: String!) {\n    disqualifyLead(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation DisqualifyLead($id: ID!, $version: Int!, $reason: String!) {\n    disqualifyLead(id: $id, version: $version, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpportunityDetail($id: ID!) {\n    opportunity(id: $id) {\n      id\n      name\n      stage\n      amount\n      weightedAmount\n      currency\n      expectedCloseDate\n      customer {\n        id\n        name\n      }\n      owner {\n        id\n        displayName\n      }\n      quotes {\n        id\n        version\n        status\n        total\n        marginPercent\n        requiredApproverRole\n        approver {\n          displayName\n        }\n        rejectionReason\n        submittedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query OpportunityDetail($id: ID!) {\n    opportunity(id: $id) {\n      id\n      name\n      stage\n      amount\n      weightedAmount\n      currency\n      expectedCloseDate\n      customer {\n        id\n        name\n      }\n      owner {\n        id\n        displayName\n      }\n      quotes {\n        id\n        version\n        status\n        total\n        marginPercent\n        requiredApproverRole\n        approver {\n          displayName\n        }\n        rejectionReason\n        submittedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardCard on Opportunity {\n    id\n    name\n    amount\n    weightedAmount\n    currency\n    version\n    stage\n    customer {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment BoardCard on Opportunity {\n    id\n    name\n    amount\n    weightedAmount\n    currency\n    version\n    stage\n    customer {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PipelineBoard($first: Int!) {\n    pipelineSummary {\n      stages {\n        stage\n        count\n        amount\n        weightedAmount\n      }\n    }\n    evaluation: opportunities(filter: { stage: EVALUATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    initiation: opportunities(filter: { stage: INITIATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    requirements: opportunities(filter: { stage: REQUIREMENTS }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    proposal: opportunities(filter: { stage: PROPOSAL }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    negotiation: opportunities(filter: { stage: NEGOTIATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    contract: opportunities(filter: { stage: CONTRACT }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n  }\n"): (typeof documents)["\n  query PipelineBoard($first: Int!) {\n    pipelineSummary {\n      stages {\n        stage\n        count\n        amount\n        weightedAmount\n      }\n    }\n    evaluation: opportunities(filter: { stage: EVALUATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    initiation: opportunities(filter: { stage: INITIATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    requirements: opportunities(filter: { stage: REQUIREMENTS }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    proposal: opportunities(filter: { stage: PROPOSAL }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    negotiation: opportunities(filter: { stage: NEGOTIATION }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n    contract: opportunities(filter: { stage: CONTRACT }, first: $first) {\n      nodes {\n        ...BoardCard\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveOpportunity($id: ID!, $to: OpportunityStage!, $version: Int!) {\n    moveOpportunityStage(id: $id, to: $to, version: $version) {\n      id\n      stage\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation MoveOpportunity($id: ID!, $to: OpportunityStage!, $version: Int!) {\n    moveOpportunityStage(id: $id, to: $to, version: $version) {\n      id\n      stage\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Team($from: Date!, $to: Date!, $monthStart: Date!, $today: Date!, $unitId: ID!) {\n    byOwner: forecast(from: $from, to: $to, groupBy: OWNER) {\n      owner {\n        id\n        displayName\n      }\n      count\n      amount\n      weightedAmount\n    }\n    byMonth: forecast(from: $from, to: $to, groupBy: MONTH) {\n      month\n      count\n      amount\n      weightedAmount\n    }\n    revisitCompliance(from: $monthStart, to: $today, unitId: $unitId) {\n      due\n      doneOnTime\n      ratio\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        daysOverdue\n        owner {\n          displayName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Team($from: Date!, $to: Date!, $monthStart: Date!, $today: Date!, $unitId: ID!) {\n    byOwner: forecast(from: $from, to: $to, groupBy: OWNER) {\n      owner {\n        id\n        displayName\n      }\n      count\n      amount\n      weightedAmount\n    }\n    byMonth: forecast(from: $from, to: $to, groupBy: MONTH) {\n      month\n      count\n      amount\n      weightedAmount\n    }\n    revisitCompliance(from: $monthStart, to: $today, unitId: $unitId) {\n      due\n      doneOnTime\n      ratio\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        daysOverdue\n        owner {\n          displayName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompanyToday {\n    myDay {\n      today\n    }\n  }\n"): (typeof documents)["\n  query CompanyToday {\n    myDay {\n      today\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      locale\n      primaryRole\n      roles\n      unit {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      displayName\n      email\n      locale\n      primaryRole\n      roles\n      unit {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Unread {\n    unreadNotificationCount\n  }\n"): (typeof documents)["\n  query Unread {\n    unreadNotificationCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    logout\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    logout\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;