/* dg-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-document"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-company-private.h"
#include "dg-deal-private.h"
#include "dg-document-private.h"
#include "dg-json.h"
#include "dg-util-private.h"

struct _DgDocument
{
  GObject parent_instance;

  char *title;
  char *description;
  char *as_of;
  GListStore *companies;
  GListStore *deals;
  /* The same items by index (borrowed; the stores hold them): reading a
   * GListStore by index takes a reference and a GSequence walk per item,
   * which was most of the cost of making a snapshot of 55,000 deals. */
  GPtrArray *company_items;
  GPtrArray *deal_items;
  GHashTable *company_by_id;  /* id -> DgCompany (borrowed) */
  GHashTable *deal_by_id;     /* id -> DgDeal (borrowed) */
  DgGraph *graph;             /* cached snapshot, or NULL */
  /* Since the last snapshot, companies and deals came and went: the next
   * one is made from it (see track_lists()); NULL when it is built anew. */
  DgGraph *graph_base;
  GArray *node_origin;        /* guint per company: its index in graph_base, */
  GArray *edge_origin;        /*   ORIGIN_NEW, or with ORIGIN_DIRTY; per deal */
  guint strings_serial[3];    /* by DgDocumentStrings: bumped when that list changes */
  /* Deals' indices settle lazily (see _dg_document_settle_deals()): deals
   * before deals_settled have their own index right, and end_shifts holds
   * the companies that came or went since, in order, for their ends. */
  guint deals_settled;
  GArray *end_shifts;         /* of EndShift */
  GArray *positions;          /* DgPosition by company index */
  char *layout_algorithm;
  JsonObject *layout_extra;   /* "layout" members read as trees (tour, filter) */
  char *layout_unknown;       /* the other "layout" members, as canonical JSON */
  GPtrArray *position_unknown; /* by company: a position's unknown members, or NULL */
  char *unknown;              /* top-level members unknown to this version */
  JsonObject *extra_view;     /* dg_document_get_extra()'s tree of them */
  gboolean modified;
};

G_DEFINE_FINAL_TYPE (DgDocument, dg_document, G_TYPE_OBJECT)

typedef struct
{
  guint from;   /* ends at this company index and after */
  int delta;    /* move by this */
} EndShift;

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_AS_OF,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  CHANGED,
  POSITIONS_CHANGED,
  COMPANY_CHANGED,
  DEAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
dg_document_finalize (GObject *object)
{
  DgDocument *self = (DgDocument *) object;

  for (guint i = 0; i < self->company_items->len; i++)
    _dg_company_set_document (g_ptr_array_index (self->company_items, i), NULL);
  for (guint i = 0; i < self->deal_items->len; i++)
    _dg_deal_set_document (g_ptr_array_index (self->deal_items, i), NULL);

  g_free (self->title);
  g_free (self->description);
  g_free (self->as_of);
  g_clear_object (&self->companies);
  g_clear_object (&self->deals);
  g_clear_pointer (&self->company_items, g_ptr_array_unref);
  g_clear_pointer (&self->deal_items, g_ptr_array_unref);
  g_clear_pointer (&self->end_shifts, g_array_unref);
  g_clear_pointer (&self->company_by_id, g_hash_table_unref);
  g_clear_pointer (&self->deal_by_id, g_hash_table_unref);
  g_clear_pointer (&self->graph, dg_graph_unref);
  g_clear_pointer (&self->graph_base, dg_graph_unref);
  g_clear_pointer (&self->node_origin, g_array_unref);
  g_clear_pointer (&self->edge_origin, g_array_unref);
  g_clear_pointer (&self->positions, g_array_unref);
  g_free (self->layout_algorithm);
  g_clear_pointer (&self->layout_extra, json_object_unref);
  g_free (self->layout_unknown);
  g_clear_pointer (&self->position_unknown, g_ptr_array_unref);
  g_free (self->unknown);
  g_clear_pointer (&self->extra_view, json_object_unref);

  G_OBJECT_CLASS (dg_document_parent_class)->finalize (object);
}

