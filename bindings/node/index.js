/*
 * libpolicy for Node: compile business policies written in plain English
 * into execution plans, run them on the documents of a case, and get a
 * decision with a hash-chained why-trail.
 *
 *   const { Plan, Case, execute } = require('libpolicy');
 *   const plan = Plan.compile(text, { filename: 'claims.txt' });
 *   const c = new Case({ id: 'CL-1' });
 *   c.addDocument('claim form', form);
 *   c.addFact('policy effective date', '2025-06-01');
 *   const x = await execute(plan, c, { llm: async (task) => ({ value: ... }) });
 *   console.log(x.actions, x.trail.explain());
 *
 * How callbacks run (the design, in one place):
 *
 * JavaScript is single-threaded, so JS callbacks are never called from
 * libpolicy's worker threads. When extract/lookup/llm callbacks are given,
 * this file drives libpolicy's sans-I/O loop itself: it takes every task
 * that is ready (one batch: the tasks of a level, which are independent),
 * performs each one, then delivers the answers in plan order, exactly as
 * policy_execute does. Tasks without a callback get the built-in answer
 * (plain-text extractor, case facts). executeSync() calls the callbacks
 * synchronously; execute() awaits what they return, so an async llm (or
 * extract, or lookup) callback's Promises of one batch run concurrently.
 * `threads` only matters without JS callbacks: then execute() and
 * executeSync() call policy_execute, whose worker threads run the built-in
 * extractor. Either way the decision and the trail are the same bytes.
 * executeBatch() and executeBatchSync() decide many cases in one call: on
 * libpolicy's batch worker threads (policy_execute_batch) when no JS
 * function takes part, else case by case on the JS thread.
 *
 * A callback that throws (or rejects) fails its step with the exception's
 * message; the decision fails only if it needs that value. The clock
 * (`now`) is the one JS function the library calls itself, on the JS
 * thread; if it throws, it reads 0 and a warning is emitted.
 *
 * executeSync is the fast path (bench/README.md): without a clock or
 * limits it drives the loop in batches, two native calls per level of the
 * plan (execBatch, execAnswers); an answer that is only {value: V} with V
 * a number, string or boolean crosses as that value (libpolicy's typed
 * answers, which mean exactly the JSON), anything else as its JSON; and
 * a closed execution goes back to its plan (up to four are kept) to
 * decide the next case after policy_exec_reset. A task's request is read
 * from the execution when first asked for, so read it before closing the
 * execution.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function loadAddon() {
	const tried = [];
	const candidates = [];
	if (process.env.POLICY_NODE_ADDON)
		candidates.push(process.env.POLICY_NODE_ADDON);
	if (process.env.POLICY_BUILD_DIR)
		candidates.push(path.join(process.env.POLICY_BUILD_DIR, 'bindings', 'node', 'policy.node'));
	candidates.push(path.join(__dirname, 'policy.node'));
	candidates.push(path.join(__dirname, '..', '..', 'build', 'bindings', 'node', 'policy.node'));
	for (const file of candidates) {
		tried.push(file);
		if (fs.existsSync(file))
			return require(path.resolve(file));
	}
	throw new Error('libpolicy: the native addon policy.node was not found (build it with ' +
		'`ninja -C build`, or set POLICY_BUILD_DIR or POLICY_NODE_ADDON); tried:\n  ' +
		tried.join('\n  '));
}

const native = loadAddon();

/** An error from libpolicy: a status code, a message, a position, a hint,
 * the diagnostics of a compile report and the rendered diagnostic. */
class PolicyError extends Error {
	constructor(message) {
		super(message);
		this.name = 'PolicyError';
		this.code = 'POLICY_ERR_ARGUMENT';
		this.status = 0;
		this.line = 0;
		this.column = 0;
		this.hint = null;
		this.filename = null;
		this.diagnostics = [];
		this.rendered = message;
	}

	toString() {
		const where = this.line ? `${this.filename ? this.filename + ':' : ''}${this.line}:${this.column}: ` : '';
		return `${this.name} [${this.code}]: ${where}${this.message}`;
	}
}

native.init(PolicyError);

