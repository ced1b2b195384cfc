/* dg-interchange.c: the network for other tools: GraphML, GEXF, DOT and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every writer takes the document (already filtered by the caller, as the
 * image exports are) and the positions the diagram shows, and writes the
 * whole network: what the file format knows about each company and deal,
 * typed; the cyclic flag the diagram shades; the colours, sizes and widths
 * it draws. Untrusted text (names, titles, sources) is escaped for each
 * format: XML text through g_markup_escape_text(), with the characters XML
 * 1.0 forbids even as references replaced by U+FFFD; DOT strings with
 * their own rules (escString in labels). Output is deterministic: the same
 * document gives the same bytes.
 */
#define G_LOG_DOMAIN "dealgraph-interchange"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-analysis.h"
#include "dg-atomic-file.h"
#include "dg-csv.h"
#include "dg-deal-state.h"
#include "dg-filter.h"
#include "dg-interchange.h"
#include "dg-render.h"
#include "dg-validate.h"

gboolean
dg_export_format_is_network (DgExportFormat format)
{
  return format == DG_EXPORT_FORMAT_GRAPHML || format == DG_EXPORT_FORMAT_GEXF
         || format == DG_EXPORT_FORMAT_DOT || format == DG_EXPORT_FORMAT_CSV;
}

static char *to_graphml (DgDocument *doc, const DgFilter *filter, const float *xy, DgThemeKind theme,
                         gsize *length);
static char *to_gexf (DgDocument *doc, const DgFilter *filter, const float *xy, DgThemeKind theme,
                      gsize *length);
static char *to_dot (DgDocument *doc, const DgFilter *filter, const float *xy, DgThemeKind theme,
                     gsize *length);
typedef struct _Net Net;
static char *deals_csv (const Net *net, gsize *length);
static char *companies_csv (const Net *net, gsize *length);

/* What every writer needs ---------------------------------------------------- */

/* What goes out: every company and deal, or those a filter shows, each in
 * its state at the filter's date (as the window draws them). Indices are
 * the document's; @node_rank and @edge_rank number what goes out, as a
 * document holding only that would. */
struct _Net
{
  DgDocument *doc;
  DgGraph *graph;       /* the document's, or its copy at the date */
  const float *xy;
  const DgTheme *theme;
  guint8 *cyclic;
  gint32 *node_start;   /* first deal's date (packed), 0 when any deal is undated */
  guint8 *node_in;      /* NULL: all */
  guint8 *edge_in;
  guint *node_rank;
  guint *edge_rank;
  guint n_nodes;        /* how many go out */
  guint n_edges;
  gint32 as_of;         /* the filter's date, 0 for none */
  char *as_of_text;     /* the network's "as of" when the date is earlier */
  float *rounded_xy;
};

static void
net_init (Net            *net,
          DgDocument     *doc,
          const DgFilter *filter,
          const float    *xy,
          DgThemeKind     theme)
{
  g_autofree guint *component = NULL;
  g_autofree gboolean *undated = NULL;
  DgGraph *graph = dg_document_get_graph (doc);
  guint n, m;

  memset (net, 0, sizeof *net);
  net->doc = doc;
  net->xy = xy;
  net->theme = dg_theme_get (theme < DG_N_THEMES ? theme : DG_THEME_LIGHT);
  n = graph->n_nodes;
  m = graph->n_edges;
  net->n_nodes = n;
  net->n_edges = m;

  if (filter != NULL && !dg_filter_is_default (filter))
    {
      const char *doc_as_of = dg_document_get_as_of (doc);
      gint32 packed;

      /* The masks the window and dg_export_view_init() use. */
      net->edge_in = g_new (guint8, MAX (m, 1));
      net->node_in = g_new (guint8, MAX (n, 1));
      dg_filter_apply (filter, graph, net->edge_in, net->node_in);
      dg_filter_apply_states (filter, doc, net->edge_in, net->node_in);
      net->as_of = filter->as_of;
      if (net->as_of != 0
          && (doc_as_of == NULL || !dg_filter_parse_as_of (doc_as_of, &packed) || packed > net->as_of))
        net->as_of_text = dg_filter_format_as_of (net->as_of);
    }
  net->graph = net->as_of != 0 ? dg_graph_copy_as_of (doc, net->as_of) : NULL;
  if (net->graph == NULL)
    net->graph = dg_graph_ref (graph);

  net->node_rank = g_new (guint, MAX (n, 1));
  net->edge_rank = g_new (guint, MAX (m, 1));
  net->n_nodes = 0;
  for (guint v = 0; v < n; v++)
    net->node_rank[v] = net->node_in == NULL || net->node_in[v] ? net->n_nodes++ : G_MAXUINT;
  net->n_edges = 0;
  for (guint e = 0; e < m; e++)
    net->edge_rank[e] = net->edge_in == NULL || net->edge_in[e] ? net->n_edges++ : G_MAXUINT;

  /* A filtered network used to go out through a saved copy of what the
   * filter shows, whose positions are in hundredths of a unit (as every
   * saved file has them): the same figures, so its files are as they were. */
  if (net->node_in != NULL && xy != NULL)
    {
      net->rounded_xy = g_new (float, 2 * MAX (n, 1));
      for (guint i = 0; i < 2 * n; i++)
        {
          double v = isfinite (xy[i]) ? CLAMP (xy[i], -DG_MAX_COORDINATE, DG_MAX_COORDINATE) : 0;

          net->rounded_xy[i] = (float) (round (v * 100.0) / 100.0);
        }
      net->xy = net->rounded_xy;
    }

  net->cyclic = g_new0 (guint8, MAX (m, 1));
  component = g_new0 (guint, MAX (n, 1));
  dg_analysis_strong_components (net->graph, net->edge_in, component, net->cyclic);

  /* A company appears on a timeline with its first deal; with an undated
   * deal we cannot tell when, so it is there from the start. */
  net->node_start = g_new0 (gint32, MAX (n, 1));
  undated = g_new0 (gboolean, MAX (n, 1));
  for (guint e = 0; e < m; e++)
    {
      gint32 date = net->graph->edge_date[e];
      guint ends[2] = { net->graph->edge_src[e], net->graph->edge_dst[e] };

      if (net->edge_in != NULL && !net->edge_in[e])
        continue;
      for (guint i = 0; i < 2; i++)
        {
          guint v = ends[i];

          if (date == 0)
            undated[v] = TRUE;
          else if (net->node_start[v] == 0 || date < net->node_start[v])
            net->node_start[v] = date;
        }
    }
  for (guint v = 0; v < n; v++)
    if (undated[v])
      net->node_start[v] = 0;
}

