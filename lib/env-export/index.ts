export { exportEnv, type EnvExport, type ExportTarget } from "./build";
export { buildEnvExample } from "./example";
export { encodeVariable, serializeEnv } from "./format";
