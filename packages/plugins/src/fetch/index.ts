/**
 * The safe fetcher every outbound request of sigreg goes through: SSRF guard, timeouts, size limit
 * after decompression, conditional GET, per-host concurrency and an honest User-Agent.
 * @example
 * import { createFetcher, isNotModified, memoryConditionalStore } from "@sigreg/plugins/fetch";
 *
 * const fetcher = createFetcher({ conditionalStore: memoryConditionalStore() });
 * const response = await fetcher("https://www.cisa.gov/cybersecurity-advisories/all.xml");
 * if (!isNotModified(response)) console.log(response.status);
 * @packageDocumentation
 */
export type { BlockedRange } from "./address-policy.js";
export { BLOCKED_RANGES } from "./address-policy.js";
export type { ConditionalState, ConditionalStore } from "./conditional.js";
export { isNotModified, memoryConditionalStore } from "./conditional.js";
export type { ResolvedAddress, ResolveHost } from "./connector.js";
export { systemResolve } from "./connector.js";
export { createFetcher } from "./create-fetcher.js";
export type { FetchErrorCode } from "./errors.js";
export { displayUrl, FETCH_ERROR_CODES, FetchError, isFetchError } from "./errors.js";
export type { Fetcher, FetcherOptions, SafeFetcher, SafeFetchInit } from "./options.js";
export { DEFAULT_USER_AGENT } from "./user-agent.js";
