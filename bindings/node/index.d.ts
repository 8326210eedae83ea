// Type declarations for libpolicy's Node binding (index.js).

/// <reference types="node" />

export type StatusCode =
	| 'POLICY_OK'
	| 'POLICY_ERR_NOMEM'
	| 'POLICY_ERR_ARGUMENT'
	| 'POLICY_ERR_COMPILE'
	| 'POLICY_ERR_LIMIT'
	| 'POLICY_ERR_PLAN'
	| 'POLICY_ERR_HASH'
	| 'POLICY_ERR_BUDGET'
	| 'POLICY_ERR_STATE'
	| 'POLICY_ERR_CALLBACK'
	| 'POLICY_ERR_TRAIL'
	| 'POLICY_ERR_CHAIN'
	| 'POLICY_ERR_MISMATCH'
	| 'POLICY_ERR_NOT_FOUND';

export type ValueType =
	| 'money' | 'number' | 'percent' | 'ratio' | 'count' | 'date'
	| 'duration' | 'boolean' | 'text' | 'enum';

export type StepKind =
	| 'extract' | 'lookup' | 'compute' | 'check' | 'require' | 'action' | 'llm' | 'guardrail';

export type Outcome = 'pending' | 'complete' | 'failed';

/** Text given to libpolicy: a string, or a Buffer holding UTF-8. */
export type Text = string | Buffer;

/** The run-time version of libpolicy, e.g. "0.1.0". */
export function version(): string;

/** The plan format this library writes and reads. */
export const PLAN_FORMAT: 'libpolicy-plan/1';

export interface Diagnostic {
	severity: 'error' | 'warning';
	message: string;
	hint: string | null;
	/** 1-based; 0 when the diagnostic has no position. */
	line: number;
	column: number;
}

/** An error from libpolicy. */
export class PolicyError extends Error {
	name: 'PolicyError';
	/** The status, e.g. "POLICY_ERR_COMPILE"; for misuse of a closed or
	 * foreign handle, a Node-style code such as "ERR_POLICY_CLOSED". */
	code: StatusCode | string;
	/** The numeric policy_status. */
	status: number;
	/** 1-based position of the first error in its source; 0 when none. */
	line: number;
	column: number;
	hint: string | null;
	filename: string | null;
	diagnostics: Diagnostic[];
	/** Every diagnostic as compilers print them: file:line:col, the source
	 * line, a caret, the hint. */
	rendered: string;
}

export interface CompileOptions {
	/** Names the source in diagnostics (default "policy"). */
	filename?: string;
	tokenBudget?: number;
	maxTextBytes?: number;
	maxSentenceBytes?: number;
	maxDepth?: number;
	maxSteps?: number;
	/** The lock: restatements pinned earlier (docs/assist.md). */
	assistLock?: Text | object;
	/** Sentences the assistant is asked about in one compile; 0: 32. */
	maxAssisted?: number;
}

export interface LoadOptions {
	filename?: string;
	maxJsonBytes?: number;
	maxJsonDepth?: number;
	maxSteps?: number;
}

export interface Step {
	id: string;
	kind: StepKind;
	level: number;
	type: ValueType | null;
	deterministic: boolean;
	estTokens: number;
	line: number;
	column: number;
	sentence: string;
	label: string | null;
	inputs: string[];
}

export interface PlanInfo {
	name: string;
	version: string;
	effective: string;
	source: string | null;
	textHash: string;
	bodyHash: string;
	estTokens: number;
	levelCount: number;
	steps: Step[];
	assisted: AssistedSentence[];
}

/** A sentence compiled from the compile-time assistant's restatement. */
export interface AssistedSentence {
	entry: string;
	line: number;
	column: number;
	sentence: string;
	restatement: string;
	steps: string[];
}

/** What the compile-time assistant is asked about one sentence
 * (docs/assist.md). */
export interface AssistRequest {
	format: string;
	entry: string;
	sentence: string;
	line: number;
	column: number;
	section: string | null;
	policy: string | null;
	errors: string[];
	terms: { name: string; type: string }[];
	actions: string[];
	rejected?: string[];
	forms: string;
}

/** Restatements, a decline, or a shorthand: a string or strings (the
 * restatements), null (a decline). */
export type AssistAnswer =
	| { restatements: string[]; model?: string }
	| { decline: string }
	| string
	| string[]
	| null;

