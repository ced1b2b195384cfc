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

#include "dg-company-private.h"
#include "dg-deal-private.h"
#include "dg-deal-state.h"
#include "dg-document-private.h"
#include "dg-history.h"
#include "dg-json.h"
#include "dg-tour.h"
#include "dg-validate.h"

typedef enum
{
  CMD_COMPANY_FIELD,
  CMD_DEAL_FIELD,
  CMD_DEAL_AMOUNT,
  CMD_DEAL_SOURCES,
  CMD_ITEMS,          /* companies and deals that come (add) or go (delete) */
  CMD_MOVE,
  CMD_DEAL_ENDS,      /* key: the four ids, old from and to, new from and to */
  CMD_COMPANY_ID,
  CMD_DEAL_ID,
  CMD_UNKNOWN,        /* a company's or a deal's unknown members, as text */
  CMD_LAYOUT_MEMBER,  /* a member of "layout" read as a tree: the tour */
  CMD_GROUP,          /* several of these as one step */
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

  /* Ends of a deal */
  char *ends[4];

  /* Ids: the company stops having an id made for it (see provisional) */
  gboolean ends_provisional;

  /* Layout members (NULL: absent) */
  JsonNode *old_node;
  JsonNode *new_node;

  /* Groups: applied in order, undone in reverse */
  GPtrArray *children;
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
  /* Companies this history added whose ids were made for them and follow
   * the first name they are given (one step with the naming). */
  GHashTable *provisional;
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
  for (guint i = 0; i < G_N_ELEMENTS (cmd->ends); i++)
    g_free (cmd->ends[i]);
  g_clear_pointer (&cmd->old_node, json_node_unref);
  g_clear_pointer (&cmd->new_node, json_node_unref);
  g_clear_pointer (&cmd->children, g_ptr_array_unref);
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

static Command *id_command (DgHistory *self, DgCompany *company, const char *id);
static void group_run_tour (DgHistory *self, Command *group, GHashTable *gone_companies,
                            GHashTable *gone_deals, const char *old_id, const char *new_id);
static Command *group_new (const char *label);
static void group_run (DgHistory *self, Command *group, Command *cmd);
static void push_full (DgHistory *self, Command *cmd, gboolean applied);
static JsonNode *tour_edited (DgHistory *self, GHashTable *gone_companies, GHashTable *gone_deals,
                              const char *old_id, const char *new_id, gboolean deal_renamed);
static Command *layout_member_command (DgHistory *self, const char *key, JsonNode *node);
static JsonNode *deep_copy (JsonNode *node);

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
    case CMD_DEAL_ENDS:
      if (!_dg_document_set_deal_ends (self->document, cmd->deal, cmd->ends[forward ? 2 : 0],
                                       cmd->ends[forward ? 3 : 1]))
        g_assert_not_reached ();
      break;
    case CMD_COMPANY_ID:
      if (!_dg_document_set_company_id (self->document, cmd->company, forward ? cmd->new_text : cmd->old_text))
        g_assert_not_reached ();
      if (cmd->ends_provisional && forward)
        g_hash_table_remove (self->provisional, cmd->company);
      else if (cmd->ends_provisional)
        g_hash_table_add (self->provisional, g_object_ref (cmd->company));
      break;
    case CMD_DEAL_ID:
      if (!_dg_document_set_deal_id (self->document, cmd->deal, forward ? cmd->new_text : cmd->old_text))
        g_assert_not_reached ();
      break;
    case CMD_UNKNOWN:
      if (cmd->company != NULL)
        _dg_company_take_unknown (cmd->company, g_strdup (forward ? cmd->new_text : cmd->old_text));
      else
        _dg_deal_take_unknown (cmd->deal, g_strdup (forward ? cmd->new_text : cmd->old_text));
      break;
    case CMD_LAYOUT_MEMBER:
      {
        JsonObject *layout = dg_document_get_layout_extra (self->document);
        JsonNode *node = forward ? cmd->new_node : cmd->old_node;

        /* json-glib keeps a replaced member where it was, so the file
         * comes back as it was. */
        if (node != NULL)
          json_object_set_member (layout, cmd->key, deep_copy (node));
        else if (json_object_has_member (layout, cmd->key))
          json_object_remove_member (layout, cmd->key);
      }
      break;
    case CMD_GROUP:
      if (forward)
        for (guint i = 0; i < cmd->children->len; i++)
          command_apply (self, g_ptr_array_index (cmd->children, i), TRUE);
      else
        for (guint i = cmd->children->len; i-- > 0;)
          command_apply (self, g_ptr_array_index (cmd->children, i), FALSE);
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

/* Makes @cmd, applied already when @applied, the step to undo next. */
static void
push_full (DgHistory *self,
           Command   *cmd,
           gboolean   applied)
{
  gboolean could_undo = dg_history_can_undo (self);
  gboolean could_redo = dg_history_can_redo (self);

  /* The saved state was among the steps a new edit throws away. */
  if (self->saved > (int) self->undo->len)
    self->saved = -1;
  g_ptr_array_set_size (self->redo, 0);
  if (!applied)
    command_apply (self, cmd, TRUE);
  g_ptr_array_add (self->undo, cmd);
  update_state (self, could_undo, could_redo, TRUE);
}

/* Applies @cmd and makes it the step to undo next. */
static void
push (DgHistory *self,
      Command   *cmd)
{
  push_full (self, cmd, FALSE);
}

/* Steps that depend on the ones before are built by applying them one
 * after the other into a group, which then becomes one step (or is
 * undone at once when a later part is refused). */
static Command *
group_new (const char *label)
{
  Command *group = command_new (CMD_GROUP, label);

  group->children = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  return group;
}

static void
group_run (DgHistory *self,
           Command   *group,
           Command   *cmd)
{
  command_apply (self, cmd, TRUE);
  g_ptr_array_add (group->children, cmd);
}

/* A group of one is that one. */
static void
group_push (DgHistory *self,
            Command   *group)
{
  if (group->children->len == 0)
    {
      command_free (group);
      return;
    }
  if (group->children->len == 1)
    {
      Command *only = g_ptr_array_steal_index (group->children, 0);

      only->label = group->label;
      command_free (group);
      group = only;
    }
  push_full (self, group, TRUE);
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
  if (strcmp (key, "name") == 0 && g_hash_table_contains (self->provisional, company))
    {
      /* The first name a new company is given makes its id, in the same
       * step; from then on the id stays. */
      g_autofree char *base = dg_make_id (text);
      g_autofree char *id = g_strdup (base);
      g_autofree char *old_id = g_strdup (dg_company_get_id (company));
      Command *group = group_new (cmd->label);
      DgCompany *holder;

      for (guint n = 2; (holder = dg_document_lookup_company (self->document, id)) != NULL && holder != company; n++)
        {
          g_free (id);
          id = g_strdup_printf ("%s-%u", base, n);
        }
      group_run (self, group, cmd);
      group_run (self, group, id_command (self, company, id));
      group_run_tour (self, group, NULL, NULL, old_id, id);
      push_full (self, group, TRUE);
      return TRUE;
    }
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

/* The loader's rules for "sources[i]": a publisher; a date and an
 * address, when given, that it would read. */
static gboolean
check_sources (GPtrArray  *sources,
               GError    **error)
{
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

  return TRUE;
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

  if (!check_sources (sources, error))
    return FALSE;

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
 * dg_history_set_deal_source:
 * @index: which source
 * @source: what it says now
 *
 * Edits one source where it is: the history's citations of it stay right,
 * so a cited source may be corrected too.
 */
gboolean
dg_history_set_deal_source (DgHistory       *self,
                            DgDeal          *deal,
                            guint            index,
                            const DgSource  *source,
                            GError         **error)
{
  GPtrArray *old;
  g_autoptr(GPtrArray) sources = NULL;
  Command *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  old = dg_deal_get_sources (deal);
  if (index >= old->len)
    return refuse (error, g_strdup_printf (_("This deal has no source %u"), index + 1));
  sources = copy_sources (old);
  dg_source_free (sources->pdata[index]);
  sources->pdata[index] = dg_source_copy (source);
  if (!check_sources (sources, error))
    return FALSE;
  if (same_source (g_ptr_array_index (old, index), source))
    return TRUE;

  cmd = command_new (CMD_DEAL_SOURCES, _("Change Source"));
  cmd->deal = g_object_ref (deal);
  cmd->old_sources = copy_sources (old);
  cmd->new_sources = g_steal_pointer (&sources);
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
  g_hash_table_add (self->provisional, g_object_ref (cmd->company));
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

/* A deletion (@cmd, not applied), with what the tour loses in the same
 * step. */
static void
push_with_tour (DgHistory *self,
                Command   *cmd)
{
  g_autoptr(GHashTable) companies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) deals = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *tour;
  Command *group;

  if (cmd->company != NULL)
    g_hash_table_add (companies, (char *) dg_company_get_id (cmd->company));
  for (guint i = 0; i < cmd->deals->len; i++)
    g_hash_table_add (deals, (char *) dg_deal_get_id (g_ptr_array_index (cmd->deals, i)));
  tour = tour_edited (self, companies, deals, NULL, NULL, FALSE);
  if (tour == NULL)
    {
      push (self, cmd);
      return;
    }
  group = group_new (cmd->label);
  group_run (self, group, layout_member_command (self, "tour", tour));
  group_run (self, group, cmd);
  push_full (self, group, TRUE);
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
  push_with_tour (self, cmd);
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
  push_with_tour (self, cmd);
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

  {
    const DgPosition *old = &dg_document_get_positions (self->document)[dg_company_get_index (company)];
    /* Pinned or unpinned where it is (the context menu): say so. */
    gboolean pin_only = old->set && old->x == to.x && old->y == to.y && old->pinned != to.pinned;

    cmd = command_new (CMD_MOVE, !pin_only ? _("Move Company") : to.pinned ? _("Pin Company") : _("Unpin Company"));
    cmd->old_position = *old;
  }
  cmd->company = g_object_ref (company);
  cmd->new_position = to;
  cmd->drag = drag;
  push (self, cmd);
  return TRUE;
}

/* ---- references: ends, ids, the tour --------------------------------------- */

/* json_node_copy() shares objects and arrays: a tree to change and keep
 * is copied whole. Written by hand: json-glib has no deep copy. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      JsonObjectIter iter;
      const char *key;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &key, &member))
        json_object_set_member (out, key, deep_copy (member));
      copy = json_node_init_object (json_node_alloc (), out);
      json_object_unref (out);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *out = json_array_sized_new (json_array_get_length (array));

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (out, deep_copy (json_array_get_element (array, i)));
      copy = json_node_init_array (json_node_alloc (), out);
      json_array_unref (out);
      return copy;
    }
  return json_node_copy (node);
}

/* The saved tour ("layout" > "tour", as dg_tour_save_to_document() writes
 * it) with the companies of @gone_companies and the deals of @gone_deals
 * (sets of ids, nullable) gone and company @old_id called @new_id (a
 * deal when @deal_renamed); NULL when nothing in it changes. A slide the tour made (a cycle, a company)
 * that names something gone goes with it, since it would show something
 * else; the presenter's own slides only lose the name. */
static JsonNode *
tour_edited (DgHistory  *self,
             GHashTable *gone_companies,
             GHashTable *gone_deals,
             const char *old_id,
             const char *new_id,
             gboolean    deal_renamed)
{
  JsonNode *tour = json_object_get_member (dg_document_get_layout_extra (self->document), "tour");
  g_autoptr(JsonNode) copy = NULL;
  JsonNode *slides_node;
  JsonArray *slides, *kept;
  gboolean changed = FALSE;

  if (tour == NULL || !JSON_NODE_HOLDS_OBJECT (tour))
    return NULL;
  copy = deep_copy (tour);
  slides_node = json_object_get_member (json_node_get_object (copy), "slides");
  if (slides_node == NULL || !JSON_NODE_HOLDS_ARRAY (slides_node))
    return NULL;
  slides = json_node_get_array (slides_node);
  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (slides); i++)
    {
      JsonNode *item = json_array_get_element (slides, i);
      const char *members[2] = { "companies", "deals" };
      gboolean custom, broken = FALSE;
      JsonObject *slide;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          json_array_add_element (kept, json_node_copy (item));
          continue;
        }
      slide = json_node_get_object (item);
      custom = g_strcmp0 (json_object_get_string_member_with_default (slide, "kind", ""), "custom") == 0;
      for (guint k = 0; k < 2; k++)
        {
          JsonNode *ids_node = json_object_get_member (slide, members[k]);
          GHashTable *gone = k == 0 ? gone_companies : gone_deals;
          JsonArray *ids, *out;
          gboolean touched = FALSE;

          if (ids_node == NULL || !JSON_NODE_HOLDS_ARRAY (ids_node))
            continue;
          ids = json_node_get_array (ids_node);
          out = json_array_new ();
          for (guint j = 0; j < json_array_get_length (ids); j++)
            {
              JsonNode *id_node = json_array_get_element (ids, j);
              const char *id = JSON_NODE_HOLDS_VALUE (id_node) && json_node_get_value_type (id_node) == G_TYPE_STRING
                               ? json_node_get_string (id_node) : NULL;

              if (id != NULL && gone != NULL && g_hash_table_contains (gone, id))
                {
                  touched = broken = TRUE;
                  continue;
                }
              if (id != NULL && k == (deal_renamed ? 1 : 0) && old_id != NULL
                  && (strcmp (id, old_id) == 0 || strcmp (id, new_id) == 0))
                {
                  /* Named once, where it first was. */
                  gboolean present = FALSE;

                  touched |= strcmp (id, old_id) == 0;
                  for (guint o = 0; o < json_array_get_length (out); o++)
                    {
                      JsonNode *seen = json_array_get_element (out, o);

                      present |= JSON_NODE_HOLDS_VALUE (seen) && json_node_get_value_type (seen) == G_TYPE_STRING
                                 && g_strcmp0 (json_node_get_string (seen), new_id) == 0;
                    }
                  touched |= present;
                  if (!present)
                    json_array_add_string_element (out, new_id);
                  continue;
                }
              json_array_add_element (out, json_node_copy (id_node));
            }
          if (!touched)
            {
              json_array_unref (out);
              continue;
            }
          changed = TRUE;
          /* As the tour writes it: no member for an empty list. */
          if (json_array_get_length (out) == 0)
            {
              json_object_remove_member (slide, members[k]);
              json_array_unref (out);
            }
          else
            json_object_set_array_member (slide, members[k], out);
        }
      if (broken && !custom)
        continue;
      json_array_add_element (kept, json_node_copy (item));
    }
  if (!changed)
    {
      json_array_unref (kept);
      return NULL;
    }
  json_object_set_array_member (json_node_get_object (copy), "slides", kept);
  return g_steal_pointer (&copy);
}

static Command *
layout_member_command (DgHistory  *self,
                       const char *key,
                       JsonNode   *node)
{
  JsonNode *old = json_object_get_member (dg_document_get_layout_extra (self->document), key);
  Command *cmd = command_new (CMD_LAYOUT_MEMBER, _("Edit Tour"));

  cmd->key = g_strdup (key);
  cmd->old_node = old != NULL ? deep_copy (old) : NULL;
  cmd->new_node = node;
  return cmd;
}

/* Into @group: the tour without what goes, and with the new id. */
static void
group_run_tour (DgHistory  *self,
                Command    *group,
                GHashTable *gone_companies,
                GHashTable *gone_deals,
                const char *old_id,
                const char *new_id)
{
  JsonNode *tour = tour_edited (self, gone_companies, gone_deals, old_id, new_id, FALSE);

  if (tour != NULL)
    group_run (self, group, layout_member_command (self, "tour", tour));
}

static Command *
ends_command (DgDeal     *deal,
              const char *from_id,
              const char *to_id)
{
  Command *cmd = command_new (CMD_DEAL_ENDS, NULL);

  cmd->deal = g_object_ref (deal);
  cmd->ends[0] = g_strdup (dg_deal_get_from_id (deal));
  cmd->ends[1] = g_strdup (dg_deal_get_to_id (deal));
  cmd->ends[2] = g_strdup (from_id);
  cmd->ends[3] = g_strdup (to_id);
  return cmd;
}

/**
 * dg_history_set_deal_ends:
 *
 * Makes @from the payer and @to the payee of @deal; swapping them is one
 * call. Refuses a deal from a company to itself, with the loader's words.
 */
gboolean
dg_history_set_deal_ends (DgHistory  *self,
                          DgDeal     *deal,
                          DgCompany  *from,
                          DgCompany  *to,
                          GError    **error)
{
  DgDocument *doc;
  Command *cmd;
  gboolean swap;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal) && DG_IS_COMPANY (from) && DG_IS_COMPANY (to), FALSE);
  doc = self->document;
  g_return_val_if_fail (dg_document_lookup_deal (doc, dg_deal_get_id (deal)) == deal, FALSE);
  g_return_val_if_fail (dg_document_lookup_company (doc, dg_company_get_id (from)) == from, FALSE);
  g_return_val_if_fail (dg_document_lookup_company (doc, dg_company_get_id (to)) == to, FALSE);

  if (from == to)
    return refuse (error, g_strdup_printf (_("a deal cannot run from a company to itself (\"%s\")"),
                                           dg_company_get_id (from)));
  if (dg_deal_get_from_index (deal) == dg_company_get_index (from)
      && dg_deal_get_to_index (deal) == dg_company_get_index (to))
    return TRUE;

  swap = dg_deal_get_from_index (deal) == dg_company_get_index (to)
         && dg_deal_get_to_index (deal) == dg_company_get_index (from);
  cmd = ends_command (deal, dg_company_get_id (from), dg_company_get_id (to));
  if (swap)
    cmd->label = _("Swap Direction");
  else if (dg_deal_get_to_index (deal) == dg_company_get_index (to))
    cmd->label = _("Change Payer");
  else if (dg_deal_get_from_index (deal) == dg_company_get_index (from))
    cmd->label = _("Change Payee");
  else
    cmd->label = _("Change Payer and Payee");
  push (self, cmd);
  return TRUE;
}

