/* test-i18n.c: the translations load, the command line speaks German and
 * French, and the interface writes money and dates the locale's way while
 * reports stay machine-stable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs DG_BINARY (the built dealgraph) and DEALGRAPH_LOCALEDIR (the build
 * tree's po/ directory, which holds LANG/LC_MESSAGES/dealgraph.mo).
 * The decimal-comma and month-name checks need the de_DE.UTF-8 and
 * fr_FR.UTF-8 locales (Debian: `locales`, then locale-gen); without them
 * those cases are skipped and everything else still runs under C.UTF-8.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dg-format.h"
#include "dg-types.h"

#include "dg-test-run.h"

#define NBSP "\302\240"

typedef DgTestRun Run;

/* Runs the built binary under @language (a LANGUAGE value) and @locale. */
static void
run_in_language (Run        *run,
                 const char *language,
                 const char *locale,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  const char *arg;
  va_list ap;

  g_assert_nonnull (g_getenv ("DEALGRAPH_LOCALEDIR"));

  va_start (ap, locale);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", locale, TRUE);
  dg_test_run_argv (run, (const char * const *) envp, (const char * const *) args->pdata);
}

/* The locale the spawned binary runs in: the real German one when the
 * machine has it, else C.UTF-8, where LANGUAGE still picks the messages. */
static const char *
locale_or_c (const char *name)
{
  const char *saved = setlocale (LC_ALL, NULL);
  g_autofree char *old = g_strdup (saved);
  gboolean ok = setlocale (LC_ALL, name) != NULL;

  setlocale (LC_ALL, old);
  return ok ? name : "C.UTF-8";
}

