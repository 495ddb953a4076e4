export { exportEnv, KEY_SERVICE_DOWN, type EnvExport, type ExportTarget } from "./build";
export { buildEnvExample } from "./example";
export { encodeVariable, serializeEnv } from "./format";