/**
 * dg_history_swap_deal:
 *
 * The payee pays and the payer is paid: one step.
 */
gboolean
dg_history_swap_deal (DgHistory  *self,
                      DgDeal     *deal,
                      GError    **error)
{
  DgDocument *doc;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);
  doc = self->document;
  return dg_history_set_deal_ends (self, deal, dg_document_lookup_company (doc, dg_deal_get_to_id (deal)),
                                   dg_document_lookup_company (doc, dg_deal_get_from_id (deal)), error);
}

/* The loader's rules for a company's id: text, not empty, not taken. */
static gboolean
check_company_id (DgHistory   *self,
                  DgCompany   *company,
                  const char  *id,
                  GError     **error)
{
  DgCompany *other;
  char *message = NULL;

  if (id == NULL || !g_utf8_validate (id, -1, NULL))
    return refuse (error, g_strdup_printf (_("\"%s\" is not valid UTF-8"), "id"));
  if (dg_validate_text ("id", id, strlen (id), TRUE, &message) == DG_CHECK_ERROR)
    return refuse (error, message);
  g_free (message);
  other = dg_document_lookup_company (self->document, id);
  if (other != NULL && other != company)
    return refuse (error, g_strdup_printf (_("duplicate company id \"%s\" (first used by companies[%u])"),
                                           id, dg_company_get_index (other)));
  return TRUE;
}

