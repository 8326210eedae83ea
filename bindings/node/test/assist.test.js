'use strict';
// The compile-time assistant as a JS function (docs/assist.md): asked only
// for sentences the grammar cannot read, synchronously (compile) or with
// Promises (compileAsync); the lock reused gives the same plan.
const test = require('node:test');
const assert = require('node:assert/strict');
const { policy } = require('./helpers');
const { Plan } = policy;

const CLAIMS = `Policy: Claims Intake
Version: 4.2.1
Effective: March 1, 2026

When a new insurance claim arrives, extract the claimed amount and the loss type.
If the claimed amount exceeds $50,000, escalate the claim to senior adjuster review.
Otherwise, route the claim to standard processing.
A loss type of theft sends the claim straight on to the special investigations unit.
Claims whose loss type is fire go off to the fire marshal for a look.
`;
const THEFT = 'A loss type of theft sends the claim straight on to the special investigations unit.';
const FIRE = 'Claims whose loss type is fire go off to the fire marshal for a look.';
const ANSWERS = {
	[THEFT]: { restatements: ['If the loss type is theft, route the claim to the special investigations unit.'], model: 'test-7b' },
	[FIRE]: 'If the loss type is fire, route the claim to the fire marshal.',
};

function lockOf(plan) {
	return {
		format: 'libpolicy-assist-lock/1',
		entries: plan.assisted.map((a) => ({ entry: a.entry, sentence: a.sentence, restatement: a.restatement })),
	};
}

test('restated sentences are compiled and recorded', () => {
	const asked = [];
	const plan = Plan.compile(CLAIMS, { assist: (r) => { asked.push(r); return ANSWERS[r.sentence]; } });
	assert.deepEqual(asked.map((r) => r.sentence), [THEFT, FIRE]);
	assert.equal(asked[0].line, 8);
	assert.ok(asked[0].terms.some((t) => t.name === 'loss type' && t.type === 'text'));
	assert.deepEqual(plan.assisted.map((a) => [a.line, a.sentence]), [[8, THEFT], [9, FIRE]]);
	assert.deepEqual(plan.assisted[1].steps, ['action.route_the_claim_to_the_fire_marshal']);
	const again = Plan.compile(CLAIMS, { assistLock: lockOf(plan), assist: () => assert.fail('asked') });
	assert.equal(again.save(), plan.save());
	assert.deepEqual(Plan.load(plan.save()).assisted, plan.assisted);
});

test('an async assistant through compileAsync gives the same plan', async () => {
	const sync = Plan.compile(CLAIMS, { assist: (r) => ANSWERS[r.sentence] });
	const plan = await Plan.compileAsync(CLAIMS, {
		assist: async (r) => { await new Promise((ok) => setTimeout(ok, 5)); return ANSWERS[r.sentence]; },
	});
	assert.equal(plan.save(), sync.save());
	assert.throws(() => Plan.compile(CLAIMS, { assist: async () => 'x' }),
		(e) => e.code === 'POLICY_ERR_COMPILE' && /returned a Promise/.test(e.rendered));
});

test('unfaithful restatements and failures are errors naming the sentences', async () => {
	assert.throws(() => Plan.compile(CLAIMS, {
		assist: () => ['If the loss type is fire and the claimed amount exceeds $75,000, route the claim to the fire marshal.'],
	}), (e) => e.code === 'POLICY_ERR_COMPILE' && e.rendered.includes("it adds the amount '$75,000'") && e.rendered.includes(FIRE));
	let calls = 0;
	assert.throws(() => Plan.compile(CLAIMS, { assist: () => { calls++; throw new Error('model server down'); } }),
		(e) => /the assistant failed on this sentence: model server down/.test(e.rendered));
	assert.equal(calls, 1);
	await assert.rejects(Plan.compileAsync(CLAIMS, { assist: async () => { throw new Error('timeout'); } }),
		(e) => /the assistant failed on this sentence: timeout/.test(e.rendered));
});
