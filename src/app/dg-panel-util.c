/* dg-panel-util.c: rows and formatting the three side panels share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-format.h"
#include "dg-panel-util-private.h"
#include "dg-summary.h"

#define TARGET_KIND_KEY  "dg-panel-target-kind"
#define TARGET_INDEX_KEY "dg-panel-target-index"

/**
 * dg_panel_clear_list:
 * @list: a list box
 *
 * Removes every row (gtk_list_box_remove_all() is GTK 4.12).
 */
void
dg_panel_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * dg_panel_focus_row:
 * @list: a list box
 * @index: a row position
 *
 * Moves the keyboard focus to the row at @index, if there is one.
 */
void
dg_panel_focus_row (GtkListBox *list,
                    guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) index);

  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/**
 * dg_panel_row_set_target:
 * @row: a list box row
 * @kind: what the row opens
 * @index: the company, deal or cycle index
 *
 * Remembers what a row stands for, so "row-activated" can say it.
 */
void
dg_panel_row_set_target (GtkWidget      *row,
                         DgPanelRowKind  kind,
                         guint           index)
{
  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

  g_object_set_data (G_OBJECT (row), TARGET_KIND_KEY, GUINT_TO_POINTER (kind));
  /* +1 so that index 0 differs from "not set". */
  g_object_set_data (G_OBJECT (row), TARGET_INDEX_KEY, GSIZE_TO_POINTER ((gsize) index + 1));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), kind != DG_PANEL_ROW_NONE);
}

/**
 * dg_panel_row_get_target:
 * @row: a list box row
 * @kind: (out): what the row opens
 * @index: (out): the company, deal or cycle index
 *
 * Returns: %TRUE when the row stands for something
 */
gboolean
dg_panel_row_get_target (GtkListBoxRow  *row,
                         DgPanelRowKind *kind,
                         guint          *index)
{
  gsize stored;

  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), FALSE);

  *kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), TARGET_KIND_KEY));
  stored = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), TARGET_INDEX_KEY));
  if (*kind == DG_PANEL_ROW_NONE || stored == 0)
    return FALSE;
  *index = (guint) (stored - 1);
  return TRUE;
}

/**
 * dg_panel_set_text:
 * @label: a label
 * @text: (nullable): plain text
 *
 * Sets @text as plain text (never markup: it comes from files) and hides the
 * label when there is nothing to say.
 */
void
dg_panel_set_text (GtkLabel   *label,
                   const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/**
 * dg_panel_company_name:
 *
 * Returns: (transfer none): the company's name, or its id when it has none
 */
const char *
dg_panel_company_name (DgDocument *doc,
                       guint       company)
{
  if (company >= dg_document_get_n_companies (doc))
    return "";
  return dg_summary_company_name (doc, company);
}

/**
 * dg_panel_check_analysis:
 * @doc: a document
 * @analysis: (nullable): an analysis
 *
 * An analysis of another version of the document would point rows at the
 * wrong deals: the panels then show what needs no analysis.
 *
 * Returns: (transfer none) (nullable): @analysis when it fits @doc
 */
DgAnalysis *
dg_panel_check_analysis (DgDocument *doc,
                         DgAnalysis *analysis)
{
  if (analysis == NULL || analysis->graph == NULL)
    return NULL;
  if (analysis->graph->n_nodes != dg_document_get_n_companies (doc) ||
      analysis->graph->n_edges != dg_document_get_n_deals (doc))
    {
      g_debug ("Analysis of %u companies and %u deals ignored for a document of %u and %u",
               analysis->graph->n_nodes, analysis->graph->n_edges,
               dg_document_get_n_companies (doc), dg_document_get_n_deals (doc));
      return NULL;
    }
  return analysis;
}

static double
amount_high (const DgAmount *amount)
{
  switch (amount->kind)
    {
    case DG_AMOUNT_EXACT: return amount->value;
    case DG_AMOUNT_RANGE: return amount->max;
    case DG_AMOUNT_UNDISCLOSED:
    default:              return -1;
    }
}

static int
compare_deals (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  DgDocument *doc = user_data;
  guint da = *(const guint *) a;
  guint db = *(const guint *) b;
  double ha = amount_high (dg_deal_get_amount (dg_document_get_deal (doc, da)));
  double hb = amount_high (dg_deal_get_amount (dg_document_get_deal (doc, db)));

  if (ha != hb)
    return ha > hb ? -1 : 1;
  return da < db ? -1 : da > db;
}

/**
 * dg_panel_sort_deals:
 * @doc: a document
 * @deals: (element-type guint): deal indices
 *
 * Largest first (by the high end), undisclosed last, then in file order:
 * the deals that matter most come first.
 */
void
dg_panel_sort_deals (DgDocument *doc,
                     GArray     *deals)
{
  g_array_sort_with_data (deals, compare_deals, doc);
}

static GtkWidget *
row_label (const char *text,
           gboolean    dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (dim)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
    }
  return label;
}

