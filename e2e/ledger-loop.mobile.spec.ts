import { defineLedgerLoopTests } from './ledger-loop.js';

// iPhone 13 emulation: the sandbox answers by navigating to m_redirect_url; the element reads the return.
defineLedgerLoopTests();
