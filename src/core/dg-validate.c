/* dg-validate.c: the rules for every field of a Dealgraph file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-validate"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-json.h"
#include "dg-types.h"
#include "dg-validate.h"

static DgCheck
refuse (char       **message,
        char        *text)
{
  if (message != NULL)
    *message = text;
  else
    g_free (text);
  return DG_CHECK_ERROR;
}

static DgCheck
warn (char **message,
      char  *text)
{
  if (message != NULL)
    *message = text;
  else
    g_free (text);
  return DG_CHECK_WARNING;
}

static DgCheck
ok (char **message)
{
  if (message != NULL)
    *message = NULL;
  return DG_CHECK_OK;
}

/* What the user wrote, fit for a message. */
static char *
shown (const char *text,
       gssize      length)
{
  return dg_json_escape_for_message (text, length, 80);
}

/* RFC 8259's number grammar, whole. */
static gboolean
is_json_number (const char *p,
                gsize       length)
{
  const char *end = p + length;

  if (p < end && *p == '-')
    p++;
  if (p == end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < end && g_ascii_isdigit (*p))
      p++;
  if (p < end && *p == '.')
    {
      p++;
      if (p == end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p == end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  return p == end;
}

gboolean
dg_validate_number_text (const char *text,
                         double     *value)
{
  const char *start = text, *end;

  g_return_val_if_fail (text != NULL, FALSE);

  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return is_json_number (start, (gsize) (end - start))
         && dg_json_number_to_double (start, (gsize) (end - start), value);
}

DgCheck
dg_validate_text (const char  *key,
                  const char  *text,
                  gsize        length,
                  gboolean     required,
                  char       **message)
{
  if (required && length == 0)
    return refuse (message, g_strdup_printf (_("\"%s\" must not be empty"), key));
  if (memchr (text, '\0', length) != NULL)
    {
      g_autofree char *value = shown (text, (gssize) length);

      return refuse (message, g_strdup_printf (_("\"%s\" contains U+0000 (\\u0000), which Dealgraph does not keep in the fields it reads: \"%s\""),
                                               key, value));
    }
  return ok (message);
}

static gboolean
all_digits (const char *s,
            guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

DgCheck
dg_validate_date (const char  *key,
                  const char  *text,
                  char       **message)
{
  g_autofree char *value = NULL;
  gsize len = strlen (text);
  int year, month = 0, day = 0;

  if (!((len == 4 || len == 7 || len == 10) && all_digits (text, 4)
        && (len < 7 || (text[4] == '-' && all_digits (text + 5, 2)))
        && (len < 10 || (text[7] == '-' && all_digits (text + 8, 2)))))
    {
      value = shown (text, -1);
      return refuse (message, g_strdup_printf (_("\"%s\" is not a valid date (use YYYY, YYYY-MM or YYYY-MM-DD): \"%s\""),
                                               key, value));
    }

  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  if (len >= 7)
    month = (text[5] - '0') * 10 + (text[6] - '0');
  if (len == 10)
    day = (text[8] - '0') * 10 + (text[9] - '0');

  if (year < 1)
    {
      value = shown (text, -1);
      return refuse (message, g_strdup_printf (_("\"%s\" has the year 0000, which is out of range (years run from 0001 to 9999): \"%s\""),
                                               key, value));
    }
  if (len >= 7 && (month < 1 || month > 12))
    {
      value = shown (text, -1);
      return refuse (message, g_strdup_printf (_("\"%s\" has the month %02d, which does not exist (months run from 01 to 12): \"%s\""),
                                               key, month, value));
    }
  if (len == 10 && (day < 1 || day > g_date_get_days_in_month (month, (GDateYear) year)))
    {
      value = shown (text, -1);
      return refuse (message, g_strdup_printf (_("\"%s\" has the day %02d, which %04d-%02d does not have: \"%s\""),
                                               key, day, year, month, value));
    }

  /* The model's own parser must agree. */
  g_assert (dg_date_parse (text, NULL));
  return ok (message);
}

DgCheck
dg_validate_url (const char  *key,
                 const char  *text,
                 char       **message)
{
  /* Links open in the browser: only the web's own schemes. */
  if (g_ascii_strncasecmp (text, "https://", 8) == 0 || g_ascii_strncasecmp (text, "http://", 7) == 0)
    return ok (message);

  {
    g_autofree char *value = shown (text, -1);

    return refuse (message, g_strdup_printf (_("\"%s\" must be an http:// or https:// address: \"%s\""), key, value));
  }
}

/* A number within what a double holds; the message when not. */
static DgCheck
read_number (const char  *key,
             const char  *text,
             gsize        length,
             double      *value,
             char       **message)
{
  g_autofree char *number = NULL;

  if (!is_json_number (text, length))
    {
      number = shown (text, (gssize) length);
      return refuse (message, g_strdup_printf (_("\"%s\" must be a number, not \"%s\""), key, number));
    }
  if (!dg_json_number_to_double (text, length, value))
    {
      number = shown (text, (gssize) length);
      return refuse (message, g_strdup_printf (_("\"%s\" is out of range (%s): Dealgraph reads numbers up to about 1.8e308"),
                                               key, number));
    }
  /* -0 means 0: nothing in a deal network is negative zero. */
  if (*value == 0)
    *value = 0;
  return ok (message);
}

DgCheck
dg_validate_amount (const char  *key,
                    const char  *text,
                    gsize        length,
                    double      *value,
                    char       **message)
{
  DgCheck check = read_number (key, text, length, value, message);

  if (check != DG_CHECK_OK)
    return check;
  if (*value < 0)
    {
      g_autofree char *number = shown (text, (gssize) length);

      return refuse (message, g_strdup_printf (_("\"%s\" must not be negative (%s)"), key, number));
    }
  return ok (message);
}

/* Amounts in messages as people typed them: 150000000000, not 1.5e+11. */
static char *
amount_text (double v)
{
  char buf[DG_JSON_DOUBLE_BUF_SIZE];

  dg_json_format_double (buf, sizeof buf, v);
  return g_strdup (buf);
}

DgCheck
dg_validate_deal_amounts (double   amount,
                          double   min,
                          double   max,
                          char   **message)
{
  if (isnan (min) != isnan (max))
    return refuse (message, g_strdup (isnan (min) ? _("\"amount_max_usd\" needs \"amount_min_usd\" too (use 0 for “up to”)")
                                                  : _("\"amount_min_usd\" needs \"amount_max_usd\" too")));
  if (!isnan (min) && min > max)
    {
      g_autofree char *lo = amount_text (min);
      g_autofree char *hi = amount_text (max);

      return refuse (message, g_strdup_printf (_("\"amount_min_usd\" (%s) is greater than \"amount_max_usd\" (%s)"),
                                               lo, hi));
    }
  if (!isnan (min) && !isnan (amount) && (amount < min || amount > max))
    {
      g_autofree char *a = amount_text (amount);
      g_autofree char *lo = amount_text (min);
      g_autofree char *hi = amount_text (max);

      return refuse (message, g_strdup_printf (_("\"amount_usd\" (%s) lies outside \"amount_min_usd\"..\"amount_max_usd\" (%s..%s)"),
                                               a, lo, hi));
    }
  return ok (message);
}

DgCheck
dg_validate_company_kind (const char  *kind,
                          char       **message)
{
  DgCompanyKind k;

  if (dg_company_kind_from_string (kind, &k))
    return ok (message);
  {
    g_autofree char *value = shown (kind, -1);

    return warn (message, g_strdup_printf (_("unknown company kind \"%s\"; drawn as “other”"), value));
  }
}

DgCheck
dg_validate_deal_kind (const char  *kind,
                       char       **message)
{
  DgDealKind k;

  if (dg_deal_kind_from_string (kind, &k))
    return ok (message);
  {
    g_autofree char *value = shown (kind, -1);

    return warn (message, g_strdup_printf (_("unknown deal kind \"%s\"; drawn as “other”"), value));
  }
}

DgCheck
dg_validate_status (const char  *status,
                    char       **message)
{
  DgDealStatus s;

  if (dg_deal_status_from_string (status, &s))
    return ok (message);
  {
    g_autofree char *value = shown (status, -1);

    return warn (message, g_strdup_printf (_("unknown status \"%s\"; counted as “announced”"), value));
  }
}

DgCheck
dg_validate_coordinate (const char  *key,
                        const char  *text,
                        gsize        length,
                        double      *value,
                        char       **message)
{
  DgCheck check = read_number (key, text, length, value, message);

  if (check != DG_CHECK_OK)
    return check;
  if (fabs (*value) > DG_MAX_COORDINATE)
    {
      g_autofree char *number = shown (text, (gssize) length);

      return refuse (message, g_strdup_printf (_("\"%s\" is out of range (%s): positions lie between -1000000 and 1000000"),
                                               key, number));
    }
  return ok (message);
}

DgCheck
dg_validate_zoom (const char  *text,
                  gsize        length,
                  double      *value,
                  char       **message)
{
  DgCheck check = read_number ("zoom", text, length, value, message);

  if (check != DG_CHECK_OK)
    return check;
  if (!(*value >= DG_MIN_ZOOM && *value <= DG_MAX_ZOOM))
    {
      g_autofree char *number = shown (text, (gssize) length);

      return refuse (message, g_strdup_printf (_("\"zoom\" must lie between 0.0001 and 1000, not %s"), number));
    }
  return ok (message);
}

DgCheck
dg_validate_seed (const char  *text,
                  gsize        length,
                  guint64     *value,
                  char       **message)
{
  g_autofree char *number = NULL;
  gint64 i;
  double d;

  if (dg_json_number_to_int64 (text, length, &i))
    {
      if (i >= 0)
        {
          *value = (guint64) i;
          return ok (message);
        }
    }
  else if (is_json_number (text, length) && dg_json_number_to_double (text, length, &d)
           && d == floor (d) && d >= 0 && d < 9223372036854775808.0)
    {
      /* 7.0 and 7e0 are the integer 7, as JSON Schema counts. */
      *value = (guint64) d;
      return ok (message);
    }

  number = shown (text, (gssize) length);
  return refuse (message, g_strdup_printf (_("\"seed\" must be a whole number from 0 to 9223372036854775807, not %s"),
                                           number));
}

DgCheck
dg_validate_version (const char  *text,
                     gsize        length,
                     char       **message)
{
  double v;

  if (is_json_number (text, length) && dg_json_number_to_double (text, length, &v) && v == 1)
    return ok (message);
  {
    g_autofree char *number = shown (text, (gssize) length);

    return refuse (message, g_strdup_printf (_("unsupported version %s; this Dealgraph reads version 1"), number));
  }
}

/* ---- fields as an editor sets them ---------------------------------------- */

typedef enum
{
  FIELD_TEXT,
  FIELD_NONEMPTY,
  FIELD_DATE,
  FIELD_URL,
  FIELD_AMOUNT,
  FIELD_COMPANY_KIND,
  FIELD_DEAL_KIND,
  FIELD_STATUS,
} FieldRule;

typedef struct
{
  const char *key;
  FieldRule rule;
} FieldEntry;

/* The loader's company_fields and deal_fields, for the fields an editor
 * sets one at a time (ids and ends are not edited as text). */
static const FieldEntry company_rules[] = {
  { "name", FIELD_NONEMPTY },
  { "kind", FIELD_COMPANY_KIND },
  { "country", FIELD_TEXT },
  { "valuation_usd", FIELD_AMOUNT },
  { "valuation_as_of", FIELD_DATE },
  { "valuation_note", FIELD_TEXT },
  { "description", FIELD_TEXT },
  { "website", FIELD_URL },
};

static const FieldEntry deal_rules[] = {
  { "kind", FIELD_DEAL_KIND },
  { "amount_note", FIELD_TEXT },
  { "announced", FIELD_DATE },
  { "term", FIELD_TEXT },
  { "status", FIELD_STATUS },
  { "status_note", FIELD_TEXT },
  { "title", FIELD_TEXT },
  { "description", FIELD_TEXT },
};

static DgCheck
check_field (const FieldEntry *rules,
             guint             n_rules,
             const char       *key,
             const char       *text,
             char            **message)
{
  double value;

  for (guint i = 0; i < n_rules; i++)
    {
      if (strcmp (rules[i].key, key) != 0)
        continue;
      if (text == NULL || *text == '\0')
        {
          if (rules[i].rule == FIELD_NONEMPTY)
            return dg_validate_text (key, "", 0, TRUE, message);
          return ok (message);
        }
      if (!g_utf8_validate (text, -1, NULL))
        return refuse (message, g_strdup_printf (_("\"%s\" is not valid UTF-8"), key));
      switch (rules[i].rule)
        {
        case FIELD_TEXT:
        case FIELD_NONEMPTY:
          return dg_validate_text (key, text, strlen (text), rules[i].rule == FIELD_NONEMPTY, message);
        case FIELD_DATE:
          return dg_validate_date (key, text, message);
        case FIELD_URL:
          return dg_validate_url (key, text, message);
        case FIELD_AMOUNT:
          return dg_validate_amount (key, text, strlen (text), &value, message);
        case FIELD_COMPANY_KIND:
          return dg_validate_company_kind (text, message);
        case FIELD_DEAL_KIND:
          return dg_validate_deal_kind (text, message);
        case FIELD_STATUS:
          return dg_validate_status (text, message);
        default:
          g_assert_not_reached ();
        }
    }
  return refuse (message, g_strdup_printf (_("\"%s\" is not a field that can be edited"), key));
}

DgCheck
dg_validate_company_field (const char  *key,
                           const char  *text,
                           char       **message)
{
  g_return_val_if_fail (key != NULL, DG_CHECK_ERROR);
  return check_field (company_rules, G_N_ELEMENTS (company_rules), key, text, message);
}

DgCheck
dg_validate_deal_field (const char  *key,
                        const char  *text,
                        char       **message)
{
  g_return_val_if_fail (key != NULL, DG_CHECK_ERROR);
  return check_field (deal_rules, G_N_ELEMENTS (deal_rules), key, text, message);
}

DgCheck
dg_validate_deal_amount_fields (const char  *amount_text,
                                const char  *min_text,
                                const char  *max_text,
                                DgAmount    *amount,
                                char       **message)
{
  const char *keys[3] = { "amount_usd", "amount_min_usd", "amount_max_usd" };
  const char *texts[3] = { amount_text, min_text, max_text };
  double d[3];
  DgCheck check;

  g_return_val_if_fail (amount != NULL, DG_CHECK_ERROR);

  for (guint i = 0; i < 3; i++)
    {
      d[i] = NAN;
      if (texts[i] == NULL || *texts[i] == '\0')
        continue;
      check = dg_validate_amount (keys[i], texts[i], strlen (texts[i]), &d[i], message);
      if (check == DG_CHECK_ERROR)
        return check;
      if (message != NULL)
        g_clear_pointer (message, g_free);
    }
  check = dg_validate_deal_amounts (d[0], d[1], d[2], message);
  if (check == DG_CHECK_ERROR)
    return check;

  /* As the loader reads them: a range when its ends are given (its
   * headline figure the high end unless one is given), exact when only the
   * figure is, undisclosed otherwise. */
  if (!isnan (d[1]))
    {
      amount->kind = DG_AMOUNT_RANGE;
      amount->min = d[1];
      amount->max = d[2];
      amount->value = isnan (d[0]) ? d[2] : d[0];
    }
  else if (!isnan (d[0]))
    {
      amount->kind = DG_AMOUNT_EXACT;
      amount->value = amount->min = amount->max = d[0];
    }
  else
    {
      amount->kind = DG_AMOUNT_UNDISCLOSED;
      amount->value = amount->min = amount->max = NAN;
    }
  return check;
}
