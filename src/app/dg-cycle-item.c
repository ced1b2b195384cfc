/* dg-cycle-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-cycle-item"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dg-cycle-item.h"

struct _DgCycleItem
{
  GObject parent_instance;

  guint index;
  guint length;
  char *label;
  char *amount_text;
  double sort_key;     /* high end of the round trip; -1 when unknown */
};

G_DEFINE_FINAL_TYPE (DgCycleItem, dg_cycle_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_LABEL,
  PROP_AMOUNT_TEXT,
  PROP_SORT_KEY,
  PROP_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dg_cycle_item_finalize (GObject *object)
{
  DgCycleItem *self = (DgCycleItem *) object;

  g_free (self->label);
  g_free (self->amount_text);

  G_OBJECT_CLASS (dg_cycle_item_parent_class)->finalize (object);
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
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_AMOUNT_TEXT: g_value_set_string (value, self->amount_text); break;
    case PROP_SORT_KEY: g_value_set_double (value, self->sort_key); break;
    case PROP_LENGTH: g_value_set_uint (value, self->length); break;
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
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dg_cycle_item_init (DgCycleItem *self)
{
}

/**
 * dg_cycle_item_list_new:
 * @analysis: (nullable): the analysis; no items without one
 *
 * Returns: (transfer full): a list of #DgCycleItem, largest round trip first
 */
GListModel *
dg_cycle_item_list_new (DgDocument *doc,
                        DgAnalysis *analysis)
{
  GListStore *store = g_list_store_new (DG_TYPE_CYCLE_ITEM);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint c = 0; analysis != NULL && c < analysis->n_cycles; c++)
    {
      DgCycleItem *item = g_object_new (DG_TYPE_CYCLE_ITEM, NULL);
      const DgAmount *amount = dg_analysis_get_cycle_amount (analysis, c);
      const guint *nodes;
      guint n;
      GString *label = g_string_new (NULL);

      nodes = dg_analysis_get_cycle_companies (analysis, c, &n);
      for (guint i = 0; i <= n; i++)
        {
          DgCompany *company = dg_document_get_company (doc, nodes[i % n]);

          if (i > 0)
            g_string_append (label, " → ");
          g_string_append (label, dg_company_get_name (company));
        }

      item->index = c;
      item->length = n;
      item->label = g_string_free (label, FALSE);
      item->amount_text = dg_analysis_format_round_trip (amount);
      item->sort_key = amount->kind == DG_AMOUNT_UNDISCLOSED ? -1.0 : amount->max;
      g_ptr_array_add (items, item);
    }

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}

guint
dg_cycle_item_get_index (DgCycleItem *self)
{
  g_return_val_if_fail (DG_IS_CYCLE_ITEM (self), 0);
  return self->index;
}

const char *
dg_cycle_item_get_label (DgCycleItem *self)
{
  g_return_val_if_fail (DG_IS_CYCLE_ITEM (self), NULL);
  return self->label;
}
