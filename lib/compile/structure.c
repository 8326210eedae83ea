/*
 * Document structure (see structure.h): what each body line of a policy
 * is, read from the line alone and whether it stands alone.
 *
 *   heading  := "#"+ title | keyword id [sep] [title] | [id "."] title
 *               (a title stands alone, has no final punctuation and is
 *               written in title case or capitals)
 *   keyword  := Section | Part | Article | Chapter | Appendix | Schedule
 *   id       := 4 | 4.2 | 4.2.1 | II | B | B.3
 *   clause   := id of two or more levels ("4.1", "A.2") or "§ id" at the
 *               start of a paragraph, before its first sentence
 *   label    := Purpose | Scope | Background | Note | Definitions ... then
 *               "." or ":" at the start of a paragraph
 *   table    := lines that start with "|"
 *   caption  := ["#"+ | "*"+ | "_"+] "Table" id [":" | "-" | "." | dash] [title],
 *               right above a table
 *
 * Plain "1." and "(a)" stay list markers (the lexer's bullets): a list
 * item is read with the sentence that introduces it.
 */
#include "compile/structure.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

static uint32_t skip_ws(const char *s, uint32_t i, uint32_t e)
{
	while (i < e && is_space(s[i]))
		i++;
	return i;
}

static bool is_roman(const char *s, uint32_t i, uint32_t e)
{
	if (i >= e)
		return false;
	for (uint32_t k = i; k < e; k++)
		if (!strchr("IVXLC", s[k]))
			return false;
	return e - i <= 6;
}

/* An id at i: "4", "4.2", "4.2.1", "II", "B", "B.3", "A-1". Returns its
 * length in bytes (without a final '.'), 0 if none; *levels counts its
 * parts. `plain` allows a lone letter or number. */
static uint32_t id_at(const char *s, uint32_t i, uint32_t e, unsigned *levels)
{
	uint32_t k = i;
	unsigned parts = 0;
	for (;;) {
		uint32_t p = k;
		if (k < e && isdigit((unsigned char)s[k])) {
			while (k < e && k - p < 4 && isdigit((unsigned char)s[k]))
				k++;
		} else if (k < e && isupper((unsigned char)s[k])) {
			uint32_t r = k;
			while (r < e && strchr("IVXLC", s[r]) && r - k < 6)
				r++;
			if (r > k + 1 && is_roman(s, k, r))
				k = r;
			else
				k++;
			if (k < e && isalpha((unsigned char)s[k]))
				return 0; /* a word, not an id */
		} else {
			break;
		}
		parts++;
		if (k + 1 < e && s[k] == '.' && (isdigit((unsigned char)s[k + 1]) ||
		                                 (parts == 1 && isupper((unsigned char)s[k + 1]) &&
		                                  (k + 2 >= e || !isalpha((unsigned char)s[k + 2])))))
			k++;
		else
			break;
	}
	if (!parts)
		return 0;
	if (k < e && (isalnum((unsigned char)s[k])))
		return 0;
	*levels = parts;
	return k - i;
}

static bool word_ci(const char *s, uint32_t i, uint32_t e, const char *w, uint32_t *len)
{
	size_t n = strlen(w);
	if (e - i < n || strncasecmp(s + i, w, n) != 0)
		return false;
	if (i + n < e && isalpha((unsigned char)s[i + n]))
		return false;
	*len = (uint32_t)n;
	return true;
}

static bool minor_word(const char *w, uint32_t n)
{
	static const char *const minor[] = { "a", "an", "and", "as", "at", "by", "for", "from",
	                                     "in", "of", "on", "or", "the", "to", "with", "vs" };
	for (size_t i = 0; i < sizeof minor / sizeof minor[0]; i++)
		if (strlen(minor[i]) == n && strncasecmp(w, minor[i], n) == 0)
			return true;
	return false;
}

/* Title case or capitals, at most 12 words, at least one word, no final
 * sentence punctuation. */
