/* dg-presentation.c: full-screen tour of the cycles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The presentation shows the tour's slides on a canvas of its own, fed
 * with the main window's graph, positions and filter, so what the audience
 * sees is what the presenter prepared. The camera moves smoothly to each
 * slide's companies; everything else is dimmed; a caption band tells the
 * slide's story in large text.
 */
#define G_LOG_DOMAIN "dealgraph-presentation"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-deal-state.h"
#include "dg-filter.h"
#include "dg-format.h"
#include "dg-presentation.h"

struct _DgPresentation
{
  GtkWindow parent_instance;

  DgDocument *document;
  DgAnalysis *analysis;
  DgTour *tour;
  int position;             /* the slide shown, -1 before the first */
  DgThemeKind theme;

  DgCanvas *canvas;
  GtkWidget *caption_box;
  GtkLabel *title_label;
  GtkLabel *caption_label;
  GtkLabel *counter_label;
  GtkWidget *sources_scroller;
  GtkLabel *sources_label;

  /* What the main window shows, and the date shown now: a slide of the
   * tour of changes shows the network at its own date. */
  guint8 *base_node_visible;
  guint8 *base_edge_visible;
  gint32 shown_as_of;
};

G_DEFINE_FINAL_TYPE (DgPresentation, dg_presentation, GTK_TYPE_WINDOW)

/* A screen reader hears each slide as it appears: the caption band holds
 * the keyboard focus (the window takes the keys in the capture phase, so
 * the band never eats one), and its name and description change with the
 * slide, which GTK 4.8 reports as a change on the focused object. GTK 4.14
 * can announce it outright. */
