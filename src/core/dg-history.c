/* dg-history.c: edits as commands, with undo and redo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command keeps both states of what it changes (the old and new text of
 * a field, the old and new amount, the removed objects with their places),
 * so undo puts back exactly what was there: a document undone to the start
 * saves byte for byte as it did. Commands hold the companies and deals
 * themselves, not their ids or indices, and undo re-inserts the same
 * objects, so unknown members, and whatever a newer version keeps on them,
 * survive a delete and its undo.
 */
#define G_LOG_DOMAIN "dealgraph-history"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-deal-private.h"
#include "dg-deal-state.h"
#include "dg-document-private.h"
#include "dg-history.h"
#include "dg-validate.h"

typedef enum
{
  CMD_COMPANY_FIELD,
  CMD_DEAL_FIELD,
  CMD_DEAL_AMOUNT,
  CMD_DEAL_SOURCES,
  CMD_ITEMS,          /* companies and deals that come (add) or go (delete) */
  CMD_MOVE,
} CommandKind;

typedef struct
{
  CommandKind kind;
  const char *label;    /* translated */

  /* Fields */
  DgCompany *company;
  DgDeal *deal;
  char *key;
  char *old_text;
  char *new_text;

  /* Amounts */
  DgAmount old_amount;
  DgAmount new_amount;
  gboolean old_null;

  /* Sources */
  GPtrArray *old_sources;
  GPtrArray *new_sources;

  /* Items: @company (or NULL) at @index with its saved position, and
   * @deals at @deal_indices (ascending, as they stand with all of them in) */
  gboolean adds;
  guint index;
  DgPosition position;
  char *position_unknown;
  GPtrArray *deals;
  GArray *deal_indices;

  /* Moves */
  DgPosition old_position;
  DgPosition new_position;
  guint drag;
} Command;

struct _DgHistory
{
  GObject parent_instance;

  DgDocument *document;
  GPtrArray *undo;          /* of Command, oldest first */
  GPtrArray *redo;          /* of Command, next redo last */
  int saved;                /* undo->len when the document was saved; -1 if lost */
  gboolean modified;
  gboolean busy;            /* the history itself is setting "modified" */
  gint64 last_change;
};

G_DEFINE_FINAL_TYPE (DgHistory, dg_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_MODIFIED,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
command_free (Command *cmd)
{
  g_clear_object (&cmd->company);
  g_clear_object (&cmd->deal);
  g_free (cmd->key);
  g_free (cmd->old_text);
  g_free (cmd->new_text);
  g_clear_pointer (&cmd->old_sources, g_ptr_array_unref);
  g_clear_pointer (&cmd->new_sources, g_ptr_array_unref);
  g_free (cmd->position_unknown);
  g_clear_pointer (&cmd->deals, g_ptr_array_unref);
  g_clear_pointer (&cmd->deal_indices, g_array_unref);
  g_free (cmd);
}

static Command *
command_new (CommandKind  kind,
             const char  *label)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->kind = kind;
  cmd->label = label;
  return cmd;
}

/* ---- applying ----------------------------------------------------------- */

static void
set_company_text (DgCompany  *company,
                  const char *key,
                  const char *text)
{
  if (strcmp (key, "name") == 0)
    dg_company_set_name (company, text);
  else if (strcmp (key, "kind") == 0)
    dg_company_set_kind (company, text);
  else if (strcmp (key, "country") == 0)
    dg_company_set_country (company, text);
  else if (strcmp (key, "valuation_usd") == 0)
    {
      if (text == NULL)
        dg_company_unset_valuation (company);
      else
        dg_company_set_valuation (company, g_ascii_strtod (text, NULL));
    }
  else if (strcmp (key, "valuation_as_of") == 0)
    dg_company_set_valuation_as_of (company, text);
  else if (strcmp (key, "valuation_note") == 0)
    dg_company_set_valuation_note (company, text);
  else if (strcmp (key, "description") == 0)
    dg_company_set_description (company, text);
  else if (strcmp (key, "website") == 0)
    dg_company_set_website (company, text);
  else
    g_assert_not_reached ();
}