static void
dg_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DgDocument *self = DG_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_AS_OF: g_value_set_string (value, self->as_of); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_document_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DgDocument *self = DG_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TITLE: dg_document_set_title (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: dg_document_set_description (self, g_value_get_string (value)); break;
    case PROP_AS_OF: dg_document_set_as_of (self, g_value_get_string (value)); break;
    case PROP_MODIFIED: dg_document_set_modified (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_document_class_init (DgDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dg_document_finalize;
  object_class->get_property = dg_document_get_property;
  object_class->set_property = dg_document_set_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  properties[PROP_AS_OF] = g_param_spec_string ("as-of", NULL, NULL, NULL, rw);
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DgDocument::changed:
   *
   * Companies or deals were added, removed or changed; the graph snapshot
   * is stale (dg_document_get_graph() builds a new one when asked). The
   * lists' own "items-changed" say which items came and went;
   * "company-changed" and "deal-changed" say which field changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * DgDocument::positions-changed:
   *
   * Saved positions changed (a drag, a layout run, a load).
   */
  signals[POSITIONS_CHANGED] =
    g_signal_new ("positions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * DgDocument::company-changed:
   * @company: the company
   * @property: what changed: a property name ("name", "kind", "valuation",
   *   ...) or "valuation-note", "extra"; also the signal's detail
   *
   * A field of one company changed. "changed" follows.
   */
  signals[COMPANY_CHANGED] =
    g_signal_new ("company-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  DG_TYPE_COMPANY, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * DgDeal::deal-changed:
   * @deal: the deal
   * @property: what changed: a property name ("kind", "status", ...) or
   *   "amount", "amount-note", "status-note", "sources", "extra"; also the
   *   signal's detail
   *
   * A field of one deal changed. "changed" follows.
   */
  signals[DEAL_CHANGED] =
    g_signal_new ("deal-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  DG_TYPE_DEAL, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/* Serials are unique in the process, so that two documents never share
 * one (a view that copied one document's names knows they are not the
 * next one's). */
static guint
next_serial (void)
{
  static guint last;

  return (guint) g_atomic_int_add ((int *) &last, 1) + 1;
}

static void
bump (DgDocument        *self,
      DgDocumentStrings  which)
{
  self->strings_serial[which] = next_serial ();
}

static void
dg_document_init (DgDocument *self)
{
  self->companies = g_list_store_new (DG_TYPE_COMPANY);
  self->deals = g_list_store_new (DG_TYPE_DEAL);
  self->company_items = g_ptr_array_new ();
  self->deal_items = g_ptr_array_new ();
  self->company_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->deal_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->positions = g_array_new (FALSE, TRUE, sizeof (DgPosition));
  self->deals_settled = G_MAXUINT;
  self->end_shifts = g_array_new (FALSE, FALSE, sizeof (EndShift));
  for (guint i = 0; i < G_N_ELEMENTS (self->strings_serial); i++)
    self->strings_serial[i] = next_serial ();
}

DgDocument *
dg_document_new (void)
{
  return g_object_new (DG_TYPE_DOCUMENT, NULL);
}

const char *dg_document_get_title (DgDocument *self) { g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL); return self->title; }
const char *dg_document_get_description (DgDocument *self) { g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL); return self->description; }
const char *dg_document_get_as_of (DgDocument *self) { g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL); return self->as_of; }

void
dg_document_set_title (DgDocument *self,
                       const char *title)
{
  g_return_if_fail (DG_IS_DOCUMENT (self));
  if (dg_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
dg_document_set_description (DgDocument *self,
                             const char *description)
{
  g_return_if_fail (DG_IS_DOCUMENT (self));
  if (dg_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

void
dg_document_set_as_of (DgDocument *self,
                       const char *as_of)
{
  g_return_if_fail (DG_IS_DOCUMENT (self));
  if (dg_set_str (&self->as_of, as_of))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AS_OF]);
}

/**
 * dg_document_get_companies:
 *
 * Returns: (transfer none): a #GListModel of #DgCompany
 */
GListModel *
dg_document_get_companies (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);
  return G_LIST_MODEL (self->companies);
}

/**
 * dg_document_get_deals:
 *
 * Returns: (transfer none): a #GListModel of #DgDeal
 */
GListModel *
dg_document_get_deals (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);
  return G_LIST_MODEL (self->deals);
}

guint
dg_document_get_n_companies (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), 0);
  return self->company_items->len;
}

guint
dg_document_get_n_deals (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), 0);
  return self->deal_items->len;
}

/**
 * dg_document_get_company:
 *
 * Returns: (transfer none) (nullable): the company at @index
 */
DgCompany *
dg_document_get_company (DgDocument *self,
                         guint       index)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);

  return index < self->company_items->len ? g_ptr_array_index (self->company_items, index) : NULL;
}

/**
 * dg_document_get_deal:
 *
 * Returns: (transfer none) (nullable): the deal at @index
 */
DgDeal *
dg_document_get_deal (DgDocument *self,
                      guint       index)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);

  return index < self->deal_items->len ? g_ptr_array_index (self->deal_items, index) : NULL;
}

/**
 * dg_document_lookup_company:
 *
 * Returns: (transfer none) (nullable): the company with @id
 */
DgCompany *
dg_document_lookup_company (DgDocument *self,
                            const char *id)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->company_by_id, id);
}

/**
 * dg_document_lookup_deal:
 *
 * Returns: (transfer none) (nullable): the deal with @id
 */
DgDeal *
dg_document_lookup_deal (DgDocument *self,
                         const char *id)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->deal_by_id, id);
}

static void patch_graph (DgDocument *self, DgCompany *company, DgDeal *deal);

/* ---- the snapshot across insertions and removals ---------------------------
 *
 * Making a snapshot walks every company and deal object: 5-10 ms at 55,000
 * deals, most of it cache misses, and most of an edit's time when the edit
 * adds or deletes (deleting a company removes its deals first). Instead,
 * when companies or deals come and go, the document remembers the last
 * snapshot and where each of its companies and deals was in it; the next
 * snapshot copies the rows of those that are unchanged from it and reads
 * only the new and changed objects. The history's property tests compare
 * every snapshot with one built from scratch. */
#define ORIGIN_NEW   G_MAXUINT
#define ORIGIN_DIRTY 0x80000000u

static void
identity_origin (GArray **origin,
                 guint    n)
{
  if (*origin == NULL)
    *origin = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_set_size (*origin, n);
  for (guint i = 0; i < n; i++)
    g_array_index (*origin, guint, i) = i;
}

