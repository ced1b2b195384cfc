/* dg-cli.c: option parsing and dispatch for the headless commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dg-cli.h"
#include "dg-cli-private.h"
#include "dg-changes.h"
#include "dg-filter.h"

/* Arguments that make the binary run headless instead of opening a window. */
static const char * const headless_flags[] = {
  "--validate", "--summary", "--cycles", "--export", "--save-layout", "--export-tour", "--import-csv",
  "--help", "-h", "--help-all", "--version", "-v",
  NULL
};

gboolean
dg_cli_is_headless (int    argc,
                    char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        break;
      for (guint j = 0; headless_flags[j] != NULL; j++)
        {
          gsize n = strlen (headless_flags[j]);

          if (strncmp (argv[i], headless_flags[j], n) == 0
              && (argv[i][n] == '\0' || argv[i][n] == '='))
            return TRUE;
        }
    }
  return FALSE;
}

void
dg_cli_print_problems (GPtrArray  *problems,
                       const char *display_name)
{
  if (problems == NULL)
    return;

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = dg_problem_to_string (g_ptr_array_index (problems, i), display_name);

      g_printerr ("%s\n", line);
    }
}

char *
dg_cli_pad (const char *text,
            guint       width)
{
  GString *s = g_string_new (text);
  glong n = g_utf8_strlen (text, -1);

  while (n++ < (glong) width)
    g_string_append_c (s, ' ');
  return g_string_free (s, FALSE);
}

/* The process ends as soon as the command has run: freeing a large document
 * object by object then only costs time (a fifth of --validate on 50,000
 * deals). Kept reachable here, it is no leak either, to LeakSanitizer or to
 * anyone. */
static DgDocument *finished_document;

/* Takes @doc (transfer full) and returns it, borrowed. */
static DgDocument *
keep_until_exit (DgDocument *doc)
{
  g_clear_object (&finished_document);
  finished_document = doc;
  return doc;
}

/* Loads the file named on the command line, or the embedded dataset. */
static DgDocument *
load_input (DgCliOptions  *opts,
            GPtrArray    **problems,
            GError       **error)
{
  if (opts->filename == NULL)
    {
      g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);

      return dg_document_load_from_data (data, length, problems, error);
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (opts->filename);

      return dg_document_load_from_file (file, problems, error);
    }
}

/* Warnings of one kind that come in numbers are said once, with their
 * count and the first: a file of 50,000 deals without sources gets one
 * line, not 50,000. */
#define GROUP_FROM 4

static char *
group_summary (const char *code,
               guint       n)
{
  g_autofree char *count = g_strdup_printf ("%'u", n);

  if (g_strcmp0 (code, "no-sources") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s deal has no sources", "%s deals have no sources", n),
                            count);
  if (g_strcmp0 (code, "no-deals") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s company has no deals", "%s companies have no deals", n),
                            count);
  if (g_strcmp0 (code, "unknown-company-kind") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s company has an unknown kind",
                                         "%s companies have an unknown kind", n),
                            count);
  if (g_strcmp0 (code, "unknown-deal-kind") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s deal has an unknown kind",
                                         "%s deals have an unknown kind", n),
                            count);
  if (g_strcmp0 (code, "unknown-status") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s deal has an unknown status",
                                         "%s deals have an unknown status", n),
                            count);
  if (g_strcmp0 (code, "position-unknown-company") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s position names an unknown company and was dropped",
                                         "%s positions name unknown companies and were dropped", n),
                            count);
  return NULL;
}

/* Prints @problems, warnings of one kind grouped unless @verbose. */
static void
print_problems_grouped (GPtrArray  *problems,
                        const char *display_name,
                        gboolean    verbose)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  if (problems == NULL)
    return;
  if (verbose)
    {
      dg_cli_print_problems (problems, display_name);
      return;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      DgProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == DG_SEVERITY_WARNING && p->code != NULL)
        g_hash_table_insert (counts, (char *) p->code,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, p->code)) + 1));
    }

  for (guint i = 0; i < problems->len; i++)
    {
      DgProblem *p = g_ptr_array_index (problems, i);
      guint n = p->severity == DG_SEVERITY_WARNING && p->code != NULL
                ? GPOINTER_TO_UINT (g_hash_table_lookup (counts, p->code)) : 0;
      g_autofree char *summary = NULL;
      g_autofree char *line = NULL;

      if (n >= GROUP_FROM)
        {
          if (g_hash_table_contains (done, p->code))
            continue;
          g_hash_table_add (done, (char *) p->code);
          summary = group_summary (p->code, n);
        }

      if (summary == NULL)
        line = dg_problem_to_string (p, display_name);
      else
        {
          /* Said once, at the first. */
          DgProblem group = *p;
          g_autofree char *first = p->id != NULL ? g_strdup_printf ("%s (\"%s\")", p->path, p->id)
                                                 : g_strdup (p->path);
          g_autofree char *message = NULL;

          /* Translators: "50,000 deals have no sources; the first: deals[0] ("d0") ..." */
          message = g_strdup_printf (_("%s; the first: %s (--verbose lists them all)"), summary, first);
          group.path = NULL;
          group.id = NULL;
          group.message = message;
          line = dg_problem_to_string (&group, display_name);
        }
      g_printerr ("%s\n", line);
    }
}

