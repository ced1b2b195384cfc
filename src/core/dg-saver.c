/* dg-saver.c: writing Dealgraph files: the text, and the file, safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text: known fields in a fixed order, then the members this version
 * does not know, exactly as they were read (dg-json.c keeps them as
 * canonical text). Pretty-printed, unless that would make a file the
 * loader refuses as too large: then compact; a document that is too large
 * even so is not saved at all. So a save never writes what the loader
 * refuses.
 *
 * The file (docs/file-format.md, "Saving"): replaced atomically by
 * dg-atomic-file.c, which keeps its mode, owner, symbolic and hard links,
 * and leaves nothing behind when killed.
 */
#define G_LOG_DOMAIN "dealgraph-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-atomic-file.h"
#include "dg-company-private.h"
#include "dg-deal-private.h"
#include "dg-deal-state.h"
#include "dg-document-private.h"
#include "dg-json.h"
#include "dg-loader.h"
#include "dg-validate.h"

/* ---- the text --------------------------------------------------------- */

static const char * const top_keys[] = {
  "format", "version", "title", "description", "as_of", "companies", "deals", "layout", NULL
};
static const char * const company_keys[] = {
  "id", "name", "kind", "country", "valuation_usd", "valuation_as_of", "valuation_note", "description",
  "website", NULL
};
static const char * const deal_keys[] = {
  "id", "from", "to", "kind", "amount_usd", "amount_min_usd", "amount_max_usd", "amount_note", "announced",
  "term", "status", "status_note", "title", "description", "sources", NULL
};
/* The same and a history's links to other deals, for a copy that leaves
 * some deals out. */
static const char * const deal_and_link_keys[] = {
  "id", "from", "to", "kind", "amount_usd", "amount_min_usd", "amount_max_usd", "amount_note", "announced",
  "term", "status", "status_note", "title", "description", "sources", "replaced_by", "part_of", "overlaps", NULL
};
static const char * const source_keys[] = {
  "publisher", "title", "date", "url", "via", NULL
};
static const char * const position_keys[] = {
  "x", "y", "pinned", NULL
};
static const char * const layout_keys[] = {
  "algorithm", "positions", NULL
};

/* @key is always one of the format's own member names, which need no
 * escaping. */
static void
opt_string (DgJsonWriter *w,
            const char   *key,
            const char   *value)
{
  if (value == NULL)
    return;
  dg_json_writer_plain_key (w, key);
  dg_json_writer_string (w, value, -1);
}

static void
number (DgJsonWriter *w,
        const char   *key,
        double        value)
{
  dg_json_writer_plain_key (w, key);
  dg_json_writer_double (w, value);
}

static void
write_company (DgJsonWriter *w,
               DgCompany    *company)
{
  dg_json_writer_begin_object (w, FALSE);
  opt_string (w, "id", dg_company_get_id (company));
  opt_string (w, "name", dg_company_get_name (company));
  opt_string (w, "kind", dg_company_get_kind (company));
  opt_string (w, "country", dg_company_get_country (company));
  if (dg_company_has_valuation (company))
    number (w, "valuation_usd", dg_company_get_valuation (company));
  opt_string (w, "valuation_as_of", dg_company_get_valuation_as_of (company));
  opt_string (w, "valuation_note", dg_company_get_valuation_note (company));
  opt_string (w, "description", dg_company_get_description (company));
  opt_string (w, "website", dg_company_get_website (company));
  dg_json_writer_raw_members (w, _dg_company_get_unknown (company), company_keys, NULL);
  dg_json_writer_end_object (w);
}

/* Whether a link to @id cannot be written: the deal is gone from the
 * document (deleted since it was loaded; undo may bring it back, so the
 * model keeps the link) or @deal_mask leaves it out of the copy. */
static gboolean
is_out (DgDocument   *doc,
        const guint8 *deal_mask,
        const char   *id)
{
  DgDeal *other = id != NULL ? dg_document_lookup_deal (doc, id) : NULL;

  if (id != NULL && other == NULL)
    return TRUE;
  return other != NULL && deal_mask != NULL && !deal_mask[dg_deal_get_index (other)];
}

static gboolean
links_leave_copy (DgDocument     *doc,
                  const guint8   *deal_mask,
                  DgDeal         *deal)
{
  const DgDealTimeline *timeline;

  if (_dg_deal_get_unknown (deal) == NULL)
    return FALSE;
  timeline = dg_deal_get_timeline (deal);
  if (is_out (doc, deal_mask, timeline->replaced_by) || is_out (doc, deal_mask, timeline->part_of))
    return TRUE;
  for (guint k = 0; k < timeline->overlaps->len; k++)
    if (is_out (doc, deal_mask, g_ptr_array_index (timeline->overlaps, k)))
      return TRUE;
  return FALSE;
}