static void
net_clear (Net *net)
{
  g_clear_pointer (&net->graph, dg_graph_unref);
  g_clear_pointer (&net->cyclic, g_free);
  g_clear_pointer (&net->node_start, g_free);
  g_clear_pointer (&net->node_in, g_free);
  g_clear_pointer (&net->edge_in, g_free);
  g_clear_pointer (&net->node_rank, g_free);
  g_clear_pointer (&net->edge_rank, g_free);
  g_clear_pointer (&net->as_of_text, g_free);
  g_clear_pointer (&net->rounded_xy, g_free);
}

static gboolean
node_out (const Net *net,
          guint      v)
{
  return net->node_in == NULL || net->node_in[v];
}

static gboolean
edge_out (const Net *net,
          guint      e)
{
  return net->edge_in == NULL || net->edge_in[e];
}

static const char *
net_as_of (const Net *net)
{
  return net->as_of_text != NULL ? net->as_of_text : dg_document_get_as_of (net->doc);
}

/* A deal's amount and status at the date (its own without one, or before
 * its first event), as dg_document_set_states_as_of() gives them. */
static void
deal_state (const Net       *net,
            DgDeal          *deal,
            DgAmount        *amount,
            const char     **status)
{
  DgDealState state;

  *amount = *dg_deal_get_amount (deal);
  *status = dg_deal_get_status (deal);
  if (net->as_of == 0 || !dg_deal_has_history (deal))
    return;
  dg_deal_get_state_at (deal, net->as_of, &state);
  if (!state.exists)
    return;
  *amount = state.amount;
  *status = state.event != NULL ? state.event->status : dg_deal_status_to_string (state.status);
}

/* A company's valuation at the date and the date it was made on: FALSE
 * when there is none then. */
static gboolean
company_valuation (const Net   *net,
                   DgCompany   *company,
                   double      *valuation,
                   const char **as_of)
{
  if (net->as_of == 0 || dg_company_get_valuations (company) == NULL)
    {
      *valuation = dg_company_get_valuation (company);
      *as_of = dg_company_get_valuation_as_of (company);
      return dg_company_has_valuation (company);
    }
  return dg_company_get_valuation_state_at (company, net->as_of, valuation, as_of);
}

static void
color_bytes (const DgColor *c,
             int           *r,
             int           *g,
             int           *b)
{
  *r = (int) lround (CLAMP (c->r, 0, 1) * 255);
  *g = (int) lround (CLAMP (c->g, 0, 1) * 255);
  *b = (int) lround (CLAMP (c->b, 0, 1) * 255);
}

static char *
color_hex (const DgColor *c)
{
  int r, g, b;

  color_bytes (c, &r, &g, &b);
  return g_strdup_printf ("#%02x%02x%02x", r, g, b);
}

static const DgColor *
node_color (Net   *net,
            guint  v)
{
  return &net->theme->node_fill[MIN (net->graph->node_kind[v], DG_N_COMPANY_KINDS - 1)];
}

static const DgColor *
edge_color (Net   *net,
            guint  e)
{
  return &net->theme->deal[dg_deal_family_for_kind (MIN (net->graph->edge_kind[e], DG_N_DEAL_KINDS - 1))];
}

/* The width the diagram draws a deal with: by its headline figure. */
static double
edge_width (Net   *net,
            guint  e)
{
  return dg_deal_width_for_amount (net->graph->edge_amount[e]);
}

static const char *
amount_kind_name (DgAmountKind kind)
{
  switch (kind)
    {
    case DG_AMOUNT_EXACT: return "exact";
    case DG_AMOUNT_RANGE: return "range";
    case DG_AMOUNT_UNDISCLOSED:
    default: return "undisclosed";
    }
}

/* A date as XML Schema's xs:date wants it: 2025-11 counts from 2025-11-01,
 * as the timeline counts it. */
static char *
xs_date (gint32 packed)
{
  int year = packed / 10000, month = packed / 100 % 100, day = packed % 100;

  return g_strdup_printf ("%04d-%02d-%02d", year, MAX (month, 1), MAX (day, 1));
}

static char *
number (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

static char *
coordinate (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", v));
}

/* The sources as a JSON array, the file format's own shape. */
static char *
sources_json (DgDeal *deal)
{
  GPtrArray *sources = dg_deal_get_sources (deal);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (sources == NULL || sources->len == 0)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < sources->len; i++)
    {
      DgSource *s = g_ptr_array_index (sources, i);
      const char *keys[] = { "publisher", "title", "date", "url", "via" };
      const char *values[] = { s->publisher, s->title, s->date, s->url, s->via };

      json_builder_begin_object (builder);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (values[k] != NULL)
          {
            json_builder_set_member_name (builder, keys[k]);
            json_builder_add_string_value (builder, values[k]);
          }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* XML -------------------------------------------------------------------------- */

/* XML 1.0 forbids C0 controls other than tab, LF and CR, and U+FFFE and
 * U+FFFF, even written as references; a JSON string may hold them. */
static char *
xml_safe (const char *text)
{
  GString *s = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
        g_string_append (s, "\xef\xbf\xbd");
      else
        g_string_append_len (s, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (s, FALSE);
}

static void
append_xml (GString    *out,
            const char *text,
            gboolean    attribute)
{
  g_autofree char *safe = xml_safe (text);
  g_autofree char *escaped = g_markup_escape_text (safe, -1);

  /* g_markup_escape_text() leaves tab, LF and CR as they are: fine in text
   * but for CR (which parsers turn into LF); in attributes parsers turn all
   * three into spaces unless they are references. */
  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == '\r')
        g_string_append (out, "&#13;");
      else if (attribute && *p == '\n')
        g_string_append (out, "&#10;");
      else if (attribute && *p == '\t')
        g_string_append (out, "&#9;");
      else
        g_string_append_c (out, *p);
    }
}

static gboolean
is_nmtoken (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!(g_ascii_isalnum (*s) || *s == '.' || *s == '-' || *s == '_' || *s == ':'))
      return FALSE;
  return TRUE;
}

/* Ids GraphML can take (XML name tokens): the company's or deal's own when
 * it is one, else @prefix and the index, kept apart from every other. */