static GtkWidget *
figure_label (const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dg-figure");
  return label;
}

/**
 * dg_panel_row_new:
 * @leading: (nullable): a short dim sign before the text, e.g. an arrow
 * @title: plain text
 * @subtitle: (nullable): a dim line under @title
 * @figure: (nullable): a figure on the right (amount, share)
 * @figure_dim: show @figure dimmed (unknown amounts)
 * @cyclic: add the small "Cycle" tag
 * @accessible: what a screen reader says for the row
 *
 * Returns: (transfer floating): a row, not yet activatable
 */
GtkWidget *
dg_panel_row_new (const char *leading,
                  const char *title,
                  const char *subtitle,
                  const char *figure,
                  gboolean    figure_dim,
                  gboolean    cyclic,
                  const char *accessible)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  if (leading != NULL)
    {
      GtkWidget *sign = gtk_label_new (leading);

      gtk_widget_add_css_class (sign, "dim-label");
      gtk_widget_add_css_class (sign, "dg-leading");
      gtk_widget_set_valign (sign, GTK_ALIGN_CENTER);
      gtk_accessible_update_state (GTK_ACCESSIBLE (sign), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (box), sign);
    }

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), row_label (title, FALSE));
  if (subtitle != NULL && *subtitle != '\0')
    gtk_box_append (GTK_BOX (text), row_label (subtitle, TRUE));
  gtk_box_append (GTK_BOX (box), text);

  if (cyclic)
    {
      /* Translators: a small tag on a deal that lies on a cycle; keep it short */
      GtkWidget *marker = gtk_label_new (C_("deal tag", "Cycle"));

      gtk_widget_set_valign (marker, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (marker, "dg-cyclic-marker");
      gtk_widget_set_tooltip_text (marker, _("This deal lies on a cycle: money can come back to the payer"));
      gtk_box_append (GTK_BOX (box), marker);
    }

  if (figure != NULL)
    {
      GtkWidget *amount = figure_label (figure);

      if (figure_dim)
        gtk_widget_add_css_class (amount, "dim-label");
      gtk_box_append (GTK_BOX (box), amount);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

/**
 * dg_panel_deal_row:
 * @doc: a document
 * @analysis: (nullable): its analysis, for the cycle marker
 * @deal: a deal index
 * @company: the company whose panel lists the deal (the row names the other
 *   end), or %G_MAXUINT to name both ends
 *
 * Returns: (transfer floating): an activatable row that opens @deal
 */
GtkWidget *
dg_panel_deal_row (DgDocument *doc,
                   DgAnalysis *analysis,
                   guint       deal,
                   guint       company)
{
  DgDeal *d = dg_document_get_deal (doc, deal);
  const DgAmount *amount = dg_deal_get_amount (d);
  guint from = dg_deal_get_from_index (d);
  guint to = dg_deal_get_to_index (d);
  gboolean cyclic = analysis != NULL && analysis->edge_cyclic[deal];
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *figure = dg_amount_format_locale (amount);
  g_autofree char *accessible = NULL;
  const char *kind = dg_deal_kind_label (dg_deal_get_kind_enum (d));
  const char *status = dg_deal_status_label (dg_deal_get_status_enum (d));
  GtkWidget *row;

  if (company == from)
    title = g_strdup (dg_panel_company_name (doc, to));
  else if (company == to)
    title = g_strdup (dg_panel_company_name (doc, from));
  else
    title = dg_format_deal_direction (dg_panel_company_name (doc, from), dg_panel_company_name (doc, to));

  /* Translators: under a deal in a list: kind and status, "Cloud lease · Signed" */
  subtitle = g_strdup_printf (_("%1$s · %2$s"), kind, status);

  if (cyclic)
    /* Translators: what a screen reader says for a deal row: the other company, the kind, the amount */
    accessible = g_strdup_printf (_("%1$s, %2$s, %3$s, on a cycle"), title, kind, figure);
  else
    /* Translators: what a screen reader says for a deal row: the other company, the kind, the amount */
    accessible = g_strdup_printf (_("%1$s, %2$s, %3$s"), title, kind, figure);

  row = dg_panel_row_new (NULL, title, subtitle, figure, amount->kind == DG_AMOUNT_UNDISCLOSED, cyclic, accessible);
  gtk_widget_add_css_class (row, "dg-deal-row");
  dg_panel_row_set_target (row, DG_PANEL_ROW_DEAL, deal);
  return row;
}

/**
 * dg_panel_route_row:
 * @route: a route's summary
 * @cycle: the cycle the row opens (one of the route's)
 *
 * A route once, however many combinations of deals it has: its companies,
 * the amounts of its steps (each step's total over its parallel deals) and
 * its round trip.
 *
 * Returns: (transfer floating): an activatable row that opens @cycle
 */
GtkWidget *
dg_panel_route_row (DgCycleSummary *route,
                    guint           cycle)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  gboolean unknown = route->round_trip.kind == DG_AMOUNT_UNDISCLOSED;
  GtkWidget *row;

  g_return_val_if_fail (route != NULL, NULL);

  if (route->n_combinations > 1)
    /* Translators: under a route in a list: how many combinations of deals it has, and the total of each step, "3 combinations of deals: $12B · $6.3B" */
    subtitle = g_strdup_printf (_("%1$s: %2$s"), route->combinations_text, route->amounts_text);
  else
    /* Translators: under a cycle in a list: how many deals it has, and their amounts in order, "2 deals: $10B · $38B" */
    subtitle = g_strdup_printf (ngettext ("%1$u deal: %2$s", "%1$u deals: %2$s", route->n_steps),
                                route->n_steps, route->amounts_text);
  /* Translators: what a screen reader says for a route row: the companies, the combinations, the round-trip amount */
  accessible = g_strdup_printf (_("%1$s, %2$s, round trip %3$s"), route->chain, subtitle, route->round_trip_text);

  row = dg_panel_row_new (NULL, route->chain, subtitle, route->round_trip_text, unknown, FALSE, accessible);
  gtk_widget_add_css_class (row, "dg-cycle-row");
  dg_panel_row_set_target (row, DG_PANEL_ROW_CYCLE, cycle);
  return row;
}

/**
 * dg_panel_combination_row:
 * @cycle: a cycle's summary
 * @current: it is the cycle the panel shows
 *
 * One combination of deals of a route: the amounts of its deals and its
 * round trip; the one shown is marked and does not open again.
 *
 * Returns: (transfer floating): a row that opens the cycle
 */
GtkWidget *
dg_panel_combination_row (DgCycleSummary *cycle,
                          gboolean        current)
{
  g_autofree char *accessible = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  g_return_val_if_fail (cycle != NULL && cycle->kind == DG_CYCLE_SUMMARY_CYCLE, NULL);

  if (current)
    /* Translators: under the combination of deals the cycle panel shows */
    subtitle = g_strdup (_("Shown below"));
  /* Translators: what a screen reader says for a combination of deals: their amounts, the round trip */
  accessible = g_strdup_printf (_("%1$s, round trip %2$s"), cycle->amounts_text, cycle->round_trip_text);
  /* Translators: marks the combination of deals shown, in a list of them */
  row = dg_panel_row_new (current ? _("✓") : NULL, cycle->amounts_text, subtitle, cycle->round_trip_text,
                          cycle->round_trip.kind == DG_AMOUNT_UNDISCLOSED, FALSE, accessible);
  gtk_widget_add_css_class (row, "dg-combination-row");
  if (current)
    gtk_widget_add_css_class (row, "dg-current");
  else
    dg_panel_row_set_target (row, DG_PANEL_ROW_CYCLE, cycle->cycle);
  return row;
}

/**
 * dg_panel_more_row:
 * @n_more: how many rows were left out
 *
 * Returns: (transfer floating): a row that says so
 */
GtkWidget *
dg_panel_more_row (guint n_more)
{
  GtkWidget *row = gtk_list_box_row_new ();
  g_autofree char *text = NULL;
  GtkWidget *label;

  /* Translators: at the end of a list cut short */
  text = g_strdup_printf (ngettext ("%u more not shown", "%u more not shown", n_more), n_more);
  label = row_label (text, TRUE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dg-more-row");
  return row;
}

/**
 * dg_panel_fill_cycles:
 * @list: the list to fill
 * @doc: a document
 * @analysis: its analysis
 * @cycles: (array length=n_cycles): cycle indices, in the order to list
 * @n_cycles: how many
 * @first_company: unused: every route is written from its own first
 *   company, in every list (docs/analysis.md)
 * @all: list them all (up to %DG_PANEL_MAX_ROWS) rather than the first few
 *
 * Fills @list with a row per route of @cycles, in the order their first
 * cycles come; a row opens the first of @cycles on its route. Unless @all,
 * a long list stops after %DG_PANEL_FEW_CYCLES with a row that asks for the
 * rest (%DG_PANEL_ROW_SHOW_ALL); the panel refills the list when it is
 * activated.
 *
 * Returns: how many routes @cycles lie on, for the list's count
 */
guint
dg_panel_fill_cycles (GtkListBox  *list,
                      DgDocument  *doc,
                      DgAnalysis  *analysis,
                      const guint *cycles,
                      guint        n_cycles,
                      guint        first_company,
                      gboolean     all)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) routes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (guint));
  guint shown;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), 0);

  dg_panel_clear_list (list);

  for (guint i = 0; i < n_cycles; i++)
    {
      guint route = dg_analysis_get_cycle_route (analysis, cycles[i]);

      if (!g_hash_table_add (seen, GUINT_TO_POINTER (route + 1)))
        continue;
      g_array_append_val (routes, route);
      g_array_append_val (opens, cycles[i]);
    }

  /* Hiding one or two behind a button would save nothing. */
  if (!all && routes->len > DG_PANEL_FEW_CYCLES + 2)
    shown = DG_PANEL_FEW_CYCLES;
  else
    shown = MIN (routes->len, DG_PANEL_MAX_ROWS);

  for (guint i = 0; i < shown; i++)
    {
      g_autoptr(DgCycleSummary) route = dg_cycle_summary_new_route (doc, analysis, g_array_index (routes, guint, i));

      gtk_list_box_append (list, dg_panel_route_row (route, g_array_index (opens, guint, i)));
    }

  if (shown < routes->len && shown == DG_PANEL_FEW_CYCLES && !all)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (NULL);
      /* Translators: the last row of a shortened list of routes (cycles through the same companies) */
      g_autofree char *text = g_strdup_printf (ngettext ("Show All %u Routes", "Show All %u Routes", routes->len),
                                               routes->len);

      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_add_css_class (label, "dg-show-all");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_add_css_class (row, "dg-show-all-row");
      dg_panel_row_set_target (row, DG_PANEL_ROW_SHOW_ALL, 0);
      gtk_list_box_append (list, row);
    }
  else if (shown < routes->len)
    gtk_list_box_append (list, dg_panel_more_row (routes->len - shown));

  return routes->len;
}

