/** The self-registering entry: importing it defines `<imp-billing-button>` (idempotently) and nothing else. */
import { defineImpBillingButton } from './button/define.js';

export * from './pure.js';

defineImpBillingButton();
