/* dg-company.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-company"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-company-private.h"
#include "dg-document-private.h"
#include "dg-json.h"
#include "dg-util-private.h"

struct _DgCompany
{
  GObject parent_instance;

  char *id;
  char *name;
  char *kind;
  char *country;
  double valuation;      /* NAN when unknown */
  char *valuation_as_of;
  char *valuation_note;
  char *description;
  char *website;
  char *unknown;           /* members unknown to this version, as canonical JSON */
  JsonObject *extra_view;  /* dg_company_get_extra()'s tree of them, made on demand */
  guint index;
  guint deal_ends;         /* see _dg_company_get_deal_ends() */
  DgDocument *document;    /* the document holding it, or NULL (not a reference) */
};

G_DEFINE_FINAL_TYPE (DgCompany, dg_company, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_COUNTRY,
  PROP_VALUATION,
  PROP_HAS_VALUATION,
  PROP_VALUATION_AS_OF,
  PROP_DESCRIPTION,
  PROP_WEBSITE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dg_company_finalize (GObject *object)
{
  DgCompany *self = (DgCompany *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->kind);
  g_free (self->country);
  g_free (self->valuation_as_of);
  g_free (self->valuation_note);
  g_free (self->description);
  g_free (self->website);
  g_free (self->unknown);
  g_clear_pointer (&self->extra_view, json_object_unref);

  G_OBJECT_CLASS (dg_company_parent_class)->finalize (object);
}

static void
dg_company_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DgCompany *self = DG_COMPANY (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_COUNTRY: g_value_set_string (value, self->country); break;
    case PROP_VALUATION: g_value_set_double (value, isnan (self->valuation) ? 0.0 : self->valuation); break;
    case PROP_HAS_VALUATION: g_value_set_boolean (value, !isnan (self->valuation)); break;
    case PROP_VALUATION_AS_OF: g_value_set_string (value, self->valuation_as_of); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_WEBSITE: g_value_set_string (value, self->website); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_company_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DgCompany *self = DG_COMPANY (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_NAME: dg_company_set_name (self, g_value_get_string (value)); break;
    case PROP_KIND: dg_company_set_kind (self, g_value_get_string (value)); break;
    case PROP_COUNTRY: dg_company_set_country (self, g_value_get_string (value)); break;
    case PROP_VALUATION: dg_company_set_valuation (self, g_value_get_double (value)); break;
    case PROP_VALUATION_AS_OF: dg_company_set_valuation_as_of (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: dg_company_set_description (self, g_value_get_string (value)); break;
    case PROP_WEBSITE: dg_company_set_website (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_company_class_init (DgCompanyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dg_company_finalize;
  object_class->get_property = dg_company_get_property;
  object_class->set_property = dg_company_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, rw);
  properties[PROP_COUNTRY] = g_param_spec_string ("country", NULL, NULL, NULL, rw);
  properties[PROP_VALUATION] =
    g_param_spec_double ("valuation", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, rw);
  properties[PROP_HAS_VALUATION] =
    g_param_spec_boolean ("has-valuation", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUATION_AS_OF] = g_param_spec_string ("valuation-as-of", NULL, NULL, NULL, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  properties[PROP_WEBSITE] = g_param_spec_string ("website", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dg_company_init (DgCompany *self)
{
  self->valuation = NAN;
}

DgCompany *
dg_company_new (const char *id,
                const char *name)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (DG_TYPE_COMPANY, "id", id, "name", name, NULL);
}

/* Tells the document holding the company that @property changed, so its
 * snapshot goes stale and its listeners learn exactly what changed. */
static void
changed (DgCompany  *self,
         const char *property)
{
  if (self->document != NULL)
    _dg_document_company_changed (self->document, self, property);
}

/* Replaces *ptr with a copy of value and notifies, unless equal. */
static void
set_string (DgCompany   *self,
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

const char *dg_company_get_id (DgCompany *self) { g_return_val_if_fail (DG_IS_COMPANY (self), NULL); return self->id; }
const char *dg_company_get_name (DgCompany *self) { g_return_val_if_fail (DG_IS_COMPANY (self), NULL); return self->name; }
const char *dg_company_get_kind (DgCompany *self) { g_return_val_if_fail (DG_IS_COMPANY (self), NULL); return self->kind; }
const char *dg_company_get_country (DgCompany *self) { g_return_val_if_fail (DG_IS_COMPANY (self), NULL); return self->country; }
const char *dg_company_get_valuation_as_of (DgCompany *self) { g_return_val_if_fail (DG_IS_COMPANY (self), NULL); return self->valuation_as_of; }
const char *dg_company_get_valuation_note (DgCompany *self) { g_return_val_if_fail (DG_IS_COMPANY (self), NULL); return self->valuation_note; }
const char *dg_company_get_description (DgCompany *self) { g_return_val_if_fail (DG_IS_COMPANY (self), NULL); return self->description; }
const char *dg_company_get_website (DgCompany *self) { g_return_val_if_fail (DG_IS_COMPANY (self), NULL); return self->website; }

void dg_company_set_name (DgCompany *self, const char *v) { g_return_if_fail (DG_IS_COMPANY (self)); set_string (self, &self->name, v, PROP_NAME); }
void dg_company_set_kind (DgCompany *self, const char *v) { g_return_if_fail (DG_IS_COMPANY (self)); set_string (self, &self->kind, v, PROP_KIND); }
void dg_company_set_country (DgCompany *self, const char *v) { g_return_if_fail (DG_IS_COMPANY (self)); set_string (self, &self->country, v, PROP_COUNTRY); }
void dg_company_set_valuation_as_of (DgCompany *self, const char *v) { g_return_if_fail (DG_IS_COMPANY (self)); set_string (self, &self->valuation_as_of, v, PROP_VALUATION_AS_OF); }
void dg_company_set_description (DgCompany *self, const char *v) { g_return_if_fail (DG_IS_COMPANY (self)); set_string (self, &self->description, v, PROP_DESCRIPTION); }
void dg_company_set_website (DgCompany *self, const char *v) { g_return_if_fail (DG_IS_COMPANY (self)); set_string (self, &self->website, v, PROP_WEBSITE); }

void
dg_company_set_valuation_note (DgCompany  *self,
                               const char *note)
{
  g_return_if_fail (DG_IS_COMPANY (self));
  if (dg_set_str (&self->valuation_note, note))
    changed (self, "valuation-note");
}

DgCompanyKind
dg_company_get_kind_enum (DgCompany *self)
{
  DgCompanyKind kind = DG_COMPANY_KIND_OTHER;

  g_return_val_if_fail (DG_IS_COMPANY (self), DG_COMPANY_KIND_OTHER);

  if (self->kind == NULL || !dg_company_kind_from_string (self->kind, &kind))
    return DG_COMPANY_KIND_OTHER;
  return kind;
}

gboolean
dg_company_has_valuation (DgCompany *self)
{
  g_return_val_if_fail (DG_IS_COMPANY (self), FALSE);
  return !isnan (self->valuation);
}

/**
 * dg_company_get_valuation:
 *
 * Returns: the valuation in USD, or NAN when unknown
 */
double
dg_company_get_valuation (DgCompany *self)
{
  g_return_val_if_fail (DG_IS_COMPANY (self), NAN);
  return self->valuation;
}

void
dg_company_set_valuation (DgCompany *self,
                          double     usd)
{
  gboolean had;

  g_return_if_fail (DG_IS_COMPANY (self));
  g_return_if_fail (isfinite (usd) && usd >= 0);

  if (self->valuation == usd)
    return;
  had = !isnan (self->valuation);
  self->valuation = usd;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUATION]);
  if (!had)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VALUATION]);
  changed (self, "valuation");
}

void
dg_company_unset_valuation (DgCompany *self)
{
  g_return_if_fail (DG_IS_COMPANY (self));

  if (isnan (self->valuation))
    return;
  self->valuation = NAN;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VALUATION]);
  changed (self, "valuation");
}

guint
dg_company_get_index (DgCompany *self)
{
  g_return_val_if_fail (DG_IS_COMPANY (self), G_MAXUINT);
  return self->index;
}

void
_dg_company_set_index (DgCompany *self,
                       guint      index)
{
  self->index = index;
}

guint
_dg_company_get_deal_ends (DgCompany *self)
{
  return self->deal_ends;
}

void
_dg_company_add_deal_ends (DgCompany *self,
                           int        delta)
{
  g_assert (delta >= 0 || self->deal_ends >= (guint) -delta);
  self->deal_ends = (guint) ((int) self->deal_ends + delta);
}

/* For the document, which keeps its table of ids and tells its
 * listeners. */
void
_dg_company_set_id (DgCompany  *self,
                    const char *id)
{
  if (dg_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
_dg_company_set_document (DgCompany  *self,
                          DgDocument *document)
{
  self->document = document;
  /* Out of its document, no deal of it names it. */
  if (document == NULL)
    self->deal_ends = 0;
}

/**
 * dg_company_get_extra:
 *
 * The members are kept as their JSON text, so numbers come back from a
 * save exactly as written; this tree of them is for reading, made on
 * demand (see dg_json_parse_node()). Change them with
 * dg_company_set_extra().
 *
 * Returns: (transfer none) (nullable): members unknown to this version
 */
JsonObject *
dg_company_get_extra (DgCompany *self)
{
  g_return_val_if_fail (DG_IS_COMPANY (self), NULL);

  if (self->extra_view == NULL)
    self->extra_view = dg_json_object_from_canonical (self->unknown);
  return self->extra_view;
}

void
dg_company_set_extra (DgCompany  *self,
                      JsonObject *extra)
{
  g_return_if_fail (DG_IS_COMPANY (self));

  _dg_company_take_unknown (self, dg_json_object_to_canonical (extra));
}

const char *
_dg_company_get_unknown (DgCompany *self)
{
  return self->unknown;
}

void
_dg_company_take_unknown (DgCompany *self,
                          char      *unknown)
{
  g_free (self->unknown);
  self->unknown = unknown;
  g_clear_pointer (&self->extra_view, json_object_unref);
  changed (self, "extra");
}

/* The loader's constructor: no properties to marshal and nothing to
 * notify, since nobody holds the company yet. Takes every string. */
DgCompany *
_dg_company_new_take (DgCompanyFields *fields)
{
  DgCompany *self = g_object_new (DG_TYPE_COMPANY, NULL);

  self->id = fields->id;
  self->name = fields->name;
  self->kind = fields->kind;
  self->country = fields->country;
  self->valuation = fields->valuation;
  self->valuation_as_of = fields->valuation_as_of;
  self->valuation_note = fields->valuation_note;
  self->description = fields->description;
  self->website = fields->website;
  self->unknown = fields->unknown;
  memset (fields, 0, sizeof *fields);
  fields->valuation = NAN;

  return self;
}
