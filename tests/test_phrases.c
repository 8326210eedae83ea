/*
 * The phrase tables of the policy language (lib/compile/phrases.c): sorted, so
 * that lookups (binary searches) find every word they hold, and the
 * comparison phrases each read as the operator they stand for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "compile/phrases.h"

static void word_tables_are_sorted(void **state)
{
	(void)state;
	assert_true(phrases_tables_sorted());
}

static void lookups_find_their_words(void **state)
{
	(void)state;
	assert_true(is_action_verb("escalate"));
	assert_true(is_action_verb("write"));
	assert_true(is_action_verb("accept"));
	assert_false(is_action_verb("claimed"));
	assert_true(is_check_verb("verify"));
	assert_true(is_check_verb("ascertain"));
	assert_true(is_np_stop_word("and"));
	assert_true(is_np_stop_word("whose"));
	assert_false(is_np_stop_word("amount"));
	assert_true(is_aux_word("is"));
	assert_true(is_aux_word("cannot"));
	assert_true(is_system_noun("registry"));
	assert_true(is_presence_word("attached"));
	assert_true(is_judgment_word("consistent"));
	assert_true(is_check_group_noun("requirements"));
	assert_true(check_opener("make", "sure") == 2);
	assert_true(check_opener("verify", "that") == 1);
}

static void negation_is_an_involution(void **state)
{
	(void)state;
	for (int op = 0; op < CMP_COUNT; op++)
		assert_int_equal(cmp_negate(cmp_negate((cmp_op)op)), op);
	assert_int_equal(cmp_negate(CMP_GT), CMP_LE);
	assert_int_equal(cmp_negate(CMP_LT), CMP_GE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(word_tables_are_sorted),
		cmocka_unit_test(lookups_find_their_words),
		cmocka_unit_test(negation_is_an_involution),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