static void
forget_base (DgDocument *self)
{
  g_clear_pointer (&self->graph_base, dg_graph_unref);
  if (self->node_origin != NULL)
    g_array_set_size (self->node_origin, 0);
  if (self->edge_origin != NULL)
    g_array_set_size (self->edge_origin, 0);
}

/* Before the lists change: the snapshot, if any, becomes the base of the
 * next one. Returns whether the change is tracked. */
static gboolean
track_lists (DgDocument *self)
{
  if (self->graph != NULL)
    {
      forget_base (self);
      identity_origin (&self->node_origin, self->graph->n_nodes);
      identity_origin (&self->edge_origin, self->graph->n_edges);
      self->graph_base = g_steal_pointer (&self->graph);
    }
  return self->graph_base != NULL && self->node_origin != NULL && self->edge_origin != NULL;
}

static void
invalidate (DgDocument *self)
{
  g_clear_pointer (&self->graph, dg_graph_unref);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Indices follow the lists: company i is node i and deal e edge e, so an
 * insertion or a removal renumbers what comes after it. The deals' own
 * numbers (their index and their ends' indices) are settled lazily, when
 * one is next read: renumbering every later deal at once cost a pass over
 * the 55,000 deal objects per deal, and deleting a company with its 14
 * deals made 16 such passes (11 ms, most of it cache misses). Now the
 * document notes what moved and one pass settles it all, before any of
 * those numbers is read (dg-deal.c's getters ask for it). */
void
_dg_document_settle_deals (DgDocument *self)
{
  const EndShift *shifts = (const EndShift *) (gpointer) self->end_shifts->data;
  guint n_shifts = self->end_shifts->len;
  guint m = self->deal_items->len;

  if (n_shifts == 0 && self->deals_settled >= m)
    return;
  for (guint e = n_shifts > 0 ? 0 : self->deals_settled; e < m; e++)
    {
      DgDeal *deal = g_ptr_array_index (self->deal_items, e);

      if (n_shifts > 0)
        {
          guint from = _dg_deal_peek_from_index (deal);
          guint to = _dg_deal_peek_to_index (deal);

          for (guint k = 0; k < n_shifts; k++)
            {
              if (from >= shifts[k].from)
                from = (guint) ((int) from + shifts[k].delta);
              if (to >= shifts[k].from)
                to = (guint) ((int) to + shifts[k].delta);
            }
          _dg_deal_set_indices (deal, e, from, to);
        }
      else
        _dg_deal_set_index (deal, e);
    }
  self->deals_settled = G_MAXUINT;
  g_array_set_size (self->end_shifts, 0);
}

/* Every deal's ends from company @index on move by @delta: one came
 * there (1) or one before it went (-1). */
static void
shift_deal_ends (DgDocument *self,
                 guint       index,
                 int         delta)
{
  g_array_append_val (self->end_shifts, ((EndShift) { index, delta }));
}

/* The deals from @index on are numbered wrong. */
static void
unsettle_deals (DgDocument *self,
                guint       index)
{
  self->deals_settled = MIN (self->deals_settled, index);
}

gboolean
dg_document_add_company (DgDocument *self,
                         DgCompany  *company)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);

  return dg_document_insert_company (self, dg_document_get_n_companies (self), company);
}

/**
 * dg_document_insert_company:
 * @index: where, from 0 to the number of companies
 *
 * Inserts @company, without a saved position, before the company at @index.
 *
 * Returns: %FALSE (and changes nothing) when its id is taken
 */
gboolean
dg_document_insert_company (DgDocument *self,
                            guint       index,
                            DgCompany  *company)
{
  const char *id;
  DgPosition unset = { 0 };

  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (DG_IS_COMPANY (company), FALSE);
  g_return_val_if_fail (index <= dg_document_get_n_companies (self), FALSE);

  id = dg_company_get_id (company);
  if (g_hash_table_contains (self->company_by_id, id))
    return FALSE;

  g_hash_table_insert (self->company_by_id, (char *) id, company);
  g_array_insert_val (self->positions, index, unset);
  if (self->position_unknown != NULL && index <= self->position_unknown->len)
    g_ptr_array_insert (self->position_unknown, (gint) index, NULL);
  if (track_lists (self))
    g_array_insert_val (self->node_origin, index, (guint) { ORIGIN_NEW });
  if (index < dg_document_get_n_companies (self))
    shift_deal_ends (self, index, +1);
  /* Set up before the list announces it, so its listeners see it whole. */
  for (guint i = index, n = dg_document_get_n_companies (self); i < n; i++)
    _dg_company_set_index (dg_document_get_company (self, i), i + 1);
  _dg_company_set_index (company, index);
  _dg_company_set_document (company, self);
  bump (self, DG_DOCUMENT_COMPANY_NAMES);
  bump (self, DG_DOCUMENT_COMPANY_IDS);
  g_ptr_array_insert (self->company_items, (gint) index, company);
  g_list_store_insert (self->companies, index, company);
  invalidate (self);

  return TRUE;
}

/**
 * dg_document_remove_company:
 *
 * Removes the company at @index with its saved position. A company that
 * deals still name stays (delete those deals first).
 *
 * Returns: %FALSE (and changes nothing) when a deal names it
 */
gboolean
dg_document_remove_company (DgDocument *self,
                            guint       index)
{
  DgCompany *company;

  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (index < dg_document_get_n_companies (self), FALSE);

  company = dg_document_get_company (self, index);
  if (_dg_company_get_deal_ends (company) > 0)
    return FALSE;

  g_object_ref (company);
  g_hash_table_remove (self->company_by_id, dg_company_get_id (company));
  g_array_remove_index (self->positions, index);
  if (self->position_unknown != NULL && index < self->position_unknown->len)
    g_ptr_array_remove_index (self->position_unknown, index);
  if (track_lists (self))
    g_array_remove_index (self->node_origin, index);
  shift_deal_ends (self, index + 1, -1);
  for (guint i = index + 1, n = dg_document_get_n_companies (self); i < n; i++)
    _dg_company_set_index (dg_document_get_company (self, i), i - 1);
  _dg_company_set_document (company, NULL);
  bump (self, DG_DOCUMENT_COMPANY_NAMES);
  bump (self, DG_DOCUMENT_COMPANY_IDS);
  g_ptr_array_remove_index (self->company_items, index);
  g_list_store_remove (self->companies, index);
  g_object_unref (company);
  invalidate (self);

  return TRUE;
}

gboolean
dg_document_add_deal (DgDocument *self,
                      DgDeal     *deal)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);

  return dg_document_insert_deal (self, dg_document_get_n_deals (self), deal);
}

