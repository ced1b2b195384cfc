/* dg-round-trip.c: what a Dealgraph save promises, checked on any input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by the fuzz target (fuzz-loader.c) and the property test
 * (tests/test-loader.c). The rules below say, apart from the saver, what a
 * save keeps of a file the loader accepted: everything, with the meaning it
 * had, and members Dealgraph does not know exactly as written. If the saver
 * and these rules ever disagree, one of them is wrong.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-json.h"
#include "dg-loader.h"
#include "dg-round-trip.h"

typedef struct _Node Node;

struct _Node
{
  DgJsonToken type;
  char *text;          /* scalars: canonical text */
  GBytes *str;         /* strings: the decoded text */
  GPtrArray *keys;     /* objects: canonical key texts */
  GPtrArray *dkeys;    /* objects: decoded keys (GBytes) */
  GPtrArray *children;
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_free (node->text);
  g_clear_pointer (&node->str, g_bytes_unref);
  g_clear_pointer (&node->keys, g_ptr_array_unref);
  g_clear_pointer (&node->dkeys, g_ptr_array_unref);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

static void
ignore_problem (const DgJsonPos *pos,
                const char      *message,
                gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static Node *
parse_value (DgJsonReader *r,
             DgJsonToken   t)
{
  g_autoptr(Node) node = g_new0 (Node, 1);
  const char *s;
  gsize len;

  node->type = t;
  switch (t)
    {
    case DG_JSON_OBJECT_BEGIN:
    case DG_JSON_ARRAY_BEGIN:
      node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
      if (t == DG_JSON_OBJECT_BEGIN)
        {
          node->keys = g_ptr_array_new_with_free_func (g_free);
          node->dkeys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
        }
      for (;;)
        {
          Node *child;

          t = dg_json_reader_next (r);
          if (t == DG_JSON_OBJECT_END || t == DG_JSON_ARRAY_END)
            break;
          if (node->keys != NULL)
            {
              GString *key = g_string_new (NULL);

              if (t != DG_JSON_KEY)
                return NULL;
              s = dg_json_reader_get_string (r, &len);
              dg_json_append_string (key, s, (gssize) len);
              g_ptr_array_add (node->keys, g_string_free (key, FALSE));
              g_ptr_array_add (node->dkeys, g_bytes_new (s, len));
              t = dg_json_reader_next (r);
            }
          child = parse_value (r, t);
          if (child == NULL)
            return NULL;
          g_ptr_array_add (node->children, child);
        }
      break;

    case DG_JSON_STRING:
      {
        GString *text = g_string_new (NULL);

        s = dg_json_reader_get_string (r, &len);
        dg_json_append_string (text, s, (gssize) len);
        node->text = g_string_free (text, FALSE);
        node->str = g_bytes_new (s, len);
      }
      break;

    case DG_JSON_NUMBER:
      s = dg_json_reader_get_number (r, &len);
      node->text = g_strndup (s, len);
      break;

    case DG_JSON_TRUE:
      node->text = g_strdup ("true");
      break;
    case DG_JSON_FALSE:
      node->text = g_strdup ("false");
      break;
    case DG_JSON_NULL:
      node->text = g_strdup ("null");
      break;

    default:
      return NULL;
    }
  return g_steal_pointer (&node);
}

static Node *
parse (const char *text,
       gsize       length)
{
  DgJsonReader *r = dg_json_reader_new (text, length);
  gboolean duplicate = FALSE;
  Node *node;

  dg_json_reader_set_problem_func (r, ignore_problem, &duplicate);
  node = parse_value (r, dg_json_reader_next (r));
  if (node != NULL && (duplicate || dg_json_reader_next (r) != DG_JSON_END))
    g_clear_pointer (&node, node_free);
  dg_json_reader_free (r);
  return node;
}

static int
compare_members (gconstpointer a,
                 gconstpointer b,
                 gpointer      keys)
{
  guint i = *(const guint *) a, j = *(const guint *) b;

  return strcmp (g_ptr_array_index ((GPtrArray *) keys, i), g_ptr_array_index ((GPtrArray *) keys, j));
}

static void
serialize (Node    *node,
           GString *out)
{
  if (node->type == DG_JSON_OBJECT_BEGIN)
    {
      g_autofree guint *order = g_new (guint, node->children->len + 1);

      for (guint i = 0; i < node->children->len; i++)
        order[i] = i;
      g_qsort_with_data (order, (gint) node->children->len, sizeof (guint), compare_members, node->keys);
      g_string_append_c (out, '{');
      for (guint k = 0; k < node->children->len; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          g_string_append (out, g_ptr_array_index (node->keys, order[k]));
          g_string_append_c (out, ':');
          serialize (g_ptr_array_index (node->children, order[k]), out);
        }
      g_string_append_c (out, '}');
    }
  else if (node->type == DG_JSON_ARRAY_BEGIN)
    {
      g_string_append_c (out, '[');
      for (guint i = 0; i < node->children->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          serialize (g_ptr_array_index (node->children, i), out);
        }
      g_string_append_c (out, ']');
    }
  else
    g_string_append (out, node->text);
}

char *
dg_round_trip_sorted (const char *text,
                      gsize       length)
{
  g_autoptr(Node) node = parse (text, length);
  GString *out;

  if (node == NULL)
    return NULL;
  out = g_string_new (NULL);
  serialize (node, out);
  return g_string_free (out, FALSE);
}

/* ---- the format's rules ------------------------------------------------ */

static int
find (Node       *object,
      const char *key)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", key);

  if (object == NULL || object->type != DG_JSON_OBJECT_BEGIN)
    return -1;
  for (guint i = 0; i < object->keys->len; i++)
    if (strcmp (g_ptr_array_index (object->keys, i), quoted) == 0)
      return (int) i;
  return -1;
}