static void
announce_slide (DgPresentation *self,
                DgTourSlide    *slide,
                guint           number,
                guint           count)
{
  const char *title = dg_tour_slide_get_title (slide);
  const char *caption = dg_tour_slide_get_caption (slide);
  g_autofree char *name = NULL;

  if (title == NULL)
    title = "";
  if (caption == NULL)
    caption = "";
  /* Translators: what a screen reader says for a slide: its number, the
   * number of slides and its title */
  name = g_strdup_printf (_("Slide %1$u of %2$u: %3$s"), number, count, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->caption_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, caption,
                                  -1);
  dg_canvas_set_accessible_text (self->canvas, title, caption);
  if (!gtk_widget_has_focus (self->caption_box))
    gtk_widget_grab_focus (self->caption_box);
#if GTK_CHECK_VERSION (4, 14, 0)
  {
    g_autofree char *spoken = *caption != '\0' ? g_strdup_printf ("%s. %s", name, caption) : g_strdup (name);

    gtk_accessible_announce (GTK_ACCESSIBLE (self), spoken, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
  }
#endif
}

/* Shows the network as of @as_of (0: as the main window shows it). */
static void
show_date (DgPresentation *self,
           gint32          as_of)
{
  DgGraph *graph = dg_document_get_graph (self->document);
  g_autofree guint8 *edge_visible = NULL;
  g_autofree guint8 *node_visible = NULL;
  g_autofree guint8 *network = NULL;
  g_autoptr(DgAnalysis) analysis = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  DgAnalysisOptions options;
  DgFilter filter;

  if (as_of == self->shown_as_of)
    return;
  self->shown_as_of = as_of;

  if (as_of == 0)
    {
      dg_canvas_set_cyclic (self->canvas, self->analysis->edge_cyclic);
      dg_canvas_set_visible_items (self->canvas, self->base_node_visible, self->base_edge_visible);
      dg_canvas_set_titles (self->canvas, NULL, NULL);
      return;
    }

  /* The window's filter is only known by what it shows; at another date
   * the deals in the network then are shown, in their states then. */
  dg_filter_init (&filter);
  filter.as_of = as_of;
  edge_visible = g_new (guint8, MAX (graph->n_edges, 1));
  node_visible = g_new (guint8, MAX (graph->n_nodes, 1));
  dg_filter_apply (&filter, graph, edge_visible, node_visible);
  dg_filter_apply_states (&filter, self->document, edge_visible, node_visible);
  dg_analysis_options_init (&options);
  options.flags = 0;
  network = dg_document_make_network_mask (self->document, as_of, edge_visible);
  options.edge_mask = network != NULL ? network : edge_visible;
  analysis = dg_analysis_new (graph, &options);
  dg_canvas_set_cyclic (self->canvas, analysis->edge_cyclic);
  dg_canvas_set_visible_items (self->canvas, node_visible, edge_visible);

  if (as_of == DG_TOUR_AS_OF_LATEST)
    {
      const char *doc_as_of = dg_document_get_as_of (self->document);

      if (doc_as_of != NULL && *doc_as_of != '\0')
        label = dg_format_date_locale (doc_as_of);
    }
  else
    label = dg_filter_format_as_of_label (as_of);
  /* Translators: at the top of a slide of the tour of changes: the date its diagram shows, "December 2025" */
  title = label != NULL ? g_strdup_printf (_("As of %s"), label) : g_strdup (_("Latest"));
  dg_canvas_set_titles (self->canvas, title, NULL);
}

static void
show_slide (DgPresentation *self,
            guint           position)
{
  DgTourSlide *slide = dg_tour_get_slide (self->tour, position);
  g_autofree guint *nodes = NULL;
  g_autofree guint *edges = NULL;
  g_autofree char *counter = NULL;
  guint n_nodes = 0, n_edges = 0, visible_index = 0;
  DgTourSlideKind kind;

  if (slide == NULL)
    return;
  show_date (self, dg_tour_slide_get_as_of (slide));

  self->position = position;
  kind = dg_tour_slide_get_kind (slide);

  gtk_label_set_text (self->title_label, dg_tour_slide_get_title (slide));
  gtk_label_set_text (self->caption_label, dg_tour_slide_get_caption (slide));
  gtk_widget_set_visible (GTK_WIDGET (self->caption_label),
                          dg_tour_slide_get_caption (slide) != NULL && *dg_tour_slide_get_caption (slide));

  for (int p = dg_tour_next_visible (self->tour, -1); p >= 0 && p < (int) position;
       p = dg_tour_next_visible (self->tour, p))
    visible_index++;
  /* Translators: slide counter in presentation mode, e.g. "3 / 12" */
  counter = g_strdup_printf (_("%u / %u"), visible_index + 1, dg_tour_get_n_visible (self->tour));
  gtk_label_set_text (self->counter_label, counter);
  announce_slide (self, slide, visible_index + 1, dg_tour_get_n_visible (self->tour));

  if (kind == DG_TOUR_SLIDE_SOURCES)
    {
      g_autoptr(GPtrArray) sources = dg_tour_get_sources (self->tour, self->document, self->analysis, position);
      GString *text = g_string_new (NULL);

      for (guint i = 0; sources != NULL && i < sources->len; i++)
        {
          DgSource *s = g_ptr_array_index (sources, i);

          g_string_append (text, s->publisher);
          if (s->title != NULL)
            g_string_append_printf (text, ", “%s”", s->title);
          if (s->date != NULL)
            g_string_append_printf (text, ", %s", s->date);
          g_string_append_c (text, '\n');
        }
      /* Plain text: publishers and titles come from the file. */
      gtk_label_set_text (self->sources_label, text->str);
      g_string_free (text, TRUE);
      gtk_widget_set_visible (self->sources_scroller, TRUE);
      gtk_widget_set_opacity (GTK_WIDGET (self->canvas), 0.15);
      return;
    }

  gtk_widget_set_visible (self->sources_scroller, FALSE);
  gtk_widget_set_opacity (GTK_WIDGET (self->canvas), 1.0);

  if (kind == DG_TOUR_SLIDE_OVERVIEW
      || !dg_tour_slide_get_focus (slide, self->document, self->analysis, &nodes, &n_nodes, &edges, &n_edges)
      || n_nodes == 0)
    {
      dg_canvas_set_lit (self->canvas, NULL, 0, NULL, 0);
      dg_canvas_set_legend (self->canvas, kind == DG_TOUR_SLIDE_OVERVIEW);
      dg_canvas_fit (self->canvas, TRUE);
      return;
    }

  dg_canvas_set_legend (self->canvas, FALSE);
  dg_canvas_set_lit (self->canvas, nodes, n_nodes, edges, n_edges);
  dg_canvas_zoom_to_nodes (self->canvas, nodes, n_nodes, TRUE);
}

void
dg_presentation_set_theme (DgPresentation *self,
                           DgThemeKind     theme)
{
  g_return_if_fail (DG_IS_PRESENTATION (self));
  self->theme = theme;
  dg_canvas_set_theme (self->canvas, theme);
}

int
dg_presentation_get_position (DgPresentation *self)
{
  g_return_val_if_fail (DG_IS_PRESENTATION (self), -1);
  return self->position;
}

const char *
dg_presentation_get_caption (DgPresentation *self)
{
  g_return_val_if_fail (DG_IS_PRESENTATION (self), NULL);
  return gtk_label_get_text (self->caption_label);
}

DgCanvas *
dg_presentation_get_canvas (DgPresentation *self)
{
  g_return_val_if_fail (DG_IS_PRESENTATION (self), NULL);
  return self->canvas;
}

void
dg_presentation_next (DgPresentation *self)
{
  int next;

  g_return_if_fail (DG_IS_PRESENTATION (self));
  next = dg_tour_next_visible (self->tour, self->position);
  if (next >= 0)
    show_slide (self, next);
}

void
dg_presentation_previous (DgPresentation *self)
{
  int prev;

  g_return_if_fail (DG_IS_PRESENTATION (self));
  prev = dg_tour_prev_visible (self->tour, self->position);
  if (prev >= 0)
    show_slide (self, prev);
}

void
dg_presentation_go_to (DgPresentation *self,
                       guint           position)
{
  g_return_if_fail (DG_IS_PRESENTATION (self));
  show_slide (self, position);
}

/* For the end-to-end tests' debug interface (dg-debug.c). */
void
_dg_presentation_describe (DgPresentation *self,
                           JsonBuilder    *b)
{
  json_builder_set_member_name (b, "position");
  json_builder_add_int_value (b, self->position);
  json_builder_set_member_name (b, "n_slides");
  json_builder_add_int_value (b, dg_tour_get_n_slides (self->tour));
  json_builder_set_member_name (b, "first_visible");
  json_builder_add_int_value (b, dg_tour_next_visible (self->tour, -1));
  json_builder_set_member_name (b, "last_visible");
  json_builder_add_int_value (b, dg_tour_prev_visible (self->tour, dg_tour_get_n_slides (self->tour)));
  json_builder_set_member_name (b, "slide_title");
  json_builder_add_string_value (b, gtk_label_get_text (self->title_label));
  json_builder_set_member_name (b, "caption");
  json_builder_add_string_value (b, gtk_label_get_text (self->caption_label));
  json_builder_set_member_name (b, "theme");
  json_builder_add_int_value (b, self->theme);
  json_builder_set_member_name (b, "canvas");
  json_builder_begin_object (b);
  dg_canvas_describe (self->canvas, b);
  json_builder_end_object (b);
}

static void
cycle_theme (DgPresentation *self)
{
  /* Projector first: it is made for rooms with the lights on. */
  self->theme = self->theme == DG_THEME_PROJECTOR ? DG_THEME_DARK
              : self->theme == DG_THEME_DARK ? DG_THEME_LIGHT : DG_THEME_PROJECTOR;
  dg_canvas_set_theme (self->canvas, self->theme);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DgPresentation        *self)
{
  switch (keyval)
    {
    case GDK_KEY_space:
    case GDK_KEY_Page_Down:
    case GDK_KEY_Right:
    case GDK_KEY_Down:
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      dg_presentation_next (self);
      return GDK_EVENT_STOP;
    case GDK_KEY_Page_Up:
    case GDK_KEY_Left:
    case GDK_KEY_Up:
    case GDK_KEY_BackSpace:
      dg_presentation_previous (self);
      return GDK_EVENT_STOP;
    case GDK_KEY_Home:
      show_slide (self, MAX (dg_tour_next_visible (self->tour, -1), 0));
      return GDK_EVENT_STOP;
    case GDK_KEY_End:
      {
        int last = dg_tour_prev_visible (self->tour, dg_tour_get_n_slides (self->tour));

        if (last >= 0)
          show_slide (self, last);
      }
      return GDK_EVENT_STOP;
    case GDK_KEY_t:
    case GDK_KEY_T:
      cycle_theme (self);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape:
    case GDK_KEY_F5:
      gtk_window_close (GTK_WINDOW (self));
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
click_cb (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          DgPresentation  *self)
{
  /* A click moves on, as in every slide viewer; the secondary button goes back. */
  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) == GDK_BUTTON_SECONDARY)
    dg_presentation_previous (self);
  else
    dg_presentation_next (self);
}

static void
dg_presentation_dispose (GObject *object)
{
  DgPresentation *self = DG_PRESENTATION (object);

  g_clear_object (&self->document);
  g_clear_object (&self->tour);
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  g_clear_pointer (&self->base_node_visible, g_free);
  g_clear_pointer (&self->base_edge_visible, g_free);

  G_OBJECT_CLASS (dg_presentation_parent_class)->dispose (object);
}

static void
dg_presentation_class_init (DgPresentationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_presentation_dispose;
  gtk_widget_class_set_css_name (widget_class, "dgpresentation");
}

static GtkWidget *
label_new (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
dg_presentation_init (DgPresentation *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *text_box;
  GtkEventController *keys;
  GtkGesture *click;

  self->position = -1;
  self->theme = DG_THEME_PROJECTOR;
  gtk_window_set_title (GTK_WINDOW (self), _("Presentation"));
  gtk_widget_add_css_class (GTK_WIDGET (self), "dg-presentation");

  self->canvas = DG_CANVAS (dg_canvas_new ());
  gtk_widget_set_can_target (GTK_WIDGET (self->canvas), FALSE);
  /* The slides take the keys: a focused canvas would eat Space, the
   * arrows, Return, Home and Escape for its own navigation. */
  gtk_widget_set_focusable (GTK_WIDGET (self->canvas), FALSE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->canvas));
  gtk_widget_set_vexpand (overlay, TRUE);
  gtk_box_append (GTK_BOX (column), overlay);

  /* The caption band along the bottom, large enough to read at the back;
   * below the diagram, not over it, so the camera frames the slide in the
   * room that is left. */
  self->caption_box = g_object_new (GTK_TYPE_BOX,
                                    "orientation", GTK_ORIENTATION_HORIZONTAL,
                                    "spacing", 24,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                    "focusable", TRUE,
                                    NULL);
  gtk_widget_add_css_class (self->caption_box, "dg-caption-band");
  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_hexpand (text_box, TRUE);
  self->title_label = GTK_LABEL (label_new ("dg-slide-title"));
  self->caption_label = GTK_LABEL (label_new ("dg-slide-caption"));
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (self->caption_label));
  self->counter_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->counter_label), GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "dg-slide-counter");
  gtk_box_append (GTK_BOX (self->caption_box), text_box);
  gtk_box_append (GTK_BOX (self->caption_box), GTK_WIDGET (self->counter_label));
  gtk_box_append (GTK_BOX (column), self->caption_box);

  /* The sources slide: a list in large type over the dimmed network. */
  self->sources_label = GTK_LABEL (label_new ("dg-slide-sources"));
  gtk_label_set_selectable (self->sources_label, FALSE);
  self->sources_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->sources_scroller), GTK_WIDGET (self->sources_label));
  gtk_widget_set_margin_start (self->sources_scroller, 96);
  gtk_widget_set_margin_end (self->sources_scroller, 96);
  gtk_widget_set_margin_top (self->sources_scroller, 64);
  gtk_widget_set_margin_bottom (self->sources_scroller, 48);
  gtk_widget_set_visible (self->sources_scroller, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->sources_scroller);

  gtk_window_set_child (GTK_WINDOW (self), column);

  keys = gtk_event_controller_key_new ();
  /* Capture: the window sees the keys before any child could. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "released", G_CALLBACK (click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/**
 * dg_presentation_new:
 * @source: the main window's canvas: the presentation shows its graph,
 *   positions and filter
 *
 * Returns: (transfer floating): a full-screen presentation, on the first
 *   visible slide
 */
