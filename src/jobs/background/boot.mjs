// Entry of the server's background thread: the worker runs TypeScript sources (the server runs under tsx, whose
// loader a worker thread does not inherit on Node 20), so it registers tsx, then loads the worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
