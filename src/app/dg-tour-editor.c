/* dg-tour-editor.c: reorder, hide and caption the tour's slides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits go straight into the DgTour; the window listens to its "changed"
 * signal and saves the tour in the document.
 */
#define G_LOG_DOMAIN "dealgraph-tour-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-a11y.h"
#include "dg-changes.h"
#include "dg-deal-state.h"
#include "dg-format.h"
#include "dg-tour-editor.h"

struct _DgTourEditor
{
  GtkWindow parent_instance;

  DgTour *tour;
  DgDocument *document;
  GtkListBox *list;
  gboolean rebuilding;

  /* "Changes Since…": the months offered, YYYY-MM, and the picker. */
  GtkMenuButton *changes_button;
  GtkDropDown *since_month;
  GPtrArray *months;
};

G_DEFINE_FINAL_TYPE (DgTourEditor, dg_tour_editor, GTK_TYPE_WINDOW)

static void rebuild (DgTourEditor *self);

static guint
row_position (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
}

static void
shown_toggled_cb (GtkCheckButton *check,
                  DgTourEditor   *self)
{
  if (self->rebuilding)
    return;
  dg_tour_slide_set_hidden (dg_tour_get_slide (self->tour, row_position (GTK_WIDGET (check))),
                            !gtk_check_button_get_active (check));
}

static void
caption_changed_cb (GtkEditable  *entry,
                    DgTourEditor *self)
{
  DgTourSlide *slide;
  const char *text;

  if (self->rebuilding)
    return;
  slide = dg_tour_get_slide (self->tour, row_position (GTK_WIDGET (entry)));
  text = gtk_editable_get_text (entry);
  /* An emptied caption goes back to the generated one. */
  dg_tour_slide_set_caption (slide, *text != '\0' ? text : NULL);
}

static void
move_clicked_cb (GtkButton    *button,
                 DgTourEditor *self)
{
  guint from = row_position (GTK_WIDGET (button));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));
  int to = (int) from + delta;

  if (to < 0 || to >= (int) dg_tour_get_n_slides (self->tour))
    return;
  dg_tour_move (self->tour, from, to);
  rebuild (self);
  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, to));
}

static GtkWidget *
make_row (DgTourEditor *self,
          guint         position)
{
  DgTourSlide *slide = dg_tour_get_slide (self->tour, position);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *title = gtk_label_new (dg_tour_slide_get_title (slide));
  GtkWidget *caption = gtk_entry_new ();
  GtkWidget *up = gtk_button_new_from_icon_name ("go-up-symbolic");
  GtkWidget *down = gtk_button_new_from_icon_name ("go-down-symbolic");
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *number = g_strdup_printf ("%u", position + 1);
  GtkWidget *number_label = gtk_label_new (number);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);

  gtk_widget_add_css_class (number_label, "dim-label");
  gtk_widget_add_css_class (number_label, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (number_label), 2);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !dg_tour_slide_get_hidden (slide));
  gtk_widget_set_tooltip_text (check, _("Show this slide"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_signal_connect (check, "toggled", G_CALLBACK (shown_toggled_cb), self);

  /* Titles come from the file's names: plain text. */
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");

  gtk_editable_set_text (GTK_EDITABLE (caption),
                         dg_tour_slide_get_caption_edited (slide) ? dg_tour_slide_get_caption (slide) : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (caption), dg_tour_slide_get_generated_caption (slide));
  gtk_widget_set_tooltip_text (caption, _("Your own caption; leave empty for the generated one"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (caption), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Caption"), -1);
  gtk_widget_set_hexpand (caption, TRUE);
  g_signal_connect (caption, "changed", G_CALLBACK (caption_changed_cb), self);

  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), caption);
  gtk_widget_set_hexpand (text, TRUE);

  g_object_set_data (G_OBJECT (up), "delta", GINT_TO_POINTER (-1));
  g_object_set_data (G_OBJECT (down), "delta", GINT_TO_POINTER (1));
  gtk_widget_set_tooltip_text (up, _("Move Up"));
  gtk_widget_set_tooltip_text (down, _("Move Down"));
  dg_a11y_set_label (up, _("Move Up"));
  dg_a11y_set_label (down, _("Move Down"));
  {
    /* Translators: accessible name of the check button that shows a slide */
    g_autofree char *shown = g_strdup_printf (_("Show slide %u"), position + 1);

    dg_a11y_set_label (check, shown);
  }
  gtk_widget_set_sensitive (up, position > 0);
  gtk_widget_set_sensitive (down, position + 1 < dg_tour_get_n_slides (self->tour));
  gtk_widget_add_css_class (up, "flat");
  gtk_widget_add_css_class (down, "flat");
  g_signal_connect (up, "clicked", G_CALLBACK (move_clicked_cb), self);
  g_signal_connect (down, "clicked", G_CALLBACK (move_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), up);
  gtk_box_append (GTK_BOX (buttons), down);

  gtk_box_append (GTK_BOX (row), number_label);
  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), buttons);
  return row;
}

