'use strict';
// Shared by the tests: where the sources are, and the shared vectors run
// exactly as tests/vectors/README.md says.
const fs = require('node:fs');
const path = require('node:path');
const policy = require('..');

const root = process.env.POLICY_SOURCE_ROOT || path.resolve(__dirname, '..', '..', '..');

function byteOrder(a, b) {
	return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// "deposit_slip.2.txt" -> "deposit slip"
function docType(name) {
	return name.replace(/\.txt$/, '').replace(/\.[0-9]+$/, '').replace(/_/g, ' ');
}

function vectorDirs() {
	const dir = path.join(root, 'tests', 'vectors');
	return fs.readdirSync(dir).sort(byteOrder)
		.map((n) => path.join(dir, n))
		.filter((d) => fs.existsSync(path.join(d, 'policy.txt')));
}

function vectorCase(dir) {
	const c = new policy.Case({ id: path.basename(dir) });
	const docs = path.join(dir, 'docs');
	for (const name of fs.readdirSync(docs).sort(byteOrder))
		c.addDocument(docType(name), fs.readFileSync(path.join(docs, name)));
	const facts = path.join(dir, 'facts.json');
	if (fs.existsSync(facts)) {
		for (const [name, value] of Object.entries(JSON.parse(fs.readFileSync(facts, 'utf8'))))
			c.addFact(name, value);
	}
	return c;
}

function vectorPlan(dir) {
	return policy.Plan.compile(fs.readFileSync(path.join(dir, 'policy.txt')), { filename: 'policy.txt' });
}

function outputs(x) {
	return {
		decision: Buffer.from(x.decisionJSON()),
		trail: Buffer.from(x.trail.toJSONL()),
		explain: Buffer.from(x.trail.explain()),
	};
}

function expected(dir) {
	return {
		decision: fs.readFileSync(path.join(dir, 'expect.json')),
		trail: fs.readFileSync(path.join(dir, 'trail.jsonl')),
		explain: fs.readFileSync(path.join(dir, 'explain.txt')),
	};
}

module.exports = { policy, root, vectorDirs, vectorCase, vectorPlan, outputs, expected };