static char *
get_company_text (DgCompany  *company,
                  const char *key)
{
  if (strcmp (key, "name") == 0)
    return g_strdup (dg_company_get_name (company));
  if (strcmp (key, "kind") == 0)
    return g_strdup (dg_company_get_kind (company));
  if (strcmp (key, "country") == 0)
    return g_strdup (dg_company_get_country (company));
  if (strcmp (key, "valuation_usd") == 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      /* g_ascii_dtostr() gives back the very double. */
      if (!dg_company_has_valuation (company))
        return NULL;
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, dg_company_get_valuation (company)));
    }
  if (strcmp (key, "valuation_as_of") == 0)
    return g_strdup (dg_company_get_valuation_as_of (company));
  if (strcmp (key, "valuation_note") == 0)
    return g_strdup (dg_company_get_valuation_note (company));
  if (strcmp (key, "description") == 0)
    return g_strdup (dg_company_get_description (company));
  if (strcmp (key, "website") == 0)
    return g_strdup (dg_company_get_website (company));
  g_assert_not_reached ();
}

static void
set_deal_text (DgDeal     *deal,
               const char *key,
               const char *text)
{
  if (strcmp (key, "kind") == 0)
    dg_deal_set_kind (deal, text);
  else if (strcmp (key, "amount_note") == 0)
    dg_deal_set_amount_note (deal, text);
  else if (strcmp (key, "announced") == 0)
    dg_deal_set_announced (deal, text);
  else if (strcmp (key, "term") == 0)
    dg_deal_set_term (deal, text);
  else if (strcmp (key, "status") == 0)
    dg_deal_set_status (deal, text);
  else if (strcmp (key, "status_note") == 0)
    dg_deal_set_status_note (deal, text);
  else if (strcmp (key, "title") == 0)
    dg_deal_set_title (deal, text);
  else if (strcmp (key, "description") == 0)
    dg_deal_set_description (deal, text);
  else
    g_assert_not_reached ();
}

static char *
get_deal_text (DgDeal     *deal,
               const char *key)
{
  if (strcmp (key, "kind") == 0)
    return g_strdup (dg_deal_get_kind (deal));
  if (strcmp (key, "amount_note") == 0)
    return g_strdup (dg_deal_get_amount_note (deal));
  if (strcmp (key, "announced") == 0)
    return g_strdup (dg_deal_get_announced (deal));
  if (strcmp (key, "term") == 0)
    return g_strdup (dg_deal_get_term (deal));
  if (strcmp (key, "status") == 0)
    return g_strdup (dg_deal_get_status (deal));
  if (strcmp (key, "status_note") == 0)
    return g_strdup (dg_deal_get_status_note (deal));
  if (strcmp (key, "title") == 0)
    return g_strdup (dg_deal_get_title (deal));
  if (strcmp (key, "description") == 0)
    return g_strdup (dg_deal_get_description (deal));
  g_assert_not_reached ();
}

static void
insert_items (DgHistory *self,
              Command   *cmd)
{
  DgDocument *doc = self->document;

  if (cmd->company != NULL)
    {
      if (!dg_document_insert_company (doc, cmd->index, cmd->company))
        g_assert_not_reached ();
      _dg_document_restore_position (doc, cmd->index, &cmd->position);
      if (cmd->position_unknown != NULL)
        _dg_document_take_position_unknown (doc, cmd->index, g_strdup (cmd->position_unknown));
    }
  for (guint i = 0; cmd->deals != NULL && i < cmd->deals->len; i++)
    if (!dg_document_insert_deal (doc, g_array_index (cmd->deal_indices, guint, i),
                                  g_ptr_array_index (cmd->deals, i)))
      g_assert_not_reached ();
}

static void
remove_items (DgHistory *self,
              Command   *cmd)
{
  DgDocument *doc = self->document;

  for (guint i = cmd->deals != NULL ? cmd->deals->len : 0; i-- > 0;)
    dg_document_remove_deal (doc, g_array_index (cmd->deal_indices, guint, i));
  if (cmd->company != NULL && !dg_document_remove_company (doc, cmd->index))
    g_assert_not_reached ();
}

static void
set_amount (DgDeal         *deal,
            const DgAmount *amount,
            gboolean        null)
{
  /* Both before the document hears: it rebuilds from both. */
  dg_deal_set_amount (deal, amount);
  _dg_deal_set_amount_null (deal, null);
}

