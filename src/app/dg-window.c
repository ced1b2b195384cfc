/* dg-window.c: the window owns the document and wires the views to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-loader.h"
#include "dg-window.h"

struct _DgWindow
{
  GtkApplicationWindow parent_instance;

  DgDocument *document;
  GtkStringFilter *company_filter;
  GtkStringFilter *deal_filter;

  /* Template children */
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkSearchEntry *search_entry;
  GtkListView *company_list;
  GtkListView *deal_list;
};

G_DEFINE_FINAL_TYPE (DgWindow, dg_window, GTK_TYPE_APPLICATION_WINDOW)

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (detail), 1);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "numeric");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

static void
bind_company_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  DgCompany *company = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  g_autofree char *valuation = NULL;
  g_autofree char *text = NULL;

  /* Names come from files: plain text, never markup. */
  gtk_label_set_text (GTK_LABEL (name), dg_company_get_name (company));
  if (dg_company_has_valuation (company))
    valuation = dg_format_money (dg_company_get_valuation (company));
  text = valuation != NULL
    ? g_strdup_printf ("%s · %s", dg_company_kind_label (dg_company_get_kind_enum (company)), valuation)
    : g_strdup (dg_company_kind_label (dg_company_get_kind_enum (company)));
  gtk_label_set_text (GTK_LABEL (detail), text);
}

static void
bind_deal_row (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               DgWindow                 *self)
{
  DgDeal *deal = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  DgCompany *from = dg_document_get_company (self->document, dg_deal_get_from_index (deal));
  DgCompany *to = dg_document_get_company (self->document, dg_deal_get_to_index (deal));
  g_autofree char *amount = dg_amount_format (dg_deal_get_amount (deal));
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  /* Translators: a deal's payer and payee, e.g. "OpenAI → Oracle" */
  title = g_strdup_printf (_("%s → %s"), dg_company_get_name (from), dg_company_get_name (to));
  text = g_strdup_printf ("%s · %s", dg_deal_kind_label (dg_deal_get_kind_enum (deal)), amount);
  gtk_label_set_text (GTK_LABEL (name), title);
  gtk_widget_set_tooltip_text (name, dg_deal_get_title (deal));
  gtk_label_set_text (GTK_LABEL (detail), text);
}

static char *
deal_search_text (DgDeal   *deal,
                  DgWindow *self)
{
  DgCompany *from = dg_document_get_company (self->document, dg_deal_get_from_index (deal));
  DgCompany *to = dg_document_get_company (self->document, dg_deal_get_to_index (deal));

  return g_strjoin (" ", dg_company_get_name (from), dg_company_get_name (to),
                    dg_deal_get_id (deal), dg_deal_get_title (deal) ? dg_deal_get_title (deal) : "",
                    NULL);
}

static GtkListItemFactory *
make_factory (GCallback bind,
              gpointer  data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", bind, data);
  return factory;
}

static void
update_title (DgWindow *self)
{
  const char *title = dg_document_get_title (self->document);
  g_autofree char *subtitle = NULL;

  if (title == NULL)
    title = _("Untitled deal network");
  gtk_label_set_text (self->title_label, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  /* Translators: window subtitle, e.g. "36 companies, 67 deals" */
  subtitle = g_strdup_printf (_("%u companies, %u deals"),
                              dg_document_get_n_companies (self->document),
                              dg_document_get_n_deals (self->document));
  gtk_label_set_text (self->subtitle_label, subtitle);
}

void
dg_window_set_document (DgWindow   *self,
                        DgDocument *document)
{
  GtkFilterListModel *companies, *deals;

  g_return_if_fail (DG_IS_WINDOW (self));
  g_return_if_fail (DG_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  companies = gtk_filter_list_model_new (g_object_ref (dg_document_get_companies (document)),
                                         g_object_ref (GTK_FILTER (self->company_filter)));
  deals = gtk_filter_list_model_new (g_object_ref (dg_document_get_deals (document)),
                                     g_object_ref (GTK_FILTER (self->deal_filter)));
  gtk_list_view_set_model (self->company_list, GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (companies))));
  gtk_list_view_set_model (self->deal_list, GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (deals))));

  update_title (self);
}

DgDocument *
dg_window_get_document (DgWindow *self)
{
  g_return_val_if_fail (DG_IS_WINDOW (self), NULL);
  return self->document;
}

void
dg_window_load_default (DgWindow *self)
{
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = dg_document_load_default (&error);
  if (doc == NULL)
    g_error ("The embedded dataset does not load: %s", error->message);
  dg_window_set_document (self, doc);
}

static void
show_problems (DgWindow   *self,
               GFile      *file,
               GPtrArray  *problems,
               GError     *error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  GString *text = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *line = dg_problem_to_string (g_ptr_array_index (problems, i), NULL);

      g_string_append_printf (text, "%s\n", line);
    }
  if (text->len == 0)
    g_string_append (text, error->message);

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   _("Could not open “%s”"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", text->str);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  g_string_free (text, TRUE);
}

gboolean
dg_window_open_file (DgWindow *self,
                     GFile    *file)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = NULL;

  g_return_val_if_fail (DG_IS_WINDOW (self), FALSE);

  doc = dg_document_load_from_file (file, &problems, &error);
  if (doc == NULL)
    {
      show_problems (self, file, problems, error);
      return FALSE;
    }

  dg_window_set_document (self, doc);
  return TRUE;
}

static void
search_changed_cb (DgWindow       *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_string_filter_set_search (self->company_filter, text);
  gtk_string_filter_set_search (self->deal_filter, text);
}

static void
dg_window_dispose (GObject *object)
{
  DgWindow *self = DG_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_WINDOW);
  g_clear_object (&self->document);
  g_clear_object (&self->company_filter);
  g_clear_object (&self->deal_filter);

  G_OBJECT_CLASS (dg_window_parent_class)->dispose (object);
}

static void
dg_window_class_init (DgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, company_list);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, deal_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

static void
dg_window_init (DgWindow *self)
{
  g_autoptr(GtkListItemFactory) company_factory = NULL;
  g_autoptr(GtkListItemFactory) deal_factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->company_filter = gtk_string_filter_new (gtk_property_expression_new (DG_TYPE_COMPANY, NULL, "name"));
  gtk_string_filter_set_match_mode (self->company_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->deal_filter = gtk_string_filter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                          G_CALLBACK (deal_search_text),
                                                                          self, NULL));
  gtk_string_filter_set_match_mode (self->deal_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);

  company_factory = make_factory (G_CALLBACK (bind_company_row), self);
  deal_factory = make_factory (G_CALLBACK (bind_deal_row), self);
  gtk_list_view_set_factory (self->company_list, company_factory);
  gtk_list_view_set_factory (self->deal_list, deal_factory);
}

DgWindow *
dg_window_new (DgApplication *app)
{
  return g_object_new (DG_TYPE_WINDOW, "application", app, NULL);
}