static void
rebuild (DgTourEditor *self)
{
  GtkWidget *child;

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < dg_tour_get_n_slides (self->tour); i++)
    {
      GtkWidget *row = make_row (self, i);
      g_autofree char *name = NULL;

      gtk_list_box_append (self->list, row);
      /* Translators: a slide in the tour editor as a screen reader hears it:
       * its number and title */
      name = g_strdup_printf (_("Slide %1$u: %2$s"), i + 1,
                              dg_tour_slide_get_title (dg_tour_get_slide (self->tour, i)));
      dg_a11y_set_label (gtk_widget_get_parent (row), name);
    }
  self->rebuilding = FALSE;
}

static void
dg_tour_editor_dispose (GObject *object)
{
  DgTourEditor *self = DG_TOUR_EDITOR (object);

  g_clear_object (&self->tour);
  g_clear_object (&self->document);
  g_clear_pointer (&self->months, g_ptr_array_unref);

  G_OBJECT_CLASS (dg_tour_editor_parent_class)->dispose (object);
}

/* Adds the tour of changes since the month picked: its overview and one
 * slide per big change, before the closing sources slide when there is
 * one (which then lists their sources too). */
static void
add_changes_clicked_cb (GtkButton    *button,
                        DgTourEditor *self)
{
  guint picked = gtk_drop_down_get_selected (self->since_month);
  g_autoptr(DgTour) changes = NULL;
  guint n, position, n_added = 0;
  gint32 since = 0;

  gtk_menu_button_popdown (self->changes_button);
  if (self->document == NULL || self->months == NULL || picked >= self->months->len
      || !dg_changes_parse_since (g_ptr_array_index (self->months, picked), &since))
    return;

  changes = dg_tour_new_changes (self->document, since, 0, DG_TOUR_DEFAULT_MAX_CYCLE_CHANGES,
                                 DG_TOUR_DEFAULT_MAX_DEAL_CHANGES);
  n = dg_tour_get_n_slides (self->tour);
  position = n;
  if (n > 0 && dg_tour_slide_get_kind (dg_tour_get_slide (self->tour, n - 1)) == DG_TOUR_SLIDE_SOURCES)
    position = n - 1;
  for (guint i = 0; i < dg_tour_get_n_slides (changes); i++)
    {
      DgTourSlide *slide = dg_tour_get_slide (changes, i);

      /* One sources slide is enough. */
      if (position < n && dg_tour_slide_get_kind (slide) == DG_TOUR_SLIDE_SOURCES)
        continue;
      dg_tour_insert (self->tour, position + n_added, slide);
      n_added++;
    }
  rebuild (self);
}

/* The months a tour of changes can start from: from the month after the
 * first dated deal or event to the last, latest first. */
static void
fill_months (DgTourEditor *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint32 first = 0, last = 0;
  guint default_month = 0;

  g_clear_pointer (&self->months, g_ptr_array_unref);
  self->months = g_ptr_array_new_with_free_func (g_free);

  for (guint e = 0; self->document != NULL && e < dg_document_get_n_deals (self->document); e++)
    {
      DgDeal *deal = dg_document_get_deal (self->document, e);
      const DgDealTimeline *timeline = dg_deal_get_timeline (deal);
      gint32 announced = dg_deal_get_announced_packed (deal);

      for (guint k = 0; k <= timeline->events->len; k++)
        {
          gint32 date = k < timeline->events->len
                        ? ((DgDealEvent *) g_ptr_array_index (timeline->events, k))->date_packed : announced;
          gint32 month = date / 100;

          if (date <= 0 || month % 100 == 0)
            continue;
          first = first == 0 ? month : MIN (first, month);
          last = MAX (last, month);
        }
    }

  for (gint32 month = last; first > 0 && month > first; )
    {
      char *text = g_strdup_printf ("%04d-%02d", month / 100, month % 100);
      g_autofree char *label = dg_format_date_locale (text);

      g_ptr_array_add (self->months, text);
      gtk_string_list_append (labels, label);
      /* The default: January of the last year with changes. */
      if (month % 100 == 1 && default_month == 0)
        default_month = self->months->len - 1;
      month = month % 100 == 1 ? (month / 100 - 1) * 100 + 12 : month - 1;
    }

  gtk_drop_down_set_model (self->since_month, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->since_month, default_month);
  gtk_widget_set_sensitive (GTK_WIDGET (self->changes_button), self->months->len > 0);
}