static void
command_apply (DgHistory *self,
               Command   *cmd,
               gboolean   forward)
{
  switch (cmd->kind)
    {
    case CMD_COMPANY_FIELD:
      set_company_text (cmd->company, cmd->key, forward ? cmd->new_text : cmd->old_text);
      break;
    case CMD_DEAL_FIELD:
      set_deal_text (cmd->deal, cmd->key, forward ? cmd->new_text : cmd->old_text);
      break;
    case CMD_DEAL_AMOUNT:
      if (forward)
        set_amount (cmd->deal, &cmd->new_amount, FALSE);
      else
        set_amount (cmd->deal, &cmd->old_amount, cmd->old_null);
      break;
    case CMD_DEAL_SOURCES:
      dg_deal_set_sources (cmd->deal, forward ? cmd->new_sources : cmd->old_sources);
      break;
    case CMD_ITEMS:
      if (forward == cmd->adds)
        insert_items (self, cmd);
      else
        remove_items (self, cmd);
      break;
    case CMD_MOVE:
      _dg_document_restore_position (self->document, dg_company_get_index (cmd->company),
                                     forward ? &cmd->new_position : &cmd->old_position);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- the stacks ---------------------------------------------------------- */

static void
update_state (DgHistory *self,
              gboolean   could_undo,
              gboolean   could_redo,
              gboolean   changed)
{
  gboolean modified = (int) self->undo->len != self->saved;

  if (changed)
    self->last_change = g_get_real_time () / G_USEC_PER_SEC;

  g_object_freeze_notify (G_OBJECT (self));
  if (could_undo != dg_history_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != dg_history_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  self->busy = TRUE;
  dg_document_set_modified (self->document, modified);
  self->busy = FALSE;
  g_object_thaw_notify (G_OBJECT (self));
}

/* Applies @cmd and makes it the step to undo next. */
static void
push (DgHistory *self,
      Command   *cmd)
{
  gboolean could_undo = dg_history_can_undo (self);
  gboolean could_redo = dg_history_can_redo (self);

  /* The saved state was among the steps a new edit throws away. */
  if (self->saved > (int) self->undo->len)
    self->saved = -1;
  g_ptr_array_set_size (self->redo, 0);
  command_apply (self, cmd, TRUE);
  g_ptr_array_add (self->undo, cmd);
  update_state (self, could_undo, could_redo, TRUE);
}

gboolean
dg_history_undo (DgHistory *self)
{
  gboolean could_undo, could_redo;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);

  if (self->undo->len == 0)
    return FALSE;
  could_undo = dg_history_can_undo (self);
  could_redo = dg_history_can_redo (self);
  cmd = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  command_apply (self, cmd, FALSE);
  g_ptr_array_add (self->redo, cmd);
  update_state (self, could_undo, could_redo, TRUE);
  return TRUE;
}

gboolean
dg_history_redo (DgHistory *self)
{
  gboolean could_undo, could_redo;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);

  if (self->redo->len == 0)
    return FALSE;
  could_undo = dg_history_can_undo (self);
  could_redo = dg_history_can_redo (self);
  cmd = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  command_apply (self, cmd, TRUE);
  g_ptr_array_add (self->undo, cmd);
  update_state (self, could_undo, could_redo, TRUE);
  return TRUE;
}

gboolean dg_history_can_undo (DgHistory *self) { g_return_val_if_fail (DG_IS_HISTORY (self), FALSE); return self->undo->len > 0; }
gboolean dg_history_can_redo (DgHistory *self) { g_return_val_if_fail (DG_IS_HISTORY (self), FALSE); return self->redo->len > 0; }
guint dg_history_get_n_undo (DgHistory *self) { g_return_val_if_fail (DG_IS_HISTORY (self), 0); return self->undo->len; }
guint dg_history_get_n_redo (DgHistory *self) { g_return_val_if_fail (DG_IS_HISTORY (self), 0); return self->redo->len; }
gboolean dg_history_get_modified (DgHistory *self) { g_return_val_if_fail (DG_IS_HISTORY (self), FALSE); return self->modified; }
gint64 dg_history_get_last_change (DgHistory *self) { g_return_val_if_fail (DG_IS_HISTORY (self), 0); return self->last_change; }

const char *
dg_history_get_undo_label (DgHistory *self)
{
  g_return_val_if_fail (DG_IS_HISTORY (self), NULL);

  if (self->undo->len == 0)
    return NULL;
  return ((Command *) g_ptr_array_index (self->undo, self->undo->len - 1))->label;
}

const char *
dg_history_get_redo_label (DgHistory *self)
{
  g_return_val_if_fail (DG_IS_HISTORY (self), NULL);

  if (self->redo->len == 0)
    return NULL;
  return ((Command *) g_ptr_array_index (self->redo, self->redo->len - 1))->label;
}

void
dg_history_mark_saved (DgHistory *self)
{
  g_return_if_fail (DG_IS_HISTORY (self));

  self->saved = (int) self->undo->len;
  update_state (self, dg_history_can_undo (self), dg_history_can_redo (self), FALSE);
}

/* Something outside the history changed the document (a layout run, the
 * tour): the state on disk can no longer be reached by undo. Or the
 * document was saved. */
static void
document_modified_cb (DgHistory  *self,
                      GParamSpec *pspec,
                      DgDocument *document)
{
  gboolean modified = dg_document_get_modified (document);

  if (self->busy || modified == self->modified)
    return;
  if (modified)
    {
      self->saved = -1;
      /* The recovery copy tells the time of the last change: this is one. */
      self->last_change = g_get_real_time () / G_USEC_PER_SEC;
    }
  else
    /* Saved (or the changes discarded) by someone else: this is the
     * state on disk now. */
    self->saved = (int) self->undo->len;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* ---- edits --------------------------------------------------------------- */

static gboolean
refuse (GError **error,
        char    *message)
{
  g_set_error_literal (error, DG_ERROR, DG_ERROR_INVALID_VALUE, message);
  g_free (message);
  return FALSE;
}

static const char *
field_label (const char *key)
{
  static const struct { const char *key; const char *label; } labels[] = {
    { "name", N_("Rename Company") },
    { "kind", N_("Change Kind") },
    { "country", N_("Change Country") },
    { "valuation_usd", N_("Change Valuation") },
    { "valuation_as_of", N_("Change Valuation Date") },
    { "valuation_note", N_("Change Valuation Note") },
    { "description", N_("Change Description") },
    { "website", N_("Change Website") },
    { "amount_note", N_("Change Amount Note") },
    { "announced", N_("Change Announced Date") },
    { "term", N_("Change Term") },
    { "status", N_("Change Status") },
    { "status_note", N_("Change Status Note") },
    { "title", N_("Change Title") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].key, key) == 0)
      return _(labels[i].label);
  return _("Change Field");
}

/* "" is "not given", as in an empty entry. */
static const char *
given (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

gboolean
dg_history_set_company_field (DgHistory   *self,
                              DgCompany   *company,
                              const char  *key,
                              const char  *text,
                              GError     **error)
{
  char *message = NULL;
  g_autofree char *old = NULL;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_COMPANY (company), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (dg_validate_company_field (key, text, &message) == DG_CHECK_ERROR)
    return refuse (error, message);
  g_free (message);

  text = given (text);
  old = get_company_text (company, key);
  if (strcmp (key, "valuation_usd") == 0 && text != NULL && old != NULL
      && g_ascii_strtod (text, NULL) == g_ascii_strtod (old, NULL))
    return TRUE;
  if (g_strcmp0 (old, text) == 0)
    return TRUE;

  cmd = command_new (CMD_COMPANY_FIELD, field_label (key));
  cmd->company = g_object_ref (company);
  cmd->key = g_strdup (key);
  cmd->old_text = g_steal_pointer (&old);
  cmd->new_text = g_strdup (text);
  push (self, cmd);
  return TRUE;
}

gboolean
dg_history_set_deal_field (DgHistory   *self,
                           DgDeal      *deal,
                           const char  *key,
                           const char  *text,
                           GError     **error)
{
  char *message = NULL;
  g_autofree char *old = NULL;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (dg_validate_deal_field (key, text, &message) == DG_CHECK_ERROR)
    return refuse (error, message);
  g_free (message);

  text = given (text);
  old = get_deal_text (deal, key);
  if (g_strcmp0 (old, text) == 0)
    return TRUE;

  cmd = command_new (CMD_DEAL_FIELD, field_label (key));
  cmd->deal = g_object_ref (deal);
  cmd->key = g_strdup (key);
  cmd->old_text = g_steal_pointer (&old);
  cmd->new_text = g_strdup (text);
  push (self, cmd);
  return TRUE;
}

static gboolean
same_amount (const DgAmount *a,
             const DgAmount *b)
{
  if (a->kind != b->kind)
    return FALSE;
  if (a->kind == DG_AMOUNT_UNDISCLOSED)
    return TRUE;
  return a->value == b->value && a->min == b->min && a->max == b->max;
}

gboolean
dg_history_set_deal_amount (DgHistory   *self,
                            DgDeal      *deal,
                            const char  *amount,
                            const char  *min,
                            const char  *max,
                            GError     **error)
{
  char *message = NULL;
  DgAmount value;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);

  if (dg_validate_deal_amount_fields (amount, min, max, &value, &message) == DG_CHECK_ERROR)
    return refuse (error, message);
  g_free (message);

  if (same_amount (&value, dg_deal_get_amount (deal)))
    return TRUE;

  cmd = command_new (CMD_DEAL_AMOUNT, _("Change Amount"));
  cmd->deal = g_object_ref (deal);
  cmd->old_amount = *dg_deal_get_amount (deal);
  cmd->old_null = dg_deal_get_amount_null (deal);
  cmd->new_amount = value;
  push (self, cmd);
  return TRUE;
}

static GPtrArray *
copy_sources (GPtrArray *sources)
{
  GPtrArray *copy = g_ptr_array_new_full (sources->len, (GDestroyNotify) dg_source_free);

  for (guint i = 0; i < sources->len; i++)
    g_ptr_array_add (copy, dg_source_copy (g_ptr_array_index (sources, i)));
  return copy;
}

static gboolean
same_source (const DgSource *a,
             const DgSource *b)
{
  return g_strcmp0 (a->publisher, b->publisher) == 0 && g_strcmp0 (a->title, b->title) == 0
         && g_strcmp0 (a->date, b->date) == 0 && g_strcmp0 (a->url, b->url) == 0
         && g_strcmp0 (a->via, b->via) == 0 && g_strcmp0 (a->unknown, b->unknown) == 0;
}

static void
cited_in_figures (GPtrArray *figures,
                  int       *highest)
{
  for (guint f = 0; figures != NULL && f < figures->len; f++)
    {
      const DgFigure *figure = g_ptr_array_index (figures, f);

      for (guint k = 0; figure->sources != NULL && k < figure->sources->len; k++)
        *highest = MAX (*highest, (int) g_array_index (figure->sources, guint, k));
    }
}

/* The highest index of the deal's sources its history or figures cite by
 * number, or -1. */
static int
highest_cited_source (DgDeal *deal)
{
  const DgDealTimeline *timeline = dg_deal_get_timeline (deal);
  int highest = -1;

  if (timeline == NULL)
    return -1;
  cited_in_figures (timeline->figures, &highest);
  for (guint e = 0; timeline->events != NULL && e < timeline->events->len; e++)
    {
      const DgDealEvent *event = g_ptr_array_index (timeline->events, e);

      for (guint k = 0; event->sources != NULL && k < event->sources->len; k++)
        highest = MAX (highest, (int) g_array_index (event->sources, guint, k));
      cited_in_figures (event->figures, &highest);
    }
  return highest;
}

gboolean
dg_history_set_deal_sources (DgHistory  *self,
                             DgDeal     *deal,
                             GPtrArray  *sources,
                             GError    **error)
{
  GPtrArray *old;
  gboolean same;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);
  g_return_val_if_fail (sources != NULL, FALSE);

  /* The loader's rules for "sources[i]": a publisher; a date and an
   * address, when given, that it would read. */
  for (guint i = 0; i < sources->len; i++)
    {
      const DgSource *s = g_ptr_array_index (sources, i);
      g_autofree char *publisher = g_strdup_printf ("sources[%u].publisher", i);
      g_autofree char *title = g_strdup_printf ("sources[%u].title", i);
      g_autofree char *date = g_strdup_printf ("sources[%u].date", i);
      g_autofree char *url = g_strdup_printf ("sources[%u].url", i);
      g_autofree char *via = g_strdup_printf ("sources[%u].via", i);
      const char *texts[] = { s->publisher, s->title, s->date, s->url, s->via };
      const char *keys[] = { publisher, title, date, url, via };
      char *message = NULL;

      if (s->publisher == NULL)
        return refuse (error, g_strdup_printf (_("\"%s\" is required"), publisher));
      for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
        {
          if (texts[k] == NULL)
            continue;
          if (!g_utf8_validate (texts[k], -1, NULL))
            return refuse (error, g_strdup_printf (_("\"%s\" is not valid UTF-8"), keys[k]));
          if ((k == 2 && dg_validate_date (keys[k], texts[k], &message) == DG_CHECK_ERROR)
              || (k == 3 && dg_validate_url (keys[k], texts[k], &message) == DG_CHECK_ERROR)
              || dg_validate_text (keys[k], texts[k], strlen (texts[k]), FALSE, &message) == DG_CHECK_ERROR)
            return refuse (error, message);
          g_clear_pointer (&message, g_free);
        }
    }

  old = dg_deal_get_sources (deal);
  {
    /* A history cites its sources by number: those it cites stay where
     * they are (a file whose history cites a source it does not have is
     * refused by the loader, and a moved one would be credited wrongly). */
    int cited = highest_cited_source (deal);
    gboolean kept = cited < (int) sources->len && cited < (int) old->len;

    for (int i = 0; kept && i <= cited; i++)
      kept = same_source (g_ptr_array_index (old, i), g_ptr_array_index (sources, i));
    if (!kept)
      return refuse (error, g_strdup_printf (_("This deal’s history cites its first %d sources by number: "
                                               "they cannot be removed or moved; add new sources after them"),
                                             cited + 1));
  }
  same = old->len == sources->len;
  for (guint i = 0; same && i < sources->len; i++)
    same = same_source (g_ptr_array_index (old, i), g_ptr_array_index (sources, i));
  if (same)
    return TRUE;

  cmd = command_new (CMD_DEAL_SOURCES, _("Change Sources"));
  cmd->deal = g_object_ref (deal);
  cmd->old_sources = copy_sources (old);
  cmd->new_sources = copy_sources (sources);
  push (self, cmd);
  return TRUE;
}

