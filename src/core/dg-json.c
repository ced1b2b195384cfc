/* dg-json.c: strict JSON (RFC 8259): a pull reader that says where every
 * problem is, and a writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written by hand because no library packaged here does all of what
 * Dealgraph files need: json-glib 1.6 accepts comments, single quotes,
 * octal and hexadecimal numbers and more that RFC 8259 forbids, keeps the
 * last of two equal keys, turns 1e400 into infinity and wraps integers
 * from 2^63 on; json-c and jansson build whole trees and lose number text
 * too; yajl is strict and fast but its upstream has been quiet since 2014.
 * This reader streams (a file is never held whole), checks everything
 * JSON forbids with the line and column, keeps the text of every number,
 * and lets the loader build the model straight from the tokens, which is
 * what makes loading fast and small (docs/decisions.md has the figures).
 * It is fuzzed (fuzz/fuzz-loader.c) and passes JSONTestSuite's parsing
 * cases (tests/test-json.c).
 *
 * Canonical text, as kept for members Dealgraph does not know: no
 * whitespace, numbers exactly as written, strings with `"`, `\` and the
 * control characters escaped (`\n` and friends, else `\u00XX`, so U+0000
 * survives) and everything else as UTF-8.
 */
#define G_LOG_DOMAIN "dealgraph-json"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-json.h"

/* Bytes read from a stream at a time; a token longer than the buffer grows
 * it. */
#define CHUNK_SIZE (64 * 1024)

/* Objects with more keys than this look duplicates up in a hash table. */
#define LINEAR_KEYS 16

/* GString's appends are calls with checks each; the writer makes millions
 * of small ones for a large document, so it copies into the string's
 * buffer itself (growing it the same way). */
static inline void
put (GString    *out,
     const char *text,
     gsize       n)
{
  if (G_UNLIKELY (out->len + n >= out->allocated_len))
    {
      gsize len = out->len;

      g_string_set_size (out, len + n);
      out->len = len;
    }
  memcpy (out->str + out->len, text, n);
  out->len += n;
  out->str[out->len] = '\0';
}

static inline void
put_c (GString *out,
       char     c)
{
  if (G_UNLIKELY (out->len + 1 >= out->allocated_len))
    {
      gsize len = out->len;

      g_string_set_size (out, len + 1);
      out->len = len;
    }
  out->str[out->len++] = c;
  out->str[out->len] = '\0';
}

static inline void
put_s (GString    *out,
       const char *text)
{
  put (out, text, strlen (text));
}

enum
{
  ST_VALUE,        /* a value must come */
  ST_FIRST_VALUE,  /* after '[': a value or ']' */
  ST_KEY,          /* after ',' in an object: a key */
  ST_FIRST_KEY,    /* after '{': a key or '}' */
  ST_COLON,        /* after a key */
  ST_AFTER_VALUE,  /* ',' or the container's end */
  ST_DONE,         /* the value ended; only whitespace may follow */
  ST_END,
  ST_ERROR,
};

typedef struct
{
  gsize offset;    /* in key_text */
  gsize length;
  DgJsonPos pos;
} KeyEntry;

struct _DgJsonReader
{
  const char *buf;
  gsize pos;
  gsize end;
  gboolean eof;
  guint64 base;          /* offset in the input of buf[0] */

  char *own;             /* stream mode: the buffer */
  gsize own_size;
  GInputStream *stream;
  GCancellable *cancellable;
  GError *io_error;

  /* Places: lines counted in whitespace (no other token holds a line
   * break); columns count characters, so continuation bytes of UTF-8 on
   * the current line are counted too. */
  guint line;
  guint64 line_start;
  guint64 line_cont;
  DgJsonPos tok_pos;

  int state;
  gboolean after_comma;
  guint depth;
  char stack[DG_JSON_MAX_DEPTH + 1];

  const char *str;
  gsize str_len;
  GString *scratch;
  const char *num;
  gsize num_len;

  /* Duplicate keys: the keys of every open object, innermost last. */
  GArray *keys;
  GString *key_text;
  guint key_base[DG_JSON_MAX_DEPTH + 1];
  GHashTable *key_index[DG_JSON_MAX_DEPTH + 1];

  DgJsonProblemFunc problem_func;
  gpointer problem_data;
  guint64 max_length;      /* 0: no limit */

  char *error;
  DgJsonPos error_pos;
  gboolean empty;
};

/* 0: a byte that stands for itself in a string; 1: '"'; 2: '\'; 3: a
 * control character; 4: the first byte of a UTF-8 sequence (or not
 * UTF-8 at all). */
static const guint8 string_class[256] = {
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* Length of the UTF-8 sequence starting at @p (a byte >= 0x80): 0 when it
 * is not UTF-8 (overlong forms and surrogates included), -1 when more than
 * @avail bytes are needed to tell. */
static int
utf8_sequence (const guchar *p,
               gsize         avail)
{
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xBF;
  int n;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c == 0xE0)
    n = 3, lo = 0xA0;
  else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
    n = 3;
  else if (c == 0xED)
    n = 3, hi = 0x9F;
  else if (c == 0xF0)
    n = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3)
    n = 4;
  else if (c == 0xF4)
    n = 4, hi = 0x8F;
  else
    return 0;

  for (int i = 1; i < n; i++)
    {
      guchar b;

      if ((gsize) i >= avail)
        return -1;
      b = p[i];
      if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
        return 0;
    }
  return n;
}

/**
 * dg_json_escape_for_message:
 *
 * Returns: (transfer full): @text fit for a message: valid UTF-8, control
 *   characters as `\n`, `\u0000`..., invalid bytes as `\xFF`, and at most
 *   @max characters (then "…")
 */
char *
dg_json_escape_for_message (const char *text,
                            gssize      length,
                            guint       max)
{
  GString *s = g_string_new (NULL);
  const guchar *p = (const guchar *) text;
  const guchar *end;
  guint n = 0;

  if (length < 0)
    length = (gssize) strlen (text);
  end = p + length;

  while (p < end)
    {
      int k;

      if (n++ >= max)
        {
          put_s (s, "…");
          break;
        }
      if (*p == '\n')
        put_s (s, "\\n"), p++;
      else if (*p == '\t')
        put_s (s, "\\t"), p++;
      else if (*p < 0x20 || *p == 0x7F)
        g_string_append_printf (s, "\\u%04x", *p), p++;
      else if (*p < 0x80)
        put_c (s, (char) *p), p++;
      else if ((k = utf8_sequence (p, (gsize) (end - p))) > 0)
        {
          put (s, (const char *) p, (gsize) (k));
          p += k;
        }
      else
        g_string_append_printf (s, "\\x%02X", *p), p++;
    }
  return g_string_free (s, FALSE);
}

/* ---- the reader --------------------------------------------------------- */

static DgJsonReader *
reader_new (void)
{
  DgJsonReader *self = g_new0 (DgJsonReader, 1);

  self->line = 1;
  self->state = ST_VALUE;
  self->scratch = g_string_sized_new (64);
  self->keys = g_array_sized_new (FALSE, FALSE, sizeof (KeyEntry), 64);
  self->key_text = g_string_sized_new (256);
  return self;
}