static bool is_title(const char *s, uint32_t i, uint32_t e)
{
	while (e > i && is_space(s[e - 1]))
		e--;
	if (i >= e || strchr(".:;,!?", s[e - 1]))
		return false;
	unsigned words = 0, letters = 0;
	uint32_t k = i;
	while (k < e) {
		k = skip_ws(s, k, e);
		uint32_t w = k;
		while (k < e && !is_space(s[k]))
			k++;
		if (k == w)
			break;
		words++;
		/* the first letter of the word, past brackets and quotes */
		uint32_t f = w;
		while (f < k && !isalnum((unsigned char)s[f]) && (unsigned char)s[f] < 0x80)
			f++;
		if (f == k || (unsigned char)s[f] >= 0x80)
			continue;
		if (isdigit((unsigned char)s[f]) || s[f] == '$')
			continue;
		letters++;
		if (isupper((unsigned char)s[f]))
			continue;
		if (f == w && minor_word(s + w, k - w) && words > 1)
			continue;
		return false;
	}
	return words >= 1 && words <= 12 && letters >= 1;
}

static bool title_has(const char *t, uint32_t n, const char *const *set, size_t nset,
                      bool *other)
{
	bool found = false;
	uint32_t k = 0;
	while (k < n) {
		while (k < n && !isalpha((unsigned char)t[k]))
			k++;
		uint32_t w = k;
		while (k < n && (isalpha((unsigned char)t[k]) || t[k] == '\''))
			k++;
		if (k == w)
			break;
		bool known = false;
		for (size_t i = 0; i < nset; i++)
			if (strlen(set[i]) == k - w && strncasecmp(t + w, set[i], k - w) == 0)
				known = true;
		if (known)
			found = true;
		else if (!minor_word(t + w, k - w))
			*other = true;
	}
	return found;
}

section_kind structure_title_kind(const char *t, uint32_t n)
{
	static const char *const commentary[] = {
		"purpose", "scope", "background", "overview", "introduction", "objective",
		"objectives", "summary", "intent", "applicability", "rationale", "references",
		"history", "responsibilities", "contacts", "note", "notes", "comment", "comments",
		"commentary", "explanation", "preamble", "recitals", "authority",
	};
	static const char *const weak[] = { "policy", "statement", "general", "document", "related",
	                                    "policies", "revision", "roles", "this", "review",
	                                    "procedure", "version" };
	static const char *const defs[] = { "definitions", "definition", "glossary", "defined",
	                                    "terms" };
	bool other = false;
	if (title_has(t, n, defs, sizeof defs / sizeof defs[0], &other))
		return SECTION_DEFINITIONS;
	other = false;
	bool strong = title_has(t, n, commentary, sizeof commentary / sizeof commentary[0], &other);
	if (!strong || !other)
		return strong ? SECTION_COMMENTARY : SECTION_RULES;
	/* "Purpose and Scope of This Policy": the other words are weak ones */
	other = false;
	static const char *all[sizeof commentary / sizeof commentary[0] + sizeof weak / sizeof weak[0]];
	size_t m = 0;
	for (size_t i = 0; i < sizeof commentary / sizeof commentary[0]; i++)
		all[m++] = commentary[i];
	for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++)
		all[m++] = weak[i];
	title_has(t, n, all, m, &other);
	return other ? SECTION_RULES : SECTION_COMMENTARY;
}

static const char *const keywords[] = { "section", "part", "article", "chapter", "appendix",
	                                    "schedule", "exhibit", "subsection", "step", "rule" };

static line_role heading(uint32_t id_s, uint32_t id_n, uint32_t t_s, uint32_t t_e,
                         const char *s, unsigned level)
{
	line_role r = { .kind = LINE_HEADING, .level = level };
	if (id_n) {
		r.id_start = s + id_s;
		r.id_len = id_n;
	}
	while (t_s < t_e && (is_space(s[t_s]) || strchr(".:-", s[t_s])))
		t_s++;
	if (t_e - t_s >= 3 && !memcmp(s + t_s, "\xE2\x80", 2))
		t_s += 3; /* an en or em dash */
	t_s = skip_ws(s, t_s, t_e);
	while (t_e > t_s && (is_space(s[t_e - 1]) || s[t_e - 1] == '.' || s[t_e - 1] == ':'))
		t_e--;
	r.title_start = s + t_s;
	r.title_len = t_e - t_s;
	return r;
}

