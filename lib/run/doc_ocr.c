/*
 * doc_ocr: words on images and scanned pages, with boxes and confidence
 * (Tesseract's C API; Leptonica decodes PNG, JPEG and TIFF).
 *
 * A page is first made clean: gray, then a 3x3 median removes specks of
 * one pixel (scanner dust, noise), since Tesseract reads a speck beside a
 * word as a stray '.' or ',' and "March 3, .2026" is no date. (Turning
 * the page black and white ourselves lost more than it gained: Tesseract
 * binarizes better.) A word with no letter or digit that Tesseract is unsure of is
 * noise too, and dropped before it can lower its line's confidence.
 *
 * Each page is recognized by a fresh TessBaseAPI (English, the language
 * data of tesseract-ocr-eng), told the page's resolution so that boxes
 * convert to points. Every word comes with Tesseract's confidence (0 to
 * 100); doc_layout keeps the lowest of a line, and the extractor refuses a
 * value whose line is below the threshold (doc_limits.min_conf) rather
 * than trust a misread amount.
 *
 * Limits: an image's size is read from its header (pixReadHeaderMem)
 * before it is decoded, and refused past max_pixels; max_pages bounds
 * multi-page TIFFs; OCR of one document stops at max_ms (Tesseract's
 * deadline monitor) with a clear error.
 *
 * Tesseract reads its language data from its install path: the one file
 * the library reads itself, and only when it has a scan to read. Leptonica
 * prints warnings to stderr unless told not to, a process-wide setting:
 * we turn them off once (quiet_leptonica), since the library prints
 * nothing. Without Tesseract doc_have_ocr() is false and doc_read names
 * the missing feature.
 */
#include "run/doc.h"

#ifdef POLICY_HAVE_TESSERACT

#include <pthread.h>
#include <string.h>
#include <time.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

bool doc_have_ocr(void)
{
	return true;
}

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void quiet_leptonica(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static TessBaseAPI *ocr_start(arena *a, const char **why, bool *nomem)
{
	*nomem = false;
	TessBaseAPI *api = TessBaseAPICreate();
	if (!api) {
		*nomem = true;
		return NULL;
	}
	/* Tesseract reports a missing language file on stderr: look first. */
	if (TessBaseAPIInit3(api, NULL, "eng") != 0) {
		TessBaseAPIDelete(api);
		*nomem = !doc_whyf(a, why, "OCR could not start: Tesseract's English language data "
		                           "(tesseract-ocr-eng) is not installed");
		return NULL;
	}
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	return api;
}

/* Recognize the image set on `api`, append its words. */
static bool ocr_words(arena *a, TessBaseAPI *api, unsigned page, int dpi, const doc_limits *lim,
                      unsigned *spent_ms, doc_words *out, const char **why)
{
	if (*spent_ms >= lim->max_ms)
		return doc_whyf(a, why, "OCR stopped at page %u: reading the document took longer "
		                "than the limit of %u ms", page, lim->max_ms);
	ETEXT_DESC *monitor = TessMonitorCreate();
	if (!monitor)
		return false;
	int left = (int)(lim->max_ms - *spent_ms);
	TessMonitorSetDeadlineMSecs(monitor, left);
	double t0 = now_ms();
	int rc = TessBaseAPIRecognize(api, monitor);
	double took = now_ms() - t0;
	TessMonitorDelete(monitor);
	*spent_ms += took > 0 ? (unsigned)took : 0;
	if (rc != 0 || *spent_ms >= lim->max_ms) {
		if (*spent_ms >= lim->max_ms || took >= left)
			return doc_whyf(a, why, "OCR stopped at page %u: reading the document took "
			                "longer than the limit of %u ms", page, lim->max_ms);
		return doc_whyf(a, why, "OCR failed on page %u", page);
	}
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	if (!it)
		return true; /* a blank page */
	const TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
	bool ok = true;
	double to_points = 72.0 / (dpi > 0 ? dpi : DOC_OCR_DPI);
	do {
		char *text = TessResultIteratorGetUTF8Text(it, RIL_WORD);
		if (!text)
			continue;
		int l, t, r, b;
		size_t len = strlen(text);
		float conf = TessResultIteratorConfidence(it, RIL_WORD);
		bool alnum = false;
		for (size_t k = 0; k < len && !alnum; k++)
			alnum = (text[k] >= '0' && text[k] <= '9') || (text[k] >= 'A' && text[k] <= 'Z') ||
			        (text[k] >= 'a' && text[k] <= 'z');
		if (!alnum && conf < lim->min_conf)
			len = 0; /* a speck, not a word */
		if (len && TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b)) {
			doc_box box = { l * to_points, t * to_points, r * to_points, b * to_points };
			int c = conf < 0 ? 0 : conf > 100 ? 100 : (int)(conf + 0.5f);
			ok = doc_words_add(a, out, text, len, page, box, c);
		}
		TessDeleteText(text);
	} while (ok && TessResultIteratorNext(it, RIL_WORD));
	TessResultIteratorDelete(it);
	return ok;
}

