/*
 * Every input the fuzzers ever found a problem with, replayed through the
 * fuzz targets' own entry points (fuzz/fuzz_*.c, compiled here with
 * FUZZ_ENTRY renamed per target): fuzz/regressions/fuzz_TARGET/FILE.
 *
 * The targets abort on a crash or a broken invariant (fuzz/fuzz_common.h),
 * so a regression fails this test; run under ASan/UBSan (scripts/
 * sanitize.sh) it also catches the memory errors the fuzzer saw.
 * To add one: copy the fuzzer's crash file into the target's folder, with
 * a name that says what it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

int fuzz_compile_one(const uint8_t *data, size_t size);
int fuzz_plan_load_one(const uint8_t *data, size_t size);
int fuzz_extract_one(const uint8_t *data, size_t size);
int fuzz_trail_one(const uint8_t *data, size_t size);
int fuzz_answer_one(const uint8_t *data, size_t size);

typedef int (*fuzz_entry)(const uint8_t *data, size_t size);

static void replay(const char *target, fuzz_entry entry)
{
	char dir[128];
	snprintf(dir, sizeof dir, "fuzz/regressions/fuzz_%s", target);
	char **root = list_dir("fuzz/regressions");
	assert_non_null(root); /* the folder is found (POLICY_SOURCE_ROOT) */
	free_strings(root);
	char **files = list_dir(dir); /* NULL: no regressions for this target yet */
	for (char **f = files; f && *f; f++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, *f);
		size_t len = 0;
		char *data = read_file_or_fail(path, &len);
		print_message("fuzz_%s %s\n", target, *f);
		/* A copy of exactly `len` bytes, so ASan sees any overread. */
		uint8_t *exact = malloc(len ? len : 1);
		assert_non_null(exact);
		memcpy(exact, data, len);
		assert_int_equal(entry(exact, len), 0);
		free(exact);
		free(data);
	}
	if (files)
		free_strings(files);
	/* Also the empty input, which every target must take. */
	assert_int_equal(entry((const uint8_t *)"", 0), 0);
}

static void test_regressions_compile(void **state)
{
	(void)state;
	replay("compile", fuzz_compile_one);
}

static void test_regressions_plan_load(void **state)
{
	(void)state;
	replay("plan_load", fuzz_plan_load_one);
}

static void test_regressions_extract(void **state)
{
	(void)state;
	replay("extract", fuzz_extract_one);
}

static void test_regressions_trail(void **state)
{
	(void)state;
	replay("trail", fuzz_trail_one);
}

static void test_regressions_answer(void **state)
{
	(void)state;
	replay("answer", fuzz_answer_one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions_compile),
		cmocka_unit_test(test_regressions_plan_load),
		cmocka_unit_test(test_regressions_extract),
		cmocka_unit_test(test_regressions_trail),
		cmocka_unit_test(test_regressions_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
