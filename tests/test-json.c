/* test-json.c: the strict JSON reader and the writer (src/core/dg-json.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-json.h"
#include "dg-loader.h"

/* ---- helpers ------------------------------------------------------------ */

/* A stream that hands out at most @chunk bytes a read, so the reader's
 * buffer boundaries fall inside every kind of token. */
typedef struct
{
  GInputStream parent_instance;
  GBytes *bytes;
  gsize offset;
  gsize chunk;
} ChunkStream;

typedef GInputStreamClass ChunkStreamClass;

static GType chunk_stream_get_type (void);
G_DEFINE_TYPE (ChunkStream, chunk_stream, G_TYPE_INPUT_STREAM)

static gssize
chunk_stream_read (GInputStream  *stream,
                   void          *buffer,
                   gsize          count,
                   GCancellable  *cancellable,
                   GError       **error)
{
  ChunkStream *self = (ChunkStream *) stream;
  gsize size;
  const char *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (MIN (count, self->chunk), size - self->offset);

  if (n == 0)
    return 0;
  memcpy (buffer, data + self->offset, n);
  self->offset += n;
  return (gssize) n;
}

static void
chunk_stream_finalize (GObject *object)
{
  g_bytes_unref (((ChunkStream *) object)->bytes);
  G_OBJECT_CLASS (chunk_stream_parent_class)->finalize (object);
}

static void
chunk_stream_class_init (ChunkStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chunk_stream_finalize;
  klass->read_fn = chunk_stream_read;
}

static void
chunk_stream_init (ChunkStream *self)
{
}

static GInputStream *
chunk_stream_new (const char *data,
                  gsize       length,
                  gsize       chunk)
{
  ChunkStream *self = g_object_new (chunk_stream_get_type (), NULL);

  self->bytes = g_bytes_new (data, length);
  self->chunk = chunk;
  return G_INPUT_STREAM (self);
}

/* Reads the whole of @reader: canonical text of the value, or the error
 * as "LINE:COL: message". */
static char *
read_all (DgJsonReader *reader)
{
  GString *out = g_string_new (NULL);
  DgJsonToken t = dg_json_reader_next (reader);

  if (t != DG_JSON_ERROR && dg_json_reader_skip_value (reader, t, out)
      && dg_json_reader_next (reader) == DG_JSON_END)
    return g_string_free (out, FALSE);

  {
    DgJsonPos pos;
    const char *message = dg_json_reader_get_error (reader, &pos);

    g_string_free (out, TRUE);
    return g_strdup_printf ("%u:%u: %s", pos.line, pos.column, message != NULL ? message : "(no message)");
  }
}

/* Problems that do not stop the reader (duplicate keys), when asked for:
 * without a problem function the reader treats them as errors. */
static void
record_problem (const DgJsonPos *pos,
                const char      *message,
                gpointer         user_data)
{
  g_ptr_array_add (user_data, g_strdup_printf ("%u:%u: %s", pos->line, pos->column, message));
}

static char *
parse_full (const char *text,
            gssize      length,
            gsize       chunk,
            GPtrArray  *problems)
{
  g_autoptr(GInputStream) stream = NULL;
  DgJsonReader *reader;
  char *result;

  if (length < 0)
    length = (gssize) strlen (text);
  if (chunk == 0)
    reader = dg_json_reader_new (text, (gsize) length);
  else
    {
      stream = chunk_stream_new (text, (gsize) length, chunk);
      reader = dg_json_reader_new_for_stream (stream, NULL);
    }
  if (problems != NULL)
    dg_json_reader_set_problem_func (reader, record_problem, problems);
  result = read_all (reader);
  dg_json_reader_free (reader);
  return result;
}

static char *
parse (const char *text,
       gssize      length)
{
  return parse_full (text, length, 0, NULL);
}

static char *
parse_chunked (const char *text,
               gsize       length,
               gsize       chunk)
{
  return parse_full (text, (gssize) length, chunk, NULL);
}

/* "LINE:COL: message" rather than a value. */
static gboolean
is_error (const char *result)
{
  const char *p = result;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == ':';
}

/* ---- JSONTestSuite -------------------------------------------------------- */