static char **
xml_ids (const Net  *net,
         gboolean    companies,
         const char *prefix)
{
  DgDocument *doc = net->doc;
  guint n = companies ? dg_document_get_n_companies (doc) : dg_document_get_n_deals (doc);
  const guint *rank = companies ? net->node_rank : net->edge_rank;
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  char **ids = g_new0 (char *, n + 1);

  /* Only what goes out takes a name, numbered among what goes out. */
  for (guint i = 0; i < n; i++)
    {
      const char *id = companies ? dg_company_get_id (dg_document_get_company (doc, i))
                                 : dg_deal_get_id (dg_document_get_deal (doc, i));

      if (rank[i] != G_MAXUINT && is_nmtoken (id))
        {
          ids[i] = g_strdup (id);
          g_hash_table_add (used, ids[i]);
        }
    }
  for (guint i = 0; i < n; i++)
    {
      if (ids[i] != NULL || rank[i] == G_MAXUINT)
        continue;
      ids[i] = g_strdup_printf ("%s%u", prefix, rank[i]);
      for (guint k = 2; g_hash_table_contains (used, ids[i]); k++)
        {
          g_free (ids[i]);
          ids[i] = g_strdup_printf ("%s%u-%u", prefix, rank[i], k);
        }
      g_hash_table_add (used, ids[i]);
    }
  /* Those left out: an empty name, never written, so the array has no holes. */
  for (guint i = 0; i < n; i++)
    if (ids[i] == NULL)
      ids[i] = g_strdup ("");
  return ids;
}

/* GraphML ---------------------------------------------------------------------- */

static void
graphml_key (GString    *s,
             const char *id,
             const char *domain,
             const char *name,
             const char *type)
{
  g_string_append_printf (s, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                          id, domain, name, type);
}

static void
graphml_string (GString    *s,
                const char *indent,
                const char *key,
                const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (s, "%s<data key=\"%s\">", indent, key);
  append_xml (s, value, FALSE);
  g_string_append (s, "</data>\n");
}

static void
graphml_number (GString    *s,
                const char *indent,
                const char *key,
                double      value)
{
  g_autofree char *text = NULL;

  if (!isfinite (value))
    return;
  text = number (value);
  g_string_append_printf (s, "%s<data key=\"%s\">%s</data>\n", indent, key, text);
}

/**
 * dg_interchange_to_graphml:
 * @doc: the network
 * @xy: (array): positions, 2 floats per company
 * @theme: the palette of the colours written
 * @length: (out) (optional): the length of the text
 *
 * GraphML with a typed key for every field: networkx's read_graphml(),
 * igraph, Gephi, Cytoscape and yEd read it. Amounts are doubles with
 * their low and high ends; undisclosed ones are absent, not 0.
 *
 * Returns: (transfer full): the file's text
 */
char *
dg_interchange_to_graphml (DgDocument  *doc,
                           const float *xy,
                           DgThemeKind  theme,
                           gsize       *length)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (xy != NULL || dg_document_get_n_companies (doc) == 0, NULL);

  return to_graphml (doc, NULL, xy, theme, length);
}

