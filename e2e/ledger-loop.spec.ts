import { defineLedgerLoopTests } from './ledger-loop.js';

// Desktop Chrome: the sandbox answers through the callback.
defineLedgerLoopTests();