static void
skip_bom (DgJsonReader *self)
{
  /* RFC 8259 lets a reader ignore a byte-order mark; columns then count
   * from the character after it, as editors show them. */
  if (self->end - self->pos >= 3 && memcmp (self->buf + self->pos, "\xEF\xBB\xBF", 3) == 0)
    {
      self->pos += 3;
      self->line_start = 3;
    }
}

/**
 * dg_json_reader_new:
 * @data: (array length=length): the text; must stay alive while reading
 *
 * Returns: (transfer full): a reader of @data
 */
DgJsonReader *
dg_json_reader_new (const char *data,
                    gsize       length)
{
  DgJsonReader *self = reader_new ();

  self->buf = data != NULL ? data : "";
  self->end = length;
  self->eof = TRUE;
  skip_bom (self);
  return self;
}

static gboolean refill (DgJsonReader *self);

/**
 * dg_json_reader_new_for_stream:
 *
 * Returns: (transfer full): a reader that reads @stream as it goes, a
 *   chunk at a time
 */
DgJsonReader *
dg_json_reader_new_for_stream (GInputStream *stream,
                               GCancellable *cancellable)
{
  DgJsonReader *self = reader_new ();

  self->stream = g_object_ref (stream);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->own_size = CHUNK_SIZE;
  self->own = g_malloc (self->own_size);
  self->buf = self->own;
  while (self->end < 3 && refill (self))
    ;
  skip_bom (self);
  return self;
}

void
dg_json_reader_free (DgJsonReader *self)
{
  if (self == NULL)
    return;

  for (guint d = 0; d <= DG_JSON_MAX_DEPTH; d++)
    g_clear_pointer (&self->key_index[d], g_hash_table_unref);
  g_array_unref (self->keys);
  g_string_free (self->key_text, TRUE);
  g_string_free (self->scratch, TRUE);
  g_free (self->own);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->io_error);
  g_free (self->error);
  g_free (self);
}

void
dg_json_reader_set_max_length (DgJsonReader *self,
                               guint64       max_length)
{
  self->max_length = max_length;
}

void
dg_json_reader_set_problem_func (DgJsonReader      *self,
                                 DgJsonProblemFunc  func,
                                 gpointer           user_data)
{
  self->problem_func = func;
  self->problem_data = user_data;
}

/* Reads more of the stream, keeping everything from self->pos on (the
 * token being read). FALSE at the end of the input. */
