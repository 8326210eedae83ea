/*
 * Documents as bytes (issue 17): what a document is, decided by its bytes;
 * an unreadable document is never an empty document; words on a page
 * become lines in reading order.
 *
 * The PDFs and scans of the dev corpus are made and checked at test time
 * by tests/suites/documents.sh; here are the cases a generator does not
 * make: binary bytes, damaged files, pages without text, limits, and the
 * layout rules one by one. Expectations that depend on the build (with or
 * without poppler and Tesseract) say both.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "run/doc.h"
#include "policy.h"

/* ---- sniffing ---- */

static void test_kind_by_bytes(void **state)
{
	(void)state;
	const char form[] = "Claimed Amount: $72,400.00\nDate of Loss: 2026-03-03\n";
	assert_int_equal(doc_sniff(form, sizeof form - 1), DOC_KIND_TEXT);
	assert_int_equal(doc_sniff("", 0), DOC_KIND_TEXT);
	/* one garbled line does not make a form binary */
	const char garbled[] = "Claimed Amount: $72,400.00\n\xff\xfe\x00\x01 noise\nDate of Loss: 2026-03-03\n"
	                       "Policy Number: HO-4471-0932\nClaimant: Dana Whitfield\n";
	assert_int_equal(doc_sniff(garbled, sizeof garbled - 1), DOC_KIND_TEXT);
	assert_int_equal(doc_sniff("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 14), DOC_KIND_PDF);
	/* the format allows junk before the signature */
	assert_int_equal(doc_sniff("junk junk\n%PDF-1.4\n", 19), DOC_KIND_PDF);
	assert_int_equal(doc_sniff("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), DOC_KIND_PNG);
	assert_int_equal(doc_sniff("\xff\xd8\xff\xe0\0\x10" "JFIF", 10), DOC_KIND_JPEG);
	assert_int_equal(doc_sniff("II*\0\x08\0\0\0", 8), DOC_KIND_TIFF);
	assert_int_equal(doc_sniff("MM\0*\0\0\0\x08", 8), DOC_KIND_TIFF);
	assert_int_equal(doc_sniff("GIF89a\x01\0\x01\0", 10), DOC_KIND_IMAGE);
	/* a Word file, UTF-16 text, random bytes */
	assert_int_equal(doc_sniff("PK\x03\x04\x14\0\x06\0", 8), DOC_KIND_BINARY);
	assert_int_equal(doc_sniff("\xff\xfe" "C\0l\0a\0", 8), DOC_KIND_BINARY);
	unsigned char noise[4096];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof noise; i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (unsigned char)(x >> 16);
	}
	assert_int_equal(doc_sniff((const char *)noise, sizeof noise), DOC_KIND_BINARY);
}

/* ---- unreadable documents through the API ---- */

/* A PDF of `pages` empty pages, with a correct cross-reference table. */
static char *empty_pdf(unsigned pages, size_t *len)
{
	size_t cap = 4096 + pages * 128;
	char *p = malloc(cap);
	assert_non_null(p);
	size_t off[512], n = 0;
	unsigned nobj = 2 + pages;
	assert_true(nobj < 512);
	n += (size_t)snprintf(p + n, cap - n, "%%PDF-1.4\n");
	off[1] = n;
	n += (size_t)snprintf(p + n, cap - n, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
	off[2] = n;
	n += (size_t)snprintf(p + n, cap - n, "2 0 obj << /Type /Pages /Count %u /Kids [", pages);
	for (unsigned i = 0; i < pages; i++)
		n += (size_t)snprintf(p + n, cap - n, " %u 0 R", 3 + i);
	n += (size_t)snprintf(p + n, cap - n, " ] >> endobj\n");
	for (unsigned i = 0; i < pages; i++) {
		off[3 + i] = n;
		n += (size_t)snprintf(p + n, cap - n,
		                      "%u 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> "
		                      "endobj\n", 3 + i);
	}
	size_t xref = n;
	n += (size_t)snprintf(p + n, cap - n, "xref\n0 %u\n0000000000 65535 f \n", nobj + 1);
	for (unsigned i = 1; i <= nobj; i++)
		n += (size_t)snprintf(p + n, cap - n, "%010zu 00000 n \n", off[i]);
	n += (size_t)snprintf(p + n, cap - n,
	                      "trailer << /Size %u /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
	                      nobj + 1, xref);
	*len = n;
	return p;
}

/* A PDF with a text layer, as a test writes it: page k (from 0) draws
 * contents[k] (a content stream) in Helvetica, one of the PDF's standard
 * fonts, so nothing is embedded and every position is the test's own. */
static char *text_pdf(const char *const *contents, unsigned pages, size_t *len)
{
	size_t cap = 4096;
	for (unsigned i = 0; i < pages; i++)
		cap += 256 + strlen(contents[i]);
	char *p = malloc(cap);
	assert_non_null(p);
	size_t off[64], n = 0;
	unsigned nobj = 3 + 2 * pages;
	assert_true(nobj < 64);
	n += (size_t)snprintf(p + n, cap - n, "%%PDF-1.4\n");
	off[1] = n;
	n += (size_t)snprintf(p + n, cap - n, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
	off[2] = n;
	n += (size_t)snprintf(p + n, cap - n, "2 0 obj << /Type /Pages /Count %u /Kids [", pages);
	for (unsigned i = 0; i < pages; i++)
		n += (size_t)snprintf(p + n, cap - n, " %u 0 R", 4 + 2 * i);
	n += (size_t)snprintf(p + n, cap - n, " ] >> endobj\n");
	off[3] = n;
	n += (size_t)snprintf(p + n, cap - n, "3 0 obj << /Type /Font /Subtype /Type1 /BaseFont "
	                      "/Helvetica /Encoding /WinAnsiEncoding >> endobj\n");
	for (unsigned i = 0; i < pages; i++) {
		off[4 + 2 * i] = n;
		n += (size_t)snprintf(p + n, cap - n,
		                      "%u 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
		                      "/Resources << /Font << /F1 3 0 R >> >> /Contents %u 0 R >> "
		                      "endobj\n", 4 + 2 * i, 5 + 2 * i);
		off[5 + 2 * i] = n;
		n += (size_t)snprintf(p + n, cap - n, "%u 0 obj << /Length %zu >> stream\n%s\n"
		                      "endstream endobj\n", 5 + 2 * i, strlen(contents[i]), contents[i]);
	}
	size_t xref = n;
	n += (size_t)snprintf(p + n, cap - n, "xref\n0 %u\n0000000000 65535 f \n", nobj);
	for (unsigned i = 1; i < nobj; i++)
		n += (size_t)snprintf(p + n, cap - n, "%010zu 00000 n \n", off[i]);
	n += (size_t)snprintf(p + n, cap - n,
	                      "trailer << /Size %u /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", nobj,
	                      xref);
	assert_true(n < cap);
	*len = n;
	return p;
}

static const char ack_policy[] =
        "Policy: Claim Acknowledgment Timeliness\nVersion: 1.1.0\nEffective: July 1, 2025\n\n"
        "When a new claim file review arrives, extract the received date and the acknowledgment "
        "date from the claim log.\n\n"
        "If the acknowledgment date is more than 15 days after the received date, or the claim "
        "log has no acknowledgment date, record a timeliness violation and notify the compliance "
        "officer.\nOtherwise, mark the file as compliant.\n";

/* Run the acknowledgment policy on one claim log of these bytes; the
 * outcome, and the failure or the first action in *what (malloc'd). */
static policy_outcome run_ack(const char *bytes, size_t len, const policy_exec_options *opts,
                              char **what)
{
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_compile(ack_policy, strlen(ack_policy), NULL, &plan, &err), POLICY_OK);
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim log", bytes, len), POLICY_OK);
	policy_host *h = NULL;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(plan, h, c, opts, &x, &err), POLICY_OK);
	policy_outcome o = policy_exec_outcome(x);
	const char *f = o == POLICY_OUTCOME_FAILED ? policy_exec_failure(x)
	                : policy_exec_action_count(x) ? policy_exec_action_text(x, 0) : "";
	*what = strdup(f ? f : "");
	policy_exec_free(x);
	policy_host_free(h);
	policy_case_free(c);
	policy_plan_free(plan);
	return o;
}

static void expect_failed_with(const char *bytes, size_t len, const policy_exec_options *opts,
                               const char *reason)
{
	char *what;
	policy_outcome o = run_ack(bytes, len, opts, &what);
	if (o != POLICY_OUTCOME_FAILED || !strstr(what, reason))
		fail_msg("expected a failure naming \"%s\", got outcome %d: %s", reason, (int)o, what);
	free(what);
}

/* "The claim log has no acknowledgment date" is true of a claim log that
 * was read and has none: never of one that could not be read. */
static void test_unreadable_is_not_empty(void **state)
{
	(void)state;
	char *what;
	const char log[] = "CLAIM LOG\nReceived Date: 2026-02-02\n";
	assert_int_equal(run_ack(log, sizeof log - 1, NULL, &what), POLICY_OUTCOME_COMPLETE);
	assert_string_equal(what, "record a timeliness violation");
	free(what);

	unsigned char noise[2048];
	uint32_t x = 99;
	for (size_t i = 0; i < sizeof noise; i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (unsigned char)(x >> 16);
	}
	expect_failed_with((const char *)noise, sizeof noise, NULL,
	                   "the claim log could not be read: it is binary data");
	expect_failed_with("PK\x03\x04\x14\0\x06\0\0\0", 10, NULL,
	                   "the claim log could not be read: it is binary data");
	expect_failed_with("GIF89a\x01\0\x01\0\0\0", 12, NULL,
	                   "could not be read: it is an image in a format that is not read");
}

static void test_pdf_without_text(void **state)
{
	(void)state;
	size_t len;
	char *pdf = empty_pdf(1, &len);
	if (!doc_have_pdf())
		expect_failed_with(pdf, len, NULL, "built without PDF support (poppler-glib)");
	else if (!doc_have_ocr())
		expect_failed_with(pdf, len, NULL, "page 1 has no text layer (a scan?), and this "
		                                   "libpolicy was built without OCR (Tesseract)");
	else
		expect_failed_with(pdf, len, NULL, "no words were recognized on any page");
	free(pdf);

	const char damaged[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a PDF\n";
	expect_failed_with(damaged, sizeof damaged - 1, NULL,
	                   doc_have_pdf() ? "it is a damaged PDF that could not be opened"
	                                  : "built without PDF support");
	const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
	expect_failed_with(png, sizeof png - 1, NULL,
	                   doc_have_ocr() ? "it is a damaged image" : "built without OCR (Tesseract)");
}

static void test_page_limit(void **state)
{
	(void)state;
	if (!doc_have_pdf())
		skip();
	size_t len;
	char *pdf = empty_pdf(3, &len);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.max_document_pages = 2;
	expect_failed_with(pdf, len, &o,
	                   "the claim log could not be read: it has 3 pages, more than the limit of 2");
	free(pdf);
}

/* ---- evidence of a PDF ---- */

/* A value read from a PDF's text layer: the trail says on which page, in
 * which box (the label and its value, not the whole line: this one holds
 * two fields side by side), under which label and with which score, and
 * the explanation says it again. The positions are the test's own. */
static void test_pdf_evidence(void **state)
{
	(void)state;
	if (!doc_have_pdf())
		skip();
	const char *pages[] = {
		"BT /F1 10 Tf 54 720 Td (CLAIM FORM) Tj ET",
		/* page 2: two columns; the amount on the left under another label */
		"BT /F1 10 Tf 54 700 Td (Amount Claimed: $72,400.00) Tj ET\n"
		"BT /F1 10 Tf 330 700 Td (Claimant: Dana Whitfield) Tj ET\n"
		"BT /F1 10 Tf 54 680 Td (Date of Loss: 03/03/2026) Tj ET",
	};
	size_t len;
	char *pdf = text_pdf(pages, 2, &len);
	const char policy[] = "Policy: Claims\nVersion: 1.0.0\nEffective: 2026-01-01\n\n"
	                      "When a new claim arrives, extract the claimed amount from the claim "
	                      "form.\nIf the claimed amount exceeds $50,000, escalate the claim.\n";
	policy_plan *plan = NULL;
	assert_int_equal(policy_compile(policy, strlen(policy), NULL, &plan, NULL), POLICY_OK);
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", pdf, len), POLICY_OK);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(plan, NULL, c, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	char *jsonl, *text;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, NULL), POLICY_OK);
	const char *ev = strstr(jsonl, "\"evidence\":{\"document\":\"claim form\"");
	assert_non_null(ev);
	const char *want = "\"page\":2,\"line\":2,";
	if (!strstr(ev, want))
		fail_msg("expected %s in %s", want, ev);
	assert_non_null(strstr(ev, "\"label\":\"Amount Claimed\",\"score\":1000,\"source\":\"pdf\","
	                           "\"bbox\":["));
	assert_null(strstr(ev, "\"confidence\""));
	/* the box: x from the text's start to the amount's end, not on to the
	 * second column at 330; y around the baseline at 792 - 700 = 92 */
	const char *bbox = strstr(ev, "\"bbox\":[") + 8;
	double x0 = strtod(bbox, (char **)&bbox), y0 = strtod(bbox + 1, (char **)&bbox);
	double x1 = strtod(bbox + 1, (char **)&bbox), y1 = strtod(bbox + 1, NULL);
	if (!(x0 > 53 && x0 < 55 && x1 > 150 && x1 < 300 && y0 > 80 && y0 < 92 && y1 > 92 &&
	      y1 < 96))
		fail_msg("box (%g, %g)-(%g, %g) is not the amount's: %s", x0, y0, x1, y1, ev);
	assert_int_equal(policy_trail_explain(policy_exec_trail(x), &text, NULL), POLICY_OK);
	char line[256];
	snprintf(line, sizeof line, "- claimed amount: \"Amount Claimed\" (claim form, page 2, "
	         "line 2), score 1000 of 1000; from the PDF's text layer, in the box (");
	if (!strstr(text, line))
		fail_msg("expected: %s\ngot: %s", line, text);
	assert_non_null(strstr(text, "), points from the page's top left.\n"));
	policy_free(text);
	policy_free(jsonl);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(plan);
	free(pdf);
}

/* ---- layout ---- */

static mem libc_mem;

static void word(arena *a, doc_words *ws, const char *text, unsigned page, double x, double y)
{
	double w = 6.0 * (double)strlen(text);
	assert_true(doc_words_add(a, ws, text, strlen(text), page, (doc_box){ x, y, x + w, y + 9 },
	                          -1));
}

static void test_layout(void **state)
{
	(void)state;
	libc_mem = mem_from(NULL);
	arena a;
	arena_init(&a, &libc_mem);
	doc_words ws = { 0 };
	/* drawn out of order; two columns; a label with its value below it */
	word(&a, &ws, "$72,400.00", 1, 150, 100.5);
	word(&a, &ws, "Claimed", 1, 54, 100);
	word(&a, &ws, "Amount:", 1, 54 + 48, 101);
	word(&a, &ws, "Claimant:", 1, 350, 100);
	word(&a, &ws, "D.", 1, 350 + 60, 100);
	word(&a, &ws, "Whitfield", 1, 350 + 78, 100);
	word(&a, &ws, "Policy", 1, 54, 130);
	word(&a, &ws, "Number", 1, 54 + 42, 130);
	word(&a, &ws, "Date", 1, 300, 130);
	word(&a, &ws, "of", 1, 330, 130);
	word(&a, &ws, "Loss", 1, 348, 130);
	word(&a, &ws, "HO-4471-0932", 1, 56, 143);
	word(&a, &ws, "03/14/2026", 1, 302, 143);
	word(&a, &ws, "Signature:", 3, 54, 60);
	doc_text t;
	assert_true(doc_layout(&a, &ws, &t));
	assert_string_equal(t.text, "Claimed Amount: $72,400.00   Claimant: D. Whitfield\n"
	                            "Policy Number: HO-4471-0932   Date of Loss: 03/14/2026\n"
	                            "\f\fSignature:\n");
	assert_int_equal(t.nlines, 3);
	assert_int_equal(t.lines[1].page, 1);
	assert_true(t.lines[1].box.y0 == 130 && t.lines[1].box.y1 == 152);
	assert_int_equal(t.lines[2].page, 3);
	/* where one field is: its own words' box, not its line's */
	doc_box box;
	int conf;
	const char *claimant = strstr(t.text, "Claimant:");
	size_t b = (size_t)(claimant - t.text), e = b + strlen("Claimant: D. Whitfield");
	doc_line_place(&t.lines[0], b, e, &box, &conf);
	assert_true(box.x0 == 350 && box.x1 == 350 + 78 + 54 && box.y0 == 100 && box.y1 == 109);
	assert_int_equal(conf, -1);
	/* a label above its value: both rows, that cell's words only */
	const char *number = strstr(t.text, "Policy Number: HO-4471-0932");
	b = (size_t)(number - t.text);
	doc_line_place(&t.lines[1], b, b + strlen("Policy Number: HO-4471-0932"), &box, &conf);
	assert_true(box.x0 == 54 && box.x1 == 54 + 42 + 36 && box.y0 == 130 && box.y1 == 152);
	/* bytes of no word: the line's place */
	doc_line_place(&t.lines[1], 0, 1, &box, &conf);
	assert_true(box.x0 == t.lines[1].box.x0 && box.x1 == t.lines[1].box.x1);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_by_bytes),
		cmocka_unit_test(test_unreadable_is_not_empty),
		cmocka_unit_test(test_pdf_without_text),
		cmocka_unit_test(test_page_limit),
		cmocka_unit_test(test_pdf_evidence),
		cmocka_unit_test(test_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
