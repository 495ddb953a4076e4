import { TextDecoder, TextEncoder } from "node:util";

// For component tests that render a server component importing server SDKs (with the file's
// customExportConditions set to node): what those SDKs expect of the global scope and jsdom lacks.
// Imported before the component, so it is in place when the SDKs load.
Object.assign(globalThis, { TextEncoder, TextDecoder });