/**
 * dg_document_insert_deal:
 * @index: where, from 0 to the number of deals
 *
 * Inserts @deal before the deal at @index.
 *
 * Returns: %FALSE (and changes nothing) when its id is taken, an end is
 *   unknown or both ends are one company
 */
gboolean
dg_document_insert_deal (DgDocument *self,
                         guint       index,
                         DgDeal     *deal)
{
  DgCompany *from, *to;
  const char *id;

  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);
  g_return_val_if_fail (index <= dg_document_get_n_deals (self), FALSE);

  id = dg_deal_get_id (deal);
  from = g_hash_table_lookup (self->company_by_id, dg_deal_get_from_id (deal));
  to = g_hash_table_lookup (self->company_by_id, dg_deal_get_to_id (deal));
  if (from == NULL || to == NULL || from == to || g_hash_table_contains (self->deal_by_id, id))
    return FALSE;

  /* Its ends are the companies' indices now: earlier moves of companies
   * are applied to the others first. */
  if (self->end_shifts->len > 0)
    _dg_document_settle_deals (self);
  _dg_deal_set_indices (deal, index, dg_company_get_index (from), dg_company_get_index (to));
  _dg_company_add_deal_ends (from, 1);
  _dg_company_add_deal_ends (to, 1);
  _dg_deal_set_document (deal, self);
  g_hash_table_insert (self->deal_by_id, (char *) id, deal);
  if (track_lists (self))
    g_array_insert_val (self->edge_origin, index, (guint) { ORIGIN_NEW });
  unsettle_deals (self, index + 1);
  bump (self, DG_DOCUMENT_DEAL_IDS);
  g_ptr_array_insert (self->deal_items, (gint) index, deal);
  g_list_store_insert (self->deals, index, deal);
  invalidate (self);

  return TRUE;
}

void
dg_document_remove_deal (DgDocument *self,
                         guint       index)
{
  DgDeal *deal;

  g_return_if_fail (DG_IS_DOCUMENT (self));
  g_return_if_fail (index < dg_document_get_n_deals (self));

  deal = g_object_ref (dg_document_get_deal (self, index));
  g_hash_table_remove (self->deal_by_id, dg_deal_get_id (deal));
  _dg_company_add_deal_ends (g_hash_table_lookup (self->company_by_id, dg_deal_get_from_id (deal)), -1);
  _dg_company_add_deal_ends (g_hash_table_lookup (self->company_by_id, dg_deal_get_to_id (deal)), -1);
  _dg_deal_set_document (deal, NULL);
  if (track_lists (self))
    g_array_remove_index (self->edge_origin, index);
  unsettle_deals (self, index);
  bump (self, DG_DOCUMENT_DEAL_IDS);
  g_ptr_array_remove_index (self->deal_items, index);
  g_list_store_remove (self->deals, index);
  g_object_unref (deal);
  invalidate (self);
}