static Node *
get (Node       *object,
     const char *key)
{
  int i = find (object, key);

  if (i < 0 || object == NULL)
    return NULL;
  return g_ptr_array_index (object->children, i);
}

/* A member the loader made sure of. */
static Node *
need (Node       *object,
      const char *key)
{
  Node *node = get (object, key);

  if (node == NULL)
    g_error ("a file that loaded has no \"%s\"", key);
  return node;
}

static void
drop (Node       *object,
      const char *key)
{
  int i = find (object, key);

  if (i < 0)
    return;
  g_ptr_array_remove_index (object->keys, (guint) i);
  g_ptr_array_remove_index (object->dkeys, (guint) i);
  g_ptr_array_remove_index (object->children, (guint) i);
}

static gboolean
is_null (Node *node)
{
  return node != NULL && node->type == DG_JSON_NULL;
}

static void
drop_nulls (Node               *object,
            const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    if (is_null (get (object, keys[i])))
      drop (object, keys[i]);
}

static double
number_value (Node *node)
{
  double v = 0;

  g_assert (dg_json_number_to_double (node->text, strlen (node->text), &v));
  return v;
}

/* A known number is a double, written the shortest way that reads back. */
static void
set_number (Node   *node,
            double  v)
{
  char buf[DG_JSON_DOUBLE_BUF_SIZE];

  dg_json_format_double (buf, sizeof buf, v);
  g_free (node->text);
  node->text = g_strdup (buf);
}

static void
normalize_known_number (Node       *object,
                        const char *key)
{
  Node *node = get (object, key);

  if (node != NULL && node->type == DG_JSON_NUMBER)
    set_number (node, number_value (node));
}

/* A tree member (tour, filter): numbers as json-glib holds them, 64-bit
 * integers or doubles that keep reading as doubles. */
static void
normalize_tree (Node *node)
{
  if (node->children != NULL)
    {
      for (guint i = 0; i < node->children->len; i++)
        normalize_tree (g_ptr_array_index (node->children, i));
      return;
    }
  if (node->type == DG_JSON_NUMBER)
    {
      gint64 i;

      if (dg_json_number_to_int64 (node->text, strlen (node->text), &i))
        {
          g_free (node->text);
          node->text = g_strdup_printf ("%" G_GINT64_FORMAT, i);
        }
      else
        {
          set_number (node, number_value (node));
          if (strpbrk (node->text, ".eE") == NULL)
            {
              char *with = g_strconcat (node->text, ".0", NULL);

              g_free (node->text);
              node->text = with;
            }
        }
    }
}