/* "Purpose." / "Scope:" / "Definitions." at i: the label's length with
 * its mark and the space after it; 0 if none. */
static uint32_t label_at(const char *s, uint32_t i, uint32_t e, section_kind *kind)
{
	uint32_t k = i;
	unsigned words = 0;
	while (k < e && words < 4) {
		uint32_t w = k;
		while (k < e && isalpha((unsigned char)s[k]))
			k++;
		if (k == w || !isupper((unsigned char)s[w]))
			return 0;
		words++;
		if (k < e && (s[k] == '.' || s[k] == ':'))
			break;
		if (k < e && s[k] == ' ')
			k++;
		else
			return 0;
	}
	if (k >= e || (s[k] != '.' && s[k] != ':'))
		return 0;
	section_kind sk = structure_title_kind(s + i, k - i);
	bool other = false;
	static const char *const label_words[] = {
		"purpose", "scope", "background", "overview", "introduction", "objective",
		"objectives", "summary", "intent", "applicability", "rationale", "note", "notes",
		"comment", "commentary", "explanation", "definitions", "definition", "policy",
		"statement", "of", "and", "the", "general", "glossary", "authority",
	};
	title_has(s + i, k - i, label_words, sizeof label_words / sizeof label_words[0], &other);
	if (other || (sk == SECTION_RULES))
		return 0;
	*kind = sk;
	uint32_t end = k + 1;
	if (end < e && !is_space(s[end]))
		return 0;
	return skip_ws(s, end, e) - i;
}

