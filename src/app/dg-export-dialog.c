/* dg-export-dialog.c: the app's face of dg_export(), the same exporter the
 * command line uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-a11y.h"
#include "dg-export.h"
#include "dg-export-dialog.h"
#include "dg-filter.h"

struct _DgExportDialog
{
  GtkWindow parent_instance;

  DgDocument *document;
  int view_width;
  int view_height;
  double view_x;
  double view_y;
  double zoom;
  guint8 *lit_nodes;
  guint8 *lit_edges;
  DgFilter *filter;         /* what the filter shows, or NULL for all */
  float *xy;                /* the canvas's positions, or NULL */

  GtkDropDown *format_dropdown;
  GtkDropDown *area_dropdown;
  GtkSpinButton *width_spin;
  GtkSpinButton *height_spin;
  GtkSpinButton *scale_spin;
  GtkDropDown *theme_dropdown;
  GtkSwitch *legend_switch;
  GtkSwitch *transparent_switch;
};

G_DEFINE_FINAL_TYPE (DgExportDialog, dg_export_dialog, GTK_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the format list; the last four write the network for
 * other tools (dg-interchange.h), with the filter's deals and the
 * diagram's positions and colours. */
static const char *extensions[] = { "png", "svg", "pdf", "graphml", "gexf", "dot", "csv" };
static const DgExportFormat formats[] = {
  DG_EXPORT_FORMAT_PNG, DG_EXPORT_FORMAT_SVG, DG_EXPORT_FORMAT_PDF,
  DG_EXPORT_FORMAT_GRAPHML, DG_EXPORT_FORMAT_GEXF, DG_EXPORT_FORMAT_DOT, DG_EXPORT_FORMAT_CSV,
};

static void
format_changed_cb (DgExportDialog *self)
{
  guint format = gtk_drop_down_get_selected (self->format_dropdown);
  gboolean picture = format < 3;

  /* Only PNG has a background to leave out; networks have no page. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->transparent_switch), format == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->area_dropdown), picture);
  gtk_widget_set_sensitive (GTK_WIDGET (self->width_spin), picture);
  gtk_widget_set_sensitive (GTK_WIDGET (self->height_spin), picture);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_spin), picture);
  gtk_widget_set_sensitive (GTK_WIDGET (self->legend_switch), picture);
}

/**
 * dg_export_dialog_export_to:
 *
 * Exports with the choices made in the dialog. Public so tests can drive
 * the dialog without a file chooser.
 */
gboolean
dg_export_dialog_export_to (DgExportDialog  *self,
                            const char      *path,
                            GError         **error)
{
  DgExportOptions opts;
  static const DgThemeKind themes[] = { DG_THEME_LIGHT, DG_THEME_DARK, DG_THEME_PROJECTOR };
  guint format = gtk_drop_down_get_selected (self->format_dropdown);
  guint theme = gtk_drop_down_get_selected (self->theme_dropdown);

  dg_export_options_init (&opts);
  /* A name ending in .png, .svg, .graphml... says what the user wants, even
   * when it disagrees with the format chosen before the file chooser. */
  opts.format = dg_export_format_for_path (path);
  if (opts.format == DG_EXPORT_FORMAT_AUTO)
    opts.format = formats[MIN (format, G_N_ELEMENTS (formats) - 1)];
  opts.theme = themes[MIN (theme, 2)];
  opts.width = gtk_spin_button_get_value_as_int (self->width_spin);
  opts.height = gtk_spin_button_get_value_as_int (self->height_spin);
  opts.scale = gtk_spin_button_get_value (self->scale_spin);
  opts.no_legend = !gtk_switch_get_active (self->legend_switch);
  opts.transparent = opts.format == DG_EXPORT_FORMAT_PNG && gtk_switch_get_active (self->transparent_switch);
  opts.lit_nodes = self->lit_nodes;
  opts.lit_edges = self->lit_edges;
  opts.filter = self->filter;
  opts.xy = self->xy;

  if (gtk_drop_down_get_selected (self->area_dropdown) == 1 && self->view_width > 0)
    {
      /* The same part of the diagram the canvas shows, scaled to the size
       * asked for. */
      double k = MIN ((double) opts.width / self->view_width, (double) opts.height / self->view_height);
      double cx = (self->view_width / 2.0 - self->view_x) / self->zoom;
      double cy = (self->view_height / 2.0 - self->view_y) / self->zoom;

      opts.has_view = TRUE;
      opts.zoom = self->zoom * k;
      opts.view_x = opts.width / 2.0 - cx * opts.zoom;
      opts.view_y = opts.height / 2.0 - cy * opts.zoom;
    }

  return dg_export (self->document, &opts, path, error);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  DgExportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && !dg_export_dialog_export_to (self, path, &error))
        {
          GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                                      GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                      GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                                      "%s", _("Could Not Export"));

          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
          g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else if (path != NULL)
        {
          g_signal_emit (self, signals[EXPORTED], 0, file);
          gtk_window_destroy (GTK_WINDOW (self));
        }
    }
  g_object_unref (chooser);
}

