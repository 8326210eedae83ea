/*
 * mkdoc: the test corpus's documents, made at test time.
 *
 *   mkdoc pdf  IN.txt OUT.pdf                    a text form as a PDF with a text layer
 *   mkdoc scan IN.pdf OUT.pdf|OUT.png [DPI [DEGREES [NOISE [SEED]]]]
 *                                                each page rasterized (a scan): a PNG for
 *                                                one page, otherwise a PDF of images
 *
 * "pdf" sets every line of the text in DejaVu Sans Mono 9 pt on US letter
 * pages, \f starting a new page, so the gaps the text form has (three
 * spaces between columns) are gaps on the page, and the expected values
 * are the text form's. "scan" renders each page with poppler at DPI
 * (default 300), turned by DEGREES (default 0) about its centre, with a
 * fraction NOISE of pixels (default 0) flipped at random from SEED: what
 * a scanner makes of the printed form.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <poppler.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *d = malloc(cap + 1);
	size_t k;
	while (d && (k = fread(d + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			char *g = realloc(d, cap * 2 + 1);
			if (!g) {
				free(d);
				d = NULL;
				break;
			}
			d = g;
			cap *= 2;
		}
	}
	fclose(f);
	if (d)
		d[n] = '\0';
	*len = n;
	return d;
}

enum { PAGE_W = 612, PAGE_H = 792, MARGIN = 54 };
#define FONT_SIZE 9.0
#define LEADING 13.0

static int make_pdf(const char *in, const char *out)
{
	size_t len;
	char *text = slurp(in, &len);
	if (!text) {
		fprintf(stderr, "mkdoc: cannot read %s\n", in);
		return 1;
	}
	cairo_surface_t *s = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, FONT_SIZE);
	double y = MARGIN;
	size_t i = 0;
	while (i <= len) {
		size_t e = i;
		while (e < len && text[e] != '\n' && text[e] != '\f')
			e++;
		/* expand tabs: a tab is a column break, so at least three spaces */
		char line[1024];
		size_t n = 0;
		for (size_t k = i; k < e && n + 8 < sizeof line; k++) {
			if (text[k] == '\t') {
				memcpy(line + n, "    ", 4);
				n += 4;
			} else if (text[k] != '\r') {
				line[n++] = text[k];
			}
		}
		line[n] = '\0';
		if (n) {
			if (y > PAGE_H - MARGIN) {
				cairo_show_page(cr);
				y = MARGIN;
			}
			cairo_move_to(cr, MARGIN, y);
			cairo_show_text(cr, line);
		}
		if (e < len && text[e] == '\f') {
			cairo_show_page(cr);
			y = MARGIN;
		} else {
			y += LEADING;
		}
		i = e + 1;
	}
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	int rc = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	free(text);
	return rc;
}

static unsigned long long rng_state;
static double rnd(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

static cairo_surface_t *scan_page(PopplerPage *page, double dpi, double degrees, double noise)
{
	double pw, ph;
	poppler_page_get_size(page, &pw, &ph);
	int w = (int)(pw * dpi / 72), h = (int)(ph * dpi / 72);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_translate(cr, w / 2.0, h / 2.0);
	cairo_rotate(cr, degrees * G_PI / 180);
	cairo_translate(cr, -w / 2.0, -h / 2.0);
	cairo_scale(cr, dpi / 72, dpi / 72);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	unsigned char *d = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	for (int yy = 0; yy < h && noise > 0; yy++)
		for (int xx = 0; xx < w; xx++)
			if (rnd() < noise) {
				unsigned char *p = d + yy * stride + xx * 4;
				unsigned char v = p[0] > 128 ? 0 : 255;
				p[0] = p[1] = p[2] = v;
			}
	cairo_surface_mark_dirty(img);
	return img;
}

static int make_scan(const char *in, const char *out, double dpi, double degrees, double noise)
{
	size_t len;
	char *data = slurp(in, &len);
	if (!data) {
		fprintf(stderr, "mkdoc: cannot read %s\n", in);
		return 1;
	}
	GBytes *b = g_bytes_new_take(data, len);
	GError *err = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, &err);
	if (!doc) {
		fprintf(stderr, "mkdoc: %s: %s\n", in, err ? err->message : "not a PDF");
		return 1;
	}
	int n = poppler_document_get_n_pages(doc);
	bool png = strlen(out) > 4 && !strcmp(out + strlen(out) - 4, ".png");
	if (png && n != 1) {
		fprintf(stderr, "mkdoc: %s has %d pages; write a PDF\n", in, n);
		return 1;
	}
	int rc = 0;
	if (png) {
		PopplerPage *page = poppler_document_get_page(doc, 0);
		cairo_surface_t *img = scan_page(page, dpi, degrees, noise);
		cairo_image_surface_get_data(img);
		rc = cairo_surface_write_to_png(img, out) != CAIRO_STATUS_SUCCESS;
		cairo_surface_destroy(img);
		g_object_unref(page);
	} else {
		cairo_surface_t *s = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
		cairo_t *cr = cairo_create(s);
		for (int i = 0; i < n; i++) {
			PopplerPage *page = poppler_document_get_page(doc, i);
			cairo_surface_t *img = scan_page(page, dpi, degrees, noise);
			cairo_save(cr);
			cairo_scale(cr, 72 / dpi, 72 / dpi);
			cairo_set_source_surface(cr, img, 0, 0);
			cairo_paint(cr);
			cairo_restore(cr);
			cairo_show_page(cr);
			cairo_surface_destroy(img);
			g_object_unref(page);
		}
		cairo_destroy(cr);
		cairo_surface_finish(s);
		rc = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
		cairo_surface_destroy(s);
	}
	g_object_unref(doc);
	g_bytes_unref(b);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "pdf"))
		return make_pdf(argv[2], argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "scan")) {
		double dpi = argc > 4 ? atof(argv[4]) : 300;
		double deg = argc > 5 ? atof(argv[5]) : 0;
		double noise = argc > 6 ? atof(argv[6]) : 0;
		rng_state = argc > 7 ? strtoull(argv[7], NULL, 10) : 1;
		return make_scan(argv[2], argv[3], dpi, deg, noise);
	}
	fprintf(stderr, "usage: mkdoc pdf IN.txt OUT.pdf | mkdoc scan IN.pdf OUT.pdf|OUT.png "
	                "[DPI [DEGREES [NOISE [SEED]]]]\n");
	return 2;
}
