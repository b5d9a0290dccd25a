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
    "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      locale\n      primaryRole\n      roles\n      unit {\n        id\n        name\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Unread {\n    unreadNotificationCount\n  }\n": typeof types.UnreadDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": typeof types.SignOutDocument,
};
const documents: Documents = {
    "\n  query Inbox {\n    myNotifications(first: 50) {\n      nodes {\n        id\n        title\n        body\n        read\n        sentAt\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  mutation MarkRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n      readAt\n    }\n  }\n": types.MarkReadDocument,
    "\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllReadDocument,
    "\n  query MyDay {\n    myDay {\n      today\n      lastWorkingDay\n      lastWorkingDayLog {\n        id\n        submittedAt\n        late\n      }\n      weekStart\n      weekPlan {\n        id\n        status\n      }\n    }\n    myFollowUps(status: OPEN, first: 50) {\n      nodes {\n        id\n        dueDate\n        note\n        customerId\n        customer {\n          id\n          name\n        }\n      }\n    }\n    overdueRevisits(first: 50) {\n      nodes {\n        customerId\n        customerName\n        nextDue\n        daysOverdue\n      }\n      totalCount\n    }\n  }\n": types.MyDayDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n": types.SignInDocument,
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
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n"];
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