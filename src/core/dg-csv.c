/* dg-csv.c: comma-separated values as spreadsheets write them (RFC 4180)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written by hand: GLib has no CSV reader, and the few rules (quotes,
 * doubled quotes, line breaks inside quotes) fit in one small state
 * machine. Every field's text goes into one buffer, one NUL after each,
 * so a 50,000-row file costs a handful of allocations, not a million.
 */
#define G_LOG_DOMAIN "dealgraph-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dg-csv.h"
#include "dg-types.h"

struct _DgCsv
{
  GString *text;          /* every field, each followed by a NUL */
  GArray *field_offset;   /* guint: where each field starts in text */
  GByteArray *quoted;     /* 1 when the field was quoted */
  GArray *row_start;      /* guint: first field of each row, plus one past the end */
  char separator;
};

void
dg_csv_free (DgCsv *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  g_array_unref (self->field_offset);
  g_byte_array_unref (self->quoted);
  g_array_unref (self->row_start);
  g_free (self);
}

/**
 * dg_csv_separator_from_string:
 * @str: `,` / `comma`, `;` / `semicolon`, a tab / `tab`
 * @separator: (out): the character
 *
 * Returns: %TRUE when @str names a separator
 */
gboolean
dg_csv_separator_from_string (const char *str,
                              char       *separator)
{
  g_return_val_if_fail (separator != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  if (strcmp (str, ",") == 0 || g_ascii_strcasecmp (str, "comma") == 0)
    *separator = ',';
  else if (strcmp (str, ";") == 0 || g_ascii_strcasecmp (str, "semicolon") == 0)
    *separator = ';';
  else if (strcmp (str, "\t") == 0 || g_ascii_strcasecmp (str, "tab") == 0
           || strcmp (str, "\\t") == 0)
    *separator = '\t';
  else
    return FALSE;
  return TRUE;
}

/**
 * dg_csv_detect_separator:
 * @data: the text, after any byte-order mark
 * @length: its length in bytes
 *
 * The separator the first row uses most among `,`, `;` and tab, outside
 * quotes; `,` when the row has none (a file of one column).
 *
 * Returns: the separator
 */
char
dg_csv_detect_separator (const char *data,
                         gsize       length)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean in_quotes = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (in_quotes)
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }

  if (tabs > commas && tabs > semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';
  return ',';
}

static void
end_field (DgCsv      *self,
           gsize       start,
           gboolean    quoted)
{
  guint offset = (guint) start;

  g_string_append_c (self->text, '\0');
  g_array_append_val (self->field_offset, offset);
  g_byte_array_append (self->quoted, (const guint8 *) (quoted ? "\1" : "\0"), 1);
}

static void
end_row (DgCsv *self)
{
  guint next = self->field_offset->len;

  g_array_append_val (self->row_start, next);
}

/**
 * dg_csv_parse:
 * @data: the file's bytes
 * @length: their number
 * @separator: `,`, `;`, `\t`, or 0 to detect it from the first row
 * @error_row: (out) (optional): on failure, the spreadsheet row of the
 *   problem (1 is the first row), or 0
 * @error_column: (out) (optional): on failure, its column (1-based), or 0
 * @error: return location for a #DG_ERROR_INVALID_FILE
 *
 * Reads every row. A quoted field that never closes, text after a closing
 * quote, or bytes that are not UTF-8 refuse the whole file, with the place.
 * A quote inside an unquoted field is kept as a quote, as spreadsheets do.
 *
 * Returns: (transfer full) (nullable): the rows, or %NULL on error
 */