int
dg_cli_validate (DgCliOptions *opts)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = NULL;
  guint n_warnings = 0;

  doc = load_input (opts, &problems, &error);
  print_problems_grouped (problems, opts->display_name, opts->verbose);

  if (doc == NULL)
    {
      if (problems == NULL || problems->len == 0)
        g_printerr ("%s: %s: %s\n", opts->display_name, _("error"), error->message);
      else
        g_printerr ("%s: %s\n", opts->display_name, error->message);
      return DG_EXIT_FAILED;
    }

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    n_warnings += ((DgProblem *) g_ptr_array_index (problems, i))->severity == DG_SEVERITY_WARNING;

  {
    g_autofree char *companies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u company", "%u companies",
                                                               dg_document_get_n_companies (doc)),
                                                  dg_document_get_n_companies (doc));
    g_autofree char *deals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deal", "%u deals",
                                                           dg_document_get_n_deals (doc)),
                                              dg_document_get_n_deals (doc));
    g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings",
                                                              n_warnings),
                                                 n_warnings);

    /* Translators: "FILE: valid: 36 companies, 67 deals, 2 warnings" */
    g_print (_("%s: valid: %s, %s, %s\n"), opts->display_name, companies, deals, warnings);
  }

  keep_until_exit (g_steal_pointer (&doc));
  return DG_EXIT_OK;
}

static int
run_command (DgCliOptions *opts)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  DgDocument *doc;

  if (opts->validate)
    return dg_cli_validate (opts);

  /* FILE is a spreadsheet table here, not a deal file. */
  if (opts->import_csv != NULL)
    return dg_cli_import (opts);

  doc = keep_until_exit (load_input (opts, &problems, &error));
  if (doc == NULL)
    {
      dg_cli_print_problems (problems, opts->display_name);
      if (problems == NULL || problems->len == 0)
        g_printerr ("%s: %s: %s\n", opts->display_name, _("error"), error->message);
      else
        g_printerr ("%s: %s\n", opts->display_name, error->message);
      return DG_EXIT_FAILED;
    }

  /* Without --as-of, the changes run to the network's own date. */
  if (opts->since_from != 0 && opts->as_of == 0)
    {
      const char *doc_as_of = dg_document_get_as_of (doc);
      gint32 until = 0;

      if (doc_as_of != NULL && dg_filter_parse_as_of (doc_as_of, &until) && opts->since_from >= until)
        {
          g_printerr ("%s: ", g_get_prgname ());
          /* Translators: %s is the date a deal file describes, "2026-12" */
          g_printerr (_("--since must be a date before the network's own date, %s"), doc_as_of);
          g_printerr ("\n");
          return DG_EXIT_USAGE;
        }
    }

  if (opts->summary)
    return dg_cli_summary (opts, doc);

  if (opts->cycles)
    return dg_cli_cycles (opts, doc);

  if (opts->export_path != NULL)
    return dg_cli_export (opts, doc);

  if (opts->save_layout != NULL)
    return dg_cli_save_layout (opts, doc);

  if (opts->export_tour != NULL)
    return dg_cli_export_tour (opts, doc);

  /* Further commands are dispatched here (cycles, export, layout). */

  g_printerr ("%s\n", _("No command given; see --help"));
  return DG_EXIT_USAGE;
}

