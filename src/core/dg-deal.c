/* dg-deal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-deal"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-deal-private.h"
#include "dg-document-private.h"
#include "dg-json.h"
#include "dg-util-private.h"

G_DEFINE_BOXED_TYPE (DgSource, dg_source, dg_source_copy, dg_source_free)

DgSource *
dg_source_new (const char *publisher)
{
  DgSource *source = g_new0 (DgSource, 1);

  source->publisher = g_strdup (publisher);

  return source;
}

DgSource *
dg_source_copy (const DgSource *source)
{
  DgSource *copy;

  g_return_val_if_fail (source != NULL, NULL);

  copy = dg_source_new (source->publisher);
  copy->title = g_strdup (source->title);
  copy->date = g_strdup (source->date);
  copy->url = g_strdup (source->url);
  copy->via = g_strdup (source->via);
  copy->unknown = g_strdup (source->unknown);

  return copy;
}

void
dg_source_free (DgSource *source)
{
  if (source == NULL)
    return;

  g_free (source->publisher);
  g_free (source->title);
  g_free (source->date);
  g_free (source->url);
  g_free (source->via);
  g_free (source->unknown);
  g_free (source);
}

struct _DgDeal
{
  GObject parent_instance;

  char *id;
  char *from_id;
  char *to_id;
  char *kind;
  DgAmount amount;
  gboolean amount_null;   /* the file said "amount_usd": null explicitly */
  char *amount_note;
  char *announced;
  gint32 announced_packed;
  char *term;
  char *status;
  char *status_note;
  char *title;
  char *description;
  GPtrArray *sources;
  char *unknown;           /* members unknown to this version, as canonical JSON */
  JsonObject *extra_view;  /* dg_deal_get_extra()'s tree of them, made on demand */
  guint index;
  guint from_index;
  guint to_index;
  DgDocument *document;    /* the document holding it, or NULL (not a reference) */
};

G_DEFINE_FINAL_TYPE (DgDeal, dg_deal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FROM_ID,
  PROP_TO_ID,
  PROP_KIND,
  PROP_AMOUNT_SORT,
  PROP_ANNOUNCED,
  PROP_TERM,
  PROP_STATUS,
  PROP_TITLE,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dg_deal_finalize (GObject *object)
{
  DgDeal *self = (DgDeal *) object;

  g_free (self->id);
  g_free (self->from_id);
  g_free (self->to_id);
  g_free (self->kind);
  g_free (self->amount_note);
  g_free (self->announced);
  g_free (self->term);
  g_free (self->status);
  g_free (self->status_note);
  g_free (self->title);
  g_free (self->description);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_free (self->unknown);
  g_clear_pointer (&self->extra_view, json_object_unref);

  G_OBJECT_CLASS (dg_deal_parent_class)->finalize (object);
}

/* The amount lists sort by: the headline figure; undisclosed sorts below zero. */
static double
amount_sort_key (DgDeal *self)
{
  return self->amount.kind == DG_AMOUNT_UNDISCLOSED ? -1.0 : self->amount.value;
}

static void
dg_deal_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  DgDeal *self = DG_DEAL (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_FROM_ID: g_value_set_string (value, self->from_id); break;
    case PROP_TO_ID: g_value_set_string (value, self->to_id); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_AMOUNT_SORT: g_value_set_double (value, amount_sort_key (self)); break;
    case PROP_ANNOUNCED: g_value_set_string (value, self->announced); break;
    case PROP_TERM: g_value_set_string (value, self->term); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_deal_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  DgDeal *self = DG_DEAL (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_FROM_ID: self->from_id = g_value_dup_string (value); break;
    case PROP_TO_ID: self->to_id = g_value_dup_string (value); break;
    case PROP_KIND: dg_deal_set_kind (self, g_value_get_string (value)); break;
    case PROP_ANNOUNCED: dg_deal_set_announced (self, g_value_get_string (value)); break;
    case PROP_TERM: dg_deal_set_term (self, g_value_get_string (value)); break;
    case PROP_STATUS: dg_deal_set_status (self, g_value_get_string (value)); break;
    case PROP_TITLE: dg_deal_set_title (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: dg_deal_set_description (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_deal_class_init (DgDealClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dg_deal_finalize;
  object_class->get_property = dg_deal_get_property;
  object_class->set_property = dg_deal_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, co);
  properties[PROP_FROM_ID] = g_param_spec_string ("from-id", NULL, NULL, NULL, co);
  properties[PROP_TO_ID] = g_param_spec_string ("to-id", NULL, NULL, NULL, co);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, rw);
  properties[PROP_AMOUNT_SORT] =
    g_param_spec_double ("amount-sort-key", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOUNCED] = g_param_spec_string ("announced", NULL, NULL, NULL, rw);
  properties[PROP_TERM] = g_param_spec_string ("term", NULL, NULL, NULL, rw);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, rw);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dg_deal_init (DgDeal *self)
{
  self->amount.kind = DG_AMOUNT_UNDISCLOSED;
  self->amount.value = self->amount.min = self->amount.max = NAN;
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);
}

DgDeal *
dg_deal_new (const char *id,
             const char *from_id,
             const char *to_id)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (from_id != NULL, NULL);
  g_return_val_if_fail (to_id != NULL, NULL);

  return g_object_new (DG_TYPE_DEAL, "id", id, "from-id", from_id, "to-id", to_id, NULL);
}

/* Tells the document holding the deal that @property changed, so its
 * snapshot goes stale and its listeners learn exactly what changed. */
static void
changed (DgDeal     *self,
         const char *property)
{
  if (self->document != NULL)
    _dg_document_deal_changed (self->document, self, property);
}

static void
set_string (DgDeal      *self,
            char       **ptr,
            const char  *value,
            guint        prop)
{
  if (dg_set_str (ptr, value))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
      changed (self, g_param_spec_get_name (properties[prop]));
    }
}

