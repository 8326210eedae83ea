'use strict';
// executeBatch / executeBatchSync: many cases in one call give, case by
// case and in input order, what deciding each alone gives.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { policy, root, outputs } = require('./helpers');
const { Plan, Case, Execution, PolicyError, executeSync, executeBatch, executeBatchSync } = policy;

const claimsText = fs.readFileSync(path.join(root, 'examples', 'claims', 'policy.txt'), 'utf8');
const folders = ['large_claim', 'small_claim', 'lapsed_policy'];

// n cases of the claims example, the three folders in turn, ids CL-000...
function claimsCases(n) {
	return Array.from({ length: n }, (_, i) => {
		const dir = path.join(root, 'examples', 'claims', 'cases', folders[i % folders.length]);
		const c = new Case({ id: `CL-${String(i).padStart(3, '0')}` });
		c.addDocument('claim form', fs.readFileSync(path.join(dir, 'claim_form.txt')));
		for (const [k, v] of Object.entries(JSON.parse(fs.readFileSync(path.join(dir, 'facts.json'), 'utf8'))))
			c.addFact(k, v);
		return c;
	});
}

function alone(plan, cases, options = {}) {
	return cases.map((c) => {
		const x = executeSync(plan, c, options);
		const o = outputs(x);
		x.close();
		return o;
	});
}

function sameAsAlone(what, results, want) {
	assert.equal(results.length, want.length, what);
	results.forEach((r, i) => {
		assert.ok(r instanceof Execution, `${what}: case ${i}: ${r}`);
		const o = outputs(r);
		r.close();
		assert.deepEqual(o, want[i], `${what}: case ${i}`);
	});
}

test('the built-in path on 0, 1, 2 and 4 threads decides each case as it is decided alone', async () => {
	const plan = Plan.compile(claimsText);
	const cases = claimsCases(30);
	const want = alone(plan, cases);
	const actions = new Set(want.map((o) => JSON.parse(o.decision).actions.map((a) => a.text).join()));
	assert.equal(actions.size, 3);
	for (const threads of [0, 1, 2, 4]) {
		sameAsAlone(`sync, ${threads} threads`, executeBatchSync(plan, cases, { threads }), want);
		sameAsAlone(`async, ${threads} threads`, await executeBatch(plan, cases, { threads }), want);
	}
	sameAsAlone('2 threads, 3 a case', executeBatchSync(plan, cases, { threads: 2, caseThreads: 3 }), want);
	cases.forEach((c) => c.close());
	plan.close();
});

// JS answers by the case id in each request: the cases are decided on the
// JS thread, `threads` in flight at a time for async callbacks.
test('with JS callbacks the cases are decided on the JS thread, as alone', async () => {
	const plan = Plan.compile(claimsText);
	const amounts = new Map();
	const cases = Array.from({ length: 12 }, (_, i) => {
		const id = `JS-${i}`;
		if (i % 5 !== 4) // every fifth case has no amount on file: it fails
			amounts.set(id, 20000 + 9000 * i);
		return new Case({ id });
	});
	const values = {
		'policy number': 'HO-1', 'date of loss': '2026-03-03',
		'policy effective date': '2025-06-01', 'policy expiration date': '2026-06-01',
	};
	const answer = (t) => {
		if (t.field !== 'claimed amount')
			return { value: values[t.field] };
		const v = amounts.get(t.body.case);
		return v === undefined ? { missing: 'not on file' } : { value: v };
	};
	const want = alone(plan, cases, { extract: answer, lookup: answer });
	assert.equal(JSON.parse(want[4].decision).status, 'failed');
	assert.equal(JSON.parse(want[11].decision).actions[0].text, 'escalate to senior adjuster review');
	sameAsAlone('sync callbacks', executeBatchSync(plan, cases, { extract: answer, lookup: answer }), want);
	let inFlight = 0, most = 0;
	const later = async (t) => {
		inFlight++;
		most = Math.max(most, inFlight);
		await new Promise((resolve) => setImmediate(resolve));
		inFlight--;
		return answer(t);
	};
	sameAsAlone('async callbacks, 3 in flight',
		await executeBatch(plan, cases, { extract: later, lookup: later, threads: 3 }), want);
	assert.ok(most > 3, `several cases' callbacks pending at once (at most ${most})`);
	cases.forEach((c) => c.close());
});

test('a case that cannot be run is its own PolicyError; the others are decided', async () => {
	const plan = Plan.compile(claimsText);
	const cases = claimsCases(3);
	cases[1].addDocument('claim form', 'x'.repeat(5000));
	const check = (results, what) => {
		assert.ok(results[1] instanceof PolicyError, what);
		assert.equal(results[1].code, 'POLICY_ERR_LIMIT', what);
		assert.deepEqual(results[0].actions.map((a) => a.text), ['escalate to senior adjuster review'], what);
		assert.deepEqual(results[2].actions.map((a) => a.text), ['deny the claim'], what);
		results[0].close();
		results[2].close();
	};
	check(executeBatchSync(plan, cases, { threads: 2, maxDocumentBytes: 4096 }), 'sync');
	check(await executeBatch(plan, cases, { threads: 2, maxDocumentBytes: 4096 }), 'async');
	const facts = { 'policy effective date': '2025-06-01', 'policy expiration date': '2026-06-01' };
	const lookup = (t) => ({ value: facts[t.field] });
	check(executeBatchSync(plan, cases, { maxDocumentBytes: 4096, lookup }), 'sync, a JS lookup');
	check(await executeBatch(plan, cases, { maxDocumentBytes: 4096, lookup, threads: 2 }),
		'async, a JS lookup');
	cases.forEach((c) => c.close());
});

test('while a batch runs off the JS thread its cases are held; bad calls throw', async () => {
	const plan = Plan.compile(claimsText);
	const cases = claimsCases(600);
	let turned = false;
	setImmediate(() => { turned = true; });
	const pending = executeBatch(plan, cases, { threads: 2 });
	assert.throws(() => cases[0].close(), /cannot be closed while a batch is deciding it/);
	assert.throws(() => cases[1].addFact('x', 1), /cannot be changed while a batch is deciding it/);
	assert.throws(() => cases[2].setId('other'), /cannot be changed/);
	plan.close(); // the batch holds the plan
	const results = await pending;
	assert.ok(turned, 'the event loop went on while the batch ran');
	assert.equal(results.length, 600);
	assert.equal(results[599].trail.entries()[0].caseId, 'CL-599');
	results.forEach((r) => r.close());
	cases.forEach((c) => c.close()); // free again once the batch is done

	const plan2 = Plan.compile(claimsText);
	assert.deepEqual(executeBatchSync(plan2, []), []);
	assert.deepEqual(await executeBatch(plan2, []), []);
	assert.throws(() => executeBatchSync(plan2, [{}]), TypeError);
	assert.throws(() => executeBatchSync(plan2, null), TypeError);
	await assert.rejects(executeBatch(plan2, claimsCases(1), { threads: -1 }), RangeError);
	const closed = new Case();
	closed.close();
	assert.throws(() => executeBatchSync(plan2, [closed]), /the case is closed/);
	plan2.close();
	assert.throws(() => executeBatchSync(plan2, []), /the plan is closed/);
});