/* A field of a company in the document changed (dg-company.c calls it). */
void
_dg_document_company_changed (DgDocument *self,
                              DgCompany  *company,
                              const char *property)
{
  if (g_str_equal (property, "name"))
    bump (self, DG_DOCUMENT_COMPANY_NAMES);
  else if (g_str_equal (property, "id"))
    bump (self, DG_DOCUMENT_COMPANY_IDS);
  patch_graph (self, company, NULL);
  g_signal_emit (self, signals[COMPANY_CHANGED], g_quark_from_string (property), company, property);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_dg_document_deal_changed (DgDocument *self,
                           DgDeal     *deal,
                           const char *property)
{
  if (g_str_equal (property, "id"))
    bump (self, DG_DOCUMENT_DEAL_IDS);
  patch_graph (self, NULL, deal);
  g_signal_emit (self, signals[DEAL_CHANGED], g_quark_from_string (property), deal, property);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * _dg_document_set_deal_ends:
 *
 * Points @deal, one of the document's, from @from_id to @to_id, two
 * different companies of the document.
 *
 * Returns: %FALSE (and changes nothing) when either is missing or they
 *   are the same
 */
gboolean
_dg_document_set_deal_ends (DgDocument *self,
                            DgDeal     *deal,
                            const char *from_id,
                            const char *to_id)
{
  DgCompany *from = g_hash_table_lookup (self->company_by_id, from_id);
  DgCompany *to = g_hash_table_lookup (self->company_by_id, to_id);

  g_return_val_if_fail (g_hash_table_lookup (self->deal_by_id, dg_deal_get_id (deal)) == deal, FALSE);

  if (from == NULL || to == NULL || from == to)
    return FALSE;
  _dg_company_add_deal_ends (g_hash_table_lookup (self->company_by_id, dg_deal_get_from_id (deal)), -1);
  _dg_company_add_deal_ends (g_hash_table_lookup (self->company_by_id, dg_deal_get_to_id (deal)), -1);
  _dg_company_add_deal_ends (from, 1);
  _dg_company_add_deal_ends (to, 1);
  _dg_deal_set_ends (deal, from_id, to_id);
  _dg_deal_set_indices (deal, dg_deal_get_index (deal), dg_company_get_index (from), dg_company_get_index (to));
  _dg_document_deal_changed (self, deal, "from-id");
  return TRUE;
}

/**
 * _dg_document_set_company_id:
 *
 * Gives @company, one of the document's, the id @id, and its deals the
 * new id for their ends.
 *
 * Returns: %FALSE (and changes nothing) when @id is taken
 */
gboolean
_dg_document_set_company_id (DgDocument *self,
                             DgCompany  *company,
                             const char *id)
{
  guint index = dg_company_get_index (company);
  g_autoptr(GPtrArray) touched = g_ptr_array_new ();

  g_return_val_if_fail (g_hash_table_lookup (self->company_by_id, dg_company_get_id (company)) == company, FALSE);

  if (strcmp (id, dg_company_get_id (company)) == 0)
    return TRUE;
  if (g_hash_table_contains (self->company_by_id, id))
    return FALSE;

  g_hash_table_remove (self->company_by_id, dg_company_get_id (company));
  _dg_company_set_id (company, id);
  g_hash_table_insert (self->company_by_id, (char *) dg_company_get_id (company), company);
  for (guint e = 0, m = dg_document_get_n_deals (self); e < m; e++)
    {
      DgDeal *deal = dg_document_get_deal (self, e);
      gboolean from = dg_deal_get_from_index (deal) == index;
      gboolean to = dg_deal_get_to_index (deal) == index;

      if (!from && !to)
        continue;
      _dg_deal_set_ends (deal, from ? id : dg_deal_get_from_id (deal), to ? id : dg_deal_get_to_id (deal));
      g_ptr_array_add (touched, deal);
    }
  /* Everything agrees again before anyone hears of it. */
  _dg_document_company_changed (self, company, "id");
  for (guint i = 0; i < touched->len; i++)
    _dg_document_deal_changed (self, g_ptr_array_index (touched, i), "from-id");
  return TRUE;
}

/**
 * _dg_document_set_deal_id:
 *
 * Gives @deal, one of the document's, the id @id. What names it (other
 * deals' links, the tour) is the history's to change.
 *
 * Returns: %FALSE (and changes nothing) when @id is taken
 */
gboolean
_dg_document_set_deal_id (DgDocument *self,
                          DgDeal     *deal,
                          const char *id)
{
  g_return_val_if_fail (g_hash_table_lookup (self->deal_by_id, dg_deal_get_id (deal)) == deal, FALSE);

  if (strcmp (id, dg_deal_get_id (deal)) == 0)
    return TRUE;
  if (g_hash_table_contains (self->deal_by_id, id))
    return FALSE;

  g_hash_table_remove (self->deal_by_id, dg_deal_get_id (deal));
  _dg_deal_set_id (deal, id);
  g_hash_table_insert (self->deal_by_id, (char *) dg_deal_get_id (deal), deal);
  _dg_document_deal_changed (self, deal, "id");
  return TRUE;
}

/* What the snapshot holds of deal @e and company @v, from the objects. */
static void
fill_edge (DgGraph *g,
           guint    e,
           DgDeal  *deal)
{
  const DgAmount *amount = dg_deal_get_amount (deal);

  g->edge_amount_kind[e] = amount->kind;
  g->edge_amount[e] = amount->value;
  g->edge_amount_min[e] = amount->min;
  g->edge_amount_max[e] = amount->max;
  g->edge_kind[e] = dg_deal_get_kind_enum (deal);
  g->edge_status[e] = dg_deal_get_status_enum (deal);
  g->edge_date[e] = dg_deal_get_announced_packed (deal);
}

static void
fill_node (DgGraph   *g,
           guint      v,
           DgCompany *company)
{
  g->node_kind[v] = dg_company_get_kind_enum (company);
  g->node_valuation[v] = dg_company_get_valuation (company);
}

static DgGraph *
build_graph (DgDocument *self)
{
  guint n = dg_document_get_n_companies (self);
  guint m = dg_document_get_n_deals (self);
  g_autofree guint *src = g_new (guint, MAX (m, 1));
  g_autofree guint *dst = g_new (guint, MAX (m, 1));
  DgGraph *g;

  for (guint e = 0; e < m; e++)
    {
      DgDeal *deal = dg_document_get_deal (self, e);

      src[e] = dg_deal_get_from_index (deal);
      dst[e] = dg_deal_get_to_index (deal);
    }

  g = dg_graph_new (n, m, src, dst, NULL);

  for (guint e = 0; e < m; e++)
    fill_edge (g, e, dg_document_get_deal (self, e));
  for (guint v = 0; v < n; v++)
    fill_node (g, v, dg_document_get_company (self, v));

  return g;
}

static DgGraph *
build_graph_from_base (DgDocument *self)
{
  DgGraph *base = self->graph_base;
  guint n = dg_document_get_n_companies (self);
  guint m = dg_document_get_n_deals (self);
  const guint *node_origin, *edge_origin;
  g_autofree guint *src = NULL;
  g_autofree guint *dst = NULL;
  g_autofree guint *new_index = NULL;
  DgGraph *g;

  /* (track_lists() made both when it kept the base.) */
  g_assert (self->node_origin != NULL && self->edge_origin != NULL);
  g_assert (self->node_origin->len == n && self->edge_origin->len == m);
  node_origin = (const guint *) (gpointer) self->node_origin->data;
  edge_origin = (const guint *) (gpointer) self->edge_origin->data;
  src = g_new (guint, MAX (m, 1));
  dst = g_new (guint, MAX (m, 1));
  new_index = g_new (guint, MAX (base->n_nodes, 1));

  /* The base's companies at their indices now (ORIGIN_NEW: gone). */
  for (guint v = 0; v < base->n_nodes; v++)
    new_index[v] = ORIGIN_NEW;
  for (guint v = 0; v < n; v++)
    if (node_origin[v] != ORIGIN_NEW)
      new_index[node_origin[v] & ~ORIGIN_DIRTY] = v;

  for (guint e = 0; e < m; e++)
    {
      guint o = edge_origin[e];

      if (o == ORIGIN_NEW || (o & ORIGIN_DIRTY) != 0
          || new_index[base->edge_src[o]] == ORIGIN_NEW || new_index[base->edge_dst[o]] == ORIGIN_NEW)
        {
          DgDeal *deal = dg_document_get_deal (self, e);

          src[e] = dg_deal_get_from_index (deal);
          dst[e] = dg_deal_get_to_index (deal);
        }
      else
        {
          src[e] = new_index[base->edge_src[o]];
          dst[e] = new_index[base->edge_dst[o]];
        }
    }

  g = dg_graph_new (n, m, src, dst, NULL);
  g->base_serial = base->serial;
  g->node_origin = g_new (guint, MAX (n, 1));
  g->edge_origin = g_new (guint, MAX (m, 1));

  for (guint e = 0; e < m; e++)
    {
      guint o = edge_origin[e];

      g->edge_origin[e] = o == ORIGIN_NEW || (o & ORIGIN_DIRTY) != 0 ? DG_GRAPH_ORIGIN_CHANGED : o;

      if (o == ORIGIN_NEW || (o & ORIGIN_DIRTY) != 0)
        {
          fill_edge (g, e, dg_document_get_deal (self, e));
          continue;
        }
      g->edge_amount_kind[e] = base->edge_amount_kind[o];
      g->edge_amount[e] = base->edge_amount[o];
      g->edge_amount_min[e] = base->edge_amount_min[o];
      g->edge_amount_max[e] = base->edge_amount_max[o];
      g->edge_kind[e] = base->edge_kind[o];
      g->edge_status[e] = base->edge_status[o];
      g->edge_date[e] = base->edge_date[o];
    }
  for (guint v = 0; v < n; v++)
    {
      guint o = node_origin[v];

      g->node_origin[v] = o == ORIGIN_NEW || (o & ORIGIN_DIRTY) != 0 ? DG_GRAPH_ORIGIN_CHANGED : o;
      if (o == ORIGIN_NEW || (o & ORIGIN_DIRTY) != 0)
        fill_node (g, v, dg_document_get_company (self, v));
      else
        {
          g->node_kind[v] = base->node_kind[o];
          g->node_valuation[v] = base->node_valuation[o];
        }
    }
  return g;
}

/* One company or deal changed: the next snapshot is the last one with its
 * entries made again (a copy, since workers may hold the last one), not a
 * new walk over every object: 1 ms instead of 8-12 at 55,000 deals.
 * Without a snapshot there is nothing to patch; the next one is built. */
static void
patch_graph (DgDocument *self,
             DgCompany  *company,
             DgDeal     *deal)
{
  DgGraph *g;

  if (self->graph_base != NULL && self->node_origin != NULL && self->edge_origin != NULL)
    {
      /* Read again from the object when the next snapshot is made. */
      if (company != NULL)
        g_array_index (self->node_origin, guint, dg_company_get_index (company)) |= ORIGIN_DIRTY;
      if (deal != NULL)
        g_array_index (self->edge_origin, guint, dg_deal_get_index (deal)) |= ORIGIN_DIRTY;
      return;
    }
  if (self->graph == NULL)
    return;
  g = dg_graph_copy (self->graph);
  /* Row for row the one before, but for the item that changed. */
  g->base_serial = self->graph->serial;
  g->node_origin = g_new (guint, MAX (g->n_nodes, 1));
  g->edge_origin = g_new (guint, MAX (g->n_edges, 1));
  for (guint v = 0; v < g->n_nodes; v++)
    g->node_origin[v] = v;
  for (guint e = 0; e < g->n_edges; e++)
    g->edge_origin[e] = e;
  if (company != NULL)
    g->node_origin[dg_company_get_index (company)] = DG_GRAPH_ORIGIN_CHANGED;
  if (deal != NULL)
    g->edge_origin[dg_deal_get_index (deal)] = DG_GRAPH_ORIGIN_CHANGED;
  if (company != NULL)
    fill_node (g, dg_company_get_index (company), company);
  if (deal != NULL)
    {
      guint e = dg_deal_get_index (deal);

      fill_edge (g, e, deal);
      if (g->edge_src[e] != dg_deal_get_from_index (deal) || g->edge_dst[e] != dg_deal_get_to_index (deal))
        {
          g->edge_src[e] = dg_deal_get_from_index (deal);
          g->edge_dst[e] = dg_deal_get_to_index (deal);
          dg_graph_build_index (g);
        }
    }
  dg_graph_unref (self->graph);
  self->graph = g;
}

/**
 * dg_document_get_graph:
 *
 * Returns: (transfer none): the snapshot of the current companies and deals;
 *   ref it to keep it past the next change
 */
DgGraph *
dg_document_get_graph (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);

  if (self->graph == NULL && self->graph_base != NULL)
    {
      self->graph = build_graph_from_base (self);
      forget_base (self);
    }
  else if (self->graph == NULL)
    self->graph = build_graph (self);

  return self->graph;
}

/**
 * dg_document_get_strings_serial:
 * @which: the companies' names, their ids or the deals' ids
 *
 * A view that copies a list of the document's text (a canvas's names)
 * can tell from this number whether its copy still holds after a change:
 * it changes whenever one of those strings, or the list's length or
 * order, does, and two documents never have the same one.
 *
 * Returns: the list's serial
 */
guint
dg_document_get_strings_serial (DgDocument        *self,
                                DgDocumentStrings  which)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), 0);
  g_return_val_if_fail (which <= DG_DOCUMENT_DEAL_IDS, 0);

  return self->strings_serial[which];
}