/** A compiled policy: immutable. */
export class Plan {
	private constructor();
	/** Compile English policy text; throws a PolicyError (POLICY_ERR_COMPILE). */
	static compile(text: Text, options?: CompileOptions & {
		assist?: (request: AssistRequest) => AssistAnswer;
	}): Plan;
	/** compile() with an assistant that may return a Promise. */
	static compileAsync(text: Text, options?: CompileOptions & {
		assist?: (request: AssistRequest) => AssistAnswer | Promise<AssistAnswer>;
	}): Promise<Plan>;
	/** Load a saved plan; throws POLICY_ERR_PLAN or POLICY_ERR_HASH. */
	static load(json: Text, options?: LoadOptions): Plan;
	/** Compare two plans by meaning (a: the old one): the JSON of
	 * policy_plan_diff, {"format": "libpolicy-diff/1", "equal", "changes"}. */
	static diff(a: Plan, b: Plan): string;
	/** Compiler warnings of a plan made by compile(). */
	readonly warnings: Diagnostic[];
	/** Canonical JSON; saving a loaded plan gives the same bytes. */
	save(): string;
	inspect(): string;
	readonly info: PlanInfo;
	readonly name: string;
	readonly version: string;
	readonly effective: string;
	readonly source: string | null;
	readonly textHash: string;
	readonly bodyHash: string;
	readonly estTokens: number;
	readonly levelCount: number;
	readonly steps: Step[];
	/** Sentences compiled from the assistant's restatements. */
	readonly assisted: AssistedSentence[];
	/** Release now; idempotent. */
	close(): void;
}

/** A JSON scalar for a fact. */
export type FactValue = string | number | boolean | null;

/** The documents and facts of one case. */
export class Case {
	constructor(options?: { id?: string | number });
	setId(id: string | number): this;
	addDocument(type: string, text: Text): this;
	addFact(name: string, value: FactValue): this;
	addFactJSON(name: string, json: string): this;
	close(): void;
}

/** A step the host performs: extraction, lookup or model call. */
export class Task {
	private constructor();
	readonly kind: 'extract' | 'lookup' | 'llm';
	/** The step's id, e.g. "extract.claimed_amount". */
	readonly step: string;
	/** extract: the document type; otherwise null. */
	readonly document: string | null;
	/** extract: the field; lookup: the fact; otherwise null. */
	readonly field: string | null;
	readonly type: ValueType;
	/** The request JSON of docs/host-protocol.md, written when first read:
	 * read it before the execution is closed. */
	readonly request: string;
	/** The request, parsed. */
	readonly body: Record<string, unknown>;
}

export interface Evidence {
	document?: string;
	index?: number;
	count?: number;
	page?: number;
	line?: number;
	start?: number;
	end?: number;
	snippet?: string;
	/** The label as the document prints it, its score (0..1000) and how it
	 * matched, where it is not the term word for word, and always for a PDF
	 * or a scan (docs/documents.md). */
	label?: string;
	score?: number;
	match?: string;
	/** A PDF or a scan: the label's and the value's box, in points from the
	 * page's top left [x0, y0, x1, y1], and how sure OCR was of them (0..100). */
	bbox?: [number, number, number, number];
	confidence?: number;
	fact?: string;
	/** "pdf", "ocr", "pdf+ocr" for a document; a fact's source. */
	source?: string;
	[key: string]: unknown;
}

/** A task's answer (docs/host-protocol.md), or its JSON text. */
export type Answer =
	| string
	| { value: unknown; text?: string; evidence?: Evidence; source?: string }
	| { values: Array<{ value: unknown; evidence?: Evidence }> }
	| { missing: string }
	| { error: string }
	| Record<string, unknown>;

/** Performs a task. Throwing (or rejecting) fails the step with the
 * exception's message. */
export type TaskCallback = (task: Task) => Answer;
export type AsyncTaskCallback = (task: Task) => Answer | Promise<Answer>;

/** The clock: milliseconds since 1970-01-01 UTC (a number or a Date). */
export type NowCallback = () => number | Date;

export interface ExecOptions {
	/** Worker threads for the built-in extractor; used only when no JS
	 * extract/lookup/llm callback is given (JS runs on the JS thread). */
	threads?: number;
	tokenBudget?: number;
	maxDocumentBytes?: number;
	maxReplyBytes?: number;
	now?: NowCallback;
}

export interface SyncExecOptions extends ExecOptions {
	extract?: TaskCallback;
	lookup?: TaskCallback;
	llm?: TaskCallback;
}

