export { installImpSandbox, isImpSandbox, type ImpSandboxOptions, type ImpSandboxHandle } from './sandbox.js';
export type { ImpBillingSandboxDialog, SandboxChoice, SandboxLang } from './sandbox-dialog.js';