/**
 * dg_document_get_positions:
 *
 * Returns: (transfer none) (array): one #DgPosition per company
 */
const DgPosition *
dg_document_get_positions (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);
  return (const DgPosition *) (gpointer) self->positions->data;
}

/**
 * dg_document_has_positions:
 *
 * Returns: %TRUE when every company has a saved position
 */
gboolean
dg_document_has_positions (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);

  for (guint i = 0; i < self->positions->len; i++)
    if (!g_array_index (self->positions, DgPosition, i).set)
      return FALSE;
  return self->positions->len > 0;
}

void
dg_document_set_position (DgDocument *self,
                          guint       company,
                          double      x,
                          double      y,
                          gboolean    pinned)
{
  DgPosition *p;

  g_return_if_fail (DG_IS_DOCUMENT (self));
  g_return_if_fail (company < self->positions->len);
  g_return_if_fail (isfinite (x) && isfinite (y));

  p = &g_array_index (self->positions, DgPosition, company);
  p->x = x;
  p->y = y;
  p->pinned = !!pinned;
  p->set = TRUE;
  g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
}

/* A saved position as it was, set or not (undo puts it back). */
void
_dg_document_restore_position (DgDocument       *self,
                               guint             company,
                               const DgPosition *position)
{
  g_return_if_fail (company < self->positions->len);

  g_array_index (self->positions, DgPosition, company) = *position;
  g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
}