/* The links of a deal when some name deals the file will not have (left
 * out of a copy, or deleted): only those to deals it keeps, so the file
 * stays one the loader opens. */
static void
write_kept_links (DgJsonWriter *w,
                  DgDocument   *doc,
                  const guint8 *deal_mask,
                  DgDeal       *deal)
{
  const DgDealTimeline *timeline = dg_deal_get_timeline (deal);
  gboolean any = FALSE;

  if (timeline->replaced_by != NULL && !is_out (doc, deal_mask, timeline->replaced_by))
    opt_string (w, "replaced_by", timeline->replaced_by);
  if (timeline->part_of != NULL && !is_out (doc, deal_mask, timeline->part_of))
    opt_string (w, "part_of", timeline->part_of);
  for (guint k = 0; k < timeline->overlaps->len; k++)
    {
      const char *id = g_ptr_array_index (timeline->overlaps, k);

      if (is_out (doc, deal_mask, id))
        continue;
      if (!any)
        {
          dg_json_writer_plain_key (w, "overlaps");
          dg_json_writer_begin_array (w, TRUE);
          any = TRUE;
        }
      dg_json_writer_string (w, id, -1);
    }
  if (any)
    dg_json_writer_end_array (w);
}

static void
write_deal (DgJsonWriter *w,
            DgDeal       *deal,
            DgDocument   *doc,
            const guint8 *deal_mask)
{
  const DgAmount *amount = dg_deal_get_amount (deal);
  GPtrArray *sources = dg_deal_get_sources (deal);

  dg_json_writer_begin_object (w, FALSE);
  opt_string (w, "id", dg_deal_get_id (deal));
  opt_string (w, "from", dg_deal_get_from_id (deal));
  opt_string (w, "to", dg_deal_get_to_id (deal));
  opt_string (w, "kind", dg_deal_get_kind (deal));
  switch (amount->kind)
    {
    case DG_AMOUNT_EXACT:
      number (w, "amount_usd", amount->value);
      break;
    case DG_AMOUNT_RANGE:
      if (amount->value != amount->max)
        number (w, "amount_usd", amount->value);
      number (w, "amount_min_usd", amount->min);
      number (w, "amount_max_usd", amount->max);
      break;
    case DG_AMOUNT_UNDISCLOSED:
    default:
      if (dg_deal_get_amount_null (deal))
        {
          dg_json_writer_plain_key (w, "amount_usd");
          dg_json_writer_null (w);
        }
      break;
    }
  opt_string (w, "amount_note", dg_deal_get_amount_note (deal));
  opt_string (w, "announced", dg_deal_get_announced (deal));
  opt_string (w, "term", dg_deal_get_term (deal));
  opt_string (w, "status", dg_deal_get_status (deal));
  opt_string (w, "status_note", dg_deal_get_status_note (deal));
  opt_string (w, "title", dg_deal_get_title (deal));
  opt_string (w, "description", dg_deal_get_description (deal));

  if (sources->len > 0)
    {
      dg_json_writer_plain_key (w, "sources");
      dg_json_writer_begin_array (w, FALSE);
      for (guint i = 0; i < sources->len; i++)
        {
          DgSource *source = g_ptr_array_index (sources, i);

          dg_json_writer_begin_object (w, FALSE);
          dg_json_writer_plain_key (w, "publisher");
          dg_json_writer_string (w, source->publisher != NULL ? source->publisher : "", -1);
          opt_string (w, "title", source->title);
          opt_string (w, "date", source->date);
          opt_string (w, "url", source->url);
          opt_string (w, "via", source->via);
          dg_json_writer_raw_members (w, source->unknown, source_keys, NULL);
          dg_json_writer_end_object (w);
        }
      dg_json_writer_end_array (w);
    }
  if (links_leave_copy (doc, deal_mask, deal))
    {
      dg_json_writer_raw_members (w, _dg_deal_get_unknown (deal), deal_and_link_keys, NULL);
      write_kept_links (w, doc, deal_mask, deal);
    }
  else
    dg_json_writer_raw_members (w, _dg_deal_get_unknown (deal), deal_keys, NULL);
  dg_json_writer_end_object (w);
}

