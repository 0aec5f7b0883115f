// A load generator in a process of its own (bench/responsiveness forks it): sends GET requests to
// each route at a fixed rate over kept-alive connections and records every latency. Kept apart
// from the bench's own process, whose seeding and garbage collection would otherwise be measured
// as the server's latency. Protocol (IPC): {type:'start', base, key, routes, rate} -> sampling;
// {type:'stop'} -> replies {type:'stats', stats: {route: {n, p50, p99, max, errors}}} and exits.
// With warmupMs, it sends at the same rate for that long first and records nothing: a phase's
// first requests opened new connections and ran this process's and the server's code cold (the
// first GET /invoices/:id of a fresh server took 150-450 ms), which made up most of a 5 s idle
// phase's p99. 'started' is sent when the warm-up is over.
import http from 'node:http';

// One pool per route and no cap on sockets: with a shared, capped pool, requests to a fast route
// queued here behind slow ones, and the queue was counted as the fast route's latency.
const agents = new Map();
let timers = [];
let recording = false;
const results = new Map();

function get(url, key, agent) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${key}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('error', () => resolve(false));
  });
}

process.on('message', async (msg) => {
  if (msg.type === 'start') {
    for (const route of msg.routes) {
      const r = { latencies: [], errors: 0, inFlight: new Set() };
      results.set(route, r);
      agents.set(route, new http.Agent({ keepAlive: true, maxSockets: Infinity }));
      timers.push(setInterval(() => {
        const t0 = performance.now();
        const recorded = recording;
        const p = get(`${msg.base}${route}`, msg.key, agents.get(route)).then((ok) => {
          if (!recorded) return r.inFlight.delete(p);
          if (ok) r.latencies.push(performance.now() - t0);
          else r.errors++;
          r.inFlight.delete(p);
        });
        r.inFlight.add(p);
      }, 1000 / msg.rate));
    }
    if (msg.warmupMs) await new Promise((resolve) => setTimeout(resolve, msg.warmupMs));
    recording = true;
    process.send({ type: 'started' });
  } else if (msg.type === 'stop') {
    for (const t of timers) clearInterval(t);
    timers = [];
    const stats = {};
    for (const [route, r] of results) {
      await Promise.all(r.inFlight);
      const s = [...r.latencies].sort((a, b) => a - b);
      const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
      stats[route] = { n: s.length, p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? NaN, errors: r.errors };
    }
    process.send({ type: 'stats', stats }, () => process.exit(0));
  }
});