void
dg_document_clear_positions (DgDocument *self)
{
  g_return_if_fail (DG_IS_DOCUMENT (self));

  memset (self->positions->data, 0, sizeof (DgPosition) * self->positions->len);
  g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
}

const char *
dg_document_get_layout_algorithm (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);
  return self->layout_algorithm;
}

void
dg_document_set_layout_algorithm (DgDocument *self,
                                  const char *algorithm)
{
  g_return_if_fail (DG_IS_DOCUMENT (self));
  dg_set_str (&self->layout_algorithm, algorithm);
}

/**
 * dg_document_get_layout_extra:
 *
 * The members of "layout" that code reads and writes as trees: "tour" and
 * "filter" (and whatever else code puts here). The loader keeps the other
 * members (the view, the seed, members unknown to this version) as written,
 * outside this object; a member set here replaces one of those on save.
 *
 * Returns: (transfer none): the object, created empty on first use
 */
JsonObject *
dg_document_get_layout_extra (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);

  if (self->layout_extra == NULL)
    self->layout_extra = json_object_new ();
  return self->layout_extra;
}

/**
 * dg_document_get_extra:
 *
 * The members are kept as their JSON text, so numbers come back from a
 * save exactly as written; this tree of them is for reading, made on
 * demand (see dg_json_parse_node()). Change them with
 * dg_document_set_extra().
 *
 * Returns: (transfer none) (nullable): top-level members unknown to this version
 */
JsonObject *
dg_document_get_extra (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);

  if (self->extra_view == NULL)
    self->extra_view = dg_json_object_from_canonical (self->unknown);
  return self->extra_view;
}

void
dg_document_set_extra (DgDocument *self,
                       JsonObject *extra)
{
  g_return_if_fail (DG_IS_DOCUMENT (self));

  _dg_document_take_unknown (self, dg_json_object_to_canonical (extra));
}

const char *
_dg_document_get_unknown (DgDocument *self)
{
  return self->unknown;
}

void
_dg_document_take_unknown (DgDocument *self,
                           char       *unknown)
{
  g_free (self->unknown);
  self->unknown = unknown;
  g_clear_pointer (&self->extra_view, json_object_unref);
}