/**
 * dg_make_id:
 *
 * Written by hand: GLib has no slug maker. Letters keep only their ASCII
 * lower case (accents are dropped by g_str_to_ascii()).
 *
 * Returns: (transfer full): an id made from @name, never empty
 */
char *
dg_make_id (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "", NULL);
  GString *id = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
      if (id->len >= 48)
        break;
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  if (id->len == 0)
    g_string_assign (id, "item");
  return g_string_free (id, FALSE);
}

/* @base, or @base-2, @base-3, ... whichever is free. */
static char *
unique_id (const char *base,
           gboolean    company,
           DgDocument *doc)
{
  char *id = g_strdup (base);

  for (guint n = 2;
       company ? dg_document_lookup_company (doc, id) != NULL : dg_document_lookup_deal (doc, id) != NULL;
       n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, n);
    }
  return id;
}

static gboolean
check_position (const DgPosition  *position,
                GError           **error)
{
  const double xy[2] = { position->x, position->y };
  const char *keys[2] = { "x", "y" };

  for (guint i = 0; i < 2; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      char *message = NULL;
      double value;

      if (!isfinite (xy[i]))
        return refuse (error, g_strdup_printf (_("\"%s\" must be a number"), keys[i]));
      g_ascii_dtostr (buf, sizeof buf, xy[i]);
      if (dg_validate_coordinate (keys[i], buf, strlen (buf), &value, &message) == DG_CHECK_ERROR)
        return refuse (error, message);
      g_free (message);
    }
  return TRUE;
}