const char *dg_deal_get_id (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->id; }
const char *dg_deal_get_from_id (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->from_id; }
const char *dg_deal_get_to_id (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->to_id; }
const char *dg_deal_get_kind (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->kind; }
const char *dg_deal_get_amount_note (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->amount_note; }
const char *dg_deal_get_announced (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->announced; }
const char *dg_deal_get_term (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->term; }
const char *dg_deal_get_status (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->status; }
const char *dg_deal_get_status_note (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->status_note; }
const char *dg_deal_get_title (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->title; }
const char *dg_deal_get_description (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), NULL); return self->description; }

void dg_deal_set_kind (DgDeal *self, const char *v) { g_return_if_fail (DG_IS_DEAL (self)); set_string (self, &self->kind, v, PROP_KIND); }
void dg_deal_set_term (DgDeal *self, const char *v) { g_return_if_fail (DG_IS_DEAL (self)); set_string (self, &self->term, v, PROP_TERM); }
void dg_deal_set_status (DgDeal *self, const char *v) { g_return_if_fail (DG_IS_DEAL (self)); set_string (self, &self->status, v, PROP_STATUS); }
void dg_deal_set_title (DgDeal *self, const char *v) { g_return_if_fail (DG_IS_DEAL (self)); set_string (self, &self->title, v, PROP_TITLE); }
void dg_deal_set_description (DgDeal *self, const char *v) { g_return_if_fail (DG_IS_DEAL (self)); set_string (self, &self->description, v, PROP_DESCRIPTION); }
void dg_deal_set_amount_note (DgDeal *self, const char *v) { g_return_if_fail (DG_IS_DEAL (self)); if (dg_set_str (&self->amount_note, v)) changed (self, "amount-note"); }
void dg_deal_set_status_note (DgDeal *self, const char *v) { g_return_if_fail (DG_IS_DEAL (self)); if (dg_set_str (&self->status_note, v)) changed (self, "status-note"); }