static char *
to_graphml (DgDocument     *doc,
            const DgFilter *filter,
            const float    *xy,
            DgThemeKind     theme,
            gsize          *length)
{
  GString *s = g_string_new (NULL);
  g_auto(GStrv) node_ids = NULL;
  g_auto(GStrv) edge_ids = NULL;
  Net net;

  net_init (&net, doc, filter, xy, theme);
  xy = net.xy;
  node_ids = xml_ids (&net, TRUE, "n");
  edge_ids = xml_ids (&net, FALSE, "e");

  g_string_append (s,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!-- Written by Dealgraph " PACKAGE_VERSION ". Deals run from the payer to the payee. -->\n"
                   "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                   "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                   "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                   "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");

  graphml_key (s, "g_title", "graph", "title", "string");
  graphml_key (s, "g_description", "graph", "description", "string");
  graphml_key (s, "g_as_of", "graph", "as_of", "string");

  graphml_key (s, "n_id", "node", "company_id", "string");
  graphml_key (s, "n_name", "node", "name", "string");
  graphml_key (s, "n_label", "node", "label", "string");
  graphml_key (s, "n_kind", "node", "kind", "string");
  graphml_key (s, "n_country", "node", "country", "string");
  graphml_key (s, "n_valuation", "node", "valuation_usd", "double");
  graphml_key (s, "n_valuation_as_of", "node", "valuation_as_of", "string");
  graphml_key (s, "n_valuation_note", "node", "valuation_note", "string");
  graphml_key (s, "n_description", "node", "description", "string");
  graphml_key (s, "n_website", "node", "website", "string");
  graphml_key (s, "n_x", "node", "x", "double");
  graphml_key (s, "n_y", "node", "y", "double");
  graphml_key (s, "n_size", "node", "size", "double");
  graphml_key (s, "n_color", "node", "color", "string");
  graphml_key (s, "n_r", "node", "r", "int");
  graphml_key (s, "n_g", "node", "g", "int");
  graphml_key (s, "n_b", "node", "b", "int");

  graphml_key (s, "e_id", "edge", "deal_id", "string");
  graphml_key (s, "e_kind", "edge", "kind", "string");
  graphml_key (s, "e_amount", "edge", "amount_usd", "double");
  graphml_key (s, "e_amount_min", "edge", "amount_min_usd", "double");
  graphml_key (s, "e_amount_max", "edge", "amount_max_usd", "double");
  graphml_key (s, "e_amount_kind", "edge", "amount_kind", "string");
  graphml_key (s, "e_amount_text", "edge", "amount", "string");
  graphml_key (s, "e_amount_note", "edge", "amount_note", "string");
  graphml_key (s, "e_announced", "edge", "announced", "string");
  graphml_key (s, "e_term", "edge", "term", "string");
  graphml_key (s, "e_status", "edge", "status", "string");
  graphml_key (s, "e_status_note", "edge", "status_note", "string");
  graphml_key (s, "e_title", "edge", "title", "string");
  graphml_key (s, "e_description", "edge", "description", "string");
  graphml_key (s, "e_sources", "edge", "sources", "string");
  graphml_key (s, "e_cyclic", "edge", "cyclic", "boolean");
  graphml_key (s, "e_width", "edge", "width", "double");
  graphml_key (s, "e_color", "edge", "color", "string");
  graphml_key (s, "e_r", "edge", "r", "int");
  graphml_key (s, "e_g", "edge", "g", "int");
  graphml_key (s, "e_b", "edge", "b", "int");

  g_string_append (s, "  <graph id=\"G\" edgedefault=\"directed\">\n");
  graphml_string (s, "    ", "g_title", dg_document_get_title (doc));
  graphml_string (s, "    ", "g_description", dg_document_get_description (doc));
  graphml_string (s, "    ", "g_as_of", net_as_of (&net));

  for (guint v = 0; v < net.graph->n_nodes; v++)
    {
      DgCompany *c = dg_document_get_company (doc, v);
      g_autofree char *hex = NULL;
      const char *in = "      ";
      const char *valued_on;
      double valuation;
      gboolean valued;
      int r, g, b;

      if (!node_out (&net, v))
        continue;
      hex = color_hex (node_color (&net, v));
      valued = company_valuation (&net, c, &valuation, &valued_on);
      g_string_append_printf (s, "    <node id=\"%s\">\n", node_ids[v]);
      graphml_string (s, in, "n_id", dg_company_get_id (c));
      graphml_string (s, in, "n_name", dg_company_get_name (c));
      graphml_string (s, in, "n_label", dg_company_get_name (c));
      graphml_string (s, in, "n_kind", dg_company_get_kind (c));
      graphml_string (s, in, "n_country", dg_company_get_country (c));
      if (valued)
        graphml_number (s, in, "n_valuation", valuation);
      graphml_string (s, in, "n_valuation_as_of", valued_on);
      graphml_string (s, in, "n_valuation_note", dg_company_get_valuation_note (c));
      graphml_string (s, in, "n_description", dg_company_get_description (c));
      graphml_string (s, in, "n_website", dg_company_get_website (c));
      graphml_number (s, in, "n_x", xy[2 * v]);
      graphml_number (s, in, "n_y", xy[2 * v + 1]);
      graphml_number (s, in, "n_size", dg_node_radius (net.graph->node_valuation[v]));
      graphml_string (s, in, "n_color", hex);
      color_bytes (node_color (&net, v), &r, &g, &b);
      g_string_append_printf (s, "%s<data key=\"n_r\">%d</data>\n%s<data key=\"n_g\">%d</data>\n"
                                 "%s<data key=\"n_b\">%d</data>\n", in, r, in, g, in, b);
      g_string_append (s, "    </node>\n");
    }

  for (guint e = 0; e < net.graph->n_edges; e++)
    {
      DgDeal *d = dg_document_get_deal (doc, e);
      DgAmount amount_at;
      const DgAmount *amount = &amount_at;
      const char *status;
      g_autofree char *hex = NULL;
      g_autofree char *amount_text = NULL;
      g_autofree char *sources = NULL;
      const char *in = "      ";
      int r, g, b;

      if (!edge_out (&net, e))
        continue;
      deal_state (&net, d, &amount_at, &status);
      hex = color_hex (edge_color (&net, e));
      amount_text = dg_amount_format (amount);
      sources = sources_json (d);

      g_string_append_printf (s, "    <edge id=\"%s\" source=\"%s\" target=\"%s\">\n", edge_ids[e],
                              node_ids[net.graph->edge_src[e]], node_ids[net.graph->edge_dst[e]]);
      graphml_string (s, in, "e_id", dg_deal_get_id (d));
      graphml_string (s, in, "e_kind", dg_deal_get_kind (d));
      if (amount->kind != DG_AMOUNT_UNDISCLOSED)
        {
          graphml_number (s, in, "e_amount", amount->value);
          graphml_number (s, in, "e_amount_min", amount->min);
          graphml_number (s, in, "e_amount_max", amount->max);
        }
      graphml_string (s, in, "e_amount_kind", amount_kind_name (amount->kind));
      graphml_string (s, in, "e_amount_text", amount_text);
      graphml_string (s, in, "e_amount_note", dg_deal_get_amount_note (d));
      graphml_string (s, in, "e_announced", dg_deal_get_announced (d));
      graphml_string (s, in, "e_term", dg_deal_get_term (d));
      graphml_string (s, in, "e_status", status);
      graphml_string (s, in, "e_status_note", dg_deal_get_status_note (d));
      graphml_string (s, in, "e_title", dg_deal_get_title (d));
      graphml_string (s, in, "e_description", dg_deal_get_description (d));
      graphml_string (s, in, "e_sources", sources);
      graphml_string (s, in, "e_cyclic", net.cyclic[e] ? "true" : "false");
      graphml_number (s, in, "e_width", edge_width (&net, e));
      graphml_string (s, in, "e_color", hex);
      color_bytes (edge_color (&net, e), &r, &g, &b);
      g_string_append_printf (s, "%s<data key=\"e_r\">%d</data>\n%s<data key=\"e_g\">%d</data>\n"
                                 "%s<data key=\"e_b\">%d</data>\n", in, r, in, g, in, b);
      g_string_append (s, "    </edge>\n");
    }

  g_string_append (s, "  </graph>\n</graphml>\n");
  net_clear (&net);

  if (length != NULL)
    *length = s->len;
  return g_string_free (s, FALSE);
}

/* GEXF ------------------------------------------------------------------------- */

static void
gexf_attribute (GString    *s,
                const char *id,
                const char *type)
{
  g_string_append_printf (s, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", id, id, type);
}

static void
gexf_value (GString    *s,
            const char *id,
            const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (s, "          <attvalue for=\"%s\" value=\"", id);
  append_xml (s, value, TRUE);
  g_string_append (s, "\"/>\n");
}

static void
gexf_number (GString    *s,
             const char *id,
             double      value)
{
  g_autofree char *text = NULL;

  if (!isfinite (value))
    return;
  text = number (value);
  gexf_value (s, id, text);
}

/**
 * dg_interchange_to_gexf:
 *
 * GEXF 1.3 for Gephi: attributes for every field, viz:position, viz:color
 * and viz:size as the diagram draws them, and each deal's announced date as
 * its start, so Gephi's timeline plays the network's growth (a company
 * starts with its first deal). Deals without a date are there throughout.
 *
 * Returns: (transfer full): the file's text
 */
char *
dg_interchange_to_gexf (DgDocument  *doc,
                        const float *xy,
                        DgThemeKind  theme,
                        gsize       *length)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (xy != NULL || dg_document_get_n_companies (doc) == 0, NULL);

  return to_gexf (doc, NULL, xy, theme, length);
}

static char *
to_gexf (DgDocument     *doc,
         const DgFilter *filter,
         const float    *xy,
         DgThemeKind     theme,
         gsize          *length)
{
  GString *s = g_string_new (NULL);
  Net net;

  net_init (&net, doc, filter, xy, theme);
  xy = net.xy;

  g_string_append (s,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n"
                   "  <meta>\n"
                   "    <creator>Dealgraph " PACKAGE_VERSION "</creator>\n");
  if (dg_document_get_title (doc) != NULL)
    {
      g_string_append (s, "    <description>");
      append_xml (s, dg_document_get_title (doc), FALSE);
      g_string_append (s, "</description>\n");
    }
  g_string_append (s, "  </meta>\n"
                      "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n"
                      "    <attributes class=\"node\" mode=\"static\">\n");
  gexf_attribute (s, "company_id", "string");
  gexf_attribute (s, "kind", "string");
  gexf_attribute (s, "country", "string");
  gexf_attribute (s, "valuation_usd", "double");
  gexf_attribute (s, "valuation_as_of", "string");
  gexf_attribute (s, "valuation_note", "string");
  gexf_attribute (s, "description", "string");
  gexf_attribute (s, "website", "string");
  g_string_append (s, "    </attributes>\n"
                      "    <attributes class=\"edge\" mode=\"static\">\n");
  gexf_attribute (s, "deal_id", "string");
  gexf_attribute (s, "kind", "string");
  gexf_attribute (s, "amount_usd", "double");
  gexf_attribute (s, "amount_min_usd", "double");
  gexf_attribute (s, "amount_max_usd", "double");
  gexf_attribute (s, "amount_kind", "string");
  gexf_attribute (s, "amount", "string");
  gexf_attribute (s, "amount_note", "string");
  gexf_attribute (s, "announced", "string");
  gexf_attribute (s, "term", "string");
  gexf_attribute (s, "status", "string");
  gexf_attribute (s, "status_note", "string");
  gexf_attribute (s, "title", "string");
  gexf_attribute (s, "description", "string");
  gexf_attribute (s, "sources", "string");
  gexf_attribute (s, "cyclic", "boolean");
  g_string_append (s, "    </attributes>\n");

  g_string_append_printf (s, "    <nodes count=\"%u\">\n", net.n_nodes);
  for (guint v = 0; v < net.graph->n_nodes; v++)
    {
      DgCompany *c = dg_document_get_company (doc, v);
      g_autofree char *x = NULL;
      g_autofree char *y = NULL;
      g_autofree char *size = NULL;
      const char *valued_on;
      double valuation;
      gboolean valued;
      int r, g, b;

      if (!node_out (&net, v))
        continue;
      x = coordinate (xy[2 * v]);
      y = coordinate (-xy[2 * v + 1]);
      size = number (dg_node_radius (net.graph->node_valuation[v]));
      valued = company_valuation (&net, c, &valuation, &valued_on);

      g_string_append (s, "      <node id=\"");
      append_xml (s, dg_company_get_id (c), TRUE);
      g_string_append (s, "\" label=\"");
      append_xml (s, dg_company_get_name (c), TRUE);
      g_string_append (s, "\"");
      if (net.node_start[v] != 0)
        {
          g_autofree char *start = xs_date (net.node_start[v]);

          g_string_append_printf (s, " start=\"%s\"", start);
        }
      g_string_append (s, ">\n        <attvalues>\n");
      gexf_value (s, "company_id", dg_company_get_id (c));
      gexf_value (s, "kind", dg_company_get_kind (c));
      gexf_value (s, "country", dg_company_get_country (c));
      if (valued)
        gexf_number (s, "valuation_usd", valuation);
      gexf_value (s, "valuation_as_of", valued_on);
      gexf_value (s, "valuation_note", dg_company_get_valuation_note (c));
      gexf_value (s, "description", dg_company_get_description (c));
      gexf_value (s, "website", dg_company_get_website (c));
      g_string_append (s, "        </attvalues>\n");
      color_bytes (node_color (&net, v), &r, &g, &b);
      /* Gephi's y axis points up; the diagram's down. */
      g_string_append_printf (s, "        <viz:color r=\"%d\" g=\"%d\" b=\"%d\"/>\n"
                                 "        <viz:position x=\"%s\" y=\"%s\" z=\"0.0\"/>\n"
                                 "        <viz:size value=\"%s\"/>\n"
                                 "      </node>\n", r, g, b, x, y, size);
    }
  g_string_append (s, "    </nodes>\n");

  g_string_append_printf (s, "    <edges count=\"%u\">\n", net.n_edges);
  for (guint e = 0; e < net.graph->n_edges; e++)
    {
      DgDeal *d = dg_document_get_deal (doc, e);
      DgAmount amount_at;
      const DgAmount *amount = &amount_at;
      const char *status;
      g_autofree char *amount_text = NULL;
      g_autofree char *sources = NULL;
      g_autofree char *width = NULL;
      DgCompany *from = dg_document_get_company (doc, net.graph->edge_src[e]);
      DgCompany *to = dg_document_get_company (doc, net.graph->edge_dst[e]);
      int r, g, b;

      if (!edge_out (&net, e))
        continue;
      deal_state (&net, d, &amount_at, &status);
      amount_text = dg_amount_format (amount);
      sources = sources_json (d);
      width = number (edge_width (&net, e));

      g_string_append (s, "      <edge id=\"");
      append_xml (s, dg_deal_get_id (d), TRUE);
      g_string_append (s, "\" source=\"");
      append_xml (s, dg_company_get_id (from), TRUE);
      g_string_append (s, "\" target=\"");
      append_xml (s, dg_company_get_id (to), TRUE);
      g_string_append (s, "\"");
      if (dg_deal_get_title (d) != NULL)
        {
          g_string_append (s, " label=\"");
          append_xml (s, dg_deal_get_title (d), TRUE);
          g_string_append (s, "\"");
        }
      if (net.graph->edge_date[e] != 0)
        {
          g_autofree char *start = xs_date (net.graph->edge_date[e]);

          g_string_append_printf (s, " start=\"%s\"", start);
        }
      /* Gephi draws edges as thick as their weight: the diagram's width. */
      g_string_append_printf (s, " weight=\"%s\">\n        <attvalues>\n", width);
      gexf_value (s, "deal_id", dg_deal_get_id (d));
      gexf_value (s, "kind", dg_deal_get_kind (d));
      if (amount->kind != DG_AMOUNT_UNDISCLOSED)
        {
          gexf_number (s, "amount_usd", amount->value);
          gexf_number (s, "amount_min_usd", amount->min);
          gexf_number (s, "amount_max_usd", amount->max);
        }
      gexf_value (s, "amount_kind", amount_kind_name (amount->kind));
      gexf_value (s, "amount", amount_text);
      gexf_value (s, "amount_note", dg_deal_get_amount_note (d));
      gexf_value (s, "announced", dg_deal_get_announced (d));
      gexf_value (s, "term", dg_deal_get_term (d));
      gexf_value (s, "status", status);
      gexf_value (s, "status_note", dg_deal_get_status_note (d));
      gexf_value (s, "title", dg_deal_get_title (d));
      gexf_value (s, "description", dg_deal_get_description (d));
      gexf_value (s, "sources", sources);
      gexf_value (s, "cyclic", net.cyclic[e] ? "true" : "false");
      g_string_append (s, "        </attvalues>\n");
      color_bytes (edge_color (&net, e), &r, &g, &b);
      g_string_append_printf (s, "        <viz:color r=\"%d\" g=\"%d\" b=\"%d\"/>\n"
                                 "        <viz:thickness value=\"%s\"/>\n"
                                 "      </edge>\n", r, g, b, width);
    }
  g_string_append (s, "    </edges>\n  </graph>\n</gexf>\n");
  net_clear (&net);

  if (length != NULL)
    *length = s->len;
  return g_string_free (s, FALSE);
}

/* DOT --------------------------------------------------------------------------- */

/* A quoted DOT string. In labels and tooltips (@esc_string) Graphviz reads
 * backslash escapes and HTML entities, so a backslash is doubled, a line
 * break becomes \n and & becomes &amp;; everywhere only \" is an escape. */
static void
append_dot (GString    *out,
            const char *text,
            gboolean    esc_string)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"')
        g_string_append (out, "\\\"");
      else if (c == '\\')
        g_string_append (out, esc_string ? "\\\\" : "\\");
      else if (c == '\n')
        g_string_append (out, esc_string ? "\\n" : " ");
      else if (c == '\r')
        continue;
      else if (c == '&' && esc_string)
        g_string_append (out, "&amp;");
      else if (c < 0x20 && c != '\t')
        g_string_append (out, "\xef\xbf\xbd");
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
}

