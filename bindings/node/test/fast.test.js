'use strict';
// executeSync's batch loop (answers as values, executions reused by the
// plan) gives what answering each task with its JSON gives, byte for byte.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { policy, root } = require('./helpers');
const { Plan, Case, Execution, executeSync } = policy;

const claimsText = fs.readFileSync(path.join(root, 'examples', 'claims', 'policy.txt'), 'utf8');

// The same decision driven task by task, every answer as its JSON.
function byJSON(plan, kase, answer) {
	const x = Execution.start(plan, kase);
	for (;;) {
		const batch = [];
		for (let t = x.next(); t; t = x.next())
			batch.push(t);
		if (!batch.length)
			break;
		const results = batch.map((t) => {
			try {
				return { json: answer(t) };
			} catch (e) {
				return { error: e.message };
			}
		});
		batch.forEach((t, i) => {
			const r = results[i];
			if (r.error !== undefined)
				x.fail(t, r.error);
			else
				x.complete(t, typeof r.json === 'string' ? r.json : JSON.stringify(r.json));
		});
	}
	return x;
}

const sets = [
	{ 'policy number': 'HO-1', 'date of loss': '2026-03-03', 'claimed amount': 72400 },
	{ 'policy number': 'HO-2', 'date of loss': 'March 3, 2026', 'claimed amount': 72400.55 },
	{ 'policy number': 7, 'date of loss': true, 'claimed amount': 1e21 },
	{ 'policy number': 'bad \ud800 text', 'date of loss': '2026-13-01', 'claimed amount': -0.5 },
	{ 'policy number': null, 'date of loss': '2026-03-03', 'claimed amount': '$9,000.00' },
	{ 'policy number': { missing: 'not on the form' }, 'date of loss': { value: '2026-03-03',
		evidence: { document: 'claim form', page: 2, line: 7 } }, 'claimed amount': NaN },
	{ 'policy number': '{"value": "HO-3"}', 'date of loss': { error: 'unreadable' },
		'claimed amount': 12000 },
];

function answerOf(set) {
	return (t) => {
		if (t.kind === 'lookup')
			return { value: t.field.includes('expiration') ? '2026-06-01' : '2025-06-01', source: 'PAS' };
		const v = set[t.field];
		if (v === null)
			return { missing: 'no line' };
		if (typeof v === 'object')
			return v;
		if (typeof v === 'string' && v.startsWith('{'))
			return v;
		return { value: v };
	};
}

test('executeSync answers as values mean their JSON', () => {
	const plan = Plan.compile(claimsText);
	for (let round = 0; round < 2; round++) { // the second round reuses executions
		for (const set of sets) {
			const answer = answerOf(set);
			const fast = executeSync(plan, new Case({ id: 'C' }), { extract: answer, lookup: answer });
			const slow = byJSON(plan, new Case({ id: 'C' }), answer);
			assert.equal(fast.trail.toJSONL(), slow.trail.toJSONL());
			assert.deepEqual(fast.actions, slow.actions);
			assert.equal(fast.outcome, slow.outcome);
			assert.equal(fast.failure, slow.failure);
			assert.deepEqual(fast.failedChecks, slow.failedChecks);
			assert.equal(fast.decisionJSON(), slow.decisionJSON());
			fast.close();
			slow.close();
		}
	}
});

test('a closed execution stays closed when its plan reuses it', () => {
	const plan = Plan.compile(claimsText);
	const seen = [];
	const answer = (t) => {
		seen.push(t);
		return answerOf(sets[0])(t);
	};
	const first = executeSync(plan, null, { extract: answer, lookup: answer });
	const request = seen[0].request; // read before closing
	const trail = first.trail;
	const jsonl = trail.toJSONL();
	first.close();
	assert.throws(() => first.outcome, { code: 'ERR_POLICY_CLOSED' });
	assert.throws(() => trail.toJSONL(), { code: 'ERR_POLICY_CLOSED' });
	assert.throws(() => seen[1].request, { code: 'ERR_POLICY_CLOSED' });
	const second = executeSync(plan, null, { extract: answer, lookup: answer });
	assert.equal(second.trail.toJSONL(), jsonl);
	assert.equal(JSON.parse(request).step, 'extract.policy_number');
	assert.deepEqual(second.actions, [{ text: 'escalate to senior adjuster review', verb: 'escalate',
		object: 'to senior adjuster review' }]);
	assert.equal(second.actions, second.actions);
	second.close();
	first.close(); // twice is fine
	plan.close();
	assert.throws(() => executeSync(plan, null, { extract: answer, lookup: answer }),
		{ code: 'ERR_POLICY_CLOSED' });
});
