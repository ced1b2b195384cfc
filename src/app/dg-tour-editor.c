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
#include "dg-tour-editor.h"

struct _DgTourEditor
{
  GtkWindow parent_instance;

  DgTour *tour;
  GtkListBox *list;
  gboolean rebuilding;
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

  G_OBJECT_CLASS (dg_tour_editor_parent_class)->dispose (object);
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