DgPresentation *
dg_presentation_new (GtkWindow  *parent,
                     DgDocument *document,
                     DgAnalysis *analysis,
                     DgTour     *tour,
                     DgCanvas   *source)
{
  DgPresentation *self = g_object_new (DG_TYPE_PRESENTATION,
                                       "transient-for", parent,
                                       "modal", TRUE,
                                       /* Said here, not in class_init: GTK 4.8
                                        * makes the accessible for "modal"
                                        * before it reads the class's role, and
                                        * the window was a "filler" to AT-SPI. */
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_WINDOW,
                                       NULL);
  DgGraph *graph = dg_document_get_graph (document);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  int first;

  self->document = g_object_ref (document);
  self->analysis = dg_analysis_ref (analysis);
  self->tour = g_object_ref (tour);

  for (guint v = 0; v < graph->n_nodes; v++)
    g_ptr_array_add (labels, (char *) dg_company_get_name (dg_document_get_company (document, v)));
  g_ptr_array_add (labels, NULL);

  dg_canvas_set_graph (self->canvas, graph, (const char * const *) labels->pdata, NULL, NULL);
  dg_canvas_set_positions (self->canvas, dg_canvas_get_positions (source), NULL);
  dg_canvas_set_cyclic (self->canvas, analysis->edge_cyclic);
  dg_canvas_set_visible_items (self->canvas, dg_canvas_get_node_visible (source), dg_canvas_get_edge_visible (source));
  dg_canvas_set_undated (self->canvas, dg_canvas_get_undated (source));
  if (dg_canvas_get_node_visible (source) != NULL)
    self->base_node_visible = g_memdup2 (dg_canvas_get_node_visible (source), MAX (graph->n_nodes, 1));
  if (dg_canvas_get_edge_visible (source) != NULL)
    self->base_edge_visible = g_memdup2 (dg_canvas_get_edge_visible (source), MAX (graph->n_edges, 1));
  dg_canvas_set_theme (self->canvas, self->theme);
  dg_canvas_set_titles (self->canvas, NULL, NULL);

  first = dg_tour_next_visible (tour, -1);
  if (first >= 0)
    show_slide (self, first);

  return self;
}
