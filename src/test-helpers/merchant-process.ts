/**
 * One merchant server as its own process, for the multi-instance tests: `node --import tsx merchant-process.ts` with
 * API_URL (PortOne or a proxy in front of it) and DATABASE_URL. Prints `listening <url>` when ready.
 */
import { openStore } from '../server/index.js';
import { startMerchant } from './merchant.js';

const store = await openStore({ databaseUrl: process.env.DATABASE_URL! });
const merchant = await startMerchant({ apiUrl: process.env.API_URL!, store });
console.log(`listening ${merchant.url}`);
