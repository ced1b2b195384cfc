/* test-export-repro.c: the same input and options give the same bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built binary's --export and --export-tour twice each, in
 * separate processes and under different time zones, and compares the
 * files byte for byte. A clock read anywhere (the PDF's CreationDate was
 * one) shows up as a date in the file: without SOURCE_DATE_EPOCH a PDF has
 * none, with it the PDF has exactly that date. No test waits for the clock
 * to tick.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dg-test-run.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dealgraph-repro-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

/* The test's environment with @tz and, when not %NULL, @epoch. */
static char **
environment (const char *tz,
             const char *epoch)
{
  char **envp = g_get_environ ();

  envp = g_environ_setenv (envp, "TZ", tz, TRUE);
  if (epoch != NULL)
    envp = g_environ_setenv (envp, "SOURCE_DATE_EPOCH", epoch, TRUE);
  else
    envp = g_environ_unsetenv (envp, "SOURCE_DATE_EPOCH");
  return envp;
}

/* Runs @option @name and reads back @written (@name when %NULL). */
static GBytes *
export_file (Fixture    *f,
             const char *option,
             const char *name,
             const char *written,
             const char *tz,
             const char *epoch)
{
  g_auto(DgTestRun) run = { 0 };
  g_auto(GStrv) envp = environment (tz, epoch);
  g_autofree char *out = g_build_filename (f->dir, name, NULL);
  g_autofree char *path = g_build_filename (f->dir, written != NULL ? written : name, NULL);
  const char *args[] = { option, out, NULL };
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  dg_test_run_argv (&run, (const char * const *) envp, args);
  if (run.status != 0)
    g_error ("%s %s failed: %s", option, name, run.err);
  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 100);
  g_remove (path);
  return g_bytes_new_take (data, length);
}

#define export_once(f, option, name, tz, epoch) export_file (f, option, name, NULL, tz, epoch)

static gboolean
contains (GBytes     *bytes,
          const char *needle)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  gsize n = strlen (needle);

  /* Binary data: NUL bytes end no search. */
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* --export to PNG, SVG and PDF: two runs in different time zones, the same
 * bytes; a PDF without SOURCE_DATE_EPOCH carries no date. */
static void
test_diagram (Fixture       *f,
              gconstpointer  data)
{
  static const char * const names[] = { "diagram.png", "diagram.svg", "diagram.pdf" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) first = export_once (f, "--export", names[i], "UTC", NULL);
      g_autoptr(GBytes) second = export_once (f, "--export", names[i], "Pacific/Auckland", NULL);

      if (!g_bytes_equal (first, second))
        g_error ("two exports of %s differ", names[i]);
      g_assert_false (contains (first, "CreationDate"));
      g_assert_false (contains (first, "ModDate"));
    }
}

/* With SOURCE_DATE_EPOCH the PDF is dated exactly then, in UTC whatever
 * the time zone, and still the same bytes every time. */
static void
test_source_date_epoch (Fixture       *f,
                        gconstpointer  data)
{
  /* 2025-12-31T00:00:00Z */
  g_autoptr(GBytes) first = export_once (f, "--export", "dated.pdf", "UTC", "1767139200");
  g_autoptr(GBytes) second = export_once (f, "--export", "dated.pdf", "America/New_York", "1767139200");
  g_autoptr(GBytes) other = export_once (f, "--export", "dated.pdf", "UTC", "0");
  g_autoptr(GBytes) png = export_once (f, "--export", "dated.png", "UTC", "1767139200");
  g_autoptr(GBytes) png_undated = export_once (f, "--export", "dated.png", "UTC", NULL);

  g_assert_true (g_bytes_equal (first, second));
  /* Cairo before 1.17.2 leaves out the "D:" prefix; either way the date is
   * this one. */
  g_assert_true (contains (first, "/CreationDate (D:20251231000000Z)")
                 || contains (first, "/CreationDate (20251231000000Z)"));
  g_assert_true (contains (first, "/ModDate (D:20251231000000Z)")
                 || contains (first, "/ModDate (20251231000000Z)"));
  g_assert_true (contains (other, "19700101000000Z"));
  g_assert_false (g_bytes_equal (first, other));
  /* A PNG has no date to set. */
  g_assert_true (g_bytes_equal (png, png_undated));
}

/* A malformed SOURCE_DATE_EPOCH is an error that names it, and no file. */
static void
test_bad_epoch (Fixture       *f,
                gconstpointer  data)
{
  static const char * const bad[] = { "soon", "-1", "1.5", "", "99999999999999999999", "253402300800" };
  g_autofree char *path = g_build_filename (f->dir, "bad.pdf", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(DgTestRun) run = { 0 };
      g_auto(GStrv) envp = environment ("UTC", bad[i]);
      const char *args[] = { "--export", path, NULL };

      dg_test_run_argv (&run, (const char * const *) envp, args);
      g_assert_cmpint (run.status, !=, 0);
      g_assert_nonnull (strstr (run.err, "SOURCE_DATE_EPOCH"));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

/* --export-tour, as a PDF and as numbered PNGs: the same bytes twice. */
static void
test_tour (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GBytes) first = export_once (f, "--export-tour", "tour.pdf", "UTC", NULL);
  g_autoptr(GBytes) second = export_once (f, "--export-tour", "tour.pdf", "Asia/Kolkata", NULL);
  g_autoptr(GBytes) dated = export_once (f, "--export-tour", "tour.pdf", "UTC", "1767139200");

  g_assert_true (g_bytes_equal (first, second));
  g_assert_false (contains (first, "CreationDate"));
  g_assert_true (contains (dated, "20251231000000Z"));

  {
    g_autoptr(GBytes) a = export_file (f, "--export-tour", "slides-a.png", "slides-a-01.png", "UTC", NULL);
    g_autoptr(GBytes) b = export_file (f, "--export-tour", "slides-b.png", "slides-b-01.png", "Asia/Kolkata", NULL);

    /* The first slide, the overview: the whole diagram and its title. */
    g_assert_true (g_bytes_equal (a, b));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dealgraph/export-repro/diagram", Fixture, NULL, fixture_setup, test_diagram, fixture_teardown);
  g_test_add ("/dealgraph/export-repro/source-date-epoch", Fixture, NULL, fixture_setup, test_source_date_epoch, fixture_teardown);
  g_test_add ("/dealgraph/export-repro/bad-epoch", Fixture, NULL, fixture_setup, test_bad_epoch, fixture_teardown);
  g_test_add ("/dealgraph/export-repro/tour", Fixture, NULL, fixture_setup, test_tour, fixture_teardown);

  return g_test_run ();
}
