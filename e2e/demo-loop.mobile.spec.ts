import { defineDemoLoopTests } from './demo-loop.js';

// iPhone 13: the sandbox leaves for m_redirect_url and the demo page reads the return.
defineDemoLoopTests();