static void
export_clicked_cb (DgExportDialog *self)
{
  GtkFileChooserNative *chooser;
  guint format = MIN (gtk_drop_down_get_selected (self->format_dropdown), G_N_ELEMENTS (extensions) - 1);
  g_autofree char *name = g_strdup_printf ("%s.%s", _("deal-network"), extensions[format]);

  chooser = gtk_file_chooser_native_new (_("Export the Diagram"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
dg_export_dialog_dispose (GObject *object)
{
  DgExportDialog *self = DG_EXPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->document);
  g_clear_pointer (&self->filter, dg_filter_free);
  g_clear_pointer (&self->xy, g_free);
  g_clear_pointer (&self->lit_nodes, g_free);
  g_clear_pointer (&self->lit_edges, g_free);

  G_OBJECT_CLASS (dg_export_dialog_parent_class)->dispose (object);
}

static void
dg_export_dialog_class_init (DgExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* A window subclass is a generic element to GTK 4.8 unless it says
   * what it is: a screen reader would not list it as a window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  object_class->dispose = dg_export_dialog_dispose;

  /**
   * DgExportDialog::exported:
   * @file: the file written
   *
   * An export succeeded; the dialog closes next.
   */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DgExportDialog, format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DgExportDialog, area_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DgExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, DgExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, DgExportDialog, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, DgExportDialog, theme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DgExportDialog, legend_switch);
  gtk_widget_class_bind_template_child (widget_class, DgExportDialog, transparent_switch);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dg_export_dialog_init (DgExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_a11y_fix_names (GTK_WIDGET (self));
}

GtkWidget *
dg_export_dialog_new (GtkWindow    *parent,
                      DgDocument   *document,
                      DgAnalysis   *analysis,
                      DgThemeKind   theme,
                      int           view_width,
                      int           view_height,
                      double        view_x,
                      double        view_y,
                      double        zoom,
                      const guint8 *lit_edges,
                      const DgFilter *filter,
                      const float  *xy)
{
  DgExportDialog *self = g_object_new (DG_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  guint n = dg_document_get_n_companies (document);
  guint m = dg_document_get_n_deals (document);

  self->document = g_object_ref (document);
  self->view_width = view_width;
  self->view_height = view_height;
  self->view_x = view_x;
  self->view_y = view_y;
  self->zoom = zoom;
  gtk_drop_down_set_selected (self->theme_dropdown, theme == DG_THEME_DARK ? 1 : theme == DG_THEME_PROJECTOR ? 2 : 0);

  /* The filter on screen applies to the export too, at the positions on
   * screen; dg_export hides what it hides, so a lit cycle keeps its
   * indices. */
  if (filter != NULL && !dg_filter_is_default (filter) && xy != NULL)
    {
      self->filter = dg_filter_copy (filter);
      self->xy = g_memdup2 (xy, sizeof (float) * 2 * MAX (n, 1));
    }

  /* A lit cycle on screen is lit in the export too. */
  if (lit_edges != NULL)
    {
      DgGraph *g = dg_document_get_graph (document);

      self->lit_edges = g_memdup2 (lit_edges, MAX (m, 1));
      self->lit_nodes = g_new0 (guint8, MAX (n, 1));
      for (guint e = 0; e < m; e++)
        if (lit_edges[e])
          self->lit_nodes[g->edge_src[e]] = self->lit_nodes[g->edge_dst[e]] = 1;
    }

  return GTK_WIDGET (self);
}
