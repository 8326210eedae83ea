'use strict';
// Model steps from JS: the claims policy with a judgment and a
// classification (examples/claims/policy-review.txt), answered from the
// recorded replies of examples/claims/cases/water_damage.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { policy, root } = require('./helpers');
const { Plan, Case, execute, executeSync } = policy;

const claims = path.join(root, 'examples', 'claims');
const dir = path.join(claims, 'cases', 'water_damage');
const replies = new Map(fs.readFileSync(path.join(dir, 'model-replies.jsonl'), 'utf8')
	.split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((r) => [r.step, r.reply]));

function review() {
	return Plan.compile(fs.readFileSync(path.join(claims, 'policy-review.txt')), { filename: 'policy-review.txt' });
}

function kase() {
	return new Case({ id: 'water_damage' })
		.addDocument('claim form', fs.readFileSync(path.join(dir, 'claim_form.txt')))
		.addDocument('adjuster notes', fs.readFileSync(path.join(dir, 'adjuster_notes.txt')));
}

const WANT = ['escalate to senior adjuster review', 'route it to the claims committee', "request a plumber's report"];

test('a synchronous llm callback', () => {
	const plan = review();
	assert.ok(plan.estTokens > 0);
	const seen = [];
	const x = executeSync(plan, kase(), {
		llm: (task) => {
			seen.push(task);
			return replies.get(task.step);
		},
	});
	assert.equal(x.outcome, 'complete', x.failure);
	assert.deepEqual(x.actions.map((a) => a.text), WANT);
	assert.equal(x.tokensUsed, 1880);
	assert.equal(seen.length, 2);
	assert.equal(seen[0].kind, 'llm');
	assert.ok(seen[0].step.startsWith('llm.'));
	assert.ok(seen[0].body.schema);
});

test('an async llm callback: concurrent Promises, answers delivered in plan order', async () => {
	const plan = review();
	const sync = executeSync(plan, kase(), { llm: (task) => replies.get(task.step) });
	let inFlight = 0;
	let most = 0;
	let delay = 30;
	const x = await execute(plan, kase(), {
		llm: async (task) => {
			inFlight++;
			most = Math.max(most, inFlight);
			// the first request answers last
			await new Promise((resolve) => setTimeout(resolve, (delay -= 20) > 0 ? delay : 1));
			inFlight--;
			return JSON.stringify(replies.get(task.step));
		},
	});
	assert.equal(most, 2, 'both model steps of the level were in flight together');
	assert.deepEqual(x.actions.map((a) => a.text), WANT);
	assert.equal(x.trail.toJSONL(), sync.trail.toJSONL());
	assert.equal(x.decisionJSON(), sync.decisionJSON());
});

test('an llm callback that rejects fails its step with the message', async () => {
	const plan = review();
	const x = await execute(plan, kase(), {
		llm: async (task) => {
			if (task.step === 'llm.claim_classification')
				throw new Error('the model is over capacity');
			return replies.get(task.step);
		},
	});
	const entry = x.trail.entries().find((e) => e.stepId === 'llm.claim_classification');
	assert.match(entry.error, /the model is over capacity/);
	assert.ok(!x.actions.some((a) => a.text === "request a plumber's report"));
});
