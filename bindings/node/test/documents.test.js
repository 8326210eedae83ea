'use strict';
// Documents as bytes (issue 17): a claim form handed over as a PDF Buffer is
// read from its text layer, decides as its text form does, and the trail
// says where each value was. Skipped, saying why, when libpolicy was built
// without poppler.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { policy, root } = require('./helpers');
const { Plan, Case, executeSync } = policy;

const claimsText = fs.readFileSync(path.join(root, 'examples', 'claims', 'policy.txt'), 'utf8');

// A text form laid out as a PDF with a text layer, the way a test can write
// one by hand: each line in Helvetica 10 pt (a standard font, nothing
// embedded), 14 pt below the one before from the top left margin, a form
// feed starting a new page. The values are the form's own.
function textPDF(form) {
	const pages = form.split('\f');
	const kids = pages.map((_, i) => ` ${4 + 2 * i} 0 R`).join('');
	const objs = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		`<< /Type /Pages /Count ${pages.length} /Kids [${kids} ] >>`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
	];
	pages.forEach((page, i) => {
		let s = '';
		page.replace(/\n+$/, '').split('\n').forEach((line, k) => {
			const text = line.replace(/[\\()]/g, (c) => '\\' + c);
			s += `BT /F1 10 Tf 54 ${740 - 14 * k} Td (${text}) Tj ET\n`;
		});
		objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ` +
			`/Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`);
		objs.push(`<< /Length ${Buffer.byteLength(s, 'latin1')} >>\nstream\n${s}\nendstream`);
	});
	let out = '%PDF-1.4\n';
	const offsets = objs.map((o, i) => {
		const at = Buffer.byteLength(out, 'latin1');
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
		return at;
	});
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets)
		out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

function decide(plan, dir, form) {
	const c = new Case({ id: path.basename(dir) });
	c.addDocument('claim form', form);
	for (const [k, v] of Object.entries(JSON.parse(fs.readFileSync(path.join(dir, 'facts.json'), 'utf8'))))
		c.addFact(k, v);
	return executeSync(plan, c);
}

function evidenceOf(x, name) {
	for (const e of x.trail.entries())
		for (const input of e.inputs)
			if (input.name === name)
				return input.evidence;
	assert.fail(`no input named ${name} in the trail`);
}

test('a PDF Buffer decides as its text form, with its place in the trail and the explanation', (t) => {
	const plan = Plan.compile(claimsText);
	for (const name of ['large_claim', 'small_claim', 'lapsed_policy']) {
		const dir = path.join(root, 'examples', 'claims', 'cases', name);
		const form = fs.readFileSync(path.join(dir, 'claim_form.txt'));
		const x = decide(plan, dir, textPDF(form.toString('latin1')));
		if (x.outcome === 'failed' && /built without PDF support/.test(x.failure)) {
			t.skip(`libpolicy was built without poppler-glib: ${x.failure}`);
			return;
		}
		const text = decide(plan, dir, form);
		assert.equal(x.outcome, 'complete', x.failure);
		assert.deepEqual(x.actions.map((a) => a.text), text.actions.map((a) => a.text), name);
		const ev = evidenceOf(x, 'claimed amount'), tev = evidenceOf(text, 'claimed amount');
		assert.equal(ev.source, 'pdf', name);
		assert.equal(ev.page, tev.page, name);
		assert.ok(ev.label && tev.snippet.startsWith(ev.label), `${name}: label ${ev.label}`);
		assert.equal(typeof ev.score, 'number');
		assert.equal(ev.bbox.length, 4);
		// The test wrote the k-th line of a page at 52 + 14k pt from the top.
		const page = form.toString('latin1').split('\f')[tev.page - 1];
		const k = page.slice(0, page.indexOf(tev.snippet)).split('\n').length - 1;
		const baseline = 52 + 14 * k;
		const [x0, y0, , y1] = ev.bbox;
		assert.ok(x0 > 53 && x0 < 55 && y0 < baseline && y1 > baseline,
			`${name}: box ${ev.bbox} is not on line ${k + 1} of page ${tev.page}`);
		const place = `- claimed amount: "${ev.label}" (claim form, page ${ev.page}, line ${ev.line}), ` +
			`score ${ev.score} of 1000; from the PDF's text layer, in the box (`;
		assert.ok(x.trail.explain().includes(place), `${name}: ${x.trail.explain()}`);
	}
});