/* Specks of one pixel (scanner dust, noise) removed by a 3x3 median:
 * strokes at 300 dpi are wider and stay. NULL when memory ran out. */
static PIX *clean_page(PIX *gray)
{
	return pixRankFilterGray(gray, 3, 3, 0.5f);
}

static bool ocr_pix(arena *a, TessBaseAPI *api, PIX *pix, int dpi, unsigned page,
                    const doc_limits *lim, unsigned *spent_ms, doc_words *out, const char **why);

bool doc_ocr_pixels(arena *a, const unsigned char *data, int width, int height, int bytes_per_pixel,
                    int stride, int dpi, unsigned page, const doc_limits *lim, unsigned *spent_ms,
                    doc_words *out, const char **why)
{
	pthread_once(&quiet_once, quiet_leptonica);
	PIX *gray = pixCreate(width, height, 8);
	if (!gray)
		return false;
	l_uint32 *gdata = pixGetData(gray);
	int wpl = pixGetWpl(gray);
	for (int y = 0; y < height; y++) {
		const unsigned char *row = data + (size_t)y * (size_t)stride;
		l_uint32 *line = gdata + (size_t)y * (size_t)wpl;
		for (int x = 0; x < width; x++) {
			int v;
			if (bytes_per_pixel == 1) {
				v = row[x];
			} else { /* cairo RGB24: a native-endian 0x00RRGGBB word */
				uint32_t px;
				memcpy(&px, row + (size_t)x * 4, 4);
				v = (int)((((px >> 16) & 255) * 299 + ((px >> 8) & 255) * 587 +
				           (px & 255) * 114) / 1000);
			}
			SET_DATA_BYTE(line, x, v);
		}
	}
	bool nomem;
	TessBaseAPI *api = ocr_start(a, why, &nomem);
	bool ok = api ? ocr_pix(a, api, gray, dpi, page, lim, spent_ms, out, why) : !nomem;
	if (api) {
		TessBaseAPIEnd(api);
		TessBaseAPIDelete(api);
	}
	pixDestroy(&gray);
	return ok;
}

/* The resolution of an image that does not say (a PNG without a pHYs
 * chunk, as many tools write them) or says something absurd. The shape of
 * a whole page (US letter, A4 or US legal, upright, within 1.5%) gives it:
 * its width is the page's width; anything else is taken for a 300 dpi scan.
 * It matters twice: boxes in the evidence are in points, and Tesseract
 * judges the size of text by it (a 200 dpi page read as 300 dpi put every
 * box at two thirds of its place). */
static int page_dpi(int width, int height)
{
	static const double pages[][2] = { { 8.5, 11 }, { 8.27, 11.69 }, { 8.5, 14 } };
	for (size_t i = 0; i < sizeof pages / sizeof pages[0] && width > 0; i++) {
		double shape = (double)height / width / (pages[i][1] / pages[i][0]);
		int dpi = (int)(width / pages[i][0] + 0.5);
		if (shape > 0.985 && shape < 1.015 && dpi >= 70 && dpi <= 1200)
			return dpi;
	}
	return DOC_OCR_DPI;
}