DgCsv *
dg_csv_parse (const char  *data,
              gsize        length,
              char         separator,
              guint       *error_row,
              guint       *error_column,
              GError     **error)
{
  g_autoptr(DgCsv) self = NULL;
  g_autofree char *converted = NULL;
  const char *p, *end;
  guint row = 1, column = 1;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (separator == 0 || separator == ',' || separator == ';' || separator == '\t', NULL);

  if (error_row != NULL)
    *error_row = 0;
  if (error_column != NULL)
    *error_column = 0;

  /* UTF-16 with a byte-order mark is what Excel's "Unicode text" writes. */
  if (length >= 2 && ((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe))
    converted = g_convert (data + 2, length - 2, "UTF-8", "UTF-16LE", NULL, &length, NULL);
  else if (length >= 2 && ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff))
    converted = g_convert (data + 2, length - 2, "UTF-8", "UTF-16BE", NULL, &length, NULL);
  else if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (converted != NULL)
    data = converted;
  else if (length >= 2 && ((guchar) data[0] == 0xff || (guchar) data[0] == 0xfe)
           && ((guchar) data[1] == 0xff || (guchar) data[1] == 0xfe))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE,
                   _("the file says it is UTF-16 text but is not; save it as “CSV UTF-8”"));
      return NULL;
    }

  self = g_new0 (DgCsv, 1);
  self->text = g_string_sized_new (length + length / 8 + 16);
  self->field_offset = g_array_new (FALSE, FALSE, sizeof (guint));
  self->quoted = g_byte_array_new ();
  self->row_start = g_array_new (FALSE, FALSE, sizeof (guint));
  self->separator = separator != 0 ? separator : dg_csv_detect_separator (data, length);

  if (length >= G_MAXUINT - 1)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_TOO_LARGE, _("the file is too large"));
      return NULL;
    }

  {
    guint first = 0;

    g_array_append_val (self->row_start, first);
  }

  p = data;
  end = data + length;
  while (p < end)
    {
      gsize start = self->text->len;
      gboolean quoted = FALSE;

      if (*p == '"')
        {
          guint open_row = row;

          quoted = TRUE;
          p++;
          for (;;)
            {
              const char *q = memchr (p, '"', end - p);

              if (q == NULL)
                {
                  if (error_row != NULL)
                    *error_row = open_row;
                  if (error_column != NULL)
                    *error_column = column;
                  g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE,
                               _("a quoted field starts here and never ends (a \" is missing)"));
                  return NULL;
                }
              g_string_append_len (self->text, p, q - p);
              p = q + 1;
              if (p < end && *p == '"')
                {
                  g_string_append_c (self->text, '"');
                  p++;
                  continue;
                }
              break;
            }
          if (p < end && *p != self->separator && *p != '\n' && *p != '\r')
            {
              if (error_row != NULL)
                *error_row = row;
              if (error_column != NULL)
                *error_column = column;
              g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE,
                           _("text follows the closing quote of a field; a \" inside a quoted field is written \"\""));
              return NULL;
            }
        }
      else
        {
          const char *q = p;

          while (q < end && *q != self->separator && *q != '\n' && *q != '\r')
            q++;
          g_string_append_len (self->text, p, q - p);
          p = q;
        }

      if (!g_utf8_validate_len (self->text->str + start, self->text->len - start, NULL))
        {
          if (error_row != NULL)
            *error_row = row;
          if (error_column != NULL)
            *error_column = column;
          g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE,
                       _("the text is not UTF-8; save the spreadsheet as “CSV UTF-8”"));
          return NULL;
        }
      end_field (self, start, quoted);

      /* A field is a row's last when a line break or the end follows. */
      if (p < end && *p == self->separator)
        {
          p++;
          column++;
          /* "a,b," ends with an empty field. */
          if (p == end || *p == '\n' || *p == '\r')
            end_field (self, self->text->len, FALSE);
          else
            continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      end_row (self);
      row++;
      column = 1;
    }

  /* Rows whose quoted fields hold line breaks were counted once, which is
   * what a spreadsheet shows. */
  return g_steal_pointer (&self);
}

char
dg_csv_get_separator (DgCsv *self)
{
  g_return_val_if_fail (self != NULL, ',');
  return self->separator;
}

guint
dg_csv_get_n_rows (DgCsv *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->row_start->len - 1;
}

guint
dg_csv_get_n_fields (DgCsv *self,
                     guint  row)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (row < dg_csv_get_n_rows (self), 0);

  return g_array_index (self->row_start, guint, row + 1) - g_array_index (self->row_start, guint, row);
}

/**
 * dg_csv_get_field:
 * @row: 0 for the first row
 * @field: 0 for the first field
 *
 * Returns: the field's text, "" for fields beyond the row's end
 */
const char *
dg_csv_get_field (DgCsv *self,
                  guint  row,
                  guint  field)
{
  guint first;

  g_return_val_if_fail (self != NULL, "");
  g_return_val_if_fail (row < dg_csv_get_n_rows (self), "");

  if (field >= dg_csv_get_n_fields (self, row))
    return "";
  first = g_array_index (self->row_start, guint, row);
  return self->text->str + g_array_index (self->field_offset, guint, first + field);
}

gboolean
dg_csv_get_quoted (DgCsv *self,
                   guint  row,
                   guint  field)
{
  guint first;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row < dg_csv_get_n_rows (self), FALSE);

  if (field >= dg_csv_get_n_fields (self, row))
    return FALSE;
  first = g_array_index (self->row_start, guint, row);
  return self->quoted->data[first + field] != 0;
}

/* A row a spreadsheet shows empty: no field has anything but spaces. */
gboolean
dg_csv_row_is_blank (DgCsv *self,
                     guint  row)
{
  guint n = dg_csv_get_n_fields (self, row);

  for (guint i = 0; i < n; i++)
    {
      const char *s = dg_csv_get_field (self, row, i);

      while (*s == ' ' || *s == '\t')
        s++;
      if (*s != '\0')
        return FALSE;
    }
  return TRUE;
}

/**
 * dg_csv_append_field:
 * @out: where to write
 * @text: (nullable): the field's text; %NULL writes an empty field
 * @separator: the file's separator
 *
 * Quotes the field when it holds the separator, a quote, a line break, or
 * spaces at either end (which readers may trim), doubling its quotes.
 */
void
dg_csv_append_field (GString    *out,
                     const char *text,
                     char        separator)
{
  gsize n;
  gboolean quote;

  g_return_if_fail (out != NULL);

  if (text == NULL || *text == '\0')
    return;

  n = strlen (text);
  quote = text[0] == ' ' || text[0] == '\t' || text[n - 1] == ' ' || text[n - 1] == '\t';
  for (const char *p = text; !quote && *p != '\0'; p++)
    quote = *p == separator || *p == '"' || *p == '\n' || *p == '\r';

  if (!quote)
    {
      g_string_append_len (out, text, n);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
dg_csv_append_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields,
                   char                separator)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      dg_csv_append_field (out, fields[i], separator);
    }
  g_string_append (out, "\r\n");
}