DgCompany *
dg_history_add_company (DgHistory         *self,
                        const char        *name,
                        const char        *kind,
                        const DgPosition  *position,
                        GError           **error)
{
  g_autofree char *base = NULL;
  g_autofree char *id = NULL;
  char *message = NULL;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), NULL);

  if (dg_validate_company_field ("name", name, &message) == DG_CHECK_ERROR)
    {
      refuse (error, message);
      return NULL;
    }
  g_clear_pointer (&message, g_free);
  if (dg_validate_company_field ("kind", kind, &message) == DG_CHECK_ERROR)
    {
      refuse (error, message);
      return NULL;
    }
  g_free (message);
  if (position != NULL && position->set && !check_position (position, error))
    return NULL;

  base = dg_make_id (name);
  id = unique_id (base, TRUE, self->document);
  cmd = command_new (CMD_ITEMS, _("Add Company"));
  cmd->adds = TRUE;
  cmd->company = dg_company_new (id, name);
  if (given (kind) != NULL)
    dg_company_set_kind (cmd->company, kind);
  cmd->index = dg_document_get_n_companies (self->document);
  if (position != NULL)
    cmd->position = *position;
  push (self, cmd);
  return cmd->company;
}

DgDeal *
dg_history_add_deal (DgHistory   *self,
                     DgCompany   *from,
                     DgCompany   *to,
                     const char  *kind,
                     const char  *amount,
                     GError     **error)
{
  g_autofree char *base = NULL;
  g_autofree char *id = NULL;
  char *message = NULL;
  DgAmount value;
  Command *cmd;
  DgDeal *deal;

  g_return_val_if_fail (DG_IS_HISTORY (self), NULL);
  g_return_val_if_fail (DG_IS_COMPANY (from) && DG_IS_COMPANY (to), NULL);
  g_return_val_if_fail (dg_document_lookup_company (self->document, dg_company_get_id (from)) == from, NULL);
  g_return_val_if_fail (dg_document_lookup_company (self->document, dg_company_get_id (to)) == to, NULL);

  if (from == to)
    {
      /* The loader's words for the same mistake in a file. */
      refuse (error, g_strdup_printf (_("a deal cannot run from a company to itself (\"%s\")"),
                                      dg_company_get_id (from)));
      return NULL;
    }
  /* A warning (an unknown kind) is no refusal; its words are not needed. */
  if (dg_validate_deal_field ("kind", kind, &message) == DG_CHECK_ERROR)
    {
      refuse (error, message);
      return NULL;
    }
  g_clear_pointer (&message, g_free);
  if (dg_validate_deal_amount_fields (amount, NULL, NULL, &value, &message) == DG_CHECK_ERROR)
    {
      refuse (error, message);
      return NULL;
    }
  g_free (message);

  base = g_strdup_printf ("%s-%s", dg_company_get_id (from), dg_company_get_id (to));
  id = unique_id (base, FALSE, self->document);
  deal = dg_deal_new (id, dg_company_get_id (from), dg_company_get_id (to));
  if (given (kind) != NULL)
    dg_deal_set_kind (deal, kind);
  dg_deal_set_amount (deal, &value);

  cmd = command_new (CMD_ITEMS, _("Add Deal"));
  cmd->adds = TRUE;
  cmd->deals = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (cmd->deals, deal);
  cmd->deal_indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_vals (cmd->deal_indices, (guint[]) { dg_document_get_n_deals (self->document) }, 1);
  push (self, cmd);
  return deal;
}