/* Valid JSON that Dealgraph refuses on purpose: a key twice in one object,
 * which other readers resolve by dropping one value without a word. */
static const char * const dealgraph_refuses[] = {
  "y_object_duplicated_key.json",
  "y_object_duplicated_key_and_value.json",
  NULL
};

/* What Dealgraph does with the cases RFC 8259 leaves open (docs/file-format.md,
 * "Strict JSON"): numbers of any size are accepted (kept as written); text
 * that is not UTF-8, lone surrogates and nesting beyond 64 are refused; a
 * byte-order mark is skipped at the start of a file. */
static const char * const implementation_accepts[] = {
  "i_number_double_huge_neg_exp.json",
  "i_number_huge_exp.json",
  "i_number_neg_int_huge_exp.json",
  "i_number_pos_double_huge_exp.json",
  "i_number_real_neg_overflow.json",
  "i_number_real_pos_overflow.json",
  "i_number_real_underflow.json",
  "i_number_too_big_neg_int.json",
  "i_number_too_big_pos_int.json",
  "i_number_very_big_negative_int.json",
  "i_structure_UTF-8_BOM_empty_object.json",
  NULL
};

static char *
suite_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "JSONTestSuite", "test_parsing", NULL);
}

static void
test_suite (void)
{
  g_autofree char *dir_path = suite_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint n_y = 0, n_n = 0, n_i = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_assert_cmpuint (names->len, ==, 318);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) json_problems = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *alone = NULL;
      g_autofree char *chunked = NULL;
      GString *wrapped = g_string_new (NULL);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(DgDocument) doc = NULL;
      gsize length;
      gboolean accepted, loaded, want;

      name = g_ptr_array_index (names, i);
      path = g_build_filename (dir_path, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

      /* Alone: the reader, in one piece and in chunks of 1 and 3 bytes. */
      alone = parse_full (contents, (gssize) length, 0, json_problems);
      accepted = !is_error (alone);
      for (gsize chunk = 1; chunk <= 3; chunk += 2)
        {
          g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_free);

          g_free (chunked);
          chunked = parse_full (contents, (gssize) length, chunk, more);
          g_assert_cmpuint (more->len, ==, json_problems->len);
          if (g_strcmp0 (alone, chunked) != 0)
            g_error ("%s: read in %zu-byte chunks gives %s, in one piece %s", name, chunk, chunked, alone);
        }

      /* Wrapped: the value of an unknown member of a valid document. */
      g_string_append (wrapped, "{\"format\": \"dealgraph\", \"version\": 1, \"companies\": [], \"deals\": [],\n"
                                "\"x_case\": ");
      g_string_append_len (wrapped, contents, (gssize) length);
      g_string_append (wrapped, "}");
      doc = dg_document_load_from_data (wrapped->str, wrapped->len, &problems, NULL);
      g_string_free (wrapped, TRUE);
      loaded = doc != NULL;

      if (name[0] == 'y')
        {
          want = TRUE;
          n_y++;
        }
      else if (name[0] == 'n')
        {
          want = FALSE;
          n_n++;
        }
      else
        {
          want = g_strv_contains (implementation_accepts, name);
          n_i++;
        }

      if (accepted != want)
        g_error ("%s: the reader %s it: %s", name, accepted ? "accepts" : "refuses", alone);
      g_assert_cmpuint (json_problems->len, ==, g_strv_contains (dealgraph_refuses, name) ? 1 : 0);
      /* A byte-order mark is skipped only at the start of a file. */
      if (loaded != (want && strcmp (name, "i_structure_UTF-8_BOM_empty_object.json") != 0
                     && !g_strv_contains (dealgraph_refuses, name)))
        g_error ("%s: the wrapped document is %s", name, loaded ? "loaded" : "refused");
      if (g_strv_contains (dealgraph_refuses, name))
        {
          DgProblem *p = g_ptr_array_index (problems, 0);

          g_assert_cmpstr (p->message, ==, "duplicate key “a” (first at line 2, column 12)");
          g_assert_cmpuint (p->line, ==, 2);
        }

      /* Every message is valid UTF-8 with a place. */
      for (guint k = 0; problems != NULL && k < problems->len; k++)
        {
          DgProblem *p = g_ptr_array_index (problems, k);

          g_assert_true (g_utf8_validate (p->message, -1, NULL));
          g_assert_cmpuint (p->line, >=, 1);
        }

      /* What loads comes back from a save exactly as written. */
      if (loaded)
        {
          g_autofree char *saved = dg_document_to_data (doc, NULL);
          g_autoptr(DgDocument) again = dg_document_load_from_data (saved, strlen (saved), NULL, NULL);
          g_autofree char *saved_again = NULL;
          g_autofree char *value = NULL;
          JsonObject *extra = dg_document_get_extra (doc);

          g_assert_nonnull (again);
          saved_again = dg_document_to_data (again, NULL);
          g_assert_cmpstr (saved, ==, saved_again);
          g_assert_nonnull (extra);
          g_assert_true (json_object_has_member (extra, "x_case"));
          /* The value's canonical text is in the save (pretty-printed). */
          value = dg_json_node_to_string (json_object_get_member (extra, "x_case"));
          g_assert_nonnull (value);
        }
    }

  g_test_message ("%u y_, %u n_, %u i_ cases", n_y, n_n, n_i);
  g_assert_cmpuint (n_y, ==, 95);
  g_assert_cmpuint (n_n, ==, 188);
  g_assert_cmpuint (n_i, ==, 35);
}

