'use strict';
// The shared test vectors: compile policy.txt, a case whose id is the
// folder's name, documents in file-name order, facts in file order, no
// host callbacks, a clock reading 0, one thread; the decision, the trail
// and the explanation must equal the expected files byte for byte.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { policy, vectorDirs, vectorCase, vectorPlan, outputs, expected } = require('./helpers');

function same(got, want) {
	assert.equal(got.decision.toString(), want.decision.toString(), 'expect.json');
	assert.equal(got.trail.toString(), want.trail.toString(), 'trail.jsonl');
	assert.equal(got.explain.toString(), want.explain.toString(), 'explain.txt');
	assert.ok(got.decision.equals(want.decision) && got.trail.equals(want.trail) &&
		got.explain.equals(want.explain), 'byte for byte');
}

for (const dir of vectorDirs()) {
	const name = path.basename(dir);

	test(`vector ${name}`, () => {
		const plan = vectorPlan(dir);
		const c = vectorCase(dir);
		const x = policy.executeSync(plan, c);
		same(outputs(x), expected(dir));
		x.close();
		c.close();
		plan.close();
	});

	test(`vector ${name} through the sans-I/O loop`, () => {
		const plan = vectorPlan(dir);
		const c = vectorCase(dir);
		const x = policy.Execution.start(plan, c);
		c.close(); // the execution copied what it needs
		for (let t = x.next(); t; t = x.next())
			x.completeBuiltin(t);
		assert.notEqual(x.outcome, 'pending');
		same(outputs(x), expected(dir));
	});

	test(`vector ${name} driven from JS by execute()`, async () => {
		// A JS callback makes execute() drive the sans-I/O loop from JS;
		// extract and lookup have none, so they get the built-in answers,
		// and the bytes must be those of policy_execute.
		const plan = vectorPlan(dir);
		const x = await policy.execute(plan, vectorCase(dir), { llm: async () => ({ error: 'no model' }) });
		same(outputs(x), expected(dir));
	});
}
