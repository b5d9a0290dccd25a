// The one GraphQL client. The browser carries the session cookie set by
// `login` (HttpOnly, SameSite=Strict), so no token is ever visible to the
// page. When the API says the session is gone the console goes back to the
// sign-in page with a message.

import { Client, cacheExchange, fetchExchange, mapExchange } from "@urql/core";

export function makeClient(onSignedOut: () => void): Client {
  return new Client({
    url: "/graphql",
    fetchOptions: { credentials: "same-origin" },
    preferGetMethod: false,
    requestPolicy: "cache-and-network",
    exchanges: [
      mapExchange({
        onError(error) {
          const unauthenticated =
            error.response?.status === 401 ||
            error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
          if (unauthenticated) onSignedOut();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