void
dg_history_delete_company (DgHistory *self,
                           DgCompany *company)
{
  guint index;
  Command *cmd;

  g_return_if_fail (DG_IS_HISTORY (self));
  g_return_if_fail (DG_IS_COMPANY (company));
  g_return_if_fail (dg_document_lookup_company (self->document, dg_company_get_id (company)) == company);

  index = dg_company_get_index (company);
  cmd = command_new (CMD_ITEMS, _("Delete Company"));
  cmd->company = g_object_ref (company);
  cmd->index = index;
  cmd->position = dg_document_get_positions (self->document)[index];
  cmd->position_unknown = g_strdup (_dg_document_get_position_unknown (self->document, index));
  cmd->deals = g_ptr_array_new_with_free_func (g_object_unref);
  cmd->deal_indices = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint e = 0, m = dg_document_get_n_deals (self->document); e < m; e++)
    {
      DgDeal *deal = dg_document_get_deal (self->document, e);

      if (dg_deal_get_from_index (deal) == index || dg_deal_get_to_index (deal) == index)
        {
          g_ptr_array_add (cmd->deals, g_object_ref (deal));
          g_array_append_val (cmd->deal_indices, e);
        }
    }
  push (self, cmd);
}

void
dg_history_delete_deal (DgHistory *self,
                        DgDeal    *deal)
{
  guint index;
  Command *cmd;

  g_return_if_fail (DG_IS_HISTORY (self));
  g_return_if_fail (DG_IS_DEAL (deal));
  g_return_if_fail (dg_document_lookup_deal (self->document, dg_deal_get_id (deal)) == deal);

  index = dg_deal_get_index (deal);
  cmd = command_new (CMD_ITEMS, _("Delete Deal"));
  cmd->deals = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (cmd->deals, g_object_ref (deal));
  cmd->deal_indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (cmd->deal_indices, index);
  push (self, cmd);
}