static gboolean
refill (DgJsonReader *self)
{
  gsize keep;
  gssize n;

  if (self->eof)
    return FALSE;

  keep = self->end - self->pos;
  if (keep > 0 && self->pos > 0)
    memmove (self->own, self->own + self->pos, keep);
  self->base += self->pos;
  self->pos = 0;
  self->end = keep;
  if (self->own_size - keep < CHUNK_SIZE / 2)
    {
      self->own_size *= 2;
      self->own = g_realloc (self->own, self->own_size);
      self->buf = self->own;
    }

  n = g_input_stream_read (self->stream, self->own + keep, self->own_size - keep,
                           self->cancellable, self->io_error == NULL ? &self->io_error : NULL);
  if (n <= 0)
    {
      self->eof = TRUE;
      return FALSE;
    }
  self->end += (gsize) n;
  if (self->max_length > 0 && self->base + self->end > self->max_length && self->io_error == NULL)
    {
      /* A file that grew while read, or a device that never ends. */
      g_autofree char *size = g_format_size (self->max_length);

      g_set_error (&self->io_error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the file is larger than %s"), size);
      self->end = keep;
      self->eof = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* The place of byte @offset of the buffer, on the current line, with
 * @cont continuation bytes between self->pos and it. */
static DgJsonPos
pos_at (DgJsonReader *self,
        gsize         offset,
        guint64       cont)
{
  DgJsonPos pos;
  guint64 abs = self->base + offset;

  pos.line = self->line;
  pos.column = (guint) (abs - self->line_start - self->line_cont - cont + 1);
  return pos;
}

G_GNUC_PRINTF (3, 4)
static DgJsonToken
fail (DgJsonReader    *self,
      const DgJsonPos *pos,
      const char      *format,
      ...)
{
  va_list args;

  if (self->state == ST_ERROR)
    return DG_JSON_ERROR;

  va_start (args, format);
  self->error = g_strdup_vprintf (format, args);
  va_end (args);
  self->error_pos = *pos;
  self->state = ST_ERROR;
  return DG_JSON_ERROR;
}

/* A character for a message: “x”, or U+0009 for one nobody can see. */
static char *
describe_char (const guchar *p,
               gsize         avail)
{
  int n;

  if (*p > 0x20 && *p < 0x7F)
    return g_strdup_printf ("“%c”", *p);
  if (*p < 0x80)
    return g_strdup_printf ("U+%04X", *p);
  n = utf8_sequence (p, avail);
  if (n > 0)
    {
      gunichar c = g_utf8_get_char ((const char *) p);

      if (g_unichar_isgraph (c))
        return g_strdup_printf ("“%.*s”", n, (const char *) p);
      return g_strdup_printf ("U+%04X", c);
    }
  return NULL;
}

/* An unexpected byte at self->pos: named, or reported as not UTF-8. */
static DgJsonToken
fail_char (DgJsonReader *self,
           const char   *expected)
{
  const guchar *p = (const guchar *) self->buf + self->pos;
  DgJsonPos pos = pos_at (self, self->pos, 0);
  g_autofree char *what = NULL;

  if (*p >= 0x80)
    {
      /* Make sure a whole sequence is there before judging it. */
      while (self->end - self->pos < 4 && refill (self))
        ;
      p = (const guchar *) self->buf + self->pos;
    }
  what = describe_char (p, self->end - self->pos);
  if (what == NULL)
    return fail (self, &pos, _("invalid UTF-8 (byte 0x%02x)"), *p);
  if (expected != NULL)
    /* Translators: "syntax error: unexpected “x”; expected “,” or “]”" */
    return fail (self, &pos, _("syntax error: unexpected %s; %s"), what, expected);
  return fail (self, &pos, _("syntax error: unexpected %s"), what);
}

static DgJsonToken
fail_eof (DgJsonReader *self)
{
  DgJsonPos pos = pos_at (self, self->pos, 0);

  if (self->io_error != NULL)
    return fail (self, &pos, "%s", self->io_error->message);
  return fail (self, &pos, _("syntax error: unexpected end of the file"));
}

/* Skips whitespace; returns the next byte, or -1 at the end of the input. */
static int
skip_ws (DgJsonReader *self)
{
  for (;;)
    {
      const char *p = self->buf + self->pos;
      const char *end = self->buf + self->end;

      while (p < end)
        {
          char c = *p;

          if (c == ' ' || c == '\t' || c == '\r')
            p++;
          else if (c == '\n')
            {
              p++;
              self->line++;
              self->line_start = self->base + (guint64) (p - self->buf);
              self->line_cont = 0;
            }
          else
            {
              self->pos = (gsize) (p - self->buf);
              return (guchar) c;
            }
        }
      self->pos = self->end;
      if (!refill (self))
        return -1;
    }
}

/* Makes at least @n bytes available from self->pos when the input has
 * them; returns how many are. */
static gsize
ensure (DgJsonReader *self,
        gsize         n)
{
  while (self->end - self->pos < n && refill (self))
    ;
  return self->end - self->pos;
}

static void
pop_keys (DgJsonReader *self)
{
  guint d = self->depth;

  if (self->keys->len > self->key_base[d])
    {
      g_string_truncate (self->key_text, g_array_index (self->keys, KeyEntry, self->key_base[d]).offset);
      g_array_set_size (self->keys, self->key_base[d]);
    }
  g_clear_pointer (&self->key_index[d], g_hash_table_unref);
}

static DgJsonToken
push (DgJsonReader *self,
      char          c)
{
  if (self->depth >= DG_JSON_MAX_DEPTH)
    return fail (self, &self->tok_pos, _("nesting deeper than %d levels"), DG_JSON_MAX_DEPTH);

  self->pos++;
  self->depth++;
  self->stack[self->depth] = c;
  if (c == '{')
    {
      self->key_base[self->depth] = self->keys->len;
      self->state = ST_FIRST_KEY;
      return DG_JSON_OBJECT_BEGIN;
    }
  self->state = ST_FIRST_VALUE;
  return DG_JSON_ARRAY_BEGIN;
}

static DgJsonToken
pop (DgJsonReader *self)
{
  char c = self->stack[self->depth];

  if (c == '{')
    pop_keys (self);
  self->pos++;
  self->depth--;
  self->state = self->depth == 0 ? ST_DONE : ST_AFTER_VALUE;
  return c == '{' ? DG_JSON_OBJECT_END : DG_JSON_ARRAY_END;
}

static void
after_scalar (DgJsonReader *self)
{
  self->state = self->depth == 0 ? ST_DONE : ST_AFTER_VALUE;
}

static int
hex4 (const guchar *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int c = p[i], d;

      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* Reads the string at self->pos (a '"'). Strings without escapes are
 * handed out where they lie in the buffer; others are decoded into the
 * scratch buffer. */
static gboolean
scan_string (DgJsonReader *self)
{
  for (;;)
    {
      const guchar *start = (const guchar *) self->buf + self->pos;
      const guchar *end = (const guchar *) self->buf + self->end;
      const guchar *p = start + 1;
      const guchar *run = p;
      gboolean escaped = FALSE;
      guint64 cont = 0;
      DgJsonPos pos;

      g_string_truncate (self->scratch, 0);
      while (p < end)
        {
          guchar c = *p;
          guint8 cls = string_class[c];

          if (G_LIKELY (cls == 0))
            {
              p++;
              continue;
            }

          if (cls == 1)
            {
              if (escaped)
                {
                  put (self->scratch, (const char *) run, (gsize) (p - run));
                  self->str = self->scratch->str;
                  self->str_len = self->scratch->len;
                }
              else
                {
                  self->str = (const char *) start + 1;
                  self->str_len = (gsize) (p - start - 1);
                }
              self->line_cont += cont;
              self->pos = (gsize) ((const char *) p + 1 - self->buf);
              return TRUE;
            }

          if (cls == 3)
            {
              g_autofree char *what = describe_char (p, 1);

              pos = pos_at (self, (gsize) ((const char *) p - self->buf), cont);
              /* Translators: %s is U+0009 and the like */
              fail (self, &pos, _("syntax error: the control character %s must be escaped in a string"), what);
              return FALSE;
            }

          if (cls == 4)
            {
              int n = utf8_sequence (p, (gsize) (end - p));

              if (n < 0)
                break;  /* need more input */
              if (n == 0)
                {
                  pos = pos_at (self, (gsize) ((const char *) p - self->buf), cont);
                  fail (self, &pos, _("invalid UTF-8 (byte 0x%02x)"), c);
                  return FALSE;
                }
              cont += (guint64) n - 1;
              p += n;
              continue;
            }

          /* A backslash. */
          if (end - p < 2)
            break;
          put (self->scratch, (const char *) run, (gsize) (p - run));
          escaped = TRUE;
          switch (p[1])
            {
            case '"':  put_c (self->scratch, '"'); p += 2; break;
            case '\\': put_c (self->scratch, '\\'); p += 2; break;
            case '/':  put_c (self->scratch, '/'); p += 2; break;
            case 'b':  put_c (self->scratch, '\b'); p += 2; break;
            case 'f':  put_c (self->scratch, '\f'); p += 2; break;
            case 'n':  put_c (self->scratch, '\n'); p += 2; break;
            case 'r':  put_c (self->scratch, '\r'); p += 2; break;
            case 't':  put_c (self->scratch, '\t'); p += 2; break;
            case 'u':
              {
                int cp, lo;

                if (end - p < 6)
                  goto more;
                cp = hex4 (p + 2);
                if (cp < 0)
                  {
                    pos = pos_at (self, (gsize) ((const char *) p - self->buf), cont);
                    fail (self, &pos, _("syntax error: “\\u” must be followed by four hexadecimal digits"));
                    return FALSE;
                  }
                if (cp >= 0xD800 && cp <= 0xDBFF)
                  {
                    if (end - p < 12 && !self->eof)
                      goto more;
                    lo = end - p >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4 (p + 8) : -1;
                    if (lo < 0xDC00 || lo > 0xDFFF)
                      {
                        pos = pos_at (self, (gsize) ((const char *) p - self->buf), cont);
                        fail (self, &pos, _("a lone UTF-16 surrogate “\\u%04x”: it must be followed by its low half (\\udc00 to \\udfff)"),
                              cp);
                        return FALSE;
                      }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 12;
                  }
                else if (cp >= 0xDC00 && cp <= 0xDFFF)
                  {
                    pos = pos_at (self, (gsize) ((const char *) p - self->buf), cont);
                    fail (self, &pos, _("a lone UTF-16 surrogate “\\u%04x”: it must follow its high half (\\ud800 to \\udbff)"),
                          cp);
                    return FALSE;
                  }
                else
                  p += 6;
                g_string_append_unichar (self->scratch, (gunichar) cp);
              }
              break;
            default:
              {
                g_autofree char *what = NULL;

                if (p[1] >= 0x80 && utf8_sequence (p + 1, (gsize) (end - p - 1)) < 0)
                  goto more;
                what = describe_char (p + 1, (gsize) (end - p - 1));
                pos = pos_at (self, (gsize) ((const char *) p - self->buf), cont);
                if (what == NULL)
                  fail (self, &pos, _("invalid UTF-8 (byte 0x%02x)"), p[1]);
                else
                  /* Translators: %s is “x” in \x */
                  fail (self, &pos, _("syntax error: “\\” followed by %s is not an escape in JSON (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)"),
                        what);
                return FALSE;
              }
            }
          run = p;
        }

    more:
      /* At the end of the input the scan above knew it was there: what is
       * missing is missing. Otherwise read on and scan again with more. */
      if (self->eof)
        {
          pos = pos_at (self, self->pos, 0);
          if (self->io_error != NULL)
            fail (self, &pos, "%s", self->io_error->message);
          else
            fail (self, &pos, _("syntax error: the string is not closed (a “\"” is missing)"));
          return FALSE;
        }
      refill (self);
    }
}

/* A key of the open object: refused when the object already has it. */
static void
check_key (DgJsonReader *self)
{
  guint d = self->depth;
  guint first = self->key_base[d];
  KeyEntry entry;
  const KeyEntry *other = NULL;

  if (self->key_index[d] != NULL)
    {
      g_autoptr(GBytes) key = g_bytes_new_static (self->str, self->str_len);
      gpointer index;

      if (g_hash_table_lookup_extended (self->key_index[d], key, NULL, &index))
        other = &g_array_index (self->keys, KeyEntry, GPOINTER_TO_UINT (index));
    }
  else
    for (guint i = first; i < self->keys->len; i++)
      {
        const KeyEntry *e = &g_array_index (self->keys, KeyEntry, i);

        if (e->length == self->str_len && memcmp (self->key_text->str + e->offset, self->str, e->length) == 0)
          {
            other = e;
            break;
          }
      }

  if (other != NULL)
    {
      g_autofree char *name = dg_json_escape_for_message (self->str, (gssize) self->str_len, 60);
      g_autofree char *message =
        g_strdup_printf (_("duplicate key “%s” (first at line %u, column %u)"),
                         name, other->pos.line, other->pos.column);

      if (self->problem_func != NULL)
        self->problem_func (&self->tok_pos, message, self->problem_data);
      else
        fail (self, &self->tok_pos, "%s", message);
      return;
    }

  entry.offset = self->key_text->len;
  entry.length = self->str_len;
  entry.pos = self->tok_pos;
  put (self->key_text, self->str, (gsize) ((gssize) self->str_len));
  g_array_append_val (self->keys, entry);

  if (self->key_index[d] == NULL && self->keys->len - first > LINEAR_KEYS)
    {
      self->key_index[d] = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                  (GDestroyNotify) g_bytes_unref, NULL);
      for (guint i = first; i < self->keys->len; i++)
        {
          const KeyEntry *e = &g_array_index (self->keys, KeyEntry, i);

          g_hash_table_insert (self->key_index[d],
                               g_bytes_new (self->key_text->str + e->offset, e->length),
                               GUINT_TO_POINTER (i));
        }
    }
  else if (self->key_index[d] != NULL)
    g_hash_table_insert (self->key_index[d], g_bytes_new (self->str, self->str_len),
                         GUINT_TO_POINTER (self->keys->len - 1));
}

static gboolean
is_word_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '+' || c == '-';
}

/* A number, or what tried to be one, at self->pos. */
static DgJsonToken
scan_number (DgJsonReader *self)
{
  const char *p, *q, *end;
  const char *problem = NULL;
  gsize n;

  /* The whole run of number-like bytes first, so the grammar below never
   * meets the end of the buffer in the middle. */
  for (;;)
    {
      p = self->buf + self->pos;
      end = self->buf + self->end;
      q = p;
      while (q < end && is_word_char ((guchar) *q))
        q++;
      if (q < end || self->eof)
        break;
      refill (self);
    }
  end = q;
  q = p;

  if (*q == '-')
    q++;
  if (q == end || !g_ascii_isdigit (*q))
    problem = *p == '-' ? _("syntax error: “-” must be followed by a digit")
                        : _("syntax error: a number must start with a digit or “-”");
  else if (*q == '0' && q + 1 < end && g_ascii_isdigit (q[1]))
    problem = _("syntax error: numbers must not start with 0 (JSON has no octal numbers)");
  else
    {
      if (*q == '0')
        q++;
      else
        while (q < end && g_ascii_isdigit (*q))
          q++;
      if (q < end && *q == '.')
        {
          q++;
          if (q == end || !g_ascii_isdigit (*q))
            problem = _("syntax error: a number needs a digit after “.”");
          while (q < end && g_ascii_isdigit (*q))
            q++;
        }
      if (problem == NULL && q < end && (*q == 'e' || *q == 'E'))
        {
          q++;
          if (q < end && (*q == '+' || *q == '-'))
            q++;
          if (q == end || !g_ascii_isdigit (*q))
            problem = _("syntax error: a number needs digits in its exponent");
          while (q < end && g_ascii_isdigit (*q))
            q++;
        }
      if (problem == NULL && q < end)
        problem = _("syntax error: not a number");
    }

  n = (gsize) (end - p);
  if (problem != NULL)
    {
      g_autofree char *text = dg_json_escape_for_message (p, (gssize) n, 30);

      /* Translators: "syntax error: numbers must not start with 0 ...: “010”" */
      return fail (self, &self->tok_pos, _("%s: “%s”"), problem, text);
    }

  self->num = p;
  self->num_len = n;
  self->pos += n;
  after_scalar (self);
  return DG_JSON_NUMBER;
}

/* true, false, null, or a word JSON does not know. */
static DgJsonToken
scan_word (DgJsonReader *self)
{
  const char *p;
  gsize avail, n = 0;
  g_autofree char *text = NULL;

  avail = ensure (self, 64);
  p = self->buf + self->pos;
  while (n < avail && (g_ascii_isalnum (p[n]) || p[n] == '_'))
    n++;

  if (n == 4 && memcmp (p, "true", 4) == 0)
    {
      self->pos += 4;
      after_scalar (self);
      return DG_JSON_TRUE;
    }
  if (n == 5 && memcmp (p, "false", 5) == 0)
    {
      self->pos += 5;
      after_scalar (self);
      return DG_JSON_FALSE;
    }
  if (n == 4 && memcmp (p, "null", 4) == 0)
    {
      self->pos += 4;
      after_scalar (self);
      return DG_JSON_NULL;
    }

  text = dg_json_escape_for_message (p, (gssize) n, 30);
  return fail (self, &self->tok_pos, _("syntax error: “%s” is not a JSON value (strings need double quotes; the words are true, false and null)"),
               text);
}

static DgJsonToken
scan_value (DgJsonReader *self,
            int           c)
{
  switch (c)
    {
    case '{':
    case '[':
      return push (self, (char) c);

    case '"':
      if (!scan_string (self))
        return DG_JSON_ERROR;
      after_scalar (self);
      return DG_JSON_STRING;

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
    case '.':
    case '+':
      return scan_number (self);

    case '\'':
      return fail (self, &self->tok_pos, _("syntax error: strings must be in double quotes, not single quotes"));

    case '/':
      return fail (self, &self->tok_pos, _("syntax error: JSON has no comments"));

    case -1:
      if (self->depth == 0 && self->state == ST_VALUE)
        {
          self->empty = TRUE;
          return fail (self, &self->tok_pos, _("the file is empty"));
        }
      return fail_eof (self);

    default:
      if (g_ascii_isalpha (c) || c == '_')
        return scan_word (self);
      return fail_char (self, _("expected a value"));
    }
}

DgJsonToken
dg_json_reader_next (DgJsonReader *self)
{
  int c;

  for (;;)
    {
      if (self->state == ST_ERROR)
        return DG_JSON_ERROR;
      if (self->state == ST_END)
        return DG_JSON_END;

      c = skip_ws (self);
      self->tok_pos = pos_at (self, self->pos, 0);

      switch (self->state)
        {
        case ST_COLON:
          if (c != ':')
            return c < 0 ? fail_eof (self) : fail_char (self, _("expected “:” after the key"));
          self->pos++;
          self->state = ST_VALUE;
          self->after_comma = FALSE;
          continue;

        case ST_AFTER_VALUE:
          if (c == ',')
            {
              self->pos++;
              self->state = self->stack[self->depth] == '{' ? ST_KEY : ST_VALUE;
              self->after_comma = TRUE;
              continue;
            }
          if ((c == '}' && self->stack[self->depth] == '{') || (c == ']' && self->stack[self->depth] == '['))
            return pop (self);
          if (c < 0)
            return fail_eof (self);
          return fail_char (self, self->stack[self->depth] == '{' ? _("expected “,” or “}”")
                                                                   : _("expected “,” or “]”"));

        case ST_FIRST_KEY:
          if (c == '}')
            return pop (self);
          G_GNUC_FALLTHROUGH;
        case ST_KEY:
          if (c == '"')
            {
              if (!scan_string (self))
                return DG_JSON_ERROR;
              check_key (self);
              if (self->state == ST_ERROR)
                return DG_JSON_ERROR;
              self->state = ST_COLON;
              return DG_JSON_KEY;
            }
          if (c == '}')
            return fail (self, &self->tok_pos, _("syntax error: a “,” must be followed by another member (JSON has no trailing commas)"));
          if (c == '\'')
            return fail (self, &self->tok_pos, _("syntax error: keys must be strings in double quotes, not single quotes"));
          if (c == '/')
            return fail (self, &self->tok_pos, _("syntax error: JSON has no comments"));
          if (c < 0)
            return fail_eof (self);
          return fail_char (self, _("expected a key in double quotes"));

        case ST_FIRST_VALUE:
          if (c == ']')
            return pop (self);
          G_GNUC_FALLTHROUGH;
        case ST_VALUE:
          if ((c == ']' || c == '}') && self->depth > 0)
            {
              if (self->after_comma)
                return fail (self, &self->tok_pos, _("syntax error: a “,” must be followed by another value (JSON has no trailing commas)"));
              return fail_char (self, _("expected a value"));
            }
          return scan_value (self, c);

        case ST_DONE:
          if (c < 0)
            {
              self->state = ST_END;
              return DG_JSON_END;
            }
          if (c == '/')
            return fail (self, &self->tok_pos, _("syntax error: JSON has no comments"));
          return fail_char (self, _("only one value may be in the file, and nothing after it"));

        default:
          g_assert_not_reached ();
        }
    }
}

DgJsonPos
dg_json_reader_get_pos (DgJsonReader *self)
{
  return self->tok_pos;
}

guint
dg_json_reader_get_depth (DgJsonReader *self)
{
  return self->depth;
}

const char *
dg_json_reader_get_string (DgJsonReader *self,
                           gsize        *length)
{
  *length = self->str_len;
  return self->str;
}

const char *
dg_json_reader_get_number (DgJsonReader *self,
                           gsize        *length)
{
  *length = self->num_len;
  return self->num;
}

const char *
dg_json_reader_get_error (DgJsonReader *self,
                          DgJsonPos    *pos)
{
  if (pos != NULL)
    *pos = self->error_pos;
  return self->error;
}

gboolean
dg_json_reader_is_empty (DgJsonReader *self)
{
  return self->empty;
}

const GError *
dg_json_reader_get_io_error (DgJsonReader *self)
{
  return self->io_error;
}

guint64
dg_json_reader_get_offset (DgJsonReader *self)
{
  return self->base + self->pos;
}

static gboolean
is_container_begin (DgJsonToken t)
{
  return t == DG_JSON_OBJECT_BEGIN || t == DG_JSON_ARRAY_BEGIN;
}

gboolean
dg_json_reader_skip_value (DgJsonReader *self,
                           DgJsonToken   first,
                           GString      *canonical)
{
  guint stop = self->depth - (is_container_begin (first) ? 1 : 0);
  gboolean has_items[DG_JSON_MAX_DEPTH + 1];
  DgJsonToken t = first;

  for (;;)
    {
      guint d;

      if (t == DG_JSON_ERROR)
        return FALSE;

      if (canonical != NULL)
        {
          /* A value (or key) inside a container after another one. */
          d = self->depth - (is_container_begin (t) ? 1 : 0);
          if (t != DG_JSON_OBJECT_END && t != DG_JSON_ARRAY_END && d > stop)
            {
              gboolean in_object = self->stack[d] == '{';

              if (t == DG_JSON_KEY || !in_object)
                {
                  if (has_items[d])
                    put_c (canonical, ',');
                  has_items[d] = TRUE;
                }
            }

          switch (t)
            {
            case DG_JSON_OBJECT_BEGIN:
              put_c (canonical, '{');
              has_items[self->depth] = FALSE;
              break;
            case DG_JSON_ARRAY_BEGIN:
              put_c (canonical, '[');
              has_items[self->depth] = FALSE;
              break;
            case DG_JSON_OBJECT_END:
              put_c (canonical, '}');
              break;
            case DG_JSON_ARRAY_END:
              put_c (canonical, ']');
              break;
            case DG_JSON_KEY:
              dg_json_append_string (canonical, self->str, (gssize) self->str_len);
              put_c (canonical, ':');
              break;
            case DG_JSON_STRING:
              dg_json_append_string (canonical, self->str, (gssize) self->str_len);
              break;
            case DG_JSON_NUMBER:
              put (canonical, self->num, (gsize) ((gssize) self->num_len));
              break;
            case DG_JSON_NULL:
              put_s (canonical, "null");
              break;
            case DG_JSON_TRUE:
              put_s (canonical, "true");
              break;
            case DG_JSON_FALSE:
              put_s (canonical, "false");
              break;
            case DG_JSON_END:
            case DG_JSON_ERROR:
            default:
              g_assert_not_reached ();
            }
        }

      if (self->depth <= stop && t != DG_JSON_KEY)
        return TRUE;
      t = dg_json_reader_next (self);
      if (t == DG_JSON_END)
        return FALSE;
    }
}

/* ---- json-glib trees --------------------------------------------------- */

static JsonNode *
number_node (const char *text,
             gsize       length,
             gboolean   *ok)
{
  JsonNode *node = json_node_alloc ();
  gint64 i;
  double d;

  *ok = TRUE;
  if (dg_json_number_to_int64 (text, length, &i))
    return json_node_init_int (node, i);
  if (!dg_json_number_to_double (text, length, &d))
    {
      /* Beyond what a double holds: infinity, for a tree that is only
       * looked at (the text, not NUL-terminated, is never read as a C
       * string). */
      *ok = FALSE;
      d = text[0] == '-' ? -INFINITY : INFINITY;
    }
  return json_node_init_double (node, d);
}

/* Puts @node (transfer full) into @parent under @key, or at its end. */
static void
attach (JsonNode   *parent,
        const char *key,
        JsonNode   *node)
{
  if (JSON_NODE_HOLDS_OBJECT (parent))
    json_object_set_member (json_node_get_object (parent), key, node);
  else
    json_array_add_element (json_node_get_array (parent), node);
}

static void
report_problem (DgJsonReader *self,
                const char   *message)
{
  if (self->problem_func != NULL)
    self->problem_func (&self->tok_pos, message, self->problem_data);
}

JsonNode *
dg_json_reader_read_node (DgJsonReader *self,
                          DgJsonToken   first)
{
  JsonNode *stack[DG_JSON_MAX_DEPTH + 1];
  char *keys[DG_JSON_MAX_DEPTH + 1] = { NULL };
  int sp = -1;
  JsonNode *root = NULL;
  DgJsonToken t = first;

  for (;;)
    {
      JsonNode *node = NULL;
      gboolean ok = TRUE;

      switch (t)
        {
        case DG_JSON_ERROR:
        case DG_JSON_END:
          for (int i = 0; i <= sp; i++)
            g_free (keys[i]);
          g_clear_pointer (&root, json_node_unref);
          return NULL;

        case DG_JSON_KEY:
          g_free (keys[sp]);
          keys[sp] = g_strndup (self->str, self->str_len);
          if (memchr (self->str, 0, self->str_len) != NULL)
            report_problem (self, _("U+0000 (\\u0000) cannot be kept in a key here"));
          t = dg_json_reader_next (self);
          continue;

        case DG_JSON_OBJECT_END:
        case DG_JSON_ARRAY_END:
          g_clear_pointer (&keys[sp], g_free);
          sp--;
          if (sp < 0)
            return root;
          t = dg_json_reader_next (self);
          continue;

        case DG_JSON_OBJECT_BEGIN:
          node = json_node_alloc ();
          json_node_init_object (node, NULL);
          json_node_take_object (node, json_object_new ());
          break;
        case DG_JSON_ARRAY_BEGIN:
          node = json_node_alloc ();
          json_node_init_array (node, NULL);
          json_node_take_array (node, json_array_new ());
          break;
        case DG_JSON_STRING:
          /* Read for a check (a problem function): a tree would cut the
           * string, so say so; read for a look (none): cut it. */
          if (self->problem_func != NULL && memchr (self->str, 0, self->str_len) != NULL)
            {
              report_problem (self, _("U+0000 (\\u0000) cannot be kept in a string here"));
              node = json_node_init_null (json_node_alloc ());
            }
          else
            {
              g_autofree char *s = g_strndup (self->str, self->str_len);

              node = json_node_init_string (json_node_alloc (), s);
            }
          break;
        case DG_JSON_NUMBER:
          node = number_node (self->num, self->num_len, &ok);
          if (!ok)
            {
              g_autofree char *text = dg_json_escape_for_message (self->num, (gssize) self->num_len, 40);
              g_autofree char *message = g_strdup_printf (_("the number %s is out of range here (beyond ±1.8e308)"),
                                                          text);

              report_problem (self, message);
            }
          else if (self->problem_func != NULL && json_node_get_value_type (node) == G_TYPE_DOUBLE
                   && memchr (self->num, '.', self->num_len) == NULL && memchr (self->num, 'e', self->num_len) == NULL
                   && memchr (self->num, 'E', self->num_len) == NULL)
            {
              /* A whole number beyond 64 bits would come back as a double,
               * no longer the same whole number. */
              g_autofree char *text = dg_json_escape_for_message (self->num, (gssize) self->num_len, 40);
              g_autofree char *message = g_strdup_printf (_("the whole number %s is too large to keep exactly here (the limit is 64 bits)"),
                                                          text);

              report_problem (self, message);
            }
          break;
        case DG_JSON_TRUE:
        case DG_JSON_FALSE:
          node = json_node_init_boolean (json_node_alloc (), t == DG_JSON_TRUE);
          break;
        case DG_JSON_NULL:
        default:
          node = json_node_init_null (json_node_alloc ());
          break;
        }

      if (sp >= 0)
        attach (stack[sp], keys[sp], node);
      else
        root = node;

      if (is_container_begin (t))
        {
          stack[++sp] = node;
          keys[sp] = NULL;
        }
      else if (sp < 0)
        return root;

      t = dg_json_reader_next (self);
    }
}

JsonNode *
dg_json_parse_node (const char *text,
                    gssize      length)
{
  DgJsonReader *reader;
  JsonNode *node = NULL;
  DgJsonToken t;

  if (length < 0)
    length = (gssize) strlen (text);
  reader = dg_json_reader_new (text, (gsize) length);
  t = dg_json_reader_next (reader);
  if (t != DG_JSON_ERROR)
    node = dg_json_reader_read_node (reader, t);
  if (node != NULL && dg_json_reader_next (reader) != DG_JSON_END)
    g_clear_pointer (&node, json_node_unref);
  dg_json_reader_free (reader);
  return node;
}

/* ---- numbers ------------------------------------------------------------ */

gboolean
dg_json_number_to_int64 (const char *text,
                         gsize       length,
                         gint64      *value)
{
  const char *p = text, *end = text + length;
  gboolean negative = FALSE;
  guint64 v = 0;

  if (p < end && *p == '-')
    negative = TRUE, p++;
  if (p == end)
    return FALSE;
  for (; p < end; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (v > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  if (negative)
    {
      if (v > (guint64) G_MAXINT64 + 1)
        return FALSE;
      *value = v == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) v;
    }
  else
    {
      if (v > (guint64) G_MAXINT64)
        return FALSE;
      *value = (gint64) v;
    }
  return TRUE;
}

gboolean
dg_json_number_to_double (const char *text,
                          gsize       length,
                          double     *value)
{
  char stack_buf[64];
  g_autofree char *heap_buf = NULL;
  char *buf = stack_buf;
  double v;

  /* Integers of up to 15 digits are exact in a double: no parsing needed. */
  if (length <= 16)
    {
      gboolean negative = length > 0 && text[0] == '-';
      gsize i = negative ? 1 : 0;
      gint64 n = 0;

      if (i < length)
        {
          for (; i < length && g_ascii_isdigit (text[i]); i++)
            n = n * 10 + (text[i] - '0');
          if (i == length)
            {
              *value = negative ? -(double) n : (double) n;
              return TRUE;
            }
        }
    }

  if (length >= sizeof stack_buf)
    {
      heap_buf = g_malloc (length + 1);
      buf = heap_buf;
    }
  memcpy (buf, text, length);
  buf[length] = '\0';

  /* The nearest double, as every JSON reader takes it; what is below the
   * smallest one is 0. Only what is beyond the largest has none. */
  v = g_ascii_strtod (buf, NULL);
  if (!isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

static void
format_precision (char   *buf,
                  gsize   size,
                  double  value,
                  int     precision)
{
  char format[8];

  g_snprintf (format, sizeof format, "%%.%dg", precision);
  g_ascii_formatd (buf, (int) size, format, value);
}

/* Digits of the mantissa of %g output. */
static int
significant_digits (const char *text)
{
  int n = 0;
  gboolean leading = TRUE;

  for (const char *p = text; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (leading && *p == '0')
        continue;
      leading = FALSE;
      n++;
    }
  return n;
}

/* Decimal digits of @value into @buf (21 bytes or more): printf costs a
 * save of 50,000 amounts a twentieth of its time. */
static void
format_int64 (char   *buf,
              gint64  value)
{
  char digits[20];
  guint64 u = value < 0 ? -(guint64) value : (guint64) value;
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u > 0);
  if (value < 0)
    *buf++ = '-';
  while (n > 0)
    *buf++ = digits[--n];
  *buf = '\0';
}

void
dg_json_format_double (char   *buf,
                       gsize   size,
                       double  value)
{
  g_return_if_fail (size >= DG_JSON_DOUBLE_BUF_SIZE);

  if (value == 0 || !isfinite (value))
    {
      /* Never "-0"; non-finite numbers have no JSON form, and callers
       * never pass them. */
      g_strlcpy (buf, "0", size);
      return;
    }
  if (value == floor (value) && fabs (value) < 1e21)
    {
      if (fabs (value) < 9.2e18 && size >= 21)
        format_int64 (buf, (gint64) value);
      else if (fabs (value) < 9.2e18)
        g_snprintf (buf, size, "%" G_GINT64_FORMAT, (gint64) value);
      else
        g_ascii_formatd (buf, (int) size, "%.0f", value);
      return;
    }
  format_precision (buf, size, value, 15);
  if (g_ascii_strtod (buf, NULL) == value)
    {
      /* Fewer than 15 digits: nothing shorter reads back (the digits after
       * them are zeros). 15 digits: a shorter form may exist. */
      char shorter[DG_JSON_DOUBLE_BUF_SIZE];

      if (significant_digits (buf) < 15)
        return;
      for (int precision = 14; precision >= 1; precision--)
        {
          format_precision (shorter, sizeof shorter, value, precision);
          if (g_ascii_strtod (shorter, NULL) != value)
            break;
          g_strlcpy (buf, shorter, size);
        }
      return;
    }
  format_precision (buf, size, value, 16);
  if (g_ascii_strtod (buf, NULL) != value)
    format_precision (buf, size, value, 17);
}

/* A double in a json-glib tree keeps reading as a double: 2.0, not 2. */
static void
format_node_double (char   *buf,
                    gsize   size,
                    double  value)
{
  dg_json_format_double (buf, size, value);
  if (strpbrk (buf, ".eE") == NULL)
    g_strlcat (buf, ".0", size);
}

/* ---- writing ------------------------------------------------------------ */


void
dg_json_append_string (GString    *out,
                       const char *text,
                       gssize      length)
{
  const guchar *p = (const guchar *) text;
  const guchar *end, *run;

  if (length < 0)
    length = (gssize) strlen (text);
  end = p + length;
  run = p;

  put_c (out, '"');
  while (p < end)
    {
      guchar c;
      guint8 cls;

      /* Eight plain bytes at a time (most text is): no byte below 0x20, no
       * '"', no '\\', none from 0x80. Each test is exact for "any byte
       * matches" (the borrows only reach bytes after a match). */
      while (end - p >= 8)
        {
          guint64 v, q, b;

          memcpy (&v, p, 8);
          q = v ^ G_GUINT64_CONSTANT (0x2222222222222222);
          b = v ^ G_GUINT64_CONSTANT (0x5c5c5c5c5c5c5c5c);
          if (((v | ((v - G_GUINT64_CONSTANT (0x2020202020202020)) & ~v)
                | ((q - G_GUINT64_CONSTANT (0x0101010101010101)) & ~q)
                | ((b - G_GUINT64_CONSTANT (0x0101010101010101)) & ~b))
               & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
            break;
          p += 8;
        }
      if (p >= end)
        break;
      c = *p;
      cls = string_class[c];
      if (G_LIKELY (cls == 0))
        {
          p++;
          continue;
        }
      if (cls == 4)
        {
          int n = utf8_sequence (p, (gsize) (end - p));

          if (n > 0)
            {
              p += n;
              continue;
            }
          put (out, (const char *) run, (gsize) (p - run));
          put_s (out, "\xEF\xBF\xBD");
          run = ++p;
          continue;
        }

      put (out, (const char *) run, (gsize) (p - run));
      switch (c)
        {
        case '"': put_s (out, "\\\""); break;
        case '\\': put_s (out, "\\\\"); break;
        case '\b': put_s (out, "\\b"); break;
        case '\f': put_s (out, "\\f"); break;
        case '\n': put_s (out, "\\n"); break;
        case '\r': put_s (out, "\\r"); break;
        case '\t': put_s (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = ++p;
    }
  put (out, (const char *) run, (gsize) (p - run));
  put_c (out, '"');
}

void
dg_json_writer_init (DgJsonWriter *w,
                     GString      *out,
                     gboolean      pretty)
{
  memset (w, 0, sizeof *w);
  w->out = out;
  w->pretty = pretty;
}

static inline gboolean
is_inline (DgJsonWriter *w)
{
  return w->inline_from != 0 && w->depth >= w->inline_from;
}

static void
newline (DgJsonWriter *w)
{
  static const char spaces[] = "                                                                ";
  guint n = 2 * w->depth;

  put_c (w->out, '\n');
  while (n > 0)
    {
      guint k = MIN (n, sizeof spaces - 1);

      put (w->out, spaces, (gsize) (k));
      n -= k;
    }
}

static void
before_item (DgJsonWriter *w)
{
  guint d = MIN (w->depth, G_N_ELEMENTS (w->has_items) - 1);

  if (w->has_items[d])
    put_c (w->out, ',');
  w->has_items[d] = TRUE;
  if (!w->pretty)
    return;
  if (is_inline (w))
    put_c (w->out, ' ');
  else
    newline (w);
}

static void
before_value (DgJsonWriter *w)
{
  if (w->after_key)
    {
      w->after_key = FALSE;
      return;
    }
  if (w->depth > 0)
    before_item (w);
}

static void
begin (DgJsonWriter *w,
       char          c,
       gboolean      inline_)
{
  before_value (w);
  put_c (w->out, c);
  w->depth++;
  w->has_items[MIN (w->depth, G_N_ELEMENTS (w->has_items) - 1)] = FALSE;
  if (inline_ && w->inline_from == 0)
    w->inline_from = w->depth;
}

static void
end (DgJsonWriter *w,
     char          c)
{
  gboolean had = w->has_items[MIN (w->depth, G_N_ELEMENTS (w->has_items) - 1)];
  gboolean inl = is_inline (w);

  if (w->inline_from == w->depth)
    w->inline_from = 0;
  w->depth--;
  if (w->pretty && had)
    {
      if (inl)
        put_c (w->out, ' ');
      else
        newline (w);
    }
  put_c (w->out, c);
}

void
dg_json_writer_begin_object (DgJsonWriter *w,
                             gboolean      inline_)
{
  begin (w, '{', inline_);
}

void
dg_json_writer_end_object (DgJsonWriter *w)
{
  end (w, '}');
}

void
dg_json_writer_begin_array (DgJsonWriter *w,
                            gboolean      inline_)
{
  begin (w, '[', inline_);
}

void
dg_json_writer_end_array (DgJsonWriter *w)
{
  end (w, ']');
}

void
dg_json_writer_key (DgJsonWriter *w,
                    const char   *key,
                    gssize        length)
{
  before_item (w);
  dg_json_append_string (w->out, key, length);
  put_c (w->out, ':');
  if (w->pretty)
    put_c (w->out, ' ');
  w->after_key = TRUE;
}

/**
 * dg_json_writer_plain_key:
 * @key: a member name that needs no escaping (printable ASCII, no '"' or
 *   '\\'), such as the file format's own names
 *
 * dg_json_writer_key() without looking for what to escape: a save writes
 * a million of these.
 */
void
dg_json_writer_plain_key (DgJsonWriter *w,
                          const char   *key)
{
  gsize length = strlen (key);

  before_item (w);
  put_c (w->out, '"');
  put (w->out, key, length);
  if (w->pretty)
    put (w->out, "\": ", 3);
  else
    put (w->out, "\":", 2);
  w->after_key = TRUE;
}

void
dg_json_writer_string (DgJsonWriter *w,
                       const char   *text,
                       gssize        length)
{
  before_value (w);
  dg_json_append_string (w->out, text, length);
}

void
dg_json_writer_double (DgJsonWriter *w,
                       double        value)
{
  char buf[DG_JSON_DOUBLE_BUF_SIZE];

  before_value (w);
  dg_json_format_double (buf, sizeof buf, value);
  put_s (w->out, buf);
}

void
dg_json_writer_int (DgJsonWriter *w,
                    gint64        value)
{
  char buf[24];

  before_value (w);
  format_int64 (buf, value);
  put_s (w->out, buf);
}

void
dg_json_writer_boolean (DgJsonWriter *w,
                        gboolean      value)
{
  before_value (w);
  put_s (w->out, value ? "true" : "false");
}

void
dg_json_writer_null (DgJsonWriter *w)
{
  before_value (w);
  put_s (w->out, "null");
}

/* The end of the canonical string starting at @p (a '"'): after its '"'. */
static const char *
skip_canonical_string (const char *p,
                       const char *end)
{
  for (p++; p < end && *p != '"'; p++)
    if (*p == '\\')
      p++;
  return MIN (p + 1, end);
}

/* Walks canonical text (trusted: it came from the reader) and writes it
 * through @w, so it is indented like the rest. @members: the text is the
 * inside of an object, written into the object @w has open. */
static void
write_canonical (DgJsonWriter *w,
                 const char   *text,
                 gsize         length,
                 gboolean      members)
{
  const char *p = text, *end = text + length;

  if (members)
    {
      /* Skip the outer braces. */
      if (p < end && *p == '{')
        p++;
      if (end > p && end[-1] == '}')
        end--;
    }

  while (p < end)
    {
      const char *q;

      switch (*p)
        {
        case '{':
          dg_json_writer_begin_object (w, FALSE);
          p++;
          break;
        case '[':
          dg_json_writer_begin_array (w, FALSE);
          p++;
          break;
        case '}':
          dg_json_writer_end_object (w);
          p++;
          break;
        case ']':
          dg_json_writer_end_array (w);
          p++;
          break;
        case ',':
        case ':':
          p++;
          break;
        case '"':
          q = skip_canonical_string (p, end);
          if (q < end && *q == ':')
            {
              before_item (w);
              put (w->out, p, (gsize) (q - p));
              put_c (w->out, ':');
              if (w->pretty)
                put_c (w->out, ' ');
              w->after_key = TRUE;
              q++;
            }
          else
            {
              before_value (w);
              put (w->out, p, (gsize) (q - p));
            }
          p = q;
          break;
        default:
          q = p;
          while (q < end && *q != ',' && *q != ']' && *q != '}')
            q++;
          before_value (w);
          put (w->out, p, (gsize) (q - p));
          p = q;
          break;
        }
    }
}

void
dg_json_writer_raw (DgJsonWriter *w,
                    const char   *canonical,
                    gssize        length)
{
  if (length < 0)
    length = (gssize) strlen (canonical);
  if (!w->pretty)
    {
      before_value (w);
      put (w->out, canonical, (gsize) (length));
      return;
    }
  write_canonical (w, canonical, (gsize) length, FALSE);
}

/* The end of the canonical value starting at @p. */
static const char *
skip_canonical_value (const char *p,
                      const char *end)
{
  int depth = 0;

  while (p < end)
    {
      switch (*p)
        {
        case '"':
          p = skip_canonical_string (p, end);
          if (depth == 0)
            return p;
          continue;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          if (depth == 0)
            return p;
          if (--depth == 0)
            return p + 1;
          break;
        case ',':
          if (depth == 0)
            return p;
          break;
        default:
          break;
        }
      p++;
    }
  return p;
}

/* Whether the canonical key text [p, q) (quotes included) is @key. */
static gboolean
canonical_key_is (const char *p,
                  const char *q,
                  const char *key)
{
  gsize n = strlen (key);
  gboolean same = FALSE;

  if (memchr (p, '\\', (gsize) (q - p)) == NULL)
    return (gsize) (q - p) == n + 2 && memcmp (p + 1, key, n) == 0;

  {
    DgJsonReader *r = dg_json_reader_new (p, (gsize) (q - p));

    if (dg_json_reader_next (r) == DG_JSON_STRING)
      same = r->str_len == n && memcmp (r->str, key, n) == 0;
    dg_json_reader_free (r);
  }
  return same;
}

void
dg_json_writer_raw_members (DgJsonWriter       *w,
                            const char         *canonical_object,
                            const char * const *skip_keys,
                            JsonObject         *skip_object)
{
  const char *p, *end;

  if (canonical_object == NULL)
    return;
  p = canonical_object;
  end = p + strlen (p);
  if (p < end && *p == '{')
    p++;
  if (end > p && end[-1] == '}')
    end--;

  while (p < end)
    {
      const char *key_end, *value, *value_end;
      gboolean skip = FALSE;

      if (*p == ',')
        {
          p++;
          continue;
        }
      key_end = skip_canonical_string (p, end);
      value = key_end + 1;  /* after ':' */
      value_end = skip_canonical_value (value, end);

      for (guint i = 0; skip_keys != NULL && skip_keys[i] != NULL && !skip; i++)
        skip = canonical_key_is (p, key_end, skip_keys[i]);
      if (!skip && skip_object != NULL)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          json_object_iter_init_ordered (&iter, skip_object);
          while (!skip && json_object_iter_next_ordered (&iter, &name, &member))
            skip = canonical_key_is (p, key_end, name);
        }

      if (!skip)
        {
          before_item (w);
          put (w->out, p, (gsize) (key_end - p));
          put_c (w->out, ':');
          if (w->pretty)
            put_c (w->out, ' ');
          w->after_key = TRUE;
          dg_json_writer_raw (w, value, value_end - value);
        }
      p = value_end;
    }
}

void
dg_json_writer_node (DgJsonWriter *w,
                     JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      dg_json_writer_null (w);
      return;
    }

  /* Deeper than a file may be: what the loader would refuse is never
   * written. */
  if ((JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node)) && w->depth >= DG_JSON_MAX_DEPTH)
    {
      dg_json_writer_null (w);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *member;

      dg_json_writer_begin_object (w, FALSE);
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &key, &member))
        {
          dg_json_writer_key (w, key, -1);
          dg_json_writer_node (w, member);
        }
      dg_json_writer_end_object (w);
      return;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      dg_json_writer_begin_array (w, FALSE);
      for (guint i = 0; i < json_array_get_length (array); i++)
        dg_json_writer_node (w, json_array_get_element (array, i));
      dg_json_writer_end_array (w);
      return;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      dg_json_writer_string (w, json_node_get_string (node), -1);
      break;
    case G_TYPE_BOOLEAN:
      dg_json_writer_boolean (w, json_node_get_boolean (node));
      break;
    case G_TYPE_DOUBLE:
      {
        double v = json_node_get_double (node);
        char buf[DG_JSON_DOUBLE_BUF_SIZE + 2];

        /* NaN and infinity have no JSON form; a tree only holds them by
         * mistake, and null is the one value that says "no number". */
        if (!isfinite (v))
          {
            dg_json_writer_null (w);
            break;
          }
        before_value (w);
        format_node_double (buf, sizeof buf, v);
        put_s (w->out, buf);
      }
      break;
    default:
      dg_json_writer_int (w, json_node_get_int (node));
      break;
    }
}

char *
dg_json_node_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);
  DgJsonWriter w;

  dg_json_writer_init (&w, out, FALSE);
  dg_json_writer_node (&w, node);
  return g_string_free (out, FALSE);
}

JsonObject *
dg_json_object_from_canonical (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;
  node = dg_json_parse_node (text, -1);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

char *
dg_json_object_to_canonical (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL || json_object_get_size (object) == 0)
    return NULL;
  node = json_node_init_object (json_node_alloc (), object);
  return dg_json_node_to_string (node);
}