const char *
_dg_document_get_layout_unknown (DgDocument *self)
{
  return self->layout_unknown;
}

void
_dg_document_take_layout_unknown (DgDocument *self,
                                  char       *unknown)
{
  g_free (self->layout_unknown);
  self->layout_unknown = unknown;
}

const char *
_dg_document_get_position_unknown (DgDocument *self,
                                   guint       company)
{
  if (self->position_unknown == NULL || company >= self->position_unknown->len)
    return NULL;
  return g_ptr_array_index (self->position_unknown, company);
}

void
_dg_document_take_position_unknown (DgDocument *self,
                                    guint       company,
                                    char       *unknown)
{
  g_return_if_fail (company < self->positions->len);

  if (self->position_unknown == NULL)
    {
      if (unknown == NULL)
        return;
      self->position_unknown = g_ptr_array_new_with_free_func (g_free);
    }
  if (self->position_unknown->len < self->positions->len)
    g_ptr_array_set_size (self->position_unknown, (gint) self->positions->len);
  g_free (g_ptr_array_index (self->position_unknown, company));
  g_ptr_array_index (self->position_unknown, company) = unknown;
}

/* The loader's way in: every company and deal at once (one items-changed
 * a list, one invalidation). Ids are unique, every deal's ends are among
 * @companies and its indices are set (_dg_deal_set_indices) relative to
 * the document's companies after the addition; the document is empty. */
void
_dg_document_add_loaded (DgDocument *self,
                         GPtrArray  *companies,
                         GPtrArray  *deals)
{
  g_return_if_fail (self->company_items->len == 0 && self->deal_items->len == 0);

  for (guint i = 0; i < companies->len; i++)
    {
      DgCompany *company = g_ptr_array_index (companies, i);

      _dg_company_set_index (company, i);
      _dg_company_set_document (company, self);
      g_hash_table_insert (self->company_by_id, (char *) dg_company_get_id (company), company);
    }
  for (guint i = 0; i < deals->len; i++)
    {
      DgDeal *deal = g_ptr_array_index (deals, i);

      _dg_deal_set_document (deal, self);
      g_hash_table_insert (self->deal_by_id, (char *) dg_deal_get_id (deal), deal);
      _dg_company_add_deal_ends (g_ptr_array_index (companies, _dg_deal_peek_from_index (deal)), 1);
      _dg_company_add_deal_ends (g_ptr_array_index (companies, _dg_deal_peek_to_index (deal)), 1);
    }
  bump (self, DG_DOCUMENT_COMPANY_NAMES);
  bump (self, DG_DOCUMENT_COMPANY_IDS);
  bump (self, DG_DOCUMENT_DEAL_IDS);
  g_ptr_array_extend (self->company_items, companies, NULL, NULL);
  g_ptr_array_extend (self->deal_items, deals, NULL, NULL);
  g_list_store_splice (self->companies, 0, 0, companies->pdata, companies->len);
  g_list_store_splice (self->deals, 0, 0, deals->pdata, deals->len);
  g_array_set_size (self->positions, companies->len);
  forget_base (self);
  invalidate (self);
}

gboolean
dg_document_get_modified (DgDocument *self)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);
  return self->modified;
}

void
dg_document_set_modified (DgDocument *self,
                          gboolean    modified)
{
  g_return_if_fail (DG_IS_DOCUMENT (self));

  modified = !!modified;
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/**
 * dg_document_new_scale_free:
 * @n_companies: how many companies
 * @seed: the generator's seed
 *
 * A document of dg_graph_generate_scale_free (@n_companies, 5, 0.1, @seed),
 * for benchmarks and tests: companies "c0", "c1", ... named "Company 0",
 * ... with the graph's valuations, on a grid 100 wide, 30 apart; deals
 * "d0", ... with the graph's amounts (undisclosed where it has none).
 * Unmodified.
 *
 * Returns: (transfer full): the document
 */
DgDocument *
dg_document_new_scale_free (guint   n_companies,
                            guint64 seed)
{
  g_autoptr(DgGraph) g = dg_graph_generate_scale_free (n_companies, 5, 0.1, seed);
  DgDocument *doc = dg_document_new ();

  for (guint v = 0; v < g->n_nodes; v++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", v);
      g_autofree char *name = g_strdup_printf ("Company %u", v);
      g_autoptr(DgCompany) c = dg_company_new (id, name);

      if (!isnan (g->node_valuation[v]))
        dg_company_set_valuation (c, round (g->node_valuation[v]));
      dg_document_add_company (doc, c);
      dg_document_set_position (doc, v, v % 100 * 30.0, v / 100 * 30.0, FALSE);
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      g_autofree char *id = g_strdup_printf ("d%u", e);
      g_autofree char *from = g_strdup_printf ("c%u", g->edge_src[e]);
      g_autofree char *to = g_strdup_printf ("c%u", g->edge_dst[e]);
      g_autoptr(DgDeal) d = dg_deal_new (id, from, to);
      DgAmount amount = { DG_AMOUNT_EXACT, g->edge_amount[e], g->edge_amount[e], g->edge_amount[e] };

      if (!isnan (g->edge_amount[e]))
        dg_deal_set_amount (d, &amount);
      dg_document_add_deal (doc, d);
    }
  dg_document_set_modified (doc, FALSE);
  return doc;
}