gboolean
dg_history_move_company (DgHistory  *self,
                         DgCompany  *company,
                         double      x,
                         double      y,
                         gboolean    pinned,
                         guint       drag,
                         GError    **error)
{
  DgPosition to = { x, y, !!pinned, TRUE };
  Command *top;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_COMPANY (company), FALSE);
  g_return_val_if_fail (dg_document_lookup_company (self->document, dg_company_get_id (company)) == company, FALSE);

  if (!check_position (&to, error))
    return FALSE;

  top = self->undo->len > 0 ? g_ptr_array_index (self->undo, self->undo->len - 1) : NULL;
  if (drag != 0 && self->redo->len == 0 && top != NULL && top->kind == CMD_MOVE
      && top->drag == drag && top->company == company)
    {
      /* One more step of the same drag: the step to undo grows. The state
       * it had when saved is gone. */
      if (self->saved == (int) self->undo->len)
        self->saved = -1;
      top->new_position = to;
      command_apply (self, top, TRUE);
      update_state (self, TRUE, FALSE, TRUE);
      return TRUE;
    }

  cmd = command_new (CMD_MOVE, _("Move Company"));
  cmd->company = g_object_ref (company);
  cmd->old_position = dg_document_get_positions (self->document)[dg_company_get_index (company)];
  cmd->new_position = to;
  cmd->drag = drag;
  push (self, cmd);
  return TRUE;
}

