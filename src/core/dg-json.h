/* dg-json.h: strict JSON (RFC 8259): a pull reader that says where every
 * problem is, and a writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Containers nested deeper than this are refused (the top-level value is
 * level 1). */
#define DG_JSON_MAX_DEPTH 64

typedef enum
{
  DG_JSON_ERROR,         /* not JSON: see dg_json_reader_get_error() */
  DG_JSON_END,           /* the one value ended and only whitespace followed */
  DG_JSON_NULL,
  DG_JSON_FALSE,
  DG_JSON_TRUE,
  DG_JSON_NUMBER,
  DG_JSON_STRING,
  DG_JSON_KEY,           /* a member's name; its value is the next token */
  DG_JSON_OBJECT_BEGIN,
  DG_JSON_OBJECT_END,
  DG_JSON_ARRAY_BEGIN,
  DG_JSON_ARRAY_END,
} DgJsonToken;

/* Where a token starts: 1-based line and column (in characters). */
typedef struct
{
  guint line;
  guint column;
} DgJsonPos;

typedef struct _DgJsonReader DgJsonReader;

/* A problem that does not stop the reading (a duplicate key): the caller
 * decides what it means. @message is translated, valid UTF-8. */
typedef void (*DgJsonProblemFunc) (const DgJsonPos *pos,
                                   const char      *message,
                                   gpointer         user_data);

DgJsonReader *dg_json_reader_new            (const char        *data,
                                             gsize              length);
DgJsonReader *dg_json_reader_new_for_stream (GInputStream      *stream,
                                             GCancellable      *cancellable);
void          dg_json_reader_free           (DgJsonReader      *self);
/* Stream mode: more bytes than this are an input error. */
void          dg_json_reader_set_max_length (DgJsonReader      *self,
                                             guint64            max_length);
void          dg_json_reader_set_problem_func (DgJsonReader    *self,
                                             DgJsonProblemFunc  func,
                                             gpointer           user_data);

DgJsonToken   dg_json_reader_next           (DgJsonReader      *self);
/* The current token's place. */
DgJsonPos     dg_json_reader_get_pos        (DgJsonReader      *self);
guint         dg_json_reader_get_depth      (DgJsonReader      *self);
/* STRING and KEY: the decoded text, valid UTF-8, not NUL-terminated and
 * possibly holding U+0000; valid until the next call. */
const char   *dg_json_reader_get_string     (DgJsonReader      *self,
                                             gsize             *length);
/* NUMBER: the number exactly as written. */
const char   *dg_json_reader_get_number     (DgJsonReader      *self,
                                             gsize             *length);
/* The rest of the value whose first token @first was just returned: read it
 * (every check included) and, when @canonical is given, append the whole
 * value to it as canonical JSON (see dg-json.c). FALSE on an error. */
gboolean      dg_json_reader_skip_value     (DgJsonReader      *self,
                                             DgJsonToken        first,
                                             GString           *canonical);
/* The same value as a json-glib tree, for code that reads trees. Numbers
 * become 64-bit integers or doubles; strings with U+0000 and numbers no
 * double can hold are reported through the problem function (and the
 * value read as null), since a tree could not give them back. */
JsonNode     *dg_json_reader_read_node      (DgJsonReader      *self,
                                             DgJsonToken        first);

/* After DG_JSON_ERROR: the message (translated, valid UTF-8) and place. */
const char   *dg_json_reader_get_error      (DgJsonReader      *self,
                                             DgJsonPos         *pos);
/* The error was that there is no value at all (an empty file). */
gboolean      dg_json_reader_is_empty       (DgJsonReader      *self);
/* The error came from reading the stream, not from its text. */
const GError *dg_json_reader_get_io_error   (DgJsonReader      *self);
/* Bytes read so far. */
guint64       dg_json_reader_get_offset     (DgJsonReader      *self);

/* Numbers. A JSON number's text to the nearest double: FALSE when there is
 * none (beyond +-1.8e308). */
gboolean      dg_json_number_to_double      (const char        *text,
                                             gsize              length,
                                             double            *value);
