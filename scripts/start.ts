import { main } from '../src/server.js';

await main();
