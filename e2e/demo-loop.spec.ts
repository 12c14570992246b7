import { defineDemoLoopTests } from './demo-loop.js';

// Desktop: the sandbox window answers through the callback.
defineDemoLoopTests();