static Command *
id_command (DgHistory  *self,
            DgCompany  *company,
            const char *id)
{
  Command *cmd = command_new (CMD_COMPANY_ID, _("Change Id"));

  cmd->company = g_object_ref (company);
  cmd->old_text = g_strdup (dg_company_get_id (company));
  cmd->new_text = g_strdup (id);
  cmd->ends_provisional = g_hash_table_contains (self->provisional, company);
  return cmd;
}

/**
 * dg_history_set_company_id:
 *
 * Gives @company the id @id, and everything that names it (its deals, the
 * tour's slides) the new one, in one step. Its position goes with it (the
 * file keeps positions by company). Refused, with the loader's words,
 * when @id is empty or another company's.
 */
gboolean
dg_history_set_company_id (DgHistory   *self,
                           DgCompany   *company,
                           const char  *id,
                           GError     **error)
{
  g_autofree char *old_id = NULL;
  Command *group;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_COMPANY (company), FALSE);
  g_return_val_if_fail (dg_document_lookup_company (self->document, dg_company_get_id (company)) == company, FALSE);

  if (!check_company_id (self, company, id, error))
    return FALSE;
  if (strcmp (id, dg_company_get_id (company)) == 0)
    return TRUE;

  old_id = g_strdup (dg_company_get_id (company));
  group = group_new (_("Change Id"));
  group_run (self, group, id_command (self, company, id));
  group_run_tour (self, group, NULL, NULL, old_id, id);
  group_push (self, group);
  return TRUE;
}