// Every closed execution's handle: reading it throws "the execution is closed".
const CLOSED = native.closedExecution();
const OUTCOMES = ['pending', 'complete', 'failed'];

const disposeSymbol = Symbol.dispose;

function addDispose(cls) {
	if (disposeSymbol)
		cls.prototype[disposeSymbol] = function () { this.close(); };
}

function parseJSON(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

const assistFailure = Symbol('assist failure');

/* The user's assistant as the addon calls it: never throws, answers
 * [true, replyJSON] or [false, errorMessage]. */
function assistWrapper(fn) {
	if (typeof fn !== 'function')
		throw new TypeError('assist must be a function');
	return (requestJSON) => {
		try {
			let answer = fn(JSON.parse(requestJSON));
			if (answer && typeof answer.then === 'function')
				return [false, 'the assist function returned a Promise: use Plan.compileAsync'];
			if (answer && answer[assistFailure])
				throw answer[assistFailure];
			if (answer == null)
				answer = { decline: 'the assistant gave no answer' };
			else if (typeof answer === 'string')
				answer = { restatements: [answer] };
			else if (Array.isArray(answer))
				answer = { restatements: answer };
			return [true, JSON.stringify(answer)];
		} catch (e) {
			return [false, String((e && e.message) || e || 'the assist function failed')];
		}
	};
}

/** A compiled policy: an immutable DAG of steps. */
class Plan {
	constructor(handle, warnings) {
		if (handle === undefined)
			throw new TypeError('use Plan.compile() or Plan.load()');
		this._h = handle;
		this._info = null;
		this.warnings = warnings || [];
	}

	/** Compile English policy text (a string or Buffer). Throws a
	 * PolicyError with code POLICY_ERR_COMPILE on bad English.
	 *
	 * options.assist(request) restates the sentences the grammar cannot
	 * read (docs/assist.md), synchronously: it gets the request object
	 * ({sentence, line, terms, actions, forms, ...}) and returns
	 * {restatements: [...], model} or {decline: why}, a string or an array
	 * of strings (the restatements), or null (a decline); a throw fails the
	 * sentence and the assistant is asked nothing more. options.assistLock
	 * (string, Buffer or object) is the lock: restatements pinned earlier,
	 * used before the assistant is asked. For an async assistant (a model
	 * server over HTTP), use compileAsync. */
	static compile(text, options = {}) {
		const assist = options.assist == null ? undefined : assistWrapper(options.assist);
		const lock = options.assistLock == null ? undefined :
			(typeof options.assistLock === 'string' || Buffer.isBuffer(options.assistLock)) ?
				options.assistLock : JSON.stringify(options.assistLock);
		const [handle, warnings] = native.compile(text, options.filename ?? 'policy', options,
			assist, lock);
		return new Plan(handle, warnings);
	}

	/** compile() with an assistant that may return a Promise. The library
	 * asks synchronously, so each round answers what it has and declines
	 * the rest; the new requests are then awaited (concurrently) and the
	 * policy compiled again, until every request has its answer. The plan
	 * is the one compile() gives with those answers. */
	static async compileAsync(text, options = {}) {
		if (typeof options.assist !== 'function')
			return Plan.compile(text, options);
		const answers = new Map();
		for (;;) {
			const asked = new Map();
			const sync = (request) => {
				if (answers.has(request.entry))
					return answers.get(request.entry);
				asked.set(request.entry, request);
				return { decline: 'libpolicy: awaiting the assistant' };
			};
			let plan;
			let error;
			try {
				plan = Plan.compile(text, { ...options, assist: sync });
			} catch (e) {
				error = e;
			}
			if (asked.size === 0) {
				if (error)
					throw error;
				return plan;
			}
			if (plan)
				plan.close();
			await Promise.all([...asked].map(async ([entry, request]) => {
				try {
					answers.set(entry, await options.assist(request));
				} catch (e) {
					answers.set(entry, { [assistFailure]: e });
				}
			}));
		}
	}

	/** Load a plan saved by save(). Throws POLICY_ERR_PLAN for a malformed
	 * plan, POLICY_ERR_HASH for one changed after it was saved. */
	static load(json, options = {}) {
		return new Plan(native.planLoad(json, options.filename ?? 'plan', options));
	}

	/** Compare two plans by meaning: the JSON of policy_plan_diff
	 * ("format": "libpolicy-diff/1", "equal", "changes"); a is the old plan. */
	static diff(a, b) {
		return native.planDiff(a._handle(), b._handle());
	}

	_handle() {
		return this._h;
	}

	/** The plan as canonical JSON; saving a loaded plan gives the same bytes. */
	save() {
		return native.planSave(this._h);
	}

	/** A human-readable view of the plan. */
	inspect() {
		return native.planInspect(this._h);
	}

	get info() {
		if (!this._info)
			this._info = native.planInfo(this._h);
		return this._info;
	}

	get name() { return this.info.name; }
	get version() { return this.info.version; }
	get effective() { return this.info.effective; }
	get source() { return this.info.source; }
	get textHash() { return this.info.textHash; }
	get bodyHash() { return this.info.bodyHash; }
	get estTokens() { return this.info.estTokens; }
	get levelCount() { return this.info.levelCount; }
	get steps() { return this.info.steps; }
	/** Sentences compiled from the assistant's restatements:
	 * [{entry, line, column, sentence, restatement, steps}]. */
	get assisted() { return this.info.assisted; }

	/** Release the plan now (executions keep their own reference).
	 * Idempotent; the garbage collector does it otherwise. */
	close() {
		this._closed = true;
		if (this._pool) {
			for (const r of this._pool)
				native.close(r.h);
			this._pool = null;
		}
		native.close(this._h);
	}

	// ---- for executeSync: what is made once per plan ----

	// What a task of step i says of itself (kind, step, document, field,
	// type), from the plan.
	_taskInfo(i) {
		if (!this._tasks) {
			this._tasks = this.info.steps.map((st) => ({
				kind: st.kind, step: st.id, document: st.kind === 'extract' ? st.document : null,
				field: st.kind === 'llm' ? null : st.label, type: st.type,
			}));
		}
		return this._tasks[i];
	}

	// A runner: an execution handle and the arrays of the batch loop; a
	// closed execution's runner comes back (_recycle) for the next case.
	_take(kase) {
		const pool = this._pool;
		if (pool && pool.length) {
			const r = pool.pop();
			native.execReset(r.h, kase ? kase._handle() : null);
			return r;
		}
		const n = this.info.steps.length || 1;
		return {
			h: native.execNew(this._h, kase ? kase._handle() : null, {}, null),
			steps: new Int32Array(n), kinds: new Int32Array(n), values: new Array(n),
		};
	}

	_recycle(r) {
		if (this._closed)
			return false;
		if (!this._pool)
			this._pool = [];
		if (this._pool.length >= 4)
			return false;
		this._pool.push(r);
		return true;
	}

	// The fired actions' texts are the plan's (unless a guardrail replaced
	// one): kept per step once seen.
	_actionOf(step) {
		return this._actions ? this._actions[step] : undefined;
	}

	_actionSeen(step, a) {
		if (!this._actions)
			this._actions = [];
		this._actions[step] = { text: a.text, verb: a.verb, object: a.object };
	}
}
addDispose(Plan);

/** The documents and facts of one case. */
class Case {
	constructor(options = {}) {
		this._h = native.caseNew();
		if (options.id != null)
			this.setId(options.id);
	}

	_handle() {
		return this._h;
	}

	/** The identifier recorded in the trail, e.g. a claim number. */
	setId(id) {
		native.caseSetId(this._h, String(id));
		return this;
	}

	/** Add a document (string or Buffer) of a type such as "claim form". */
	addDocument(type, text) {
		native.caseAddDocument(this._h, type, text);
		return this;
	}

	/** Add a fact for the built-in lookup; `value` is a JS scalar
	 * ("2025-06-01", 680, true). */
	addFact(name, value) {
		return this.addFactJSON(name, JSON.stringify(value));
	}

	/** Add a fact given as JSON text ('"2025-06-01"', '680'). */
	addFactJSON(name, json) {
		native.caseAddFact(this._h, name, json);
		return this;
	}

	close() {
		native.close(this._h);
	}
}
addDispose(Case);

/** A step the host must perform: an extraction, a lookup or a model call. */
class Task {
	constructor(execution, token, index, kind, step, document, field, type) {
		this._execution = execution;
		this._token = token;
		this._index = index;        // the step's index in the plan
		this._request = undefined;
		this.kind = kind;           // "extract" | "lookup" | "llm"
		this.step = step;           // "extract.claimed_amount"
		this.document = document;   // extract: the document type, else null
		this.field = field;         // extract: the field; lookup: the fact; else null
		this.type = type;           // "money", "date", ...
	}

	/** The request JSON (docs/host-protocol.md), written when first read;
	 * read it before the execution is closed. */
	get request() {
		if (this._request === undefined)
			this._request = this._execution._request(this._index);
		return this._request;
	}

	/** The request, parsed. */
	get body() {
		return JSON.parse(this.request);
	}
}

function answerJSON(answer) {
	if (typeof answer === 'string')
		return answer;
	if (answer === undefined)
		throw new TypeError('the callback returned nothing');
	return JSON.stringify(answer);
}

function makeClock(now) {
	if (now == null)
		return null;
	if (typeof now !== 'function')
		throw new TypeError('now must be a function returning milliseconds since 1970');
	const clock = {
		error: null,
		warned: false,
		fn: () => {
			try {
				const v = now();
				const ms = v instanceof Date ? v.getTime() : Number(v);
				return Number.isFinite(ms) ? ms : 0;
			} catch (e) {
				if (!clock.error)
					clock.error = e;
				return 0;
			}
		},
	};
	return clock;
}

// Warn once per execution that its clock threw.
function reportClock(clock) {
	if (clock && clock.error && !clock.warned) {
		const e = clock.error;
		clock.warned = true;
		process.emitWarning(`libpolicy: the now() clock threw (${e && e.message ? e.message : e}); it read as 0`);
	}
}

/** One execution of a plan on a case: the decision and its why-trail. */
class Execution {
	constructor(handle, clock, plan) {
		if (handle === undefined)
			throw new TypeError('use execute(), executeSync() or Execution.start()');
		this._h = handle;
		this._clock = clock;
		this._decision = null;
		this._plan = plan || null; // executeSync's: the plan it goes back to
		this._runner = null;
		this._actions = null;
	}

	/** Start executing without doing anything yet (sans-I/O): call next()
	 * for tasks and answer each with complete(), fail() or
	 * completeBuiltin(). Options: now, tokenBudget, maxDocumentBytes,
	 * maxReplyBytes. */
	static start(plan, kase, options = {}) {
		const clock = makeClock(options.now);
		const h = native.execNew(plan._handle(), kase ? kase._handle() : null, options,
			clock ? clock.fn : null);
		return new Execution(h, clock);
	}

	/** The next task to perform, or null when none is ready: the execution
	 * is finished (outcome is not "pending") or waits for answers. */
	next() {
		try {
			const t = native.execNext(this._h);
			return t ? new Task(this, t.token, t.index, t.kind, t.step, t.document, t.field, t.type) : null;
		} finally {
			reportClock(this._clock);
		}
	}

	_answer(task, f) {
		if (!(task instanceof Task) || task._execution !== this)
			throw argumentError('the task is not one of this execution\'s');
		this._decision = null;
		this._actions = null;
		try {
			f(task._token);
		} finally {
			reportClock(this._clock);
		}
	}

	/** Deliver a task's answer: an object ({value, evidence} ...) or its
	 * JSON text. A bad answer fails the step, not the call. */
	complete(task, answer) {
		const json = answerJSON(answer);
		this._answer(task, (token) => native.execComplete(this._h, token, json));
	}

	/** Report that a task could not be performed; its step fails. */
	fail(task, message) {
		this._answer(task, (token) => native.execFail(this._h, token, String(message)));
	}

	/** Perform a task with the built-in extractor or the case's facts. */
	completeBuiltin(task) {
		this._answer(task, (token) => native.execCompleteBuiltin(this._h, token));
	}

	_d() {
		const d = this._decision || native.execDecision(this._h);
		if (d.outcome !== 'pending')
			this._decision = d;
		return d;
	}

	_request(index) {
		return native.execRequest(this._h, index);
	}

	/** "complete" (a decision was made), "failed" or "pending". */
	get outcome() {
		if (this._decision)
			return this._decision.outcome;
		return OUTCOMES[native.execOutcome(this._h)];
	}

	/** For "failed": what was missing or invalid, and why. */
	get failure() { return this._d().failure; }

	/** [{text, verb, object}] of the actions that fired. */
	get actions() {
		if (this._decision)
			return this._decision.actions;
		if (this._actions)
			return this._actions;
		if (!this._runner)
			return this._d().actions;
		// The texts are the plan's: made once per plan, not per decision.
		const steps = this._runner.steps;
		const n = native.execActions(this._h, steps);
		const out = new Array(n);
		for (let i = 0; i < n; i++) {
			const s = steps[i];
			const known = s >= 0 ? this._plan._actionOf(s) : null;
			out[i] = known ? { text: known.text, verb: known.verb, object: known.object } :
				native.execAction(this._h, i);
			if (s >= 0 && !known)
				this._plan._actionSeen(s, out[i]);
		}
		this._actions = out; // a finished execution's actions do not change
		return out;
	}

	/** [{text, reason}] of the checks that did not hold. */
	get failedChecks() { return this._d().failedChecks; }
	get tokensUsed() { return this._d().tokensUsed; }

	/** The decision as libpolicy's JSON text (policy_exec_decision_json). */
	decisionJSON() {
		return native.execDecisionJson(this._h);
	}

	/** The why-trail; it lives as long as the execution. */
	get trail() {
		return new Trail(this._h, this);
	}

	close() {
		const h = this._h;
		if (h === CLOSED)
			return;
		this._h = CLOSED;
		// An execution of executeSync goes back to its plan, to decide the
		// next case without being made again.
		if (this._runner && this._plan._recycle(this._runner))
			return;
		native.close(h);
	}
}
addDispose(Execution);

function argumentError(message) {
	const e = new PolicyError(message);
	e.code = 'POLICY_ERR_ARGUMENT';
	e.status = 2;
	return e;
}

/** A why-trail: one entry per executed step, hash-chained. */
class Trail {
	constructor(handle, owner) {
		if (handle === undefined)
			throw new TypeError('use Trail.load() or execution.trail');
		this._own = handle;
		this._owner = owner || null; // keeps a borrowed trail's execution alive
	}

	// An execution's trail reads through the execution, which may have been
	// closed (and its handle given to another decision) since.
	get _h() {
		return this._owner ? this._owner._h : this._own;
	}

	/** Read a trail written by toJSONL(), verifying its hash chain
	 * (POLICY_ERR_CHAIN names the first entry that does not match). */
	static load(jsonl, options = {}) {
		return new Trail(native.trailLoad(jsonl, options.filename ?? 'trail', options));
	}

	/** Check the hash chain and, with a plan, that the plan made every
	 * entry (POLICY_ERR_MISMATCH otherwise). Throws a PolicyError. */
	verify(plan) {
		native.trailVerify(this._h, plan ? plan._handle() : null);
	}

	/** JSON Lines, one entry a line. */
	toJSONL() {
		return native.trailJsonl(this._h);
	}

	/** The decision and its reasons in plain English. */
	explain() {
		return native.trailExplain(this._h);
	}

	get length() {
		return native.trailCount(this._h);
	}

	/** The entries, in order, with the values parsed from JSON. */
	entries() {
		return native.trailEntries(this._h).map((e) => {
			const j = parseJSON(e.json) || {};
			e.output = parseJSON(e.outputJson);
			e.caseId = j.case ?? null;
			e.label = j.label ?? null;
			e.display = j.display ?? null;
			e.error = j.error ?? null;
			for (const input of e.inputs)
				input.evidence = parseJSON(input.evidenceJson) ?? null;
			return e;
		});
	}

	[Symbol.iterator]() {
		return this.entries()[Symbol.iterator]();
	}

	/** Release a loaded trail; an execution's trail closes with it. */
	close() {
		if (!this._owner)
			native.close(this._own);
	}
}
addDispose(Trail);

const KINDS = ['extract', 'lookup', 'llm'];

function callbacksOf(options) {
	const cbs = {};
	let any = false;
	for (const k of KINDS) {
		const f = options[k];
		if (f == null)
			continue;
		if (typeof f !== 'function')
			throw new TypeError(`${k} must be a function`);
		cbs[k] = f;
		any = true;
	}
	return any ? cbs : null;
}

function errorMessage(e, kind) {
	const m = e instanceof Error ? e.message : String(e);
	return m || `the ${kind} callback failed`;
}

// Every task that is ready now: one batch of independent tasks.
function drain(x) {
	const batch = [];
	for (let t = x.next(); t; t = x.next())
		batch.push(t);
	return batch;
}

// Deliver a batch's results in plan order, as policy_execute does.
function deliver(x, batch, results) {
	batch.forEach((t, i) => {
		const r = results[i];
		if (r.builtin)
			x.completeBuiltin(t);
		else if (r.error !== undefined)
			x.fail(t, r.error);
		else
			x.complete(t, r.json);
	});
}

function settle(task, value) {
	try {
		return { json: answerJSON(value) };
	} catch (e) {
		return { error: errorMessage(e, task.kind) };
	}
}

function performSync(task, cbs) {
	const cb = cbs[task.kind];
	if (!cb)
		return { builtin: true };
	try {
		const r = cb(task);
		if (r && typeof r.then === 'function') {
			r.then(() => {}, () => {});
			return { error: `the ${task.kind} callback returned a Promise: use execute(), which awaits it` };
		}
		return settle(task, r);
	} catch (e) {
		return { error: errorMessage(e, task.kind) };
	}
}

async function performAsync(task, cbs) {
	const cb = cbs[task.kind];
	if (!cb)
		return { builtin: true };
	try {
		return settle(task, await cb(task));
	} catch (e) {
		return { error: errorMessage(e, task.kind) };
	}
}

function executeBuiltin(plan, kase, options) {
	const clock = makeClock(options.now);
	try {
		const h = native.execute(plan._handle(), kase ? kase._handle() : null, options,
			clock ? clock.fn : null);
		return new Execution(h, clock);
	} finally {
		reportClock(clock);
	}
}

/**
 * Run a plan on a case to the end, synchronously. Options: extract,
 * lookup, llm (functions (task) => answer, called on this thread; an
 * answer is an object such as {value: "72400.00"} or its JSON text), now
 * (() => milliseconds), threads (used only without JS callbacks),
 * tokenBudget, maxDocumentBytes, maxReplyBytes. A callback that throws
 * fails its step with the exception's message.
 */
function executeSync(plan, kase, options = {}) {
	const cbs = callbacksOf(options);
	if (!cbs)
		return executeBuiltin(plan, kase, options);
	if (options.now != null || options.tokenBudget != null || options.maxDocumentBytes != null ||
	    options.maxReplyBytes != null)
		return executeTaskByTask(plan, kase, options, cbs);
	// The batch loop: two native calls a level, answers as values, and an
	// execution the plan keeps for the next case once this one is closed.
	const r = plan._take(kase);
	const x = new Execution(r.h, null, plan);
	x._runner = r;
	try {
		for (let n = native.execBatch(r.h, r.steps); n; n = native.execAnswers(r.h, r.kinds, r.values, r.steps))
			for (let k = 0; k < n; k++)
				performInto(x, plan, r, k, cbs);
	} catch (e) {
		x.close();
		throw e;
	}
	return x;
}

const TASK_LLM = 1 << 29, TASK_DOC = 1 << 30, TASK_STEP = (1 << 29) - 1;
const ANSWER_VALUE = 0, ANSWER_NUMBER_TEXT = 1, ANSWER_JSON = 2, ANSWER_ERROR = 3, ANSWER_BUILTIN = 4;

// Task k of the batch: call its callback and put the answer in the runner.
function performInto(x, plan, r, k, cbs) {
	const code = r.steps[k];
	const i = code & TASK_STEP;
	const info = plan._taskInfo(i);
	let kind = info.kind, document = info.document;
	if (code & TASK_LLM) {
		kind = 'llm';
		document = null;
	} else if (code & TASK_DOC) {
		document = native.execDocument(r.h, i);
	}
	const cb = kind === 'extract' ? cbs.extract : kind === 'lookup' ? cbs.lookup : cbs.llm;
	if (!cb) {
		r.kinds[k] = ANSWER_BUILTIN;
		return;
	}
	const task = new Task(x, 0, i, kind, info.step, document, info.field, info.type);
	let answer;
	try {
		answer = cb(task);
	} catch (e) {
		r.kinds[k] = ANSWER_ERROR;
		r.values[k] = errorMessage(e, kind);
		return;
	}
	if (answer && typeof answer.then === 'function') {
		answer.then(() => {}, () => {});
		r.kinds[k] = ANSWER_ERROR;
		r.values[k] = `the ${kind} callback returned a Promise: use execute(), which awaits it`;
		return;
	}
	settleInto(r, k, answer, kind);
}

// An answer as the value it holds when it is only {value: V} (what
// JSON.stringify would make of it, without the JSON), else as its JSON.
function settleInto(r, k, answer, kind) {
	if (answer !== null && typeof answer === 'object' && answer.toJSON === undefined &&
	    answer.error === undefined && answer.missing === undefined && answer.values === undefined &&
	    answer.evidence === undefined && answer.source === undefined && !Array.isArray(answer)) {
		const v = answer.value;
		if (typeof v === 'boolean' || (typeof v === 'number' && Number.isSafeInteger(v)) ||
		    (typeof v === 'string' && typeof v.isWellFormed === 'function' && v.isWellFormed())) {
			r.kinds[k] = ANSWER_VALUE;
			r.values[k] = v;
			return;
		}
		if (typeof v === 'number' && Number.isFinite(v)) {
			r.kinds[k] = ANSWER_NUMBER_TEXT;
			r.values[k] = String(v);
			return;
		}
	}
	let json;
	try {
		json = answerJSON(answer);
	} catch (e) {
		r.kinds[k] = ANSWER_ERROR;
		r.values[k] = errorMessage(e, kind);
		return;
	}
	if (json === undefined)
		throw new TypeError('the callback returned nothing');
	r.kinds[k] = ANSWER_JSON;
	r.values[k] = json;
}

// executeSync with a clock or limits: task by task, as execute() does.
function executeTaskByTask(plan, kase, options, cbs) {
	const x = Execution.start(plan, kase, options);
	try {
		for (let batch = drain(x); batch.length; batch = drain(x))
			deliver(x, batch, batch.map((t) => performSync(t, cbs)));
	} catch (e) {
		x.close();
		throw e;
	}
	return x;
}

/**
 * Run a plan on a case to the end; resolves to the Execution. Like
 * executeSync, but callbacks may return Promises (an async llm callback):
 * the tasks of one batch are performed concurrently and their answers
 * delivered in plan order.
 */
async function execute(plan, kase, options = {}) {
	const cbs = callbacksOf(options);
	if (!cbs)
		return executeBuiltin(plan, kase, options);
	const x = Execution.start(plan, kase, options);
	try {
		for (let batch = drain(x); batch.length; batch = drain(x))
			deliver(x, batch, await Promise.all(batch.map((t) => performAsync(t, cbs))));
	} catch (e) {
		x.close();
		throw e;
	}
	return x;
}

/* ---- many cases in one call ---------------------------------------- */

// The options of one case's execution in a batch: `caseThreads` is its
// threads; `threads` is the batch's.
function caseOptions(options) {
	const o = Object.assign({}, options);
	delete o.threads;
	delete o.caseThreads;
	if (options.caseThreads != null)
		o.threads = options.caseThreads;
	return o;
}

function batchArguments(plan, cases, options) {
	if (!(plan instanceof Plan))
		throw new TypeError('executeBatch needs a Plan');
	if (cases == null || typeof cases[Symbol.iterator] !== 'function')
		throw new TypeError('the cases must be an array (or iterable) of Case');
	cases = Array.from(cases);
	for (const c of cases)
		if (!(c instanceof Case))
			throw new TypeError('every case must be a Case');
	const threads = options.threads == null ? 1 : options.threads;
	if (!Number.isInteger(threads) || threads < 0)
		throw new RangeError('threads must be a whole number, 0 or more');
	// JS functions run on the JS thread, never on libpolicy's workers.
	const builtin = !callbacksOf(options) && options.now == null;
	return { cases, threads, builtin };
}

function nativeResults(results) {
	return results.map((r) => (r instanceof Error ? r : new Execution(r, null)));
}

// One case decided by `run` on the JS thread into its slot: a PolicyError
// is the case's; anything else (a bad option) is the batch's.
function intoSlot(results, i, run) {
	try {
		const x = run();
		if (x && typeof x.then === 'function')
			return x.then((v) => { results[i] = v; }, (e) => {
				if (!(e instanceof PolicyError))
					throw e;
				results[i] = e;
			});
		results[i] = x;
	} catch (e) {
		if (!(e instanceof PolicyError))
			throw e;
		results[i] = e;
	}
	return undefined;
}

function closeResults(results) {
	for (const r of results)
		if (r instanceof Execution)
			r.close();
}

/**
 * Decide many cases with one plan, synchronously. Returns one result per
 * case, in input order: its Execution, or the PolicyError the case failed
 * with (returned, not thrown, so one bad case never loses the others).
 * Without JS callbacks or a clock, libpolicy's batch entry point
 * (policy_execute_batch) decides the cases on `threads` worker threads,
 * each deciding whole cases; with them (JS runs only on this thread) the
 * cases are decided one after another as executeSync() decides them.
 * Either way each case gets the decision and trail it gets alone.
 * Options: threads (default 1), caseThreads (threads within one case),
 * tokenBudget, maxDocumentBytes, maxReplyBytes, and executeSync()'s
 * callbacks and clock.
 */
function executeBatchSync(plan, cases, options = {}) {
	const b = batchArguments(plan, cases, options);
	if (b.builtin)
		return nativeResults(native.executeBatch(plan._handle(), b.cases.map((c) => c._handle()),
			options, true));
	const one = caseOptions(options);
	const results = new Array(b.cases.length);
	try {
		b.cases.forEach((c, i) => intoSlot(results, i, () => executeSync(plan, c, one)));
	} catch (e) {
		closeResults(results);
		throw e;
	}
	return results;
}

/**
 * Decide many cases with one plan; resolves to executeBatchSync()'s
 * results. Without JS callbacks or a clock the batch runs off the JS
 * thread (on `threads` worker threads) while the event loop goes on, and
 * until it settles the cases can be neither changed nor closed. With
 * callbacks (which may return Promises, like execute()'s), up to `threads`
 * cases are in flight at a time on the JS thread.
 */
async function executeBatch(plan, cases, options = {}) {
	const b = batchArguments(plan, cases, options);
	if (b.builtin)
		return nativeResults(await native.executeBatch(plan._handle(),
			b.cases.map((c) => c._handle()), options, false));
	const one = caseOptions(options);
	const results = new Array(b.cases.length);
	let next = 0, failed = false;
	const lane = async () => {
		while (!failed && next < b.cases.length) {
			const i = next++;
			try {
				await intoSlot(results, i, () => execute(plan, b.cases[i], one));
			} catch (e) {
				failed = true;
				throw e;
			}
		}
	};
	const lanes = Math.min(Math.max(b.threads, 1), b.cases.length);
	const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
	const bad = settled.find((r) => r.status === 'rejected');
	if (bad) {
		closeResults(results);
		throw bad.reason;
	}
	return results;
}

module.exports = {
	version: native.version,
	PLAN_FORMAT: 'libpolicy-plan/1',
	PolicyError,
	Plan,
	Case,
	Task,
	Execution,
	Trail,
	execute,
	executeSync,
	executeBatch,
	executeBatchSync,
};