/* DOT names for the companies: their ids, unless an id holds a quote, a
 * backslash or a control character (which a DOT name cannot carry
 * faithfully: a trailing backslash would escape the closing quote). */
static char **
dot_ids (const Net *net)
{
  DgDocument *doc = net->doc;
  guint n = dg_document_get_n_companies (doc);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  char **ids = g_new0 (char *, n + 1);

  for (guint v = 0; v < n; v++)
    {
      const char *id = dg_company_get_id (dg_document_get_company (doc, v));
      gboolean plain = TRUE;

      for (const char *p = id; *p != '\0' && plain; p++)
        plain = *p != '"' && *p != '\\' && (guchar) *p >= 0x20;
      if (plain && node_out (net, v))
        {
          ids[v] = g_strdup (id);
          g_hash_table_add (used, ids[v]);
        }
    }
  for (guint v = 0; v < n; v++)
    {
      if (ids[v] != NULL || !node_out (net, v))
        continue;
      ids[v] = g_strdup_printf ("company-%u", net->node_rank[v]);
      for (guint k = 2; g_hash_table_contains (used, ids[v]); k++)
        {
          g_free (ids[v]);
          ids[v] = g_strdup_printf ("company-%u-%u", net->node_rank[v], k);
        }
      g_hash_table_add (used, ids[v]);
    }
  /* Those left out: an empty name, never written, so the array has no holes. */
  for (guint v = 0; v < n; v++)
    if (ids[v] == NULL)
      ids[v] = g_strdup ("");
  return ids;
}