/* The links of a deal's history (kept in its unknown members) that name
 * @id, or whether any does. */
static gboolean
links_name (DgDeal     *deal,
            const char *id)
{
  const DgDealTimeline *timeline;

  if (_dg_deal_get_unknown (deal) == NULL)
    return FALSE;
  timeline = dg_deal_get_timeline (deal);
  if (g_strcmp0 (timeline->replaced_by, id) == 0 || g_strcmp0 (timeline->part_of, id) == 0)
    return TRUE;
  return g_ptr_array_find_with_equal_func (timeline->overlaps, id, g_str_equal, NULL);
}

/* The loader's rules for a deal's id: text, not empty, not taken; and not
 * a name that a link still holds for a deal since removed (undo may bring
 * it back), which the new id would silently take over. */
static gboolean
check_deal_id (DgHistory   *self,
               DgDeal      *deal,
               const char  *id,
               GError     **error)
{
  DgDeal *other;
  char *message = NULL;

  if (id == NULL || !g_utf8_validate (id, -1, NULL))
    return refuse (error, g_strdup_printf (_("\"%s\" is not valid UTF-8"), "id"));
  if (dg_validate_text ("id", id, strlen (id), TRUE, &message) == DG_CHECK_ERROR)
    return refuse (error, message);
  g_free (message);
  other = dg_document_lookup_deal (self->document, id);
  if (other != NULL && other != deal)
    {
      g_autofree char *shown = dg_json_escape_for_message (id, -1, 80);

      return refuse (error, g_strdup_printf (_("duplicate deal id \"%s\" (first used by deals[%u])"),
                                             shown, dg_deal_get_index (other)));
    }
  if (other == NULL)
    for (guint e = 0, m = dg_document_get_n_deals (self->document); e < m; e++)
      {
        DgDeal *linked = dg_document_get_deal (self->document, e);

        if (links_name (linked, id))
          {
            g_autofree char *shown = dg_json_escape_for_message (id, -1, 80);
            g_autofree char *by = dg_json_escape_for_message (dg_deal_get_id (linked), -1, 80);

            /* Translators: the first %s is an id, the second a deal's id */
            return refuse (error, g_strdup_printf (_("\"%s\" is the id of a removed deal that deal \"%s\" "
                                                     "still links to"), shown, by));
          }
      }
  return TRUE;
}