/* ---- strictness, each with its place ---------------------------------------- */

typedef struct
{
  const char *text;
  const char *result;   /* canonical text, or "LINE:COL: message" */
} Case;

static const Case cases[] = {
  /* Accepted */
  { "{\"a\": [1, -0, 0.5, 1e400, 12345678901234567890, 1E+2, -1.5e-7]}",
    "{\"a\":[1,-0,0.5,1e400,12345678901234567890,1E+2,-1.5e-7]}" },
  { " \t\r\n[ ]\n", "[]" },
  { "\xEF\xBB\xBF{}", "{}" },
  { "\"\\ud83d\\ude00 \\u00e9\\u0000\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "\"😀 é\\u0000/\\b\\f\\n\\r\\t\\\"\\\\\"" },
  { "\"\x7f \xe2\x80\xa8\"", "\"\x7f \xe2\x80\xa8\"" },
  { "{\"\": 1, \"a\\u0000b\": 2, \"a\\u0000c\": 3}", "{\"\":1,\"a\\u0000b\":2,\"a\\u0000c\":3}" },
  { "true", "true" },

  /* Refused, with the place of the problem */
  { "{/* comment */}", "1:2: syntax error: JSON has no comments" },
  { "{}\n// comment", "2:1: syntax error: JSON has no comments" },
  { "{'a': 1}", "1:2: syntax error: keys must be strings in double quotes, not single quotes" },
  { "['a']", "1:2: syntax error: strings must be in double quotes, not single quotes" },
  { "[0x10]", "1:2: syntax error: not a number: “0x10”" },
  { "[010]", "1:2: syntax error: numbers must not start with 0 (JSON has no octal numbers): “010”" },
  { "[.5]", "1:2: syntax error: a number must start with a digit or “-”: “.5”" },
  { "[5.]", "1:2: syntax error: a number needs a digit after “.”: “5.”" },
  { "[1e]", "1:2: syntax error: a number needs digits in its exponent: “1e”" },
  { "[-]", "1:2: syntax error: “-” must be followed by a digit: “-”" },
  { "[+1]", "1:2: syntax error: a number must start with a digit or “-”: “+1”" },
  { "[\"a\tb\"]", "1:4: syntax error: the control character U+0009 must be escaped in a string" },
  { "[\"a\nb\"]", "1:4: syntax error: the control character U+000A must be escaped in a string" },
  { "[\"a\x01\"]", "1:4: syntax error: the control character U+0001 must be escaped in a string" },
  { "[\"\\x41\"]", "1:3: syntax error: “\\” followed by “x” is not an escape in JSON (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)" },
  { "[\"\\a\"]", "1:3: syntax error: “\\” followed by “a” is not an escape in JSON (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)" },
  { "[\"\\u12\"]", "1:3: syntax error: “\\u” must be followed by four hexadecimal digits" },
  { "{}{}", "1:3: syntax error: unexpected “{”; only one value may be in the file, and nothing after it" },
  { "{} x", "1:4: syntax error: unexpected “x”; only one value may be in the file, and nothing after it" },
  { "[1,]", "1:4: syntax error: a “,” must be followed by another value (JSON has no trailing commas)" },
  { "{\"a\":1,}", "1:8: syntax error: a “,” must be followed by another member (JSON has no trailing commas)" },
  { "[1 2]", "1:4: syntax error: unexpected “2”; expected “,” or “]”" },
  { "{\"a\" 1}", "1:6: syntax error: unexpected “1”; expected “:” after the key" },
  { "[NaN]", "1:2: syntax error: “NaN” is not a JSON value (strings need double quotes; the words are true, false and null)" },
  { "[Infinity]", "1:2: syntax error: “Infinity” is not a JSON value (strings need double quotes; the words are true, false and null)" },
  { "[True]", "1:2: syntax error: “True” is not a JSON value (strings need double quotes; the words are true, false and null)" },
  { "[\"\\ud800\"]", "1:3: a lone UTF-16 surrogate “\\ud800”: it must be followed by its low half (\\udc00 to \\udfff)" },
  { "[\"\\ud800x\"]", "1:3: a lone UTF-16 surrogate “\\ud800”: it must be followed by its low half (\\udc00 to \\udfff)" },
  { "[\"ab\\udc00\"]", "1:5: a lone UTF-16 surrogate “\\udc00”: it must follow its high half (\\ud800 to \\udbff)" },
  { "[\"é\xff\"]", "1:4: invalid UTF-8 (byte 0xff)" },
  { "[\"\xed\xa0\x80\"]", "1:3: invalid UTF-8 (byte 0xed)" },
  { "[\xc3\xa9]", "1:2: syntax error: unexpected “é”; expected a value" },
  { "\n\n   [\"é\", \"é\", x]", "3:15: syntax error: “x” is not a JSON value (strings need double quotes; the words are true, false and null)" },
  { "\n\n   [\"é\", \"é\", #]", "3:15: syntax error: unexpected “#”; expected a value" },
  { "{\"a\": 1, \"b\": 2,\n \"a\": 3}", "2:2: duplicate key “a” (first at line 1, column 2)" },
  { "[\"abc", "1:2: syntax error: the string is not closed (a “\"” is missing)" },
  { "[1", "1:3: syntax error: unexpected end of the file" },
  { "", "0:0: the file is empty" },
  { " \n ", "0:0: the file is empty" },
  { "\xEF\xBB\xBF", "0:0: the file is empty" },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = parse (cases[i].text, -1);
      gsize length = strlen (cases[i].text);
      g_autofree char *shown = dg_json_escape_for_message (cases[i].text, -1, 100);

      g_test_message ("%s", shown);
      if (cases[i].result[0] == '0')
        {
          /* An empty input: the reader says so, without a place. */
          DgJsonReader *reader = dg_json_reader_new (cases[i].text, length);

          g_assert_cmpint (dg_json_reader_next (reader), ==, DG_JSON_ERROR);
          g_assert_true (dg_json_reader_is_empty (reader));
          dg_json_reader_free (reader);
          continue;
        }
      g_assert_cmpstr (result, ==, cases[i].result);
      g_assert_true (g_utf8_validate (result, -1, NULL));

      /* The same in chunks of every size up to 7 bytes. */
      for (gsize chunk = 1; chunk <= 7; chunk++)
        {
          g_autofree char *chunked = parse_chunked (cases[i].text, length, chunk);

          g_assert_cmpstr (chunked, ==, result);
        }
    }
}