/* ---- the object ---------------------------------------------------------- */

static void
dg_history_dispose (GObject *object)
{
  DgHistory *self = (DgHistory *) object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (dg_history_parent_class)->dispose (object);
}

static void
dg_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DgHistory *self = DG_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT: g_value_set_object (value, self->document); break;
    case PROP_CAN_UNDO: g_value_set_boolean (value, dg_history_can_undo (self)); break;
    case PROP_CAN_REDO: g_value_set_boolean (value, dg_history_can_redo (self)); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    case PROP_UNDO_LABEL: g_value_set_string (value, dg_history_get_undo_label (self)); break;
    case PROP_REDO_LABEL: g_value_set_string (value, dg_history_get_redo_label (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_history_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DgHistory *self = DG_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_history_constructed (GObject *object)
{
  DgHistory *self = (DgHistory *) object;

  G_OBJECT_CLASS (dg_history_parent_class)->constructed (object);

  g_assert (self->document != NULL);
  self->modified = dg_document_get_modified (self->document);
  self->saved = self->modified ? -1 : 0;
  if (self->modified)
    self->last_change = g_get_real_time () / G_USEC_PER_SEC;
  g_signal_connect_object (self->document, "notify::modified",
                           G_CALLBACK (document_modified_cb), self, G_CONNECT_SWAPPED);
}

static void
dg_history_class_init (DgHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = dg_history_dispose;
  object_class->get_property = dg_history_get_property;
  object_class->set_property = dg_history_set_property;
  object_class->constructed = dg_history_constructed;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, DG_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, ro);
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, ro);
  properties[PROP_UNDO_LABEL] = g_param_spec_string ("undo-label", NULL, NULL, NULL, ro);
  properties[PROP_REDO_LABEL] = g_param_spec_string ("redo-label", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dg_history_init (DgHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
}

/**
 * dg_history_new:
 *
 * Returns: (transfer full): a history of edits of @document, empty; the
 *   document as it is counts as saved unless it is marked modified
 */
DgHistory *
dg_history_new (DgDocument *document)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (document), NULL);
  return g_object_new (DG_TYPE_HISTORY, "document", document, NULL);
}

/**
 * dg_history_get_document:
 *
 * Returns: (transfer none): the document
 */
DgDocument *
dg_history_get_document (DgHistory *self)
{
  g_return_val_if_fail (DG_IS_HISTORY (self), NULL);
  return self->document;
}