/**
 * dg_panel_uri_is_web:
 * @uri: (nullable): a URI from a file
 *
 * Files are untrusted: only http and https links with a host are opened,
 * never file:, javascript: or anything a handler might act on.
 *
 * Returns: %TRUE when @uri may be opened in the browser
 */
gboolean
dg_panel_uri_is_web (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL)
    return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);
  if (scheme == NULL || host == NULL || *host == '\0')
    return FALSE;
  return g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0;
}

/**
 * dg_panel_open_uri:
 * @widget: the widget that asks, for the parent window
 * @uri: a web URI
 *
 * Opens @uri in the browser when dg_panel_uri_is_web() allows it.
 */
void
dg_panel_open_uri (GtkWidget  *widget,
                   const char *uri)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (!dg_panel_uri_is_web (uri))
    {
      g_debug ("Not opening %s: not an http or https link", uri);
      return;
    }

  root = gtk_widget_get_root (widget);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                             NULL, NULL, NULL);
  }
#else
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
#endif
}

/**
 * dg_panel_display_url:
 * @url: a URL
 *
 * Returns: (transfer full): @url without its scheme and final slash:
 *   "https://www.openai.com/" reads as "www.openai.com"
 */
char *
dg_panel_display_url (const char *url)
{
  const char *p = url;
  char *text;
  gsize len;

  g_return_val_if_fail (url != NULL, NULL);

  if (g_ascii_strncasecmp (p, "https://", 8) == 0)
    p += 8;
  else if (g_ascii_strncasecmp (p, "http://", 7) == 0)
    p += 7;
  text = g_strdup (p);
  len = strlen (text);
  if (len > 1 && text[len - 1] == '/')
    text[len - 1] = '\0';
  return text;
}

