/**
 * Agents: org-scoped identities that use the org's integrations through Switchboard.
 *
 * Functions that only read take a connection (`db`); those that open credentials or file requests
 * take AgentDeps (`{ db, vault, context, origin, ... }`; agentDeps() in real-deps.ts builds the
 * app's). Refusals throw AgentRefusal (code, status, sentence); a missing credential throws
 * MissingCredential { requestId, approvalUrl } after filing or joining a credential request.
 */
export { auditTokenRefusal, authenticateAgent, checkAgentToken, AGENT_AUTH_MESSAGES, AGENT_TOKEN_BUDGET, type AgentAuth } from "./auth";
export { listAgentIntegrations, type AgentIntegration } from "./list";
export { brokerCall, type BrokerRequest } from "./broker";
export { revealForAgent, type Reveal } from "./reveal";
export { agentEnv, type AgentEnv } from "./env";
export { requestForAgent, type AgentRequestResult } from "./request";
export { AgentRefusal, MissingCredential, isAgentRefusal, isMissingCredential, type AgentRefusalCode } from "./errors";
export { agentActor } from "./actor";
export { bearerToken } from "./tokens";
export type { AgentDeps } from "./deps";
export type { AgentPrincipal, GrantRow, Operation, ProxyRule } from "./types";