/**
 * dg_interchange_to_dot:
 *
 * Graphviz DOT: each company at its position (`pos` in points, so
 * `neato -n2` draws the diagram's layout), discs sized and filled as the
 * diagram draws them, labels, deals coloured by kind with penwidth by
 * amount, dashed when undisclosed. `dot` ignores the positions and lays
 * the network out itself.
 *
 * Returns: (transfer full): the file's text
 */
char *
dg_interchange_to_dot (DgDocument  *doc,
                       const float *xy,
                       DgThemeKind  theme,
                       gsize       *length)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (xy != NULL || dg_document_get_n_companies (doc) == 0, NULL);

  return to_dot (doc, NULL, xy, theme, length);
}

static char *
to_dot (DgDocument     *doc,
        const DgFilter *filter,
        const float    *xy,
        DgThemeKind     theme,
        gsize          *length)
{
  GString *s = g_string_new (NULL);
  g_auto(GStrv) ids = NULL;
  g_autofree char *background = NULL;
  g_autofree char *outline = NULL;
  g_autofree char *text = NULL;
  const char *title;
  Net net;

  net_init (&net, doc, filter, xy, theme);
  xy = net.xy;
  ids = dot_ids (&net);
  background = color_hex (&net.theme->background);
  outline = color_hex (&net.theme->node_outline);
  text = color_hex (&net.theme->text);
  title = dg_document_get_title (doc);

  g_string_append (s, "// Written by Dealgraph " PACKAGE_VERSION ". Deals run from the payer to the payee.\n"
                      "// Draw the saved layout with: neato -n2 -Tsvg FILE.dot > FILE.svg\n"
                      "digraph ");
  append_dot (s, title != NULL ? title : "deals", FALSE);
  g_string_append (s, " {\n  graph [");
  if (title != NULL)
    {
      g_string_append (s, "label=");
      append_dot (s, title, TRUE);
      g_string_append (s, ", labelloc=t, ");
    }
  g_string_append_printf (s, "bgcolor=\"%s\", fontname=\"Cantarell,sans-serif\", fontcolor=\"%s\", "
                             "outputorder=edgesfirst, overlap=true];\n", background, text);
  g_string_append_printf (s, "  node [shape=circle, style=filled, fixedsize=shape, fontname=\"Cantarell,sans-serif\", "
                             "fontsize=9, fontcolor=\"%s\", color=\"%s\", penwidth=0.8];\n", text, outline);
  g_string_append (s, "  edge [arrowsize=0.6];\n");

  for (guint v = 0; v < net.graph->n_nodes; v++)
    {
      DgCompany *c = dg_document_get_company (doc, v);
      g_autofree char *x = NULL;
      g_autofree char *y = NULL;
      g_autofree char *diameter = NULL;
      g_autofree char *fill = NULL;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      const char *valued_on;
      double valuation;

      if (!node_out (&net, v))
        continue;
      x = coordinate (xy[2 * v]);
      y = coordinate (-xy[2 * v + 1]);
      fill = color_hex (node_color (&net, v));

      /* Points on the page are diagram units; Graphviz sizes nodes in inches. */
      diameter = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f",
                                            2 * dg_node_radius (net.graph->node_valuation[v]) / 72.0));
      g_string_append (s, "  ");
      append_dot (s, ids[v], FALSE);
      g_string_append (s, " [label=");
      append_dot (s, dg_company_get_name (c), TRUE);
      g_string_append_printf (s, ", pos=\"%s,%s!\", width=%s, height=%s, fillcolor=\"%s\"", x, y, diameter,
                              diameter, fill);
      if (dg_company_get_kind (c) != NULL)
        {
          g_string_append (s, ", kind=");
          append_dot (s, dg_company_get_kind (c), FALSE);
        }
      if (company_valuation (&net, c, &valuation, &valued_on))
        {
          g_autofree char *figure = number (valuation);

          g_string_append_printf (s, ", valuation_usd=\"%s\"", figure);
        }
      g_string_append (s, "];\n");
    }

  for (guint e = 0; e < net.graph->n_edges; e++)
    {
      DgDeal *d = dg_document_get_deal (doc, e);
      DgAmount amount_at;
      const DgAmount *amount = &amount_at;
      const char *status;
      g_autofree char *amount_text = NULL;
      g_autofree char *color = NULL;
      g_autofree char *tooltip = NULL;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (!edge_out (&net, e))
        continue;
      deal_state (&net, d, &amount_at, &status);
      amount_text = dg_amount_format (amount);
      color = color_hex (edge_color (&net, e));

      tooltip = dg_deal_get_title (d) != NULL ? g_strdup_printf ("%s: %s", dg_deal_get_title (d), amount_text)
                                              : g_strdup (amount_text);
      g_string_append (s, "  ");
      append_dot (s, ids[net.graph->edge_src[e]], FALSE);
      g_string_append (s, " -> ");
      append_dot (s, ids[net.graph->edge_dst[e]], FALSE);
      g_string_append (s, " [id=");
      append_dot (s, dg_deal_get_id (d), TRUE);
      g_string_append_printf (s, ", color=\"%s\", penwidth=%s", color,
                              g_ascii_formatd (buf, sizeof buf, "%.2f", edge_width (&net, e)));
      if (amount->kind == DG_AMOUNT_UNDISCLOSED)
        g_string_append (s, ", style=dashed");
      g_string_append (s, ", tooltip=");
      append_dot (s, tooltip, TRUE);
      if (dg_deal_get_kind (d) != NULL)
        {
          g_string_append (s, ", kind=");
          append_dot (s, dg_deal_get_kind (d), FALSE);
        }
      g_string_append (s, ", amount=");
      append_dot (s, amount_text, FALSE);
      if (amount->kind != DG_AMOUNT_UNDISCLOSED)
        {
          g_autofree char *value = number (amount->value);
          g_autofree char *lo = number (amount->min);
          g_autofree char *hi = number (amount->max);

          g_string_append_printf (s, ", amount_usd=\"%s\", amount_min_usd=\"%s\", amount_max_usd=\"%s\"",
                                  value, lo, hi);
        }
      if (dg_deal_get_announced (d) != NULL)
        {
          g_string_append (s, ", announced=");
          append_dot (s, dg_deal_get_announced (d), FALSE);
        }
      if (status != NULL)
        {
          g_string_append (s, ", status=");
          append_dot (s, status, FALSE);
        }
      g_string_append_printf (s, ", cyclic=%s];\n", net.cyclic[e] ? "true" : "false");
    }
  g_string_append (s, "}\n");
  net_clear (&net);

  if (length != NULL)
    *length = s->len;
  return g_string_free (s, FALSE);
}