/* @text (a deal's unknown members) with every link to @old_id naming
 * @new_id; members keep their places. */
static char *
links_renamed (const char *text,
               const char *old_id,
               const char *new_id)
{
  g_autoptr(JsonObject) object = dg_json_object_from_canonical (text);
  const char *singles[] = { "replaced_by", "part_of" };
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (singles); i++)
    {
      node = json_object_get_member (object, singles[i]);
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
          && strcmp (json_node_get_string (node), old_id) == 0)
        json_object_set_string_member (object, singles[i], new_id);
    }
  node = json_object_get_member (object, "overlaps");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *old = json_node_get_array (node);
      JsonArray *out = json_array_sized_new (json_array_get_length (old));

      for (guint k = 0; k < json_array_get_length (old); k++)
        {
          JsonNode *item = json_array_get_element (old, k);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
              && strcmp (json_node_get_string (item), old_id) == 0)
            json_array_add_string_element (out, new_id);
          else
            json_array_add_element (out, deep_copy (item));
        }
      json_object_set_array_member (object, "overlaps", out);
    }
  return dg_json_object_to_canonical (object);
}

/**
 * dg_history_set_deal_id:
 *
 * Gives @deal the id @id, and everything that names it (other deals'
 * links: replaced_by, part_of, overlaps; the tour's slides) the new one,
 * in one step. Refused, with the loader's words, when @id is empty or
 * another deal's.
 */
