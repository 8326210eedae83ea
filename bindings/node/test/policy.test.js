'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { policy, root, vectorDirs, vectorCase, vectorPlan, outputs, expected } = require('./helpers');
const { Plan, Case, Execution, Trail, PolicyError, execute, executeSync } = policy;

const claimsText = fs.readFileSync(path.join(root, 'examples', 'claims', 'policy.txt'), 'utf8');

test('the run-time version is the package version', () => {
	assert.match(policy.version(), /^\d+\.\d+\.\d+$/);
});

test('a misspelt term: error at line 13, column 6, with a hint', () => {
	const text = claimsText.replace('the claimed amount exceeds', 'the claimed amont exceeds');
	assert.throws(() => Plan.compile(text, { filename: 'claims.txt' }), (e) => {
		assert.ok(e instanceof PolicyError);
		assert.equal(e.code, 'POLICY_ERR_COMPILE');
		assert.equal(e.line, 13);
		assert.equal(e.column, 6);
		assert.equal(e.hint, "did you mean 'claimed amount'?");
		assert.match(e.message, /the claimed amont/);
		assert.ok(e.rendered.startsWith(
			"claims.txt:13:6: error: I don't know what 'the claimed amont' is\n" +
			' 13 | - If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n' +
			'    |      ^~~~~~~~~~~~~~~~~\n' +
			"hint: did you mean 'claimed amount'?"), e.rendered);
		assert.equal(e.diagnostics[0].line, 13);
		assert.match(String(e), /claims\.txt:13:6: /);
		return true;
	});
});

test('plan round trip: save, load, save gives the same bytes', () => {
	const plan = Plan.compile(claimsText);
	assert.equal(plan.name, 'Claims Intake');
	assert.equal(plan.version, '4.2.1');
	assert.equal(plan.effective, '2026-03-01');
	assert.equal(plan.source, 'Claims Operations Manual, section 4.2');
	assert.equal(plan.bodyHash.length, 32);
	assert.equal(plan.steps[0].id, 'extract.policy_number');
	assert.equal(plan.steps[0].kind, 'extract');
	assert.ok(plan.levelCount >= 2);
	const saved = plan.save();
	assert.ok(saved.includes(`"format": "${policy.PLAN_FORMAT}"`));
	const loaded = Plan.load(saved);
	assert.equal(loaded.save(), saved);
	assert.equal(loaded.bodyHash, plan.bodyHash);
	assert.match(loaded.inspect(), /Claims Intake/);
	assert.equal(JSON.parse(Plan.diff(plan, loaded)).equal, true);
	const raised = Plan.compile(claimsText.replace('$50,000', '$60,000'));
	const diff = JSON.parse(Plan.diff(plan, raised));
	assert.equal(diff.equal, false);
	assert.ok(diff.changes.some((c) => c.kind === 'threshold' && c.new === '60000.00'), JSON.stringify(diff));
	const fromBuffer = Plan.load(Buffer.from(saved));
	assert.equal(fromBuffer.bodyHash, plan.bodyHash);
});

test('a tampered plan is rejected with the hash code', () => {
	const saved = Plan.compile(claimsText).save();
	const tampered = saved.replaceAll('senior adjuster review', 'junior adjuster review');
	assert.throws(() => Plan.load(tampered, { filename: 'plan.json' }), (e) => {
		assert.equal(e.code, 'POLICY_ERR_HASH');
		assert.ok(e.line > 0);
		assert.match(e.message, /hash/);
		assert.match(e.rendered, /^plan\.json:/);
		return true;
	});
	assert.throws(() => Plan.load('{"format": "libpolicy-plan/1"}'), { code: 'POLICY_ERR_PLAN' });
});

test('the claims demo: three cases, three decisions', () => {
	const plan = Plan.compile(claimsText);
	const want = {
		large_claim: 'escalate to senior adjuster review',
		small_claim: 'route the claim to standard processing',
		lapsed_policy: 'deny the claim',
	};
	for (const [name, action] of Object.entries(want)) {
		const dir = path.join(root, 'examples', 'claims', 'cases', name);
		const c = new Case({ id: name });
		c.addDocument('claim form', fs.readFileSync(path.join(dir, 'claim_form.txt'), 'utf8'));
		for (const [k, v] of Object.entries(JSON.parse(fs.readFileSync(path.join(dir, 'facts.json'), 'utf8'))))
			c.addFact(k, v);
		const x = executeSync(plan, c);
		assert.equal(x.outcome, 'complete', x.failure);
		assert.deepEqual(x.actions.map((a) => a.text), [action]);
		x.trail.verify(plan);
		assert.match(x.trail.explain(), new RegExp(`case ${name}`));
	}
});

