#!/usr/bin/env node
// The claims demo in Node: compile examples/claims/policy.txt, decide the
// three claims in examples/claims/cases, and explain each decision.
//
//   POLICY_BUILD_DIR=build node examples/node/claims.js [examples/claims]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Plan, Case, executeSync, version } = require('../../bindings/node');

const dir = process.argv[2] || path.join(__dirname, '..', 'claims');

let plan;
try {
	plan = Plan.compile(fs.readFileSync(path.join(dir, 'policy.txt')), { filename: 'policy.txt' });
} catch (e) {
	console.error(e.rendered || String(e));
	process.exit(1);
}
console.log(`libpolicy ${version()}: compiled ${plan.name} ${plan.version} ` +
	`(plan ${plan.bodyHash.slice(0, 12)}), ${plan.steps.length} steps in ${plan.levelCount} levels`);

for (const name of ['large_claim', 'small_claim', 'lapsed_policy']) {
	const caseDir = path.join(dir, 'cases', name);
	const c = new Case({ id: name });
	c.addDocument('claim form', fs.readFileSync(path.join(caseDir, 'claim_form.txt')));
	const facts = JSON.parse(fs.readFileSync(path.join(caseDir, 'facts.json'), 'utf8'));
	for (const [fact, value] of Object.entries(facts))
		c.addFact(fact, value);

	const x = executeSync(plan, c);
	console.log(`\n== ${name}`);
	if (x.outcome === 'failed') {
		console.log(`Decision: failed\n  ${x.failure}`);
	} else {
		console.log('Decision: complete');
		for (const a of x.actions)
			console.log(`  - ${a.text}`);
		for (const f of x.failedChecks)
			console.log(`  failed check: ${f.text}\n    ${f.reason}`);
	}
	process.stdout.write(`\n${x.trail.explain()}`);
	x.trail.verify(plan);
	x.close();
	c.close();
}
plan.close();