gboolean
dg_history_set_deal_id (DgHistory   *self,
                        DgDeal      *deal,
                        const char  *id,
                        GError     **error)
{
  g_autofree char *old_id = NULL;
  Command *group, *cmd;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);
  g_return_val_if_fail (dg_document_lookup_deal (self->document, dg_deal_get_id (deal)) == deal, FALSE);

  if (!check_deal_id (self, deal, id, error))
    return FALSE;
  if (strcmp (id, dg_deal_get_id (deal)) == 0)
    return TRUE;

  old_id = g_strdup (dg_deal_get_id (deal));
  group = group_new (_("Change Id"));
  cmd = command_new (CMD_DEAL_ID, NULL);
  cmd->deal = g_object_ref (deal);
  cmd->old_text = g_strdup (old_id);
  cmd->new_text = g_strdup (id);
  group_run (self, group, cmd);
  /* The deal's own links too: one naming itself is the loader's error,
   * but a file may still hold one and it should follow. */
  for (guint e = 0, m = dg_document_get_n_deals (self->document); e < m; e++)
    {
      DgDeal *linked = dg_document_get_deal (self->document, e);

      if (!links_name (linked, old_id))
        continue;
      cmd = command_new (CMD_UNKNOWN, NULL);
      cmd->deal = g_object_ref (linked);
      cmd->old_text = g_strdup (_dg_deal_get_unknown (linked));
      cmd->new_text = links_renamed (cmd->old_text, old_id, id);
      group_run (self, group, cmd);
    }
  {
    JsonNode *tour = tour_edited (self, NULL, NULL, old_id, id, TRUE);

    if (tour != NULL)
      group_run (self, group, layout_member_command (self, "tour", tour));
  }
  group_push (self, group);
  return TRUE;
}

/* The unknown members of @a, then those of @b that @a lacks, as one
 * canonical object text (NULL for none). Written from the texts, not
 * trees, so nothing of either is changed on the way. */
static char *
merge_unknown (const char *a,
               const char *b)
{
  g_autoptr(JsonObject) a_object = NULL;
  GString *out;
  DgJsonWriter w;

  if (b == NULL)
    return g_strdup (a);
  if (a == NULL)
    return g_strdup (b);
  a_object = dg_json_object_from_canonical (a);
  out = g_string_new (NULL);
  dg_json_writer_init (&w, out, FALSE);
  dg_json_writer_begin_object (&w, FALSE);
  dg_json_writer_raw_members (&w, a, NULL, NULL);
  dg_json_writer_raw_members (&w, b, NULL, a_object);
  dg_json_writer_end_object (&w);
  return g_string_free (out, FALSE);
}

/**
 * dg_history_merge_companies:
 * @keep: the company that stays
 * @other: the one that goes into it
 * @n_dropped: (out) (optional): how many deals went, those between the two
 *
 * Merges two companies that are the same one. Every deal of @other
 * becomes @keep's; a deal between the two would run from @keep to
 * itself, which no file may hold, and goes. The fields @keep leaves empty
 * are taken from @other (its valuation as a whole), so are the members
 * this version does not know; the tour names @keep where it named
 * @other. One step.
 */
gboolean
dg_history_merge_companies (DgHistory   *self,
                            DgCompany   *keep,
                            DgCompany   *other,
                            guint       *n_dropped,
                            GError     **error)
{
  static const char * const fields[] = { "kind", "country", "description", "website" };
  static const char * const valuation[] = { "valuation_usd", "valuation_as_of", "valuation_note" };
  DgDocument *doc;
  g_autoptr(GHashTable) gone_deals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) gone_companies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) moved = g_ptr_array_new ();
  g_autofree char *unknown = NULL;
  Command *group, *items;
  guint index;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_COMPANY (keep) && DG_IS_COMPANY (other), FALSE);
  doc = self->document;
  g_return_val_if_fail (dg_document_lookup_company (doc, dg_company_get_id (keep)) == keep, FALSE);
  g_return_val_if_fail (dg_document_lookup_company (doc, dg_company_get_id (other)) == other, FALSE);

  if (n_dropped != NULL)
    *n_dropped = 0;
  if (keep == other)
    return refuse (error, g_strdup (_("A company cannot be merged with itself")));

  group = group_new (_("Merge Companies"));
  index = dg_company_get_index (other);

  /* The deals between the two go first, in one part. */
  items = command_new (CMD_ITEMS, NULL);
  items->deals = g_ptr_array_new_with_free_func (g_object_unref);
  items->deal_indices = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint e = 0, m = dg_document_get_n_deals (doc); e < m; e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);
      guint from = dg_deal_get_from_index (deal), to = dg_deal_get_to_index (deal);

      if (from != index && to != index)
        continue;
      if (from == dg_company_get_index (keep) || to == dg_company_get_index (keep))
        {
          g_ptr_array_add (items->deals, g_object_ref (deal));
          g_array_append_val (items->deal_indices, e);
          g_hash_table_add (gone_deals, (char *) dg_deal_get_id (deal));
        }
      else
        g_ptr_array_add (moved, deal);
    }
  if (n_dropped != NULL)
    *n_dropped = items->deals->len;
  if (items->deals->len > 0)
    group_run (self, group, items);
  else
    command_free (items);

  for (guint i = 0; i < moved->len; i++)
    {
      DgDeal *deal = g_ptr_array_index (moved, i);
      gboolean from = dg_deal_get_from_index (deal) == index;

      group_run (self, group, ends_command (deal, from ? dg_company_get_id (keep) : dg_deal_get_from_id (deal),
                                            from ? dg_deal_get_to_id (deal) : dg_company_get_id (keep)));
    }

  /* What @keep does not say, @other may. */
  for (guint i = 0; i < G_N_ELEMENTS (fields) + 1; i++)
    {
      const char * const *keys = i < G_N_ELEMENTS (fields) ? &fields[i] : valuation;
      guint n_keys = i < G_N_ELEMENTS (fields) ? 1 : G_N_ELEMENTS (valuation);
      g_autofree char *mine = get_company_text (keep, keys[0]);

      if (mine != NULL && !(i == 0 && dg_company_get_kind_enum (keep) == DG_COMPANY_KIND_OTHER))
        continue;
      for (guint k = 0; k < n_keys; k++)
        {
          g_autofree char *theirs = get_company_text (other, keys[k]);
          g_autofree char *old = get_company_text (keep, keys[k]);
          Command *cmd;

          if (theirs == NULL || g_strcmp0 (old, theirs) == 0)
            continue;
          if (i == 0 && dg_company_get_kind_enum (other) == DG_COMPANY_KIND_OTHER)
            continue;
          cmd = command_new (CMD_COMPANY_FIELD, NULL);
          cmd->company = g_object_ref (keep);
          cmd->key = g_strdup (keys[k]);
          cmd->old_text = g_steal_pointer (&old);
          cmd->new_text = g_steal_pointer (&theirs);
          group_run (self, group, cmd);
        }
    }
  unknown = merge_unknown (_dg_company_get_unknown (keep), _dg_company_get_unknown (other));
  if (g_strcmp0 (unknown, _dg_company_get_unknown (keep)) != 0)
    {
      Command *cmd = command_new (CMD_UNKNOWN, NULL);

      cmd->company = g_object_ref (keep);
      cmd->old_text = g_strdup (_dg_company_get_unknown (keep));
      cmd->new_text = g_steal_pointer (&unknown);
      group_run (self, group, cmd);
    }

  group_run_tour (self, group, NULL, gone_deals, dg_company_get_id (other), dg_company_get_id (keep));

  items = command_new (CMD_ITEMS, NULL);
  items->company = g_object_ref (other);
  items->index = index;
  items->position = dg_document_get_positions (doc)[index];
  items->position_unknown = g_strdup (_dg_document_get_position_unknown (doc, index));
  group_run (self, group, items);
  g_hash_table_remove (self->provisional, other);

  push_full (self, group, TRUE);
  return TRUE;
}