line_role structure_line(const char *s, uint32_t start, uint32_t end, bool alone,
                         bool starts_block)
{
	line_role none = { .kind = LINE_TEXT };
	uint32_t i = skip_ws(s, start, end), e = end;
	while (e > i && is_space(s[e - 1]))
		e--;
	if (i >= e)
		return none;
	if (s[i] == '|')
		return (line_role){ .kind = LINE_TABLE };
	if (s[i] == '#') {
		uint32_t k = i;
		while (k < e && s[k] == '#')
			k++;
		if (k - i <= 6 && (k == e || is_space(s[k]))) {
			unsigned level = k - i, parts = 0;
			k = skip_ws(s, k, e);
			uint32_t kw = 0;
			for (size_t w = 0; w < sizeof keywords / sizeof keywords[0] && !kw; w++)
				if (word_ci(s, k, e, keywords[w], &kw))
					k = skip_ws(s, k + kw, e);
			if (k < e && (unsigned char)s[k] == 0xC2 && k + 1 < e &&
			    (unsigned char)s[k + 1] == 0xA7) /* § */
				k = skip_ws(s, k + 2, e);
			uint32_t n = id_at(s, k, e, &parts);
			/* "## 1. Purpose", "## Section 3 - Eligibility"; not "## A word" */
			if (n && !kw && k + n < e && s[k + n] != '.' && s[k + n] != ')' &&
			    s[k + n] != ':' && !(parts > 1 || isdigit((unsigned char)s[k])))
				n = 0;
			return heading(k, n, k + n, e, s, level);
		}
	}
	/* numbered lines: "3. Eligibility Requirements" (a heading when it is
	 * a title standing alone), "4.1 The credit score ..." (a clause) */
	unsigned parts = 0;
	uint32_t k = i;
	if ((unsigned char)s[k] == 0xC2 && k + 1 < e && (unsigned char)s[k + 1] == 0xA7)
		k = skip_ws(s, k + 2, e);
	uint32_t n = id_at(s, k, e, &parts);
	if (n) {
		uint32_t t = k + n;
		bool dot = t < e && s[t] == '.';
		if (dot)
			t++;
		bool spaced = t < e && is_space(s[t]);
		if (spaced && alone && starts_block && (dot || parts > 1) && is_title(s, t, e))
			return heading(k, n, t, e, s, parts);
		uint32_t f = skip_ws(s, t, e);
		bool capital = f < e && (isupper((unsigned char)s[f]) || s[f] == '"' || s[f] == '(' ||
		                         (unsigned char)s[f] >= 0x80);
		if (spaced && capital && (parts > 1 || (dot && k > i))) {
			line_role r = { .kind = LINE_TEXT, .skip = skip_ws(s, t, e) - start, .clause = true,
				            .id_start = s + k, .id_len = n };
			return r;
		}
	}
	/* "Section 4.2. A claimant who ... .", "Step 3. If the ...": a clause so
	 * numbered, a sentence after the number rather than a title; "Section 4
	 * - Approval Authority", "Part II", "Article 3. Scope": a heading */
	for (size_t w = 0; w < sizeof keywords / sizeof keywords[0]; w++) {
		uint32_t kw;
		if (!word_ci(s, i, e, keywords[w], &kw) || !isupper((unsigned char)s[i]))
			continue;
		unsigned kparts;
		uint32_t k = skip_ws(s, i + kw, e);
		uint32_t n = id_at(s, k, e, &kparts);
		if (!n)
			break;
		uint32_t t = k + n;
		if (t < e && (s[t] == '.' || s[t] == ':'))
			t++;
		uint32_t f = skip_ws(s, t, e);
		if (f > t && f < e && (isupper((unsigned char)s[f]) || s[f] == '"') &&
		    !is_title(s, f, e - 1) && strchr(".:;", s[e - 1])) {
			line_role r = { .kind = LINE_TEXT, .skip = f - start, .clause = true,
				            .id_start = s + k, .id_len = n };
			return r;
		}
		if (!starts_block || !alone)
			break;
		t = k + n;
		if (t < e && s[t] == '.')
			t++;
		if (t >= e || is_title(s, t, e) || strchr(".:-", s[t]) ||
		    (t + 2 < e && !memcmp(s + t, " \xE2\x80", 3)))
			return heading(k, n, k + n, e, s, kparts);
		break;
	}
	if (!starts_block)
		return none;
	section_kind lk;
	uint32_t ln = label_at(s, i, e, &lk);
	if (ln && i + ln >= e && alone)
		return heading(0, 0, i, e, s, 0); /* "Purpose." on its own line */
	if (ln) {
		line_role r = { .kind = LINE_TEXT, .skip = i + ln - start, .labelled = true,
			            .label_kind = lk };
		return r;
	}
	if (alone && is_title(s, i, e))
		return heading(0, 0, i, e, s, 0);
	return none;
}

bool structure_caption(const char *s, uint32_t start, uint32_t end, uint32_t *id_start,
                       uint32_t *id_len)
{
	uint32_t i = skip_ws(s, start, end), k, n;
	while (i < end && (s[i] == '#' || s[i] == '*' || s[i] == '_'))
		i++;
	i = skip_ws(s, i, end);
	if (!word_ci(s, i, end, "table", &k) || !isupper((unsigned char)s[i]))
		return false;
	i = skip_ws(s, i + k, end);
	unsigned parts;
	n = id_at(s, i, end, &parts);
	if (!n)
		return false;
	uint32_t t = i + n;
	/* "Table 1 below" is a sentence; a caption has a mark or a title */
	if (t < end && !strchr(".:-*_ \t", s[t]) && (unsigned char)s[t] != 0xE2)
		return false;
	uint32_t after = skip_ws(s, t, end);
	while (after < end && (s[after] == '*' || s[after] == '_'))
		after++;
	after = skip_ws(s, after, end);
	if (after < end && isalpha((unsigned char)s[after]) && islower((unsigned char)s[after]))
		return false; /* "Table 2 shows ...": prose */
	*id_start = i;
	*id_len = n;
	return true;
}