export interface AsyncExecOptions extends ExecOptions {
	extract?: AsyncTaskCallback;
	lookup?: AsyncTaskCallback;
	llm?: AsyncTaskCallback;
}

export interface Action {
	text: string;
	verb: string;
	object: string;
}

export interface FailedCheck {
	text: string;
	reason: string | null;
}

/** One execution of a plan on a case. */
export class Execution {
	private constructor();
	/** Start without doing anything (sans-I/O); drive with next(). */
	static start(plan: Plan, kase: Case | null, options?: Omit<ExecOptions, 'threads'>): Execution;
	/** The next task, or null: finished, or waiting for answers. */
	next(): Task | null;
	complete(task: Task, answer: Answer): void;
	fail(task: Task, message: string): void;
	completeBuiltin(task: Task): void;
	readonly outcome: Outcome;
	readonly failure: string | null;
	readonly actions: Action[];
	readonly failedChecks: FailedCheck[];
	readonly tokensUsed: number;
	/** libpolicy's decision JSON (policy_exec_decision_json). */
	decisionJSON(): string;
	/** The why-trail; lives as long as the execution. */
	readonly trail: Trail;
	close(): void;
}

export interface TrailInput {
	name: string;
	value: string;
	evidenceJson: string;
	evidence: Evidence | null;
}

export interface Guardrail {
	name: string;
	attempted: string;
	alternative: string;
}

export interface TrailEntry {
	seq: number;
	stepId: string;
	kind: StepKind;
	policyName: string;
	policyVersion: string;
	planHash: string;
	caseId: string | null;
	sentence: string;
	line: number;
	label: string | null;
	/** The output value as JSON, and parsed (null when missing). */
	outputJson: string;
	output: unknown;
	display: string | null;
	reason: string | null;
	error: string | null;
	startedAt: number;
	endedAt: number;
	tokens: number;
	inputs: TrailInput[];
	guardrails: Guardrail[];
	hash: string;
	prevHash: string;
	/** The entry's JSON Lines line. */
	json: string;
}

/** A hash-chained why-trail. */
export class Trail implements Iterable<TrailEntry> {
	private constructor();
	/** Read JSON Lines, verifying the chain (POLICY_ERR_CHAIN, POLICY_ERR_TRAIL). */
	static load(jsonl: Text, options?: LoadOptions): Trail;
	/** Check the chain and, with a plan, that it made every entry. */
	verify(plan?: Plan | null): void;
	toJSONL(): string;
	explain(): string;
	readonly length: number;
	entries(): TrailEntry[];
	[Symbol.iterator](): Iterator<TrailEntry>;
	/** Release a loaded trail; an execution's trail closes with it. */
	close(): void;
}

/** Run a plan on a case to the end, calling JS callbacks synchronously. */
export function executeSync(plan: Plan, kase: Case | null, options?: SyncExecOptions): Execution;

/** Run a plan on a case to the end; callbacks may return Promises (an
 * async llm callback). */
export function execute(plan: Plan, kase: Case | null, options?: AsyncExecOptions): Promise<Execution>;

export interface BatchOptions {
	/** Worker threads, each deciding whole cases (default 1). Without JS
	 * callbacks or a clock they are libpolicy's threads, off the JS
	 * thread; with them, the number of cases in flight on the JS thread. */
	threads?: number;
	/** Threads within one case (ExecOptions.threads of each case). */
	caseThreads?: number;
	tokenBudget?: number;
	maxDocumentBytes?: number;
	maxReplyBytes?: number;
	now?: NowCallback;
}

/** One result per case, in input order: its Execution, or the
 * PolicyError the case failed with (returned, not thrown). */
export type BatchResult = Execution | PolicyError;

/** Decide many cases with one plan, synchronously (policy_execute_batch
 * when no JS callback or clock is given). */
export function executeBatchSync(plan: Plan, cases: Iterable<Case>,
	options?: BatchOptions & Omit<SyncExecOptions, keyof ExecOptions>): BatchResult[];

/** Decide many cases with one plan; without JS callbacks or a clock, off
 * the JS thread (the cases can be neither changed nor closed until it
 * settles). */
export function executeBatch(plan: Plan, cases: Iterable<Case>,
	options?: BatchOptions & Omit<AsyncExecOptions, keyof ExecOptions>): Promise<BatchResult[]>;