void
dg_deal_set_announced (DgDeal     *self,
                       const char *date)
{
  gint32 packed = 0;

  g_return_if_fail (DG_IS_DEAL (self));

  if (date != NULL && !dg_date_parse (date, &packed))
    {
      g_critical ("Invalid announced date “%s”", date);
      return;
    }
  self->announced_packed = packed;
  set_string (self, &self->announced, date, PROP_ANNOUNCED);
}

gint32
dg_deal_get_announced_packed (DgDeal *self)
{
  g_return_val_if_fail (DG_IS_DEAL (self), 0);
  return self->announced_packed;
}

DgDealKind
dg_deal_get_kind_enum (DgDeal *self)
{
  DgDealKind kind = DG_DEAL_KIND_OTHER;

  g_return_val_if_fail (DG_IS_DEAL (self), DG_DEAL_KIND_OTHER);

  if (self->kind == NULL || !dg_deal_kind_from_string (self->kind, &kind))
    return DG_DEAL_KIND_OTHER;
  return kind;
}

DgDealStatus
dg_deal_get_status_enum (DgDeal *self)
{
  DgDealStatus status = DG_DEAL_STATUS_ANNOUNCED;

  g_return_val_if_fail (DG_IS_DEAL (self), DG_DEAL_STATUS_ANNOUNCED);

  if (self->status == NULL || !dg_deal_status_from_string (self->status, &status))
    return DG_DEAL_STATUS_ANNOUNCED;
  return status;
}

const DgAmount *
dg_deal_get_amount (DgDeal *self)
{
  g_return_val_if_fail (DG_IS_DEAL (self), NULL);
  return &self->amount;
}

void
dg_deal_set_amount (DgDeal         *self,
                    const DgAmount *amount)
{
  g_return_if_fail (DG_IS_DEAL (self));
  g_return_if_fail (amount != NULL);

  self->amount = *amount;
  if (amount->kind == DG_AMOUNT_UNDISCLOSED)
    self->amount.value = self->amount.min = self->amount.max = NAN;
  else if (amount->kind == DG_AMOUNT_EXACT)
    self->amount.min = self->amount.max = amount->value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT_SORT]);
  changed (self, "amount");
}

gboolean
dg_deal_get_amount_null (DgDeal *self)
{
  g_return_val_if_fail (DG_IS_DEAL (self), FALSE);
  return self->amount_null;
}

void
_dg_deal_set_amount_null (DgDeal   *self,
                          gboolean  amount_null)
{
  if (self->amount_null == !!amount_null)
    return;
  self->amount_null = !!amount_null;
  changed (self, "amount");
}

/**
 * dg_deal_get_sources:
 *
 * Returns: (transfer none) (element-type DgSource): the sources
 */
GPtrArray *
dg_deal_get_sources (DgDeal *self)
{
  g_return_val_if_fail (DG_IS_DEAL (self), NULL);
  return self->sources;
}

/**
 * dg_deal_add_source:
 * @source: (transfer full): a source
 */
void
dg_deal_add_source (DgDeal   *self,
                    DgSource *source)
{
  g_return_if_fail (DG_IS_DEAL (self));
  g_return_if_fail (source != NULL);

  g_ptr_array_add (self->sources, source);
  changed (self, "sources");
}

/**
 * dg_deal_set_sources:
 * @sources: (element-type DgSource): the new list, copied
 *
 * Replaces every source at once (an edit of the list is one change).
 */
void
dg_deal_set_sources (DgDeal    *self,
                     GPtrArray *sources)
{
  GPtrArray *copy;

  g_return_if_fail (DG_IS_DEAL (self));
  g_return_if_fail (sources != NULL);

  copy = g_ptr_array_new_full (sources->len, (GDestroyNotify) dg_source_free);
  for (guint i = 0; i < sources->len; i++)
    g_ptr_array_add (copy, dg_source_copy (g_ptr_array_index (sources, i)));
  g_ptr_array_unref (self->sources);
  self->sources = copy;
  changed (self, "sources");
}

/**
 * dg_deal_get_extra:
 *
 * The members are kept as their JSON text, so numbers come back from a
 * save exactly as written; this tree of them is for reading, made on
 * demand (see dg_json_parse_node()). Change them with dg_deal_set_extra().
 *
 * Returns: (transfer none) (nullable): members unknown to this version
 */