static void
test_duplicate_keys (void)
{
  GString *keys = g_string_new ("{");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *result = NULL;
  DgJsonReader *reader;

  /* Enough keys for the hash table, the same key three times, and nested
   * objects with keys of their own. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (keys, "\"k%u\": {\"k%u\": 1, \"x\": {\"x\": 2}},\n", i, i);
  g_string_append (keys, "\"k7\": 1, \"k39\": 2, \"x\": 3, \"x\": 4}");

  reader = dg_json_reader_new (keys->str, keys->len);
  dg_json_reader_set_problem_func (reader, record_problem, problems);
  result = read_all (reader);
  dg_json_reader_free (reader);

  g_assert_false (is_error (result));
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, "41:1: duplicate key “k7” (first at line 8, column 1)");
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==, "41:10: duplicate key “k39” (first at line 40, column 1)");
  g_assert_cmpstr (g_ptr_array_index (problems, 2), ==, "41:28: duplicate key “x” (first at line 41, column 20)");
  g_string_free (keys, TRUE);
}

static void
test_nesting (void)
{
  GString *ok = g_string_new (NULL);
  GString *deep = g_string_new (NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  for (guint i = 0; i < DG_JSON_MAX_DEPTH; i++)
    g_string_append_c (ok, '[');
  for (guint i = 0; i < DG_JSON_MAX_DEPTH; i++)
    g_string_append_c (ok, ']');
  g_string_append_printf (deep, "[%s]", ok->str);

  a = parse (ok->str, -1);
  b = parse (deep->str, -1);
  g_assert_false (is_error (a));
  g_assert_cmpstr (b, ==, "1:65: nesting deeper than 64 levels");
  g_string_free (ok, TRUE);
  g_string_free (deep, TRUE);
}

/* Any bytes at all: no crash, and a message that is valid UTF-8. */
static void
test_random_bytes (void)
{
  GRand *rand = g_rand_new_with_seed (42);
  static const char alphabet[] = "{}[],:\"\\ufe0123456789.-+eEtrnulsa \n\t\xc3\xa9\xed\xa0\x80\xff";

  for (guint i = 0; i < 20000; i++)
    {
      char text[40];
      guint n = (guint) g_rand_int_range (rand, 0, sizeof text);
      g_autofree char *result = NULL;
      g_autofree char *chunked = NULL;

      for (guint k = 0; k < n; k++)
        text[k] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      result = parse (text, n);
      g_assert_true (g_utf8_validate (result, -1, NULL));
      chunked = parse_chunked (text, n, 1 + (gsize) g_rand_int_range (rand, 0, 4));
      g_assert_cmpstr (result, ==, chunked);
    }
  g_rand_free (rand);
}

/* ---- numbers --------------------------------------------------------------- */

static void
test_numbers (void)
{
  static const struct { const char *text; gboolean ok; double value; } doubles[] = {
    { "0", TRUE, 0 },
    { "-0", TRUE, 0 },
    { "123456789012345", TRUE, 123456789012345.0 },
    { "9007199254740993", TRUE, 9007199254740992.0 },
    { "1.7976931348623157e308", TRUE, 1.7976931348623157e308 },
    { "1e308", TRUE, 1e308 },
    { "1e309", FALSE, 0 },
    { "-1e400", FALSE, 0 },
    { "4.9e-324", TRUE, 4.9e-324 },
    { "1e-400", TRUE, 0 },
    { "0e-400", TRUE, 0 },
    { "0.000e99999", TRUE, 0 },
    { "12345678901234567890", TRUE, 12345678901234567890.0 },
  };
  static const struct { const char *text; gboolean ok; gint64 value; } ints[] = {
    { "9223372036854775807", TRUE, G_MAXINT64 },
    { "-9223372036854775808", TRUE, G_MININT64 },
    { "9223372036854775808", FALSE, 0 },
    { "-9223372036854775809", FALSE, 0 },
    { "18446744073709551616", FALSE, 0 },
    { "1.0", FALSE, 0 },
    { "1e2", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    {
      double v = -1;

      g_test_message ("%s", doubles[i].text);
      g_assert_cmpint (dg_json_number_to_double (doubles[i].text, strlen (doubles[i].text), &v), ==, doubles[i].ok);
      if (doubles[i].ok)
        g_assert_cmpfloat (v, ==, doubles[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    {
      gint64 v = -1;

      g_test_message ("%s", ints[i].text);
      g_assert_cmpint (dg_json_number_to_int64 (ints[i].text, strlen (ints[i].text), &v), ==, ints[i].ok);
      if (ints[i].ok)
        g_assert_cmpint (v, ==, ints[i].value);
    }
}

/* The writer's numbers read back to the same double, and are the shortest
 * that do (checked against every shorter precision). */
static void
test_format_double (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  static const struct { double v; const char *text; } fixed[] = {
    { 0.0, "0" },
    { -0.0, "0" },
    { 38e9, "38000000000" },
    { 1e20, "100000000000000000000" },
    { 1e21, "1e+21" },
    { 0.1, "0.1" },
    { 11.9e9, "11900000000" },
    { 1.5, "1.5" },
    { -2.25, "-2.25" },
    { 1e-7, "1e-07" },
    { 1.7976931348623157e308, "1.7976931348623157e+308" },
    { 5e-324, "5e-324" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1.0 / 3, "0.3333333333333333" },
    { 12345678901234567890.0, "12345678901234567168" },
    { -9.1e18, "-9100000000000000000" },
    { 9.1e18, "9100000000000000000" },
    { -1.0, "-1" },
    { 7.0, "7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      char buf[DG_JSON_DOUBLE_BUF_SIZE];

      dg_json_format_double (buf, sizeof buf, fixed[i].v);
      g_assert_cmpstr (buf, ==, fixed[i].text);
    }

  for (guint i = 0; i < 100000; i++)
    {
      char buf[DG_JSON_DOUBLE_BUF_SIZE];
      union { guint64 bits; double v; } u;
      double back;

      u.bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      if (!isfinite (u.v))
        continue;
      if (i % 3 == 0)
        u.v = round (u.v * 1e-300 * 1e300);  /* and some whole numbers */
      dg_json_format_double (buf, sizeof buf, u.v);
      g_assert_true (dg_json_number_to_double (buf, strlen (buf), &back));
      g_assert_cmpfloat (back, ==, u.v == 0 ? 0 : u.v);
      g_assert_null (strstr (buf, "inf"));
      g_assert_null (strstr (buf, "nan"));
      g_assert_false (buf[0] == '-' && back == 0);
    }
  g_rand_free (rand);
}

/* ---- the writer -------------------------------------------------------- */

/* Whole numbers without printf, and the format's own member names without
 * escaping, write what printf and dg_json_writer_key() do. */
static void
test_writer_ints_and_plain_keys (void)
{
  static const gint64 values[] = { 0, 1, -1, 9, 10, -10, 123456789, G_MAXINT64, G_MININT64, G_MININT64 + 1 };
  GString *a = g_string_new (NULL);
  GString *b = g_string_new (NULL);

  for (guint pretty = 0; pretty < 2; pretty++)
    {
      DgJsonWriter wa, wb;

      g_string_truncate (a, 0);
      g_string_truncate (b, 0);
      dg_json_writer_init (&wa, a, pretty);
      dg_json_writer_init (&wb, b, pretty);
      dg_json_writer_begin_object (&wa, FALSE);
      dg_json_writer_begin_object (&wb, FALSE);
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          g_autofree char *key = g_strdup_printf ("amount_%u", i);
          g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);
          g_autofree char *member = NULL;

          dg_json_writer_plain_key (&wa, key);
          dg_json_writer_int (&wa, values[i]);
          dg_json_writer_key (&wb, key, -1);
          dg_json_writer_raw (&wb, expected, -1);
          member = g_strdup_printf ("\"%s\":%s%s", key, pretty ? " " : "", expected);
          g_assert_nonnull (strstr (a->str, member));
        }
      dg_json_writer_end_object (&wa);
      dg_json_writer_end_object (&wb);
      g_assert_cmpstr (a->str, ==, b->str);
    }
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
}

static void
test_writer (void)
{
  GString *out = g_string_new (NULL);
  DgJsonWriter w;
  static const char * const skip[] = { "b", NULL };

  dg_json_writer_init (&w, out, TRUE);
  dg_json_writer_begin_object (&w, FALSE);
  dg_json_writer_key (&w, "list", -1);
  dg_json_writer_begin_array (&w, FALSE);
  dg_json_writer_int (&w, 1);
  dg_json_writer_string (&w, "a\nb\"\x01", -1);
  dg_json_writer_begin_object (&w, FALSE);
  dg_json_writer_end_object (&w);
  dg_json_writer_end_array (&w);
  dg_json_writer_key (&w, "p", -1);
  dg_json_writer_begin_object (&w, TRUE);
  dg_json_writer_key (&w, "x", -1);
  dg_json_writer_double (&w, 1.5);
  dg_json_writer_key (&w, "y", -1);
  dg_json_writer_double (&w, -0.0);
  dg_json_writer_raw_members (&w, "{\"b\":2,\"z\":[1e400,{\"q\":null}]}", skip, NULL);
  dg_json_writer_end_object (&w);
  dg_json_writer_raw_members (&w, "{\"a\\u0000\":{\"k\":[]},\"b\":true}", skip, NULL);
  dg_json_writer_end_object (&w);

  g_assert_cmpstr (out->str, ==,
                   "{\n"
                   "  \"list\": [\n"
                   "    1,\n"
                   "    \"a\\nb\\\"\\u0001\",\n"
                   "    {}\n"
                   "  ],\n"
                   "  \"p\": { \"x\": 1.5, \"y\": 0, \"z\": [ 1e400, { \"q\": null } ] },\n"
                   "  \"a\\u0000\": {\n"
                   "    \"k\": []\n"
                   "  }\n"
                   "}");

  /* Compact, the same thing without whitespace. */
  {
    g_autofree char *compact = parse (out->str, (gssize) out->len);

    g_assert_cmpstr (compact, ==,
                     "{\"list\":[1,\"a\\nb\\\"\\u0001\",{}],\"p\":{\"x\":1.5,\"y\":0,\"z\":[1e400,{\"q\":null}]},"
                     "\"a\\u0000\":{\"k\":[]}}");
  }
  g_string_free (out, TRUE);

  /* Invalid UTF-8 given to the writer comes out as U+FFFD, never raw. */
  out = g_string_new (NULL);
  dg_json_append_string (out, "a\xff" "b\xed\xa0\x80", -1);
  g_assert_cmpstr (out->str, ==, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
  g_string_free (out, TRUE);
}

/* json-glib trees: doubles stay doubles, integers integers, through a
 * round trip of their canonical text. */
static void
test_nodes (void)
{
  static const char *text = "{\"i\":7,\"d\":2.0,\"e\":1e2,\"big\":9223372036854775807,\"s\":\"é\",\"n\":null,"
                            "\"a\":[true,false,[],{}]}";
  g_autoptr(JsonNode) node = dg_json_parse_node (text, -1);
  g_autofree char *back = NULL;
  JsonObject *object;

  g_assert_nonnull (node);
  object = json_node_get_object (node);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "i")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "d")), ==, G_TYPE_DOUBLE);
  g_assert_cmpint (json_object_get_int_member (object, "big"), ==, G_MAXINT64);
  back = dg_json_node_to_string (node);
  g_assert_cmpstr (back, ==, "{\"i\":7,\"d\":2.0,\"e\":100.0,\"big\":9223372036854775807,\"s\":\"é\",\"n\":null,"
                             "\"a\":[true,false,[],{}]}");
  g_assert_null (dg_json_parse_node ("{\"a\":1} x", -1));
}

static void
test_escape_for_message (void)
{
  g_autofree char *a = dg_json_escape_for_message ("a\x01\n\xff\xc3\xa9", 6, 80);
  g_autofree char *b = dg_json_escape_for_message ("abcdef", -1, 3);

  g_assert_cmpstr (a, ==, "a\\u0001\\n\\xFFé");
  g_assert_cmpstr (b, ==, "abc…");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/json/json-test-suite", test_suite);
  g_test_add_func ("/dealgraph/json/strict-cases", test_cases);
  g_test_add_func ("/dealgraph/json/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/dealgraph/json/nesting", test_nesting);
  g_test_add_func ("/dealgraph/json/random-bytes", test_random_bytes);
  g_test_add_func ("/dealgraph/json/numbers", test_numbers);
  g_test_add_func ("/dealgraph/json/format-double", test_format_double);
  g_test_add_func ("/dealgraph/json/writer-ints-and-plain-keys", test_writer_ints_and_plain_keys);
  g_test_add_func ("/dealgraph/json/writer", test_writer);
  g_test_add_func ("/dealgraph/json/nodes", test_nodes);
  g_test_add_func ("/dealgraph/json/escape-for-message", test_escape_for_message);

  return g_test_run ();
}