int
dg_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  DgCliOptions opts = { 0 };
  guint n_commands;
  int status;

  opts.max_length = 8;
  /* Not a number anyone types: tells whether --max-cycles was given. */
  opts.max_cycles = G_MININT;
  opts.time_budget = 10.0;
  opts.width = 1920;
  opts.height = 1080;
  opts.scale = 1.0;
  /* Not a seed anyone gives: tells whether --seed was given. */
  opts.seed = G_MININT64;

  {
    const GOptionEntry entries[] = {
      { "validate", 0, 0, G_OPTION_ARG_NONE, &opts.validate,
        N_("Check each file given (or the embedded dataset) and list every problem"), NULL },
      { "summary", 0, 0, G_OPTION_ARG_NONE, &opts.summary,
        N_("Count companies and deals by kind and status, with totals"), NULL },
      { "cycles", 0, 0, G_OPTION_ARG_NONE, &opts.cycles,
        N_("List the circular deals, largest first"), NULL },
      { "export", 0, 0, G_OPTION_ARG_FILENAME, &opts.export_path,
        N_("Export the diagram as PNG, SVG or PDF, or the network as GraphML, GEXF, DOT or CSV"), N_("OUT") },
      { "save-layout", 0, 0, G_OPTION_ARG_FILENAME, &opts.save_layout,
        N_("Compute a layout and write the document with positions"), N_("OUT") },
      { "export-tour", 0, 0, G_OPTION_ARG_FILENAME, &opts.export_tour,
        N_("Export the presentation: OUT.pdf, one 16:9 page a slide, or numbered PNGs in a folder (DIR/) or as NAME-01.png"), N_("OUT") },
      { "import-csv", 0, 0, G_OPTION_ARG_FILENAME, &opts.import_csv,
        N_("Make a deal file from a spreadsheet’s deals table (FILE, saved as CSV or TSV)"), N_("OUT") },
      { "companies", 0, 0, G_OPTION_ARG_FILENAME, &opts.companies,
        N_("With --import-csv: the companies table"), N_("FILE") },
      { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.maps,
        N_("With --import-csv: read a column as a field (from, to, kind, amount_usd, announced, status, sources…); companies:COLUMN=FIELD for the companies table; FIELD ignore leaves it out"), N_("COLUMN=FIELD") },
      { "date-order", 0, 0, G_OPTION_ARG_STRING, &opts.date_order,
        N_("With --import-csv: read 3/11/2025 as day first (dmy) or month first (mdy)"), N_("dmy|mdy") },
      { "separator", 0, 0, G_OPTION_ARG_STRING, &opts.separator,
        N_("With --import-csv: the tables’ separator, when not the one their first row suggests"), N_(",|;|tab") },
      { "keep-going", 0, 0, G_OPTION_ARG_NONE, &opts.keep_going,
        N_("With --import-csv: write the rows that were read even when some were refused"), NULL },
      { "format", 0, 0, G_OPTION_ARG_STRING, &opts.format,
        N_("Output format: text, json or csv for reports; png, svg, pdf, graphml, gexf, dot or csv for export"), N_("FORMAT") },
      { "layout", 0, 0, G_OPTION_ARG_STRING, &opts.layout,
        N_("Layout: force, circular or flow"), N_("LAYOUT") },
      { "seed", 0, 0, G_OPTION_ARG_INT64, &opts.seed,
        N_("Seed of the force layout (default 1)"), N_("N") },
      { "max-length", 0, 0, G_OPTION_ARG_INT, &opts.max_length,
        N_("Longest cycle, in companies (default 8)"), N_("N") },
      { "max-cycles", 0, 0, G_OPTION_ARG_INT, &opts.max_cycles,
        N_("Most cycles to list (default 10000; for --export-tour, cycle slides, default 8)"), N_("N") },
      { "time-budget", 0, 0, G_OPTION_ARG_DOUBLE, &opts.time_budget,
        N_("Seconds to spend finding cycles (default 10)"), N_("SECONDS") },
      { "width", 0, 0, G_OPTION_ARG_INT, &opts.width,
        N_("Export width in pixels or points (default 1920)"), N_("W") },
      { "height", 0, 0, G_OPTION_ARG_INT, &opts.height,
        N_("Export height (default 1080)"), N_("H") },
      { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &opts.scale,
        N_("Export scale factor (default 1)"), N_("S") },
      { "theme", 0, 0, G_OPTION_ARG_STRING, &opts.theme,
        N_("Theme: light, dark, projector, high-contrast or high-contrast-dark"), N_("THEME") },
      { "no-legend", 0, 0, G_OPTION_ARG_NONE, &opts.no_legend,
        N_("Leave the legend out of the export"), NULL },
      { "transparent", 0, 0, G_OPTION_ARG_NONE, &opts.transparent,
        N_("Export PNG with a transparent background"), NULL },
      { "verbose", 0, 0, G_OPTION_ARG_NONE, &opts.verbose,
        N_("With --validate: list every warning, even of a kind that comes in numbers"), NULL },
      { "as-of", 0, 0, G_OPTION_ARG_STRING, &opts.as_of_text,
        N_("Show the network as of a date: each deal in its state then, without deals announced later or cancelled by then (for --summary, --cycles, --export and --export-tour)"), N_("YYYY-MM") },
      { "since", 0, 0, G_OPTION_ARG_STRING, &opts.since_text,
        N_("What changed since a date, to --as-of or the latest state: deals added, cancelled, replaced, stalled and resized, cycles that broke and formed (for --cycles; for --export-tour, a tour of the changes)"), N_("YYYY-MM") },
      { "version", 'v', 0, G_OPTION_ARG_NONE, &opts.version,
        N_("Show the version"), NULL },
      { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opts.files, NULL, N_("[FILE]") },
      { NULL }
    };

    context = g_option_context_new (NULL);
    g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
    g_option_context_set_summary (context,
                                  _("Draw a network of companies and the deals between them, and find the money that goes round.\n"
                                    "\n"
                                    "With no command, opens FILE (or the embedded 2025 AI deal network) in a window.\n"
                                    "With a command, runs headless; without FILE, the command uses the embedded dataset."));
    g_option_context_set_description (context,
                                      _("Exit status: 0 on success, 1 when the file is refused or the work fails (for --import-csv: when any row is refused), 2 for bad usage.\n"
                                        "\n"
                                        "Example: dealgraph --import-csv net.dealgraph.json deals.csv --companies companies.csv --map \"Paid by=from\"\n"
                                        "         dealgraph --export net.graphml net.dealgraph.json"));
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  }

  /* g_option_context_parse_strv() wants a copy it may edit. */
  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      status = DG_EXIT_USAGE;
      goto out;
    }

  if (opts.version)
    {
      g_print ("dealgraph %s\n", PACKAGE_VERSION);
      status = DG_EXIT_OK;
      goto out;
    }

  opts.max_cycles_given = opts.max_cycles != G_MININT;
  if (!opts.max_cycles_given)
    opts.max_cycles = 10000;
  opts.seed_given = opts.seed != G_MININT64;
  if (!opts.seed_given)
    opts.seed = 1;

  if (opts.as_of_text != NULL && !dg_filter_parse_as_of (opts.as_of_text, &opts.as_of))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--as-of takes a date: YYYY, YYYY-MM or YYYY-MM-DD"));
      status = DG_EXIT_USAGE;
      goto out;
    }

  if (opts.since_text != NULL && !dg_changes_parse_since (opts.since_text, &opts.since_from))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--since takes a date: YYYY, YYYY-MM or YYYY-MM-DD"));
      status = DG_EXIT_USAGE;
      goto out;
    }
  if (opts.since_text != NULL && opts.as_of != 0 && opts.since_from >= opts.as_of)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--since must be a date before --as-of"));
      status = DG_EXIT_USAGE;
      goto out;
    }

  n_commands = !!opts.validate + !!opts.summary + !!opts.cycles
               + (opts.export_path != NULL) + (opts.save_layout != NULL) + (opts.export_tour != NULL)
               + (opts.import_csv != NULL);
  if (n_commands != 1)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  n_commands == 0 ? _("no command given; see --help")
                                  : _("give one command at a time"));
      status = DG_EXIT_USAGE;
      goto out;
    }

  if (opts.since_text != NULL && !opts.cycles && opts.export_tour == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--since goes with --cycles or --export-tour"));
      status = DG_EXIT_USAGE;
      goto out;
    }

  /* --validate checks any number of files; the others read one. */
  if (opts.files != NULL && g_strv_length (opts.files) > 1 && !opts.validate)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("give at most one file"));
      status = DG_EXIT_USAGE;
      goto out;
    }

  if (opts.max_length < 2 || opts.max_cycles < 1 || opts.time_budget <= 0
      || opts.width < 1 || opts.height < 1 || opts.width > 32768 || opts.height > 32768
      || !(opts.scale > 0 && opts.scale <= 16) || opts.seed < 0)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("an option's value is out of range"));
      status = DG_EXIT_USAGE;
      goto out;
    }

  opts.filename = opts.files != NULL ? opts.files[0] : NULL;
  opts.display_name = opts.filename != NULL ? opts.filename : _("(embedded AI deals 2025)");

  status = run_command (&opts);
  for (guint i = 1; opts.validate && opts.files != NULL && opts.files[i] != NULL; i++)
    {
      opts.filename = opts.display_name = opts.files[i];
      status = MAX (status, dg_cli_validate (&opts));
    }

out:
  g_free (opts.export_path);
  g_free (opts.save_layout);
  g_free (opts.export_tour);
  g_free (opts.import_csv);
  g_free (opts.companies);
  g_strfreev (opts.maps);
  g_free (opts.date_order);
  g_free (opts.separator);
  g_free (opts.as_of_text);
  g_free (opts.since_text);
  g_free (opts.format);
  g_free (opts.layout);
  g_free (opts.theme);
  g_strfreev (opts.files);
  return status;
}