/* CSV ---------------------------------------------------------------------------- */

/* Spreadsheets (Excel above all) read UTF-8 only after a byte-order mark;
 * Dealgraph's own import skips it. */
#define CSV_BOM "\xef\xbb\xbf"

static guint
max_sources (const Net *net)
{
  guint n = 0;

  for (guint e = 0; e < dg_document_get_n_deals (net->doc); e++)
    {
      GPtrArray *sources = dg_deal_get_sources (dg_document_get_deal (net->doc, e));

      if (!edge_out (net, e))
        continue;
      n = MAX (n, sources != NULL ? sources->len : 0);
    }
  return n;
}

/**
 * dg_interchange_deals_csv:
 *
 * The deals as a table with a header row, one deal a row: the columns are
 * the file format's fields (ids of the payer and payee, with their names
 * beside them), amounts as plain numbers, and each source in five columns
 * (`source_1_publisher` ... `source_1_via`). Dealgraph's import reads it
 * back with the same values.
 *
 * Returns: (transfer full): the table
 */
char *
dg_interchange_deals_csv (DgDocument *doc,
                          gsize      *length)
{
  Net net;
  char *text;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);

  net_init (&net, doc, NULL, NULL, DG_THEME_LIGHT);
  text = deals_csv (&net, length);
  net_clear (&net);
  return text;
}