static void
test_cli_validate_german (void)
{
  g_auto(DgTestRun) run = { 0 };

  run_in_language (&run, "de", locale_or_c ("de_DE.UTF-8"), "--validate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "(eingebaute KI-Deals 2025): gültig: "));
  g_assert_nonnull (strstr (run.out, " Unternehmen, "));
  g_assert_null (strstr (run.out, "valid:"));
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_cli_validate_french (void)
{
  g_auto(DgTestRun) run = { 0 };

  run_in_language (&run, "fr", locale_or_c ("fr_FR.UTF-8"), "--validate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "valide" NBSP ": "));
  g_assert_nonnull (strstr (run.out, " entreprises, "));
  g_assert_null (strstr (run.out, "valid:"));
}

/* A language with no catalogue falls back to English, not to nothing. */
static void
test_cli_validate_fallback (void)
{
  g_auto(DgTestRun) run = { 0 };

  run_in_language (&run, "xx", "C.UTF-8", "--validate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ": valid: "));
}

static void
test_cli_errors_german (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "bad", "unknown-to.json", NULL);
  g_auto(DgTestRun) run = { 0 };

  run_in_language (&run, "de", locale_or_c ("de_DE.UTF-8"), "--validate", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  /* The place stays as the file writes it; the message is German. */
  g_assert_nonnull (strstr (run.err, "): Fehler: „to“ nennt das unbekannte Unternehmen „"));
}

static void
test_cli_summary_german (void)
{
  g_auto(DgTestRun) run = { 0 };
  const char *all;

  run_in_language (&run, "de", locale_or_c ("de_DE.UTF-8"), "--summary", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Unternehmen nach Art:\n"));
  g_assert_nonnull (strstr (run.out, "Deals nach Art:\n"));
  g_assert_nonnull (strstr (run.out, "Deals nach Stand:\n"));
  g_assert_nonnull (strstr (run.out, "  KI-Labor "));
  g_assert_nonnull (strstr (run.out, "  Unterzeichnet "));

  /* Reports stay machine-stable: the totals keep "$38B" notation and the
   * decimal point whatever the locale. */
  all = strstr (run.out, "  Alle Deals ");
  g_assert_nonnull (all);
  g_assert_nonnull (strchr (all, '$'));
  g_assert_null (strstr (run.out, "Mrd."));
}

/* Switches this process's messages to @language, in @locale. */
static void
use_language (const char *language,
              const char *locale)
{
  g_setenv ("LANGUAGE", language, TRUE);
  g_assert_nonnull (setlocale (LC_ALL, locale));
  /* gettext caches translations per locale name, which LANGUAGE is not part
   * of; setting the text domain again makes it look them up afresh. */
  textdomain (GETTEXT_PACKAGE);
}

static void
check_money (double      usd,
             const char *expected)
{
  g_autofree char *text = dg_format_money_locale (usd);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_money_english (void)
{
  use_language ("", "C.UTF-8");

  check_money (38e9, "$38B");
  check_money (1.5e9, "$1.5B");
  check_money (5.83e9, "$5.83B");
  check_money (350e6, "$350M");
  check_money (1.2e12, "$1.2T");
  check_money (12e3, "$12K");
  check_money (950, "$950");
  check_money (0, "$0");
  /* Rounding carries into the next unit. */
  check_money (999.7e9, "$1T");
  check_money (999.9996e6, "$1B");
  check_money (NAN, "unknown");
  check_money (INFINITY, "more than $1.8e308");
}

static void
test_money_german (void)
{
  use_language ("de", "C.UTF-8");

  check_money (38e9, "38" NBSP "Mrd." NBSP "$");
  check_money (350e6, "350" NBSP "Mio." NBSP "$");
  check_money (4.5e12, "4.5" NBSP "Bio." NBSP "$");  /* C.UTF-8 keeps '.' */
  check_money (12e3, "12" NBSP "Tsd." NBSP "$");
  check_money (NAN, "unbekannt");

  /* The files' notation does not move. */
  {
    g_autofree char *stable = dg_format_money (38e9);

    g_assert_cmpstr (stable, ==, "$38B");
  }
}

static void
test_money_german_decimal_comma (void)
{
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("the de_DE.UTF-8 locale is not installed");
      return;
    }
  use_language ("de", "de_DE.UTF-8");

  check_money (1.5e9, "1,5" NBSP "Mrd." NBSP "$");
  check_money (5.83e9, "5,83" NBSP "Mrd." NBSP "$");
  check_money (38e9, "38" NBSP "Mrd." NBSP "$");

  /* Machine-stable formatting ignores LC_NUMERIC. */
  {
    g_autofree char *stable = dg_format_money (1.5e9);

    g_assert_cmpstr (stable, ==, "$1.5B");
  }
}

static void
test_money_french (void)
{
  use_language ("fr", "C.UTF-8");

  check_money (38e9, "38" NBSP "Md$");
  check_money (350e6, "350" NBSP "M$");
  check_money (12e3, "12" NBSP "k$");

  if (setlocale (LC_ALL, "fr_FR.UTF-8") != NULL)
    {
      use_language ("fr", "fr_FR.UTF-8");
      check_money (17.4e9, "17,4" NBSP "Md$");
    }
}

static void
test_amount_german (void)
{
  DgAmount range = { DG_AMOUNT_RANGE, 100e9, 0, 100e9 };
  DgAmount between = { DG_AMOUNT_RANGE, 18e9, 17e9, 19e9 };
  DgAmount exact = { DG_AMOUNT_EXACT, 38e9, 38e9, 38e9 };
  DgAmount undisclosed = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
  g_autofree char *up_to = NULL;
  g_autofree char *span = NULL;
  g_autofree char *one = NULL;
  g_autofree char *none = NULL;

  use_language ("de", "C.UTF-8");

  up_to = dg_amount_format_locale (&range);
  span = dg_amount_format_locale (&between);
  one = dg_amount_format_locale (&exact);
  none = dg_amount_format_locale (&undisclosed);

  g_assert_cmpstr (up_to, ==, "bis zu 100" NBSP "Mrd." NBSP "$");
  g_assert_cmpstr (span, ==, "17" NBSP "Mrd." NBSP "$–19" NBSP "Mrd." NBSP "$");
  g_assert_cmpstr (one, ==, "38" NBSP "Mrd." NBSP "$");
  g_assert_cmpstr (none, ==, "nicht offengelegt");
}

static void
check_date (const char *date,
            const char *expected)
{
  g_autofree char *text = dg_format_date_locale (date);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_date_english (void)
{
  use_language ("", "C.UTF-8");

  check_date ("2025-11-03", "November 3, 2025");
  check_date ("2025-03", "March 2025");
  check_date ("2025", "2025");
  /* What a file says is never hidden, even when it is not a date. */
  check_date ("soon", "soon");
  check_date ("2025-02-30", "2025-02-30");
  g_assert_null (dg_format_date_locale (NULL));
}

static void
test_date_german (void)
{
  use_language ("de", "C.UTF-8");

  /* The order comes from the translation; November is spelt alike. */
  check_date ("2025-11-03", "3. November 2025");

  if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
    {
      use_language ("de", "de_DE.UTF-8");
      check_date ("2025-03-05", "5. März 2025");
      check_date ("2025-03", "März 2025");
    }
}

static void
test_date_french (void)
{
  use_language ("fr", "C.UTF-8");
  check_date ("2025-11-03", "3 November 2025");

  if (setlocale (LC_ALL, "fr_FR.UTF-8") != NULL)
    {
      use_language ("fr", "fr_FR.UTF-8");
      check_date ("2025-11-03", "3 novembre 2025");
    }
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("DEALGRAPH_LOCALEDIR");

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* GLib decides once, at the first translation, whether translating is
   * worth it (it is not when the program's own domain has no catalogue for
   * the locale). Make that first look-up happen in German, as it does when
   * the app starts in a German session. */
  use_language ("de", "C.UTF-8");
  g_assert_cmpstr (C_("money", "$%sB"), ==, "%s" NBSP "Mrd." NBSP "$");

  g_test_add_func ("/dealgraph/i18n/cli/validate-german", test_cli_validate_german);
  g_test_add_func ("/dealgraph/i18n/cli/validate-french", test_cli_validate_french);
  g_test_add_func ("/dealgraph/i18n/cli/validate-fallback", test_cli_validate_fallback);
  g_test_add_func ("/dealgraph/i18n/cli/errors-german", test_cli_errors_german);
  g_test_add_func ("/dealgraph/i18n/cli/summary-german", test_cli_summary_german);
  g_test_add_func ("/dealgraph/i18n/money/english", test_money_english);
  g_test_add_func ("/dealgraph/i18n/money/german", test_money_german);
  g_test_add_func ("/dealgraph/i18n/money/german-decimal-comma", test_money_german_decimal_comma);
  g_test_add_func ("/dealgraph/i18n/money/french", test_money_french);
  g_test_add_func ("/dealgraph/i18n/amount/german", test_amount_german);
  g_test_add_func ("/dealgraph/i18n/date/english", test_date_english);
  g_test_add_func ("/dealgraph/i18n/date/german", test_date_german);
  g_test_add_func ("/dealgraph/i18n/date/french", test_date_french);

  return g_test_run ();
}
