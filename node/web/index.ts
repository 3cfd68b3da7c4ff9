/**
 * node/web — the node's read-only web page for coordinators: the schedule board of a
 * block (facilities x pools), the cluster and its links, emergency coverage and
 * conflicts, the N-1 contingency report and recent changes, pushed live to the browser
 * as server-sent events. A thin gateway: it is a gRPC client of its own node (NodeReads)
 * and reshapes replies of the read API into page/view.ts, driven by the node's Watch
 * stream and its members' Status. page/ holds the browser code (TypeScript compiled by
 * the project's tsc into static/app/, checked in: npm run build:web); static/ is served
 * as it is, from memory.
 *
 * Must not: write anything (no write RPC, no endpoint other than GET); serve anything the
 * gRPC read API does not answer; reach the replica, the schedule's state or storage other than
 * through that API; decide schedule rules or compute what the server computes (the
 * contingency report comes from Roster.Contingency); load anything from outside the node
 * (no CDN: the page's Content-Security-Policy allows only its own origin).
 */
export { startWebServer, dialable, MAX_STREAMS, type RunningWebServer, type WebServerOptions } from './web-server.ts';
