/* dg-cycle-item.c: a route, or one combination of deals on it, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar lists routes; a route with parallel deals opens into its
 * combinations (dg_cycle_item_get_children(), for a GtkTreeListModel). The
 * words come from DgCycleSummary; an item only holds them for binding, and a
 * route makes them when first asked (a 10,000-company network has thousands
 * of routes, and the list shows a screenful).
 */
#define G_LOG_DOMAIN "dealgraph-cycle-item"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dg-cycle-item.h"
#include "dg-summary.h"

struct _DgCycleItem
{
  GObject parent_instance;

  DgDocument *doc;          /* routes only: to make the children */
  DgAnalysis *analysis;
  guint index;              /* the cycle a row opens */
  guint route;
  guint length;
  guint n_cycles;           /* routes: the combinations listed */
  gboolean is_route;
  char *label;
  char *amount_text;
  double sort_key;          /* high end of the round trip; -1 when unknown */
};

G_DEFINE_FINAL_TYPE (DgCycleItem, dg_cycle_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_LABEL,
  PROP_AMOUNT_TEXT,
  PROP_SORT_KEY,
  PROP_LENGTH,
  PROP_ROUTE,
  PROP_N_CYCLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dg_cycle_item_finalize (GObject *object)
{
  DgCycleItem *self = (DgCycleItem *) object;

  g_clear_object (&self->doc);
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  g_free (self->label);
  g_free (self->amount_text);

  G_OBJECT_CLASS (dg_cycle_item_parent_class)->finalize (object);
}

/* A route's words, made on first use. */
static void
ensure_text (DgCycleItem *self)
{
  g_autoptr(DgCycleSummary) route = NULL;

  if (self->label != NULL || !self->is_route)
    return;
  route = dg_cycle_summary_new_route (self->doc, self->analysis, self->route);
  self->label = g_strdup (route->chain);
  self->amount_text = g_strdup (route->round_trip_text);
}

static void
dg_cycle_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DgCycleItem *self = DG_CYCLE_ITEM (object);

  switch (prop_id)
    {
    case PROP_INDEX: g_value_set_uint (value, self->index); break;
    case PROP_LABEL: ensure_text (self); g_value_set_string (value, self->label); break;
    case PROP_AMOUNT_TEXT: ensure_text (self); g_value_set_string (value, self->amount_text); break;
    case PROP_SORT_KEY: g_value_set_double (value, self->sort_key); break;
    case PROP_LENGTH: g_value_set_uint (value, self->length); break;
    case PROP_ROUTE: g_value_set_uint (value, self->route); break;
    case PROP_N_CYCLES: g_value_set_uint (value, self->n_cycles); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_cycle_item_class_init (DgCycleItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dg_cycle_item_finalize;
  object_class->get_property = dg_cycle_item_get_property;

  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_AMOUNT_TEXT] = g_param_spec_string ("amount-text", NULL, NULL, NULL, ro);
  properties[PROP_SORT_KEY] = g_param_spec_double ("sort-key", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);
  properties[PROP_LENGTH] = g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ROUTE] = g_param_spec_uint ("route", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_CYCLES] = g_param_spec_uint ("n-cycles", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dg_cycle_item_init (DgCycleItem *self)
{
}

static double
sort_key (const DgAmount *amount)
{
  if (amount->kind == DG_AMOUNT_UNDISCLOSED)
    return -1.0;
  /* "At least $X" sorts with $X, as the analysis sorts it; an overflowed
   * total sorts first. */
  if (isinf (amount->max) && !isinf (amount->min))
    return amount->min;
  return MIN (amount->max, G_MAXDOUBLE);
}

/**
 * dg_cycle_item_list_new:
 * @doc: the document
 * @analysis: (nullable): its analysis; no items without one
 *
 * Returns: (transfer full): a list of #DgCycleItem, one per route, largest
 *   round trip first
 */
GListModel *
dg_cycle_item_list_new (DgDocument *doc,
                        DgAnalysis *analysis)
{
  GListStore *store = g_list_store_new (DG_TYPE_CYCLE_ITEM);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint r = 0; analysis != NULL && r < analysis->n_routes; r++)
    {
      DgCycleItem *item = g_object_new (DG_TYPE_CYCLE_ITEM, NULL);
      guint n_cycles = 0;
      const guint *cycles = dg_analysis_get_route_cycles (analysis, r, &n_cycles);

      /* What dg_cycle_summary_new_route() would say of its steps, cycles
       * and round trip; its words wait for ensure_text(). */
      dg_analysis_get_route_companies (analysis, r, &item->length);
      item->is_route = TRUE;
      item->doc = g_object_ref (doc);
      item->analysis = dg_analysis_ref (analysis);
      item->route = r;
      item->index = n_cycles > 0 ? cycles[0] : 0;
      item->n_cycles = n_cycles;
      item->sort_key = sort_key (dg_analysis_get_route_amount (analysis, r));
      g_ptr_array_add (items, item);
    }

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}

/**
 * dg_cycle_item_get_children:
 * @self: an item
 *
 * A route's combinations of deals, each labelled with the amounts of its
 * deals in order ("$6.3B · $2B") and its round trip.
 *
 * Returns: (transfer full) (nullable): a list of #DgCycleItem, or %NULL for
 *   a combination, or a route with only one
 */
GListModel *
dg_cycle_item_get_children (DgCycleItem *self)
{
  GListStore *store;
  const guint *cycles;
  guint n = 0;

  g_return_val_if_fail (DG_IS_CYCLE_ITEM (self), NULL);

  if (!self->is_route || self->n_cycles < 2)
    return NULL;

  store = g_list_store_new (DG_TYPE_CYCLE_ITEM);
  cycles = dg_analysis_get_route_cycles (self->analysis, self->route, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DgCycleSummary) cycle = dg_cycle_summary_new_cycle (self->doc, self->analysis, cycles[i]);
      g_autoptr(DgCycleItem) item = g_object_new (DG_TYPE_CYCLE_ITEM, NULL);

      item->route = self->route;
      item->index = cycles[i];
      item->length = cycle->n_steps;
      item->label = g_strdup (cycle->amounts_text);
      item->amount_text = g_strdup (cycle->round_trip_text);
      item->sort_key = sort_key (&cycle->round_trip);
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

/**
 * dg_cycle_item_get_index:
 * @self: an item
 *
 * Returns: the cycle the item opens: a combination's own, a route's first
 */
guint
dg_cycle_item_get_index (DgCycleItem *self)
{
  g_return_val_if_fail (DG_IS_CYCLE_ITEM (self), 0);
  return self->index;
}

guint
dg_cycle_item_get_route (DgCycleItem *self)
{
  g_return_val_if_fail (DG_IS_CYCLE_ITEM (self), 0);
  return self->route;
}

gboolean
dg_cycle_item_is_route (DgCycleItem *self)
{
  g_return_val_if_fail (DG_IS_CYCLE_ITEM (self), FALSE);
  return self->is_route;
}

const char *
dg_cycle_item_get_label (DgCycleItem *self)
{
  g_return_val_if_fail (DG_IS_CYCLE_ITEM (self), NULL);
  ensure_text (self);
  return self->label;
}