JsonObject *
dg_deal_get_extra (DgDeal *self)
{
  g_return_val_if_fail (DG_IS_DEAL (self), NULL);

  if (self->extra_view == NULL)
    self->extra_view = dg_json_object_from_canonical (self->unknown);
  return self->extra_view;
}

void
dg_deal_set_extra (DgDeal     *self,
                   JsonObject *extra)
{
  g_return_if_fail (DG_IS_DEAL (self));

  _dg_deal_take_unknown (self, dg_json_object_to_canonical (extra));
}

const char *
_dg_deal_get_unknown (DgDeal *self)
{
  return self->unknown;
}

void
_dg_deal_take_unknown (DgDeal *self,
                       char   *unknown)
{
  g_free (self->unknown);
  self->unknown = unknown;
  g_clear_pointer (&self->extra_view, json_object_unref);
  changed (self, "extra");
}

/* The loader's constructor: no properties to marshal and nothing to
 * notify, since nobody holds the deal yet. Takes every string and the
 * sources; @fields->announced must be a valid date or NULL. */
DgDeal *
_dg_deal_new_take (DgDealFields *fields)
{
  DgDeal *self = g_object_new (DG_TYPE_DEAL, NULL);

  self->id = fields->id;
  self->from_id = fields->from_id;
  self->to_id = fields->to_id;
  self->kind = fields->kind;
  self->amount = fields->amount;
  self->amount_null = fields->amount_null;
  self->amount_note = fields->amount_note;
  self->announced = fields->announced;
  if (self->announced != NULL && !dg_date_parse (self->announced, &self->announced_packed))
    g_critical ("Invalid announced date “%s”", self->announced);
  self->term = fields->term;
  self->status = fields->status;
  self->status_note = fields->status_note;
  self->title = fields->title;
  self->description = fields->description;
  if (fields->sources != NULL)
    {
      g_ptr_array_unref (self->sources);
      self->sources = fields->sources;
    }
  self->unknown = fields->unknown;
  memset (fields, 0, sizeof *fields);

  return self;
}

/* The document numbers its deals lazily: it settles the numbers first. */
static inline void
settle (DgDeal *self)
{
  if (self->document != NULL)
    _dg_document_settle_deals (self->document);
}

guint dg_deal_get_index (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), G_MAXUINT); settle (self); return self->index; }
guint dg_deal_get_from_index (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), G_MAXUINT); settle (self); return self->from_index; }
guint dg_deal_get_to_index (DgDeal *self) { g_return_val_if_fail (DG_IS_DEAL (self), G_MAXUINT); settle (self); return self->to_index; }

/* For the document, while it settles: the numbers as they are. */
guint _dg_deal_peek_from_index (DgDeal *self) { return self->from_index; }
guint _dg_deal_peek_to_index (DgDeal *self) { return self->to_index; }

/* Renumbering after an insertion or a removal: the ends stay. Unchecked,
 * as it runs for every later deal (the checked getters were most of an
 * edit's cost in the history at 55,000 deals). */
void
_dg_deal_set_index (DgDeal *self,
                    guint   index)
{
  self->index = index;
}

void
_dg_deal_set_indices (DgDeal *self,
                      guint   index,
                      guint   from_index,
                      guint   to_index)
{
  self->index = index;
  self->from_index = from_index;
  self->to_index = to_index;
}

/* For the document: new ends (it sets the indices and tells its
 * listeners). */
void
_dg_deal_set_ends (DgDeal     *self,
                   const char *from_id,
                   const char *to_id)
{
  if (dg_set_str (&self->from_id, from_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_ID]);
  if (dg_set_str (&self->to_id, to_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_ID]);
}

/* For the document, which keeps its table of ids and tells its
 * listeners. */
void
_dg_deal_set_id (DgDeal     *self,
                 const char *id)
{
  if (dg_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
_dg_deal_set_document (DgDeal     *self,
                       DgDocument *document)
{
  self->document = document;
}