/* Is the array now open, under @keys (one per open container, the first
 * for the deal's object), a list of cited sources? "figures"[i]."sources",
 * "history"[i]."sources" or "history"[i]."figures"[j]."sources". */
static gboolean
citation_path (GPtrArray *keys)
{
  static const char * const paths[][6] = {
    { "", "figures", "[]", "sources", NULL },
    { "", "history", "[]", "sources", NULL },
    { "", "history", "[]", "figures", "[]", "sources" },
  };

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      guint len = paths[p][4] == NULL ? 4 : 6;
      gboolean same = keys->len == len;

      for (guint k = 0; same && k < len; k++)
        same = strcmp (g_ptr_array_index (keys, k), paths[p][k]) == 0;
      if (same)
        return TRUE;
    }
  return FALSE;
}

/* A deal's history and figures cite its sources by index: @unknown (its
 * unknown members' canonical text) with every citation k made map[k].
 * Written by hand on the tokens, so every other number stays as written
 * (a json-glib tree would turn 2e9 into 2000000000.0). NULL with *ok
 * FALSE when the text does not read back as it was (it always should). */
static char *
rewrite_citations (const char  *unknown,
                   const guint *map,
                   guint        n,
                   gboolean    *ok)
{
  DgJsonReader *reader = dg_json_reader_new (unknown, strlen (unknown));
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = NULL;
  GString *out = g_string_new (NULL);
  DgJsonWriter w;
  DgJsonToken token;
  const char *text;
  gsize length;

  *ok = TRUE;
  dg_json_writer_init (&w, out, FALSE);
  while (*ok && (token = dg_json_reader_next (reader)) != DG_JSON_END)
    switch (token)
      {
      case DG_JSON_KEY:
        text = dg_json_reader_get_string (reader, &length);
        dg_json_writer_key (&w, text, (gssize) length);
        g_free (key);
        key = g_strndup (text, length);
        break;
      case DG_JSON_OBJECT_BEGIN:
      case DG_JSON_ARRAY_BEGIN:
        g_ptr_array_add (keys, key != NULL ? g_steal_pointer (&key) : g_strdup (keys->len == 0 ? "" : "[]"));
        if (token == DG_JSON_OBJECT_BEGIN)
          dg_json_writer_begin_object (&w, FALSE);
        else
          dg_json_writer_begin_array (&w, FALSE);
        break;
      case DG_JSON_OBJECT_END:
      case DG_JSON_ARRAY_END:
        g_ptr_array_set_size (keys, keys->len - 1);
        if (token == DG_JSON_OBJECT_END)
          dg_json_writer_end_object (&w);
        else
          dg_json_writer_end_array (&w);
        break;
      case DG_JSON_NUMBER:
        text = dg_json_reader_get_number (reader, &length);
        if (key == NULL && citation_path (keys))
          {
            gint64 k;

            *ok = dg_json_number_to_int64 (text, length, &k) && k >= 0 && (guint64) k < n;
            if (*ok)
              dg_json_writer_int (&w, map[k]);
          }
        else
          dg_json_writer_raw (&w, text, (gssize) length);
        g_clear_pointer (&key, g_free);
        break;
      case DG_JSON_STRING:
        text = dg_json_reader_get_string (reader, &length);
        dg_json_writer_string (&w, text, (gssize) length);
        g_clear_pointer (&key, g_free);
        break;
      case DG_JSON_NULL:
      case DG_JSON_TRUE:
      case DG_JSON_FALSE:
        if (token == DG_JSON_NULL)
          dg_json_writer_null (&w);
        else
          dg_json_writer_boolean (&w, token == DG_JSON_TRUE);
        g_clear_pointer (&key, g_free);
        break;
      default:
        *ok = FALSE;
      }
  dg_json_reader_free (reader);
  if (!*ok)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
renumber_citations (const char  *unknown,
                    const guint *map,
                    guint        n,
                    gboolean    *ok)
{
  g_autofree guint *same = g_new (guint, MAX (n, 1));
  g_autofree char *again = NULL;

  *ok = TRUE;
  if (unknown == NULL)
    return NULL;
  /* Copied unchanged, the text must come back byte for byte: then only
   * the citations differ in the copy that renumbers them. */
  for (guint i = 0; i < n; i++)
    same[i] = i;
  again = rewrite_citations (unknown, same, n, ok);
  if (!*ok || strcmp (again, unknown) != 0)
    {
      *ok = FALSE;
      return NULL;
    }
  return rewrite_citations (unknown, map, n, ok);
}

/**
 * dg_history_move_deal_source:
 * @from: the index of the source that moves
 * @to: its index afterwards
 *
 * Moves one of @deal's sources; the history's and figures' citations by
 * index follow it, in the same step, so they credit the same sources.
 */
gboolean
dg_history_move_deal_source (DgHistory   *self,
                             DgDeal      *deal,
                             guint        from,
                             guint        to,
                             GError     **error)
{
  GPtrArray *old;
  g_autofree guint *map = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *unknown = NULL;
  gboolean ok;
  Command *group, *cmd;
  guint n;

  g_return_val_if_fail (DG_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);

  old = dg_deal_get_sources (deal);
  n = old->len;
  if (from >= n || to >= n)
    return refuse (error, g_strdup_printf (_("This deal has no source %u"), MAX (from, to) + 1));
  if (from == to)
    return TRUE;

  /* map[old index] = new index */
  map = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    {
      guint j = i;

      if (i == from)
        j = to;
      else if (from < to && i > from && i <= to)
        j = i - 1;
      else if (to < from && i >= to && i < from)
        j = i + 1;
      map[i] = j;
    }
  sources = g_ptr_array_new_full (n, (GDestroyNotify) dg_source_free);
  g_ptr_array_set_size (sources, n);
  for (guint i = 0; i < n; i++)
    sources->pdata[map[i]] = dg_source_copy (g_ptr_array_index (old, i));

  unknown = renumber_citations (_dg_deal_get_unknown (deal), map, n, &ok);
  if (!ok)
    return refuse (error, g_strdup (_("This deal’s history cites its sources by number in a way Dealgraph "
                                      "cannot rewrite: its sources cannot be moved")));

  group = group_new (_("Move Source"));
  if (g_strcmp0 (unknown, _dg_deal_get_unknown (deal)) != 0)
    {
      cmd = command_new (CMD_UNKNOWN, NULL);
      cmd->deal = g_object_ref (deal);
      cmd->old_text = g_strdup (_dg_deal_get_unknown (deal));
      cmd->new_text = g_steal_pointer (&unknown);
      group_run (self, group, cmd);
    }
  cmd = command_new (CMD_DEAL_SOURCES, NULL);
  cmd->deal = g_object_ref (deal);
  cmd->old_sources = copy_sources (old);
  cmd->new_sources = g_steal_pointer (&sources);
  group_run (self, group, cmd);
  group_push (self, group);
  return TRUE;
}

/**
 * dg_history_set_tour:
 *
 * Keeps @tour in the document (as dg_tour_save_to_document() does) as one
 * step of the history.
 */
void
dg_history_set_tour (DgHistory *self,
                     DgTour    *tour)
{
  JsonObject *layout;
  JsonNode *old;
  g_autoptr(JsonNode) saved = NULL;
  JsonNode *now;
  Command *cmd;

  g_return_if_fail (DG_IS_HISTORY (self));
  g_return_if_fail (DG_IS_TOUR (tour));

  layout = dg_document_get_layout_extra (self->document);
  old = json_object_get_member (layout, "tour");
  saved = old != NULL ? deep_copy (old) : NULL;
  dg_tour_save_to_document (tour, self->document);
  now = deep_copy (json_object_get_member (layout, "tour"));
  /* Back as it was: the command makes the change. */
  if (saved != NULL)
    json_object_set_member (layout, "tour", g_steal_pointer (&saved));
  else
    json_object_remove_member (layout, "tour");
  if (old != NULL && json_node_equal (json_object_get_member (layout, "tour"), now))
    {
      json_node_unref (now);
      return;
    }
  cmd = layout_member_command (self, "tour", now);
  push (self, cmd);
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
  g_clear_pointer (&self->provisional, g_hash_table_unref);
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
  self->provisional = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
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