/* OCR one page image of any depth. */
static bool ocr_pix(arena *a, TessBaseAPI *api, PIX *pix, int dpi, unsigned page,
                    const doc_limits *lim, unsigned *spent_ms, doc_words *out, const char **why)
{
	if (dpi < 70 || dpi > 1200)
		dpi = page_dpi(pixGetWidth(pix), pixGetHeight(pix));
	PIX *gray = pixConvertTo8(pix, 0);
	PIX *clean = gray ? clean_page(gray) : NULL;
	pixDestroy(&gray);
	if (!clean)
		return false;
	TessBaseAPISetImage2(api, clean);
	TessBaseAPISetSourceResolution(api, dpi);
	bool ok = ocr_words(a, api, page, dpi, lim, spent_ms, out, why);
	TessBaseAPIClear(api);
	pixDestroy(&clean);
	if (page > out->pages)
		out->pages = page;
	return ok;
}

bool doc_ocr_image(arena *a, const char *bytes, size_t len, const doc_limits *lim,
                   doc_words *out, const char **why)
{
	*why = NULL;
	pthread_once(&quiet_once, quiet_leptonica);
	const l_uint8 *data = (const l_uint8 *)bytes;
	l_int32 format, w, h, bps, spp, cmap;
	if (pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 ||
	    h <= 0)
		return doc_whyf(a, why, "it is a damaged image that could not be decoded");
	if ((uint64_t)w * (uint64_t)h > lim->max_pixels)
		return doc_whyf(a, why, "the image is %dx%d pixels, more than the limit of %llu", w, h,
		                (unsigned long long)lim->max_pixels);
	bool nomem;
	TessBaseAPI *api = ocr_start(a, why, &nomem);
	if (!api)
		return !nomem;
	unsigned spent_ms = 0;
	bool ok = true;
	if (format == IFF_TIFF || format == IFF_TIFF_G4 || format == IFF_TIFF_G3 ||
	    format == IFF_TIFF_LZW || format == IFF_TIFF_ZIP || format == IFF_TIFF_PACKBITS ||
	    format == IFF_TIFF_RLE || format == IFF_TIFF_JPEG) {
		/* Pages one at a time, so max_pages bounds the work. */
		for (unsigned p = 1; ok && !*why; p++) {
			PIX *pix = pixReadMemTiff(data, len, (l_int32)p - 1);
			if (!pix) {
				if (p == 1)
					ok = doc_whyf(a, why, "it is a damaged image that could not be decoded");
				break;
			}
			if (p > lim->max_pages)
				ok = doc_whyf(a, why, "it has more than %u pages, the limit",
				              lim->max_pages);
			else if ((uint64_t)pixGetWidth(pix) * (uint64_t)pixGetHeight(pix) > lim->max_pixels)
				ok = doc_whyf(a, why, "page %u is more than the limit of %llu pixels", p,
				              (unsigned long long)lim->max_pixels);
			else
				ok = ocr_pix(a, api, pix, pixGetXRes(pix), p, lim, &spent_ms, out, why);
			pixDestroy(&pix);
		}
	} else {
		PIX *pix = pixReadMem(data, len);
		if (!pix)
			ok = doc_whyf(a, why, "it is a damaged image that could not be decoded");
		else
			ok = ocr_pix(a, api, pix, pixGetXRes(pix), 1, lim, &spent_ms, out, why);
		pixDestroy(&pix);
	}
	TessBaseAPIEnd(api);
	TessBaseAPIDelete(api);
	return ok;
}

#else

bool doc_have_ocr(void)
{
	return false;
}

bool doc_ocr_image(arena *a, const char *bytes, size_t len, const doc_limits *lim,
                   doc_words *out, const char **why)
{
	(void)bytes, (void)len, (void)lim, (void)out;
	return doc_whyf(a, why, "it is an image, and this libpolicy was built without OCR "
	                "(Tesseract)");
}

bool doc_ocr_pixels(arena *a, const unsigned char *data, int width, int height, int bytes_per_pixel,
                    int stride, int dpi, unsigned page, const doc_limits *lim, unsigned *spent_ms,
                    doc_words *out, const char **why)
{
	(void)data, (void)width, (void)height, (void)bytes_per_pixel, (void)stride, (void)dpi;
	(void)lim, (void)spent_ms, (void)out;
	return doc_whyf(a, why, "page %u has no text layer (a scan?), and this libpolicy was "
	                "built without OCR (Tesseract)", page);
}

#endif
