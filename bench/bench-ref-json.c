/* bench-ref-json.c: how long other JSON libraries take to read a file, for
 * the comparison in docs/performance.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run: build/bench/bench-ref-LIB LIBRARY FILE
 * Built once a library (bench-ref-json-glib, -json-c, -jansson, -yajl),
 * since json-glib, json-c and jansson share symbol names and cannot live in
 * one program. LIBRARY is json-glib, json-c, jansson, yajl (its streaming
 * parser, with no callbacks: the least any reader can do) or yajl-tree.
 * The file is read into memory first (not timed); then the parse and the
 * freeing of what it built are timed separately. One library per process,
 * so that the peak RSS the caller measures (bench/bench-files.py uses
 * wait4) is this library's alone. Prints one line: `LIBRARY parse MS free
 * MS`.
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#ifdef DG_HAVE_JSON_GLIB
#include <json-glib/json-glib.h>
#endif
#ifdef DG_HAVE_JSON_C
#include <json-c/json.h>
#endif
#ifdef DG_HAVE_JANSSON
#include <jansson.h>
#endif
#ifdef DG_HAVE_YAJL
#include <yajl/yajl_parse.h>
#include <yajl/yajl_tree.h>
#endif

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *library;
  gsize length;
  double parse_ms = -1, free_ms = -1;
  gint64 t0;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s json-glib|json-c|jansson|yajl|yajl-tree FILE\n", argv[0]);
      return 2;
    }
  library = argv[1];
  if (!g_file_get_contents (argv[2], &text, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  if (FALSE)
    ;
#ifdef DG_HAVE_JSON_GLIB
  else if (strcmp (library, "json-glib") == 0)
    {
      JsonParser *parser = json_parser_new_immutable ();

      t0 = g_get_monotonic_time ();
      if (!json_parser_load_from_data (parser, text, (gssize) length, &error))
        {
          fprintf (stderr, "json-glib: %s\n", error->message);
          return 1;
        }
      parse_ms = ms_since (t0);
      t0 = g_get_monotonic_time ();
      g_object_unref (parser);
      free_ms = ms_since (t0);
    }
#endif
#ifdef DG_HAVE_JSON_C
  else if (strcmp (library, "json-c") == 0)
    {
      struct json_tokener *tok = json_tokener_new_ex (JSON_TOKENER_DEFAULT_DEPTH);
      struct json_object *root;

      json_tokener_set_flags (tok, JSON_TOKENER_STRICT);
      t0 = g_get_monotonic_time ();
      root = json_tokener_parse_ex (tok, text, (int) length);
      parse_ms = ms_since (t0);
      if (root == NULL)
        {
          fprintf (stderr, "json-c: %s\n", json_tokener_error_desc (json_tokener_get_error (tok)));
          return 1;
        }
      t0 = g_get_monotonic_time ();
      json_object_put (root);
      free_ms = ms_since (t0);
      json_tokener_free (tok);
    }
#endif
#ifdef DG_HAVE_JANSSON
  else if (strcmp (library, "jansson") == 0)
    {
      json_error_t jerror;
      json_t *root;

      t0 = g_get_monotonic_time ();
      root = json_loadb (text, length, JSON_REJECT_DUPLICATES, &jerror);
      parse_ms = ms_since (t0);
      if (root == NULL)
        {
          fprintf (stderr, "jansson: %d:%d: %s\n", jerror.line, jerror.column, jerror.text);
          return 1;
        }
      t0 = g_get_monotonic_time ();
      json_decref (root);
      free_ms = ms_since (t0);
    }
#endif
#ifdef DG_HAVE_YAJL
  else if (strcmp (library, "yajl") == 0)
    {
      static const yajl_callbacks none = { 0 };
      yajl_handle handle = yajl_alloc (&none, NULL, NULL);

      t0 = g_get_monotonic_time ();
      if (yajl_parse (handle, (const unsigned char *) text, length) != yajl_status_ok
          || yajl_complete_parse (handle) != yajl_status_ok)
        {
          fprintf (stderr, "yajl: not JSON\n");
          return 1;
        }
      parse_ms = ms_since (t0);
      t0 = g_get_monotonic_time ();
      yajl_free (handle);
      free_ms = ms_since (t0);
    }
  else if (strcmp (library, "yajl-tree") == 0)
    {
      char message[256];
      yajl_val root;

      /* yajl_tree_parse wants a NUL-terminated text: g_file_get_contents
       * gives one. */
      t0 = g_get_monotonic_time ();
      root = yajl_tree_parse (text, message, sizeof message);
      parse_ms = ms_since (t0);
      if (root == NULL)
        {
          fprintf (stderr, "yajl-tree: %s\n", message);
          return 1;
        }
      t0 = g_get_monotonic_time ();
      yajl_tree_free (root);
      free_ms = ms_since (t0);
    }
#endif
  else
    {
      fprintf (stderr, "%s: library %s is unknown or was not found at build time\n", argv[0], library);
      return 2;
    }

  printf ("%s parse %.1f free %.1f\n", library, parse_ms, free_ms);
  return 0;
}