// Answers for the claims policy from JS, and a clock that ticks.
function claimsHost({ amount = '$72,400.00', fail, throwFor, asyncExtract = false } = {}) {
	const seen = [];
	let clock = 1767225600000;
	const values = { 'policy number': 'HO-1', 'date of loss': 'March 3, 2026', 'claimed amount': amount };
	const extract = (task) => {
		seen.push(task);
		if (task.field === throwFor)
			throw new Error(`the extractor fell over on ${task.field}`);
		if (task.field === fail)
			return { error: `scanner offline for ${task.field}` };
		const v = values[task.field];
		const answer = v === undefined ? { missing: 'no such field' } :
			{ value: v, evidence: { document: 'claim form', page: 1, line: 3 } };
		return asyncExtract ? new Promise((resolve) => setImmediate(() => resolve(answer))) : answer;
	};
	const lookup = (task) => {
		seen.push(task);
		const v = { 'policy effective date': '2025-06-01', 'policy expiration date': '2026-06-01' }[task.field];
		return JSON.stringify(v ? { value: v, source: 'PAS v7' } : { missing: 'unknown fact' });
	};
	return { seen, extract, lookup, now: () => (clock += 5) };
}

test('JS callbacks: extract and lookup answer, the clock ticks', () => {
	const plan = Plan.compile(claimsText);
	const h = claimsHost();
	const x = executeSync(plan, new Case({ id: 'CL-1' }), h);
	assert.equal(x.outcome, 'complete', x.failure);
	assert.deepEqual(x.actions, [{ text: 'escalate to senior adjuster review', verb: 'escalate',
		object: 'to senior adjuster review' }]);
	assert.equal(h.seen.length, 5);
	const first = h.seen[0];
	assert.equal(first.kind, 'extract');
	assert.equal(first.step, 'extract.policy_number');
	assert.equal(first.field, 'policy number');
	assert.equal(first.document, 'insurance claim');
	assert.equal(first.type, 'text');
	assert.equal(first.body.case, 'CL-1');
	const last = h.seen[4];
	assert.equal(last.kind, 'lookup');
	assert.equal(last.field, 'policy expiration date');
	assert.deepEqual(last.body.keys, { 'policy number': 'HO-1' });
	const entries = x.trail.entries();
	assert.equal(entries.length, x.trail.length);
	const e = entries[2];
	assert.equal(e.stepId, 'extract.claimed_amount');
	assert.equal(e.output, '72400.00');
	assert.equal(e.caseId, 'CL-1');
	assert.ok(e.startedAt > 1767225600000 && e.endedAt > e.startedAt);
	assert.equal(e.prevHash, entries[1].hash);
	assert.deepEqual([...x.trail].map((en) => en.seq), entries.map((en) => en.seq));
});

test('async callbacks: execute() awaits Promises, sync and async give the same trail', async () => {
	const plan = Plan.compile(claimsText);
	const sync = executeSync(plan, new Case({ id: 'A' }), claimsHost());
	const h = claimsHost({ asyncExtract: true });
	const pending = execute(plan, new Case({ id: 'A' }), { ...h, llm: async () => ({ error: 'unused' }) });
	assert.ok(pending instanceof Promise);
	const x = await pending;
	assert.equal(x.outcome, 'complete');
	assert.equal(x.trail.toJSONL(), sync.trail.toJSONL());
	// executeSync refuses a Promise cleanly: the step fails, nothing throws.
	const refused = executeSync(plan, new Case(), claimsHost({ asyncExtract: true }));
	assert.equal(refused.outcome, 'failed');
	assert.match(refused.failure, /returned a Promise/);
});

test('a callback that throws fails its step with the message', async () => {
	const plan = Plan.compile(claimsText);
	const x = executeSync(plan, null, claimsHost({ throwFor: 'claimed amount' }));
	assert.equal(x.outcome, 'failed');
	assert.match(x.failure, /the extractor fell over on claimed amount/);
	assert.equal(x.trail.entries()[2].error, 'the extractor fell over on claimed amount');

	const rejected = await execute(plan, null, {
		extract: async (t) => {
			if (t.field === 'claimed amount')
				throw new Error('model timed out');
			return { value: t.field === 'date of loss' ? '2026-03-03' : 'HO-1' };
		},
	});
	assert.equal(rejected.outcome, 'failed');
	assert.equal(rejected.trail.entries()[2].error, 'model timed out');

	const answered = executeSync(plan, null, claimsHost({ fail: 'claimed amount' }));
	assert.match(answered.failure, /scanner offline for claimed amount/);

	const notError = executeSync(plan, null, { ...claimsHost(), lookup: () => { throw 'plain string'; } });
	assert.equal(notError.trail.entries()[3].error, 'plain string');
});