/* Positions in hundredths of a unit (finer is invisible at any zoom), and
 * within the range the loader accepts. */
static double
coordinate (double v)
{
  if (!isfinite (v))
    v = 0;
  v = CLAMP (v, -DG_MAX_COORDINATE, DG_MAX_COORDINATE);
  return round (v * 100.0) / 100.0;
}

static gboolean
has_layout (DgDocument          *self,
            const DgSaveOptions *options)
{
  const DgPosition *positions = dg_document_get_positions (self);
  guint n = dg_document_get_n_companies (self);

  if (options->xy != NULL && n > 0)
    return TRUE;
  if (dg_document_get_layout_algorithm (self) != NULL || _dg_document_get_layout_unknown (self) != NULL
      || json_object_get_size (dg_document_get_layout_extra (self)) > 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (positions[i].set)
      return TRUE;
  return FALSE;
}

static void
write_layout (DgJsonWriter        *w,
              DgDocument          *self,
              const DgSaveOptions *options)
{
  const DgPosition *positions = dg_document_get_positions (self);
  JsonObject *extra = dg_document_get_layout_extra (self);
  guint n = dg_document_get_n_companies (self);
  gboolean any = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  dg_json_writer_plain_key (w, "layout");
  dg_json_writer_begin_object (w, FALSE);
  opt_string (w, "algorithm", dg_document_get_layout_algorithm (self));

  for (guint i = 0; i < n; i++)
    {
      double x, y;

      if (options->company_mask != NULL && !options->company_mask[i])
        continue;
      if (options->xy != NULL)
        x = options->xy[2 * i], y = options->xy[2 * i + 1];
      else if (positions[i].set)
        x = positions[i].x, y = positions[i].y;
      else
        continue;

      if (!any)
        {
          dg_json_writer_plain_key (w, "positions");
          dg_json_writer_begin_object (w, FALSE);
          any = TRUE;
        }
      dg_json_writer_key (w, dg_company_get_id (dg_document_get_company (self, i)), -1);
      /* One company a line, as people lay positions out by hand. */
      dg_json_writer_begin_object (w, TRUE);
      number (w, "x", coordinate (x));
      number (w, "y", coordinate (y));
      if (positions[i].set && positions[i].pinned)
        {
          dg_json_writer_plain_key (w, "pinned");
          dg_json_writer_boolean (w, TRUE);
        }
      dg_json_writer_raw_members (w, _dg_document_get_position_unknown (self, i), position_keys, NULL);
      dg_json_writer_end_object (w);
    }
  if (any)
    dg_json_writer_end_object (w);

  json_object_iter_init_ordered (&iter, extra);
  while (json_object_iter_next_ordered (&iter, &key, &member))
    {
      if (g_strv_contains (layout_keys, key))
        continue;
      dg_json_writer_key (w, key, -1);
      dg_json_writer_node (w, member);
    }
  dg_json_writer_raw_members (w, _dg_document_get_layout_unknown (self), layout_keys, extra);
  dg_json_writer_end_object (w);
}

/* Writes the document; with a @limit, gives up (FALSE) as soon as the text
 * is longer. */
/* A save streams its text into the new file in pieces of this size while
 * it makes the rest, so the disk works while the text is made, and asks
 * the kernel to start writing every few of them, so the final sync has
 * little left to wait for. */
#define STREAM_CHUNK (1u << 20)
#define STREAM_FLUSH (4u << 20)

typedef struct
{
  DgAtomicFile *file;
  gsize written;          /* handed to @file so far */
  gsize unflushed;        /* of it, not yet handed to the disk */
  GError *error;
} Stream;

/* Moves what @out holds into the stream's file. */
static void
stream_drain (Stream  *stream,
              GString *out)
{
  if (stream->error == NULL && out->len > 0
      && !dg_atomic_file_write (stream->file, out->str, out->len, &stream->error))
    return;
  stream->written += out->len;
  stream->unflushed += out->len;
  g_string_truncate (out, 0);
  if (stream->unflushed >= STREAM_FLUSH)
    {
      dg_atomic_file_start_flush (stream->file);
      stream->unflushed = 0;
    }
}

/* Where a text being written is: write_document_step() can stop between
 * companies or deals and go on later (the recovery copy is made in slices
 * of the main loop). */
typedef struct
{
  DgJsonWriter w;
  guint phase;            /* 0: not begun, 1: companies, 2: deals, 3: done */
  guint i;                /* the next company or deal */
  gsize before;
} WriteState;

typedef enum
{
  WRITE_FAILED,
  WRITE_MORE,
  WRITE_DONE,
} WriteResult;

/* Writes the text into @out, or through @out into @stream when given, from
 * where @st is; with a @deadline (monotonic time; 0: none) it stops when
 * that has passed, between two items. WRITE_FAILED when the text passes
 * @limit (0: none) or the stream failed (then stream->error says why). */
static WriteResult
write_document_step (WriteState          *st,
                     GString             *out,
                     DgDocument          *self,
                     const DgSaveOptions *options,
                     gboolean             pretty,
                     gsize                limit,
                     Stream              *stream,
                     gint64               deadline)
{
  DgJsonWriter *w = &st->w;
  guint n = dg_document_get_n_companies (self);
  guint m = dg_document_get_n_deals (self);

  if (st->phase == 0)
    {
      const char *as_of = options->as_of != NULL ? options->as_of : dg_document_get_as_of (self);

      st->before = stream != NULL ? stream->written : 0;
      dg_json_writer_init (w, out, pretty);
      dg_json_writer_begin_object (w, FALSE);
      opt_string (w, "format", "dealgraph");
      dg_json_writer_plain_key (w, "version");
      dg_json_writer_int (w, 1);
      opt_string (w, "title", dg_document_get_title (self));
      opt_string (w, "description", dg_document_get_description (self));
      opt_string (w, "as_of", as_of);
      dg_json_writer_plain_key (w, "companies");
      dg_json_writer_begin_array (w, FALSE);
      st->phase = 1;
      st->i = 0;
    }

  while (st->phase == 1 || st->phase == 2)
    {
      gboolean companies = st->phase == 1;
      guint count = companies ? n : m;

      for (; st->i < count; st->i++)
        {
          guint i = st->i;

          if (deadline != 0 && i % 64 == 0 && i > 0 && g_get_monotonic_time () >= deadline)
            return WRITE_MORE;
          if (companies && (options->company_mask == NULL || options->company_mask[i]))
            write_company (w, dg_document_get_company (self, i));
          else if (!companies && (options->deal_mask == NULL || options->deal_mask[i]))
            write_deal (w, dg_document_get_deal (self, i), self, options->deal_mask);
          if (stream != NULL && out->len >= STREAM_CHUNK)
            {
              stream_drain (stream, out);
              if (stream->error != NULL)
                return WRITE_FAILED;
            }
          if (limit > 0 && (stream != NULL ? stream->written : 0) - st->before + out->len > limit)
            return WRITE_FAILED;
        }
      dg_json_writer_end_array (w);
      if (companies)
        {
          dg_json_writer_plain_key (w, "deals");
          dg_json_writer_begin_array (w, FALSE);
        }
      st->phase++;
      st->i = 0;
    }

  if (has_layout (self, options))
    write_layout (w, self, options);

  dg_json_writer_raw_members (w, _dg_document_get_unknown (self), top_keys, NULL);
  dg_json_writer_end_object (w);
  if (pretty)
    g_string_append_c (out, '\n');
  return limit == 0 || (stream != NULL ? stream->written : 0) - st->before + out->len <= limit
         ? WRITE_DONE : WRITE_FAILED;
}

static gboolean
write_document (GString             *out,
                DgDocument          *self,
                const DgSaveOptions *options,
                gboolean             pretty,
                gsize                limit,
                Stream              *stream)
{
  WriteState st = { 0 };

  return write_document_step (&st, out, self, options, pretty, limit, stream, 0) == WRITE_DONE;
}

/* ---- the text in slices --------------------------------------------- */

struct _DgSaveJob
{
  DgDocument *document;
  GString *out;
  WriteState state;
  gboolean done;
};

/**
 * dg_save_job_new:
 *
 * The compact text of @document, made a slice at a time with
 * dg_save_job_run(), for a copy written while the user works (the
 * recovery copy: 0.1 s of text at 55,000 deals would hold the main loop).
 * The caller must drop the job when @document changes before it is done.
 *
 * Returns: (transfer full): a new job
 */
DgSaveJob *
dg_save_job_new (DgDocument *document)
{
  DgSaveJob *job = g_new0 (DgSaveJob, 1);

  g_return_val_if_fail (DG_IS_DOCUMENT (document), NULL);

  job->document = g_object_ref (document);
  job->out = g_string_sized_new (4096 + 200 * (gsize) dg_document_get_n_deals (document)
                                 + 120 * (gsize) dg_document_get_n_companies (document));
  return job;
}

/**
 * dg_save_job_run:
 * @usec: how long it may run, in microseconds
 *
 * Returns: %TRUE when the text is complete
 */
gboolean
dg_save_job_run (DgSaveJob *job,
                 gint64     usec)
{
  static const DgSaveOptions compact = { .compact = TRUE };

  g_return_val_if_fail (job != NULL, TRUE);

  if (!job->done)
    job->done = write_document_step (&job->state, job->out, job->document, &compact, FALSE, 0, NULL,
                                     g_get_monotonic_time () + MAX (usec, 1)) != WRITE_MORE;
  return job->done;
}

static void set_too_large (GError **error, gsize length);

/**
 * dg_save_job_finish:
 *
 * Returns: (transfer full) (nullable): the text of a complete job, or %NULL
 *   when it would be too large for Dealgraph to open again
 */
GBytes *
dg_save_job_finish (DgSaveJob  *job,
                    GError    **error)
{
  gsize length;

  g_return_val_if_fail (job != NULL && job->done, NULL);

  length = job->out->len;
  if (length > dg_max_file_size ())
    {
      set_too_large (error, length);
      return NULL;
    }
  return g_string_free_to_bytes (g_steal_pointer (&job->out));
}

DgDocument *
dg_save_job_get_document (DgSaveJob *job)
{
  g_return_val_if_fail (job != NULL, NULL);
  return job->document;
}

void
dg_save_job_free (DgSaveJob *job)
{
  if (job == NULL)
    return;
  g_clear_object (&job->document);
  if (job->out != NULL)
    g_string_free (job->out, TRUE);
  g_free (job);
}

/**
 * dg_document_to_data_with_options:
 * @options: (nullable): what to write; %NULL for the whole document
 * @length: (out) (optional): length of the text
 *
 * The document as Dealgraph JSON: pretty-printed, or compact when the
 * options ask for it or when pretty text would pass dg_max_file_size().
 *
 * Returns: (transfer full): the text
 */
char *
dg_document_to_data_with_options (DgDocument          *self,
                                  const DgSaveOptions *options,
                                  gsize               *length)
{
  static const DgSaveOptions whole = { 0 };
  GString *out;

  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);

  if (options == NULL)
    options = &whole;

  /* About 300 bytes a deal: one allocation for most files. */
  out = g_string_sized_new (4096 + 320 * (gsize) dg_document_get_n_deals (self)
                            + 160 * (gsize) dg_document_get_n_companies (self));
  if (options->compact || !write_document (out, self, options, TRUE, dg_max_file_size (), NULL))
    {
      g_string_truncate (out, 0);
      write_document (out, self, options, FALSE, 0, NULL);
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/**
 * dg_document_to_data:
 * @length: (out) (optional): length of the text
 *
 * Returns: (transfer full): the document as Dealgraph JSON, pretty-printed
 *   (compact when pretty text would be too large to open again)
 */
char *
dg_document_to_data (DgDocument *self,
                     gsize      *length)
{
  return dg_document_to_data_with_options (self, NULL, length);
}

static void
set_too_large (GError **error,
               gsize    length)
{
  g_autofree char *size = g_format_size (length);
  g_autofree char *limit = g_format_size (dg_max_file_size ());

  g_set_error (error, DG_ERROR, DG_ERROR_TOO_LARGE,
               _("The document is too large to save (%s; Dealgraph opens files of up to %s)"), size, limit);
}

/**
 * dg_document_to_bytes:
 *
 * What a save writes.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when even the
 *   compact text would be too large for Dealgraph to open again
 */
GBytes *
dg_document_to_bytes (DgDocument  *self,
                      GError     **error)
{
  gsize length;
  char *data = dg_document_to_data (self, &length);

  if (length > dg_max_file_size ())
    {
      g_free (data);
      set_too_large (error, length);
      return NULL;
    }
  return g_bytes_new_take (data, length);
}

/**
 * dg_document_set_layout_seed:
 *
 * Records the seed a layout was made with, so the file says how to make it
 * again ("layout": {"seed": N}).
 */
void
dg_document_set_layout_seed (DgDocument *self,
                             guint64     seed)
{
  static const char * const skip[] = { "seed", NULL };
  const char *old = _dg_document_get_layout_unknown (self);
  GString *out = g_string_new (NULL);
  DgJsonWriter w;

  g_return_if_fail (DG_IS_DOCUMENT (self));
  g_return_if_fail (seed <= G_MAXINT64);

  dg_json_writer_init (&w, out, FALSE);
  dg_json_writer_begin_object (&w, FALSE);
  dg_json_writer_plain_key (&w, "seed");
  dg_json_writer_int (&w, (gint64) seed);
  dg_json_writer_raw_members (&w, old, skip, NULL);
  dg_json_writer_end_object (&w);
  _dg_document_take_layout_unknown (self, g_string_free (out, FALSE));
}

/**
 * dg_document_get_layout_seed:
 * @seed: (out): the seed
 *
 * Returns: %TRUE when the file says which seed laid it out
 */
gboolean
dg_document_get_layout_seed (DgDocument *self,
                             guint64    *seed)
{
  g_autoptr(JsonObject) layout = NULL;
  JsonNode *node;

  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);

  layout = dg_json_object_from_canonical (_dg_document_get_layout_unknown (self));
  node = layout != NULL ? json_object_get_member (layout, "seed") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  /* The loader checked it: a whole number from 0 to 2^63 - 1. */
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *seed = (guint64) json_node_get_int (node);
  else
    *seed = (guint64) json_node_get_double (node);
  return TRUE;
}

/* ---- the file: dg-atomic-file.c ------------------------------------- */

/* Saves to a local file, streaming the text into it as it is made: pretty,
 * unless that passes the size limit, then compact (a new file), as
 * dg_document_to_data() decides. */
static gboolean
save_streaming (DgDocument  *self,
                const char  *path,
                GError     **error)
{
  static const DgSaveOptions whole = { 0 };

  for (int pretty = 1; pretty >= 0; pretty--)
    {
      g_autoptr(DgAtomicFile) file = dg_atomic_file_new (path, error);
      g_autoptr(GString) out = NULL;
      Stream stream = { 0 };
      gboolean fits;

      if (file == NULL)
        return FALSE;
      out = g_string_sized_new (STREAM_CHUNK + 64 * 1024);
      stream.file = file;
      fits = write_document (out, self, &whole, pretty, dg_max_file_size (), &stream);
      if (stream.error != NULL)
        {
          g_propagate_error (error, stream.error);
          return FALSE;
        }
      if (!fits)
        {
          if (!pretty)
            {
              set_too_large (error, stream.written + out->len);
              return FALSE;
            }
          continue;
        }
      stream_drain (&stream, out);
      if (stream.error != NULL)
        {
          g_propagate_error (error, stream.error);
          return FALSE;
        }
      return dg_atomic_file_commit (file, error);
    }
  g_assert_not_reached ();
}

/**
 * dg_document_save_to_file:
 *
 * Saves @self to @file (any #GFile), atomically; see dg_document_save_async().
 * Blocks until the file is on disk.
 *
 * Returns: %TRUE on success; on failure the old file is untouched
 */
gboolean
dg_document_save_to_file (DgDocument  *self,
                          GFile       *file,
                          GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path != NULL)
    {
      if (!save_streaming (self, path, error))
        return FALSE;
    }
  else
    {
      bytes = dg_document_to_bytes (self, error);
      if (bytes == NULL || !dg_atomic_file_replace (file, bytes, NULL, error))
        return FALSE;
    }

  dg_document_set_modified (self, FALSE);
  return TRUE;
}

static void
save_written (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (dg_atomic_file_replace_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    {
      /* Written but failed: the document has changes not on disk again. */
      g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
      g_task_return_error (task, error);
    }
}

/**
 * dg_document_save_async:
 * @cancellable: (nullable): cancels the save before its file replaces the
 *   old one
 *
 * Saves @self to @file (any #GFile) without blocking: the text is made at
 * once (so later changes are not in this save), and written to disk in a
 * worker thread. The document reads as not modified from now on; a change
 * made while the save runs marks it modified again, and so does a failed
 * save.
 */
void
dg_document_save_async (DgDocument          *self,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (DG_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dg_document_save_async);

  bytes = dg_document_to_bytes (self, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  dg_document_set_modified (self, FALSE);
  dg_atomic_file_replace_async (file, bytes, cancellable, save_written, g_steal_pointer (&task));
}

/**
 * dg_document_save_finish:
 *
 * Returns: %TRUE when the file was saved
 */
gboolean
dg_document_save_finish (DgDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      if (g_task_get_task_data (G_TASK (result)) != NULL)
        dg_document_set_modified (self, TRUE);
      return FALSE;
    }
  return TRUE;
}