static char *
deals_csv (const Net *net,
           gsize     *length)
{
  static const char *header[] = {
    "id", "from", "from_name", "to", "to_name", "kind", "amount_usd", "amount_min_usd", "amount_max_usd",
    "amount_note", "announced", "term", "status", "status_note", "title", "description",
  };
  static const char *source_fields[] = { "publisher", "title", "date", "url", "via" };
  DgDocument *doc = net->doc;
  guint n_sources = max_sources (net);
  guint width = G_N_ELEMENTS (header) + 5 * n_sources;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **row = g_new0 (const char *, width);
  GString *s = g_string_new (CSV_BOM);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    row[i] = header[i];
  for (guint k = 0; k < n_sources; k++)
    for (guint f = 0; f < 5; f++)
      {
        char *name = g_strdup_printf ("source_%u_%s", k + 1, source_fields[f]);

        g_ptr_array_add (names, name);
        row[G_N_ELEMENTS (header) + 5 * k + f] = name;
      }
  dg_csv_append_row (s, row, width, ',');

  for (guint e = 0; e < dg_document_get_n_deals (doc); e++)
    {
      DgDeal *d = dg_document_get_deal (doc, e);
      DgAmount amount_at;
      const DgAmount *amount = &amount_at;
      const char *status;
      GPtrArray *sources = dg_deal_get_sources (d);
      g_autofree char *value = NULL, *lo = NULL, *hi = NULL;

      if (!edge_out (net, e))
        continue;
      deal_state (net, d, &amount_at, &status);
      if (amount->kind == DG_AMOUNT_EXACT)
        value = number (amount->value);
      else if (amount->kind == DG_AMOUNT_RANGE)
        {
          /* As the file format: the headline only when it is not the high end. */
          if (amount->value != amount->max)
            value = number (amount->value);
          lo = number (amount->min);
          hi = number (amount->max);
        }

      memset (row, 0, width * sizeof *row);
      row[0] = dg_deal_get_id (d);
      row[1] = dg_deal_get_from_id (d);
      row[2] = dg_company_get_name (dg_document_get_company (doc, dg_deal_get_from_index (d)));
      row[3] = dg_deal_get_to_id (d);
      row[4] = dg_company_get_name (dg_document_get_company (doc, dg_deal_get_to_index (d)));
      row[5] = dg_deal_get_kind (d);
      row[6] = value;
      row[7] = lo;
      row[8] = hi;
      row[9] = dg_deal_get_amount_note (d);
      row[10] = dg_deal_get_announced (d);
      row[11] = dg_deal_get_term (d);
      row[12] = status;
      row[13] = dg_deal_get_status_note (d);
      row[14] = dg_deal_get_title (d);
      row[15] = dg_deal_get_description (d);
      for (guint k = 0; sources != NULL && k < sources->len; k++)
        {
          DgSource *src = g_ptr_array_index (sources, k);
          const char **cells = row + G_N_ELEMENTS (header) + 5 * k;

          cells[0] = src->publisher;
          cells[1] = src->title;
          cells[2] = src->date;
          cells[3] = src->url;
          cells[4] = src->via;
        }
      dg_csv_append_row (s, row, width, ',');
    }

  if (length != NULL)
    *length = s->len;
  return g_string_free (s, FALSE);
}

/**
 * dg_interchange_companies_csv:
 *
 * The companies as a table with a header row, one company a row, every
 * field of the file format.
 *
 * Returns: (transfer full): the table
 */
char *
dg_interchange_companies_csv (DgDocument *doc,
                              gsize      *length)
{
  Net net;
  char *text;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);

  net_init (&net, doc, NULL, NULL, DG_THEME_LIGHT);
  text = companies_csv (&net, length);
  net_clear (&net);
  return text;
}

static char *
companies_csv (const Net *net,
               gsize     *length)
{
  static const char *header[] = {
    "id", "name", "kind", "country", "valuation_usd", "valuation_as_of", "valuation_note", "description",
    "website",
  };
  DgDocument *doc = net->doc;
  GString *s = g_string_new (CSV_BOM);

  dg_csv_append_row (s, header, G_N_ELEMENTS (header), ',');
  for (guint v = 0; v < dg_document_get_n_companies (doc); v++)
    {
      DgCompany *c = dg_document_get_company (doc, v);
      const char *valued_on = NULL;
      double amount = 0;
      gboolean valued = node_out (net, v) && company_valuation (net, c, &amount, &valued_on);
      g_autofree char *valuation = valued ? number (amount) : NULL;
      const char *row[G_N_ELEMENTS (header)] = {
        dg_company_get_id (c), dg_company_get_name (c), dg_company_get_kind (c), dg_company_get_country (c),
        valuation, valued_on, dg_company_get_valuation_note (c),
        dg_company_get_description (c), dg_company_get_website (c),
      };

      if (!node_out (net, v))
        continue;
      dg_csv_append_row (s, row, G_N_ELEMENTS (header), ',');
    }

  if (length != NULL)
    *length = s->len;
  return g_string_free (s, FALSE);
}

/**
 * dg_interchange_companies_path:
 * @path: the deals table's file name, e.g. `net.csv`
 *
 * Returns: (transfer full): the companies table's, `net-companies.csv`
 */
char *
dg_interchange_companies_path (const char *path)
{
  const char *slash, *dot;

  g_return_val_if_fail (path != NULL, NULL);

  slash = strrchr (path, G_DIR_SEPARATOR);
  dot = strrchr (path, '.');
  if (dot == NULL || (slash != NULL && dot < slash) || dot == (slash != NULL ? slash + 1 : path))
    return g_strconcat (path, "-companies.csv", NULL);
  return g_strdup_printf ("%.*s-companies%s", (int) (dot - path), path, dot);
}

static gboolean
write_file (const char  *path,
            const char  *data,
            gsize        length,
            GError     **error)
{
  return dg_atomic_file_set_contents (path, data, length, error);
}

/**
 * dg_interchange_write:
 * @doc: the network
 * @format: GraphML, GEXF, DOT or CSV
 * @xy: (array) (nullable): positions, 2 floats per company (not needed for
 *   CSV)
 * @filter: (nullable): what of the network goes out: what it shows, each
 *   deal and company in its state at its date; %NULL for everything
 * @theme: the palette of the colours written
 * @path: the file; for CSV, the deals table, with the companies table
 *   written beside it (dg_interchange_companies_path())
 * @error: return location for a #DG_ERROR
 *
 * Writes each file atomically.
 *
 * Returns: %TRUE when every file was written
 */
gboolean
dg_interchange_write (DgDocument      *doc,
                      DgExportFormat   format,
                      const float     *xy,
                      const DgFilter  *filter,
                      DgThemeKind      theme,
                      const char      *path,
                      GError         **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (xy != NULL || format == DG_EXPORT_FORMAT_CSV || dg_document_get_n_companies (doc) == 0,
                        FALSE);

  switch (format)
    {
    case DG_EXPORT_FORMAT_GRAPHML:
      data = to_graphml (doc, filter, xy, theme, &length);
      break;
    case DG_EXPORT_FORMAT_GEXF:
      data = to_gexf (doc, filter, xy, theme, &length);
      break;
    case DG_EXPORT_FORMAT_DOT:
      data = to_dot (doc, filter, xy, theme, &length);
      break;
    case DG_EXPORT_FORMAT_CSV:
      {
        g_autofree char *companies_path = dg_interchange_companies_path (path);
        g_autofree char *companies = NULL;
        Net net;

        net_init (&net, doc, filter, NULL, theme);
        companies = companies_csv (&net, &length);
        if (!write_file (companies_path, companies, length, error))
          {
            net_clear (&net);
            return FALSE;
          }
        data = deals_csv (&net, &length);
        net_clear (&net);
      }
      break;
    case DG_EXPORT_FORMAT_AUTO:
    case DG_EXPORT_FORMAT_PNG:
    case DG_EXPORT_FORMAT_SVG:
    case DG_EXPORT_FORMAT_PDF:
    default:
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("Unknown export format"));
      return FALSE;
    }

  return write_file (path, data, length, error);
}