static gboolean
link_activate_cb (GtkLinkButton *button,
                  gpointer       user_data)
{
  dg_panel_open_uri (GTK_WIDGET (button), gtk_link_button_get_uri (button));
  /* Handled: GtkLinkButton's own handler would open any scheme. */
  return TRUE;
}

/**
 * dg_panel_link_button_new:
 * @uri: a web URI (check with dg_panel_uri_is_web() first)
 * @label: the text to show, plain
 *
 * Returns: (transfer floating): a link button with a wrapping label that
 *   opens @uri through dg_panel_open_uri()
 */
GtkWidget *
dg_panel_link_button_new (const char *uri,
                          const char *label)
{
  GtkWidget *button = gtk_link_button_new_with_label (uri, label);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  if (GTK_IS_LABEL (child))
    {
      gtk_label_set_use_markup (GTK_LABEL (child), FALSE);
      gtk_label_set_use_underline (GTK_LABEL (child), FALSE);
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
    }
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "dg-link");
  g_signal_connect (button, "activate-link", G_CALLBACK (link_activate_cb), NULL);
  return button;
}

/**
 * dg_panel_format_sum:
 * @low: a total at the low ends of ranges
 * @high: the same at the high ends
 *
 * Returns: (transfer full): "$1.2T", "up to $5B" or "$1.1T–$1.3T"
 */
char *
dg_panel_format_sum (double low,
                     double high)
{
  DgAmount amount;

  if (fabs (high - low) < 0.5)
    amount = (DgAmount) { DG_AMOUNT_EXACT, high, high, high };
  else
    amount = (DgAmount) { DG_AMOUNT_RANGE, high, low, high };
  return dg_amount_format_locale (&amount);
}
