// GraphiQL for developers, built with the console and served by salesd from
// this origin (no CDN). Requests carry the browser's session cookie, so a
// signed-in user explores the API as themself; an app's bearer token can
// be set in the headers pane instead.

import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/graphiql.css";

const fetcher = createGraphiQLFetcher({ url: "/graphql", fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }) });

const root = document.getElementById("graphiql");
if (!root) throw new Error("graphiql.html has no #graphiql");
createRoot(root).render(<GraphiQL fetcher={fetcher} />);
