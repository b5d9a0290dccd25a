// Who is signed in: `me`, asked once and kept for the shell. A null `me`
// (no session cookie) sends the user to the sign-in page.

import { createContext, useContext } from "react";
import type { ReactNode } from "react";
import { useQuery } from "urql";
import { Navigate, useLocation } from "react-router-dom";
import { graphql } from "./gql";
import type { MeQuery } from "./gql/graphql";
import { LoadFailure, Loading } from "./shell/states";

export const MeDocument = graphql(`
  query Me {
    me {
      id
      displayName
      email
      locale
      primaryRole
      roles
      unit {
        id
        name
      }
    }
  }
`);

export type Me = NonNullable<MeQuery["me"]>;

const SessionContext = createContext<Me | null>(null);

/** Renders `children` for a signed-in user, else the sign-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: MeDocument });
  const location = useLocation();
  if (error && !data) {
    return <LoadFailure error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  }
  if (fetching && !data) return <Loading />;
  if (!data?.me) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return <SessionContext.Provider value={data.me}>{children}</SessionContext.Provider>;
}

/** The signed-in user. */
export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error("useMe outside RequireSession");
  return me;
}

/** Whether the user has any of `roles`. */
export function hasRole(me: Me, ...roles: Me["primaryRole"][]): boolean {
  return me.roles.some((r) => roles.includes(r));
}