static void
normalize_document (Node       *top,
                    DgDocument *doc)
{
  static const char * const top_optional[] = { "title", "description", "as_of", NULL };
  static const char * const company_optional[] = {
    "kind", "country", "valuation_usd", "valuation_as_of", "valuation_note", "description", "website", NULL
  };
  static const char * const deal_optional[] = {
    "kind", "amount_min_usd", "amount_max_usd", "amount_note", "announced", "term", "status", "status_note",
    "title", "description", "sources", NULL
  };
  static const char * const source_optional[] = { "title", "date", "url", "via", NULL };
  Node *companies = need (top, "companies");
  Node *deals = need (top, "deals");
  Node *layout = get (top, "layout");
  Node *version = need (top, "version");

  g_free (version->text);
  version->text = g_strdup ("1");
  drop_nulls (top, top_optional);

  for (guint i = 0; i < companies->children->len; i++)
    {
      Node *company = g_ptr_array_index (companies->children, i);

      drop_nulls (company, company_optional);
      normalize_known_number (company, "valuation_usd");
    }

  for (guint i = 0; i < deals->children->len; i++)
    {
      Node *deal = g_ptr_array_index (deals->children, i);
      Node *sources, *amount, *max;

      drop_nulls (deal, deal_optional);
      normalize_known_number (deal, "amount_usd");
      normalize_known_number (deal, "amount_min_usd");
      normalize_known_number (deal, "amount_max_usd");
      amount = get (deal, "amount_usd");
      max = get (deal, "amount_max_usd");
      /* A range's headline figure is said only when it is not the top. */
      if (max != NULL && amount != NULL && (is_null (amount) || strcmp (amount->text, max->text) == 0))
        drop (deal, "amount_usd");
      sources = get (deal, "sources");
      if (sources != NULL && sources->children->len == 0)
        drop (deal, "sources");
      else if (sources != NULL)
        for (guint k = 0; k < sources->children->len; k++)
          drop_nulls (g_ptr_array_index (sources->children, k), source_optional);
    }

  if (is_null (layout))
    drop (top, "layout");
  else if (layout != NULL)
    {
      Node *positions = get (layout, "positions");
      Node *tree;

      if (is_null (get (layout, "algorithm")))
        drop (layout, "algorithm");
      if (is_null (positions))
        drop (layout, "positions");
      else if (positions != NULL)
        {
          for (guint i = positions->children->len; i-- > 0;)
            {
              GBytes *key = g_ptr_array_index (positions->dkeys, i);
              gsize len;
              const char *id = g_bytes_get_data (key, &len);
              /* An empty key's bytes have no data at all. */
              g_autofree char *cid = len > 0 ? g_strndup (id, len) : g_strdup ("");
              Node *p = g_ptr_array_index (positions->children, i);
              Node *pinned;

              /* Positions of companies the file does not have go. */
              if ((len > 0 && memchr (id, 0, len) != NULL) || dg_document_lookup_company (doc, cid) == NULL)
                {
                  g_ptr_array_remove_index (positions->keys, i);
                  g_ptr_array_remove_index (positions->dkeys, i);
                  g_ptr_array_remove_index (positions->children, i);
                  continue;
                }
              /* A hundredth of a unit; pinned only when it is. */
              set_number (need (p, "x"), round (number_value (need (p, "x")) * 100.0) / 100.0);
              set_number (need (p, "y"), round (number_value (need (p, "y")) * 100.0) / 100.0);
              pinned = get (p, "pinned");
              if (pinned != NULL && strcmp (pinned->text, "false") == 0)
                drop (p, "pinned");
            }
          if (positions->children->len == 0)
            drop (layout, "positions");
        }
      if ((tree = get (layout, "tour")) != NULL)
        normalize_tree (tree);
      if ((tree = get (layout, "filter")) != NULL)
        normalize_tree (tree);
      if (layout->children->len == 0)
        drop (top, "layout");
    }
}

/* Where two texts part, for the report. */
static char *
describe_difference (const char *a,
                     const char *b)
{
  gsize i = 0;
  gsize from;

  while (a[i] != '\0' && a[i] == b[i])
    i++;
  from = i > 60 ? i - 60 : 0;
  return g_strdup_printf ("expected …%.120s\n     got …%.120s", a + from, b + from);
}

char *
dg_round_trip_check (const char *data,
                     gsize       length,
                     gboolean   *loaded)
{
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(DgDocument) again = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  g_autoptr(Node) expected = NULL;
  g_autoptr(Node) actual = NULL;
  GString *a, *b;
  gsize n1, n2;
  char *why = NULL;

  doc = dg_document_load_from_data (data, length, NULL, NULL);
  if (loaded != NULL)
    *loaded = doc != NULL;
  if (doc == NULL)
    return NULL;

  saved = dg_document_to_data (doc, &n1);
  again = dg_document_load_from_data (saved, n1, &problems, NULL);
  if (again == NULL)
    {
      g_autofree char *line = dg_problem_to_string (g_ptr_array_index (problems, 0), "the save");

      return g_strdup_printf ("the save does not load: %s", line);
    }
  saved_again = dg_document_to_data (again, &n2);
  if (n1 != n2 || memcmp (saved, saved_again, n1) != 0)
    {
      g_autofree char *where = describe_difference (saved, saved_again);

      return g_strconcat ("save, load, save changed the text: ", where, NULL);
    }

  expected = parse (data, length);
  actual = parse (saved, n1);
  if (expected == NULL || actual == NULL)
    return g_strdup ("a text that loaded does not parse");
  normalize_document (expected, doc);
  a = g_string_new (NULL);
  b = g_string_new (NULL);
  serialize (expected, a);
  serialize (actual, b);
  if (strcmp (a->str, b->str) != 0)
    {
      g_autofree char *where = describe_difference (a->str, b->str);

      why = g_strconcat ("the save does not mean what the file meant:\n", where, NULL);
    }
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
  return why;
}