test('threads=4 gives the same trail as one thread', () => {
	for (const dir of vectorDirs()) {
		const plan = vectorPlan(dir);
		const four = outputs(executeSync(plan, vectorCase(dir), { threads: 4 }));
		assert.ok(four.trail.equals(expected(dir).trail), path.basename(dir));
		assert.ok(four.decision.equals(expected(dir).decision), path.basename(dir));
	}
	// With JS callbacks the tasks run on the JS thread whatever `threads` says.
	const plan = Plan.compile(claimsText);
	const one = executeSync(plan, new Case({ id: 'T' }), { ...claimsHost(), threads: 1 });
	const four = executeSync(plan, new Case({ id: 'T' }), { ...claimsHost(), threads: 4 });
	assert.equal(four.trail.toJSONL(), one.trail.toJSONL());
	// A JS clock with the built-in path on worker threads: the clock runs on
	// the JS thread only.
	let tick = 0;
	const a = executeSync(plan, vectorCase(vectorDirs()[2]), { threads: 4, now: () => ++tick });
	tick = 0;
	const b = executeSync(plan, vectorCase(vectorDirs()[2]), { threads: 1, now: () => ++tick });
	assert.equal(a.trail.toJSONL(), b.trail.toJSONL());
	assert.ok(a.trail.entries()[0].startedAt > 0);
	// The loop index.js drives for JS callbacks reads a ticking clock exactly
	// as policy_execute does: same timestamps, same bytes.
	for (const dir of vectorDirs()) {
		const vplan = vectorPlan(dir);
		tick = 0;
		const native = executeSync(vplan, vectorCase(dir), { threads: 4, now: () => ++tick });
		tick = 0;
		const driven = executeSync(vplan, vectorCase(dir), { now: () => ++tick, llm: () => ({}) });
		assert.equal(driven.trail.toJSONL(), native.trail.toJSONL(), path.basename(dir));
	}
});

test('sans-I/O: answers from JS, a failure, misuse reported', () => {
	const plan = Plan.compile(claimsText);
	const h = claimsHost({ amount: '$9,000.00' });
	const x = Execution.start(plan, new Case({ id: 'S' }), { now: h.now });
	const done = [];
	for (;;) {
		const batch = [];
		for (let t = x.next(); t; t = x.next())
			batch.push(t);
		if (!batch.length)
			break;
		for (const t of batch) {
			if (t.field === 'policy number')
				x.fail(t, 'the form is unreadable');
			else
				x.complete(t, t.kind === 'extract' ? h.extract(t) : h.lookup(t));
			done.push(t);
		}
	}
	assert.equal(done.length, 5);
	assert.equal(x.outcome, 'complete');
	assert.deepEqual(x.actions.map((a) => a.text), ['route the claim to standard processing']);
	assert.equal(x.trail.entries()[0].error, 'the form is unreadable');
	assert.throws(() => x.complete(done[1], { value: 'x' }), /not outstanding/);
	const other = Execution.start(plan, null);
	assert.throws(() => other.complete(done[1], {}), { code: 'POLICY_ERR_ARGUMENT' });
	assert.throws(() => x.complete({ _token: 1 }, {}), { code: 'POLICY_ERR_ARGUMENT' });
});

test('a clock that throws reads 0 and warns', async () => {
	const plan = Plan.compile(claimsText);
	const warned = new Promise((resolve) => process.once('warning', resolve));
	const x = executeSync(plan, null, { now: () => { throw new Error('no clock'); } });
	assert.equal(x.trail.entries()[0].startedAt, 0);
	assert.match(String((await warned).message), /no clock/);
});

test('trails: load, explain, verify, tampering', () => {
	const dir = vectorDirs()[0];
	const jsonl = fs.readFileSync(path.join(dir, 'trail.jsonl'), 'utf8');
	const t = Trail.load(jsonl);
	assert.equal(t.explain(), expected(dir).explain.toString());
	assert.equal(t.toJSONL(), jsonl);
	t.verify();
	assert.throws(() => t.verify(Plan.compile(claimsText)), { code: 'POLICY_ERR_MISMATCH' });
	t.close();
	t.close();
	assert.throws(() => t.explain(), /closed/);
	const lines = jsonl.split('\n');
	lines[1] = lines[1].replace('"tokens":0', '"tokens":1');
	assert.throws(() => Trail.load(lines.join('\n')), { code: 'POLICY_ERR_CHAIN' });
	assert.throws(() => Trail.load('{not json\n'), { code: 'POLICY_ERR_TRAIL' });
});

test('close() is idempotent and closed objects refuse use', () => {
	const plan = Plan.compile(claimsText);
	const c = new Case();
	const x = executeSync(plan, c);
	const trail = x.trail;
	for (let i = 0; i < 2; i++) {
		for (const o of [plan, c, x, trail])
			o.close();
	}
	assert.throws(() => plan.save(), /closed/);
	assert.throws(() => c.addFact('a', 1), /closed/);
	assert.throws(() => trail.toJSONL(), /closed/);
	assert.throws(() => executeSync(plan, null), /closed/);
	assert.throws(() => x.decisionJSON(), /closed/);
	assert.throws(() => policy.executeSync(c, null), /expected a libpolicy plan handle/);
});

test('objects left to the garbage collector are released', () => {
	for (let i = 0; i < 200; i++) {
		const plan = Plan.compile(claimsText);
		const x = executeSync(plan, new Case(), { ...claimsHost(), threads: 2 });
		assert.equal(x.outcome, 'complete');
	}
	if (global.gc)
		global.gc();
});
