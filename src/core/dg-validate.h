/* dg-validate.h: the rules for every field of a Dealgraph file, one
 * function a field, usable on single values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The loader checks every value it reads with these, and editors check what
 * a user types with the same functions, so a value is refused with the
 * same words wherever it comes from. Each returns what the value is worth
 * and, unless it is fine, a message (translated, plain text, valid UTF-8)
 * that names the field @key as the file writes it.
 */
#pragma once

#include <glib.h>

#include "dg-types.h"

G_BEGIN_DECLS

typedef enum
{
  DG_CHECK_OK,
  DG_CHECK_WARNING,  /* kept, but worth saying (an unknown kind) */
  DG_CHECK_ERROR,    /* refused */
} DgCheck;

/* Positions and the view's centre lie within +-this, in diagram units (a
 * pixel at zoom 1): far beyond any layout, and small enough that the
 * renderer's arithmetic (zoom up to DG_MAX_ZOOM) stays exact in floats and
 * within integers. */
#define DG_MAX_COORDINATE 1000000.0
#define DG_MIN_ZOOM 0.0001
#define DG_MAX_ZOOM 1000.0

/* Text: ids, names, notes. Not empty when @required; no U+0000 (ids and
 * names are compared as C strings, so a NUL would silently cut them). */
DgCheck dg_validate_text        (const char  *key,
                                 const char  *text,
                                 gsize        length,
                                 gboolean     required,
                                 char       **message);
/* YYYY, YYYY-MM or YYYY-MM-DD, a date that exists, years 0001-9999. */
DgCheck dg_validate_date        (const char  *key,
                                 const char  *text,
                                 char       **message);
/* http:// or https:// (any case). */
DgCheck dg_validate_url         (const char  *key,
                                 const char  *text,
                                 char       **message);
/* A JSON number's text (as in the file, or typed: "38e9") as an amount in
 * USD: finite, not negative. -0 reads as 0. */
DgCheck dg_validate_amount      (const char  *key,
                                 const char  *text,
                                 gsize        length,
                                 double      *value,
                                 char       **message);
/* A deal's amounts together: both ends of a range or neither, min <= max,
 * the headline figure inside the range. NAN stands for "not given". */
DgCheck dg_validate_deal_amounts (double      amount,
                                  double      min,
                                  double      max,
                                  char      **message);
DgCheck dg_validate_company_kind (const char *kind,
                                  char      **message);
DgCheck dg_validate_deal_kind    (const char *kind,
                                  char      **message);
DgCheck dg_validate_status       (const char *status,
                                  char      **message);
/* A position or view coordinate: within +-DG_MAX_COORDINATE. */
DgCheck dg_validate_coordinate  (const char  *key,
                                 const char  *text,
                                 gsize        length,
                                 double      *value,
                                 char       **message);
DgCheck dg_validate_zoom        (const char  *text,
                                 gsize        length,
                                 double      *value,
                                 char       **message);
/* The force layout's seed: a whole number from 0 to 2^63 - 1 (7, 7.0 and
 * 7e0 alike, as JSON Schema counts integers). */
DgCheck dg_validate_seed        (const char  *text,
                                 gsize        length,
                                 guint64     *value,
                                 char       **message);
/* The format version: a number equal to 1. */
DgCheck dg_validate_version     (const char  *text,
                                 gsize        length,
                                 char       **message);
/* Text typed for a number: TRUE when it is a JSON number that a double
 * holds (leading and trailing spaces allowed). */
gboolean dg_validate_number_text (const char *text,
                                  double     *value);

/* One field of a company or a deal as an editor sets it, by its key in the
 * file ("name", "valuation_usd", "announced", ...), with the loader's rules
 * and words. NULL or "" stands for "not given" (refused only for "name"). */
DgCheck dg_validate_company_field (const char  *key,
                                   const char  *text,
                                   char       **message);
DgCheck dg_validate_deal_field    (const char  *key,
                                   const char  *text,
                                   char       **message);
/* A deal's amount from the three fields' text (NULL or "" for not given),
 * checked each and together, and read into @amount as the loader reads it. */
DgCheck dg_validate_deal_amount_fields (const char  *amount_text,
                                        const char  *min_text,
                                        const char  *max_text,
                                        DgAmount    *amount,
                                        char       **message);

G_END_DECLS