/* The editor is a window of its own, so "win.present" of the main window
 * is not among its actions: ask the window it belongs to. */
static void
present_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.present", NULL);
}

static void
dg_tour_editor_class_init (DgTourEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* A window subclass is a generic element to GTK 4.8 unless it says
   * what it is: a screen reader would not list it as a window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_WINDOW);
  object_class->dispose = dg_tour_editor_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "editor.present", NULL, present_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "editor.present", NULL);
}

static void
dg_tour_editor_init (DgTourEditor *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *present = gtk_button_new_with_mnemonic (_("_Present"));

  gtk_window_set_title (GTK_WINDOW (self), _("Tour"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 640);
  gtk_widget_add_css_class (present, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (present), "editor.present");
  gtk_widget_set_tooltip_text (present, _("Present the Tour (F5)"));
  dg_a11y_fix_names (present);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), present);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  {
    GtkWidget *popover = gtk_popover_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *label = gtk_label_new (_("Add a slide of what changed since a month, and one for each big change:"));
    GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Slides"));

    self->changes_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
    gtk_menu_button_set_label (self->changes_button, _("Changes Since…"));
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->changes_button),
                                 _("Add slides of what changed in the network since a month"));
    self->since_month = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
    dg_a11y_name_drop_down (self->since_month, _("Changes since"));
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (add, "suggested-action");
    g_signal_connect (add, "clicked", G_CALLBACK (add_changes_clicked_cb), self);
    gtk_widget_set_margin_start (box, 6);
    gtk_widget_set_margin_end (box, 6);
    gtk_widget_set_margin_top (box, 6);
    gtk_widget_set_margin_bottom (box, 6);
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->since_month));
    gtk_box_append (GTK_BOX (box), add);
    gtk_popover_set_child (GTK_POPOVER (popover), box);
    gtk_menu_button_set_popover (self->changes_button, popover);
    gtk_widget_set_sensitive (GTK_WIDGET (self->changes_button), FALSE);
    gtk_header_bar_pack_start (GTK_HEADER_BAR (header), GTK_WIDGET (self->changes_button));
    dg_a11y_fix_names (GTK_WIDGET (self->changes_button));
    dg_a11y_fix_names (add);
  }

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  dg_a11y_set_label (GTK_WIDGET (self->list), _("Slides"));
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "rich-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_window_set_child (GTK_WINDOW (self), scrolled);
}

/**
 * dg_tour_editor_new:
 *
 * Returns: (transfer floating): an editor of @tour's slides
 */
GtkWidget *
dg_tour_editor_new (GtkWindow *parent,
                    DgTour    *tour)
{
  DgTourEditor *self = g_object_new (DG_TYPE_TOUR_EDITOR,
                                     "transient-for", parent,
                                     "destroy-with-parent", TRUE,
                                     NULL);

  self->tour = g_object_ref (tour);
  rebuild (self);
  return GTK_WIDGET (self);
}

/**
 * dg_tour_editor_set_document:
 * @self: an editor
 * @document: the document the tour is of
 *
 * Lets the editor add the tour of changes ("Changes Since…"), from the
 * months @document has dated deals in.
 */
void
dg_tour_editor_set_document (DgTourEditor *self,
                             DgDocument   *document)
{
  g_return_if_fail (DG_IS_TOUR_EDITOR (self));
  g_return_if_fail (document == NULL || DG_IS_DOCUMENT (document));

  g_set_object (&self->document, document);
  fill_months (self);
}

/**
 * dg_tour_editor_get_tour:
 *
 * Returns: (transfer none): the tour the editor edits
 */
DgTour *
dg_tour_editor_get_tour (DgTourEditor *self)
{
  g_return_val_if_fail (DG_IS_TOUR_EDITOR (self), NULL);

  return self->tour;
}

/**
 * dg_tour_editor_set_tour:
 * @self: an editor
 * @tour: the tour to edit from now on
 *
 * Shows @tour's slides instead, as after an undo that changed the
 * document's tour; the keyboard stays on the row it was on.
 */
void
dg_tour_editor_set_tour (DgTourEditor *self,
                         DgTour       *tour)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  int position = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;

  g_return_if_fail (DG_IS_TOUR_EDITOR (self));
  g_return_if_fail (DG_IS_TOUR (tour));

  g_set_object (&self->tour, tour);
  rebuild (self);
  if (position >= 0 && dg_tour_get_n_slides (tour) > 0)
    {
      GtkListBoxRow *again = gtk_list_box_get_row_at_index (self->list,
                                                            MIN ((guint) position, dg_tour_get_n_slides (tour) - 1));

      gtk_widget_grab_focus (GTK_WIDGET (again));
    }
}
