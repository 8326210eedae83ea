// bench/claims_node.js: run-peers' libpolicy row alone, with and without
// writing the trail, timed by wall clock and by the process's CPU time
// (which a busy shared machine inflates less).
//
//   POLICY_BUILD_DIR=build node bench/claims_node.js      (N=100000 by default)
//
// The claims-intake policy of ../shared/corpus/dev compiled once; each
// decision's extract and lookup tasks answered from the input by JS
// callbacks, as ../shared/bench/claims.mjs does. Modes: "decide" (the
// decision; the trail is kept, written when read, and here nobody reads
// it) and "trail" (the same, and the trail written as JSON Lines with its
// hash chain, trail.toJSONL()). Not a test.
'use strict';
const fs = require('fs');
const path = require('path');
const lp = require(path.join(__dirname, '..', 'bindings', 'node'));

const text = fs.readFileSync(path.join(__dirname, '..', '..', 'shared', 'corpus', 'dev', 'claims_intake', 'policy.txt'));
const N = +(process.env.N || 100000);
const inputs = Array.from({ length: N }, (_, i) => ({
	claimed_amount: (i * 7919) % 100000, date_of_loss: 20250101 + (i % 12) * 100 + (i % 28),
	policy_effective: 20250601, policy_expiration: 20260601 }));
const iso = (d) => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6, 8)}`;
const answers = (x) => ({ 'policy number': 'P-1', 'date of loss': iso(x.date_of_loss), 'claimed amount': x.claimed_amount,
	'policy effective date': iso(x.policy_effective), 'policy expiration date': iso(x.policy_expiration) });
const pre = inputs.map(answers);
const plan = lp.Plan.compile(text);

function run(mode) {
	const decide = (a) => {
		const cb = (t) => ({ value: a[t.field] });
		const e = lp.executeSync(plan, null, { extract: cb, lookup: cb });
		const out = e.actions.length;
		if (mode === 'trail')
			e.trail.toJSONL();
		e.close();
		return out;
	};
	const runs = [];
	for (let r = 0; r < 5; r++) {
		const c0 = process.cpuUsage();
		const t0 = process.hrtime.bigint();
		let s = 0;
		for (const a of pre)
			s += decide(a);
		const c = process.cpuUsage(c0);
		runs.push({ wall: Number(process.hrtime.bigint() - t0) / N, cpu: (c.user + c.system) * 1000 / N });
		if (s !== N)
			throw new Error('a decision without its action');
	}
	const median = (k) => runs.map((x) => x[k]).sort((a, b) => a - b)[2];
	console.log(`${mode.padEnd(6)} ns/decision, median of 5 runs of ${N}: wall ${median('wall').toFixed(0)}, cpu ${median('cpu').toFixed(0)}`);
}

console.log(`node ${process.version}, libpolicy ${lp.version()}`);
run('decide');
run('trail');