/* TRUE when @text is an integer (no fraction, no exponent) that fits. */
gboolean      dg_json_number_to_int64       (const char        *text,
                                             gsize              length,
                                             gint64            *value);
/* The shortest text that reads back as @value (finite), integers without a
 * fraction or exponent ("38000000000"), never "-0". */
void          dg_json_format_double         (char              *buf,
                                             gsize              size,
                                             double             value);
#define DG_JSON_DOUBLE_BUF_SIZE 40

/* Text for messages: @text (any bytes, @length or -1) as valid UTF-8 with
 * control characters and invalid bytes escaped, cut at @max characters. */
char         *dg_json_escape_for_message    (const char        *text,
                                             gssize             length,
                                             guint              max);

/* A json-glib tree as canonical JSON text. */
char         *dg_json_node_to_string        (JsonNode          *node);
/* Canonical JSON text (as kept for unknown members) as a json-glib tree,
 * for reading only: numbers no double holds become +-inf or 0, strings
 * are cut at U+0000. NULL if @text is not JSON. */
JsonNode     *dg_json_parse_node            (const char        *text,
                                             gssize             length);

/* Members unknown to this version, as the model keeps them: a canonical
 * JSON object's text, or NULL for none. These convert to and from a tree
 * for code that reads trees (with the losses of dg_json_parse_node()). */
JsonObject   *dg_json_object_from_canonical (const char        *text);
char         *dg_json_object_to_canonical   (JsonObject        *object);

/* Writing. Pretty output indents by two spaces and puts a space after
 * ':' (as Python's json.dumps (indent=2) does); compact output has no
 * whitespace. An "inline" container is written on one line even when
 * pretty: `{ "x": 0, "y": 0 }`. */
typedef struct
{
  GString *out;
  gboolean pretty;
  /*< private >*/
  guint depth;
  guint inline_from;          /* depth from which containers are inline; 0: none */
  gboolean after_key;
  guint8 has_items[DG_JSON_MAX_DEPTH + 8];
} DgJsonWriter;

void dg_json_writer_init         (DgJsonWriter *w,
                                  GString      *out,
                                  gboolean      pretty);
void dg_json_writer_begin_object (DgJsonWriter *w,
                                  gboolean      inline_);
void dg_json_writer_end_object   (DgJsonWriter *w);
void dg_json_writer_begin_array  (DgJsonWriter *w,
                                  gboolean      inline_);
void dg_json_writer_end_array    (DgJsonWriter *w);
void dg_json_writer_key          (DgJsonWriter *w,
                                  const char   *key,
                                  gssize        length);
void dg_json_writer_plain_key    (DgJsonWriter *w,
                                  const char   *key);
void dg_json_writer_string       (DgJsonWriter *w,
                                  const char   *text,
                                  gssize        length);
void dg_json_writer_double       (DgJsonWriter *w,
                                  double        value);
void dg_json_writer_int          (DgJsonWriter *w,
                                  gint64        value);
void dg_json_writer_boolean      (DgJsonWriter *w,
                                  gboolean      value);
void dg_json_writer_null         (DgJsonWriter *w);
/* A value given as canonical JSON text (see dg_json_reader_skip_value()). */
void dg_json_writer_raw          (DgJsonWriter *w,
                                  const char   *canonical,
                                  gssize        length);
/* The members of a canonical JSON object text, into the open object,
 * except those named in @skip_keys (NULL-terminated) or in @skip_object
 * (both nullable): they were written already. */
void dg_json_writer_raw_members  (DgJsonWriter       *w,
                                  const char         *canonical_object,
                                  const char * const *skip_keys,
                                  JsonObject         *skip_object);
void dg_json_writer_node         (DgJsonWriter *w,
                                  JsonNode     *node);

/* Appends @text (@length bytes, or -1) as a JSON string, quoted and
 * escaped; invalid UTF-8 is written as U+FFFD. */
void dg_json_append_string       (GString      *out,
                                  const char   *text,
                                  gssize        length);

G_END_DECLS
