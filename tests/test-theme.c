/* test-theme.c: every diagram theme's text is readable (WCAG AA)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels, titles and the legend must reach a contrast ratio of 4.5:1
 * (WCAG 2.2 AA for normal text) against what they are drawn on, in every
 * theme. Contrast is computed here from the WCAG definitions (relative
 * luminance of sRGB, then (L1 + 0.05) / (L2 + 0.05)), not by the code under
 * test; the first case checks that computation against WCAG's own figures.
 */
#include "config.h"

#include <math.h>

#include "dg-theme.h"

#define WCAG_AA 4.5

static double
channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const DgColor *c)
{
  return 0.2126 * channel (c->r) + 0.7152 * channel (c->g) + 0.0722 * channel (c->b);
}

static double
contrast (const DgColor *a,
          const DgColor *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* @top at its alpha over an opaque @under: what the eye gets. */
static DgColor
over (const DgColor *top,
      const DgColor *under)
{
  return (DgColor) {
    top->r * top->a + under->r * (1 - top->a),
    top->g * top->a + under->g * (1 - top->a),
    top->b * top->a + under->b * (1 - top->a),
    1.0,
  };
}

static DgColor
rgb (guint32 hex)
{
  return (DgColor) { (hex >> 16 & 0xff) / 255.0, (hex >> 8 & 0xff) / 255.0, (hex & 0xff) / 255.0, 1.0 };
}

/* WCAG's own examples: black on white is 21:1; #767676 on white is the
 * lightest grey that passes AA (4.54:1), #777777 just fails (4.48:1). */
static void
test_formula (void)
{
  DgColor white = rgb (0xFFFFFF), black = rgb (0x000000);
  DgColor g76 = rgb (0x767676), g77 = rgb (0x777777);
  DgColor half = { 0, 0, 0, 0.5 };
  DgColor mixed = over (&half, &white);

  g_assert_cmpfloat_with_epsilon (contrast (&black, &white), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (contrast (&white, &white), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (contrast (&g76, &white), 4.54, 0.005);
  g_assert_cmpfloat_with_epsilon (contrast (&g77, &white), 4.48, 0.005);
  g_assert_cmpfloat_with_epsilon (mixed.r, 0.5, 1e-12);
}

/* Everything a label can cross: the background, every deal colour, the
 * shading band as drawn, every company fill and the outline. */
static GArray *
grounds (const DgTheme *theme)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (DgColor));
  DgColor band = theme->band;

  g_array_append_val (all, theme->background);
  for (guint i = 0; i < DG_N_DEAL_FAMILIES; i++)
    g_array_append_val (all, theme->deal[i]);
  band.a = theme->band_opacity;
  band = over (&band, &theme->background);
  g_array_append_val (all, band);
  for (guint i = 0; i < DG_N_COMPANY_KINDS; i++)
    g_array_append_val (all, theme->node_fill[i]);
  g_array_append_val (all, theme->node_outline);
  g_array_append_val (all, theme->text);
  return all;
}

static void
check_text_on (const char    *theme_name,
               const char    *what,
               const DgColor *text,
               const DgColor *ground,
               double        *worst)
{
  double ratio = contrast (text, ground);

  *worst = MIN (*worst, ratio);
  if (ratio < WCAG_AA)
    g_error ("%s: %s: %.2f:1 < %.1f:1 (text %.3f %.3f %.3f on %.3f %.3f %.3f)", theme_name, what, ratio,
             WCAG_AA, text->r, text->g, text->b, ground->r, ground->g, ground->b);
}

static void
test_theme (gconstpointer data)
{
  DgThemeKind kind = GPOINTER_TO_UINT (data);
  const DgTheme *theme = dg_theme_get (kind);
  const char *name = dg_theme_kind_to_string (kind);
  g_autoptr(GArray) under = grounds (theme);
  const DgColor *texts[] = { &theme->text, &theme->text_muted };
  const char *text_names[] = { "text", "muted text" };
  double worst = INFINITY;

  g_assert_cmpint (theme->kind, ==, kind);
  g_assert_cmpfloat (theme->background.a, ==, 1.0);

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      g_autofree char *what = g_strdup_printf ("%s on the background", text_names[t]);

      g_assert_cmpfloat (texts[t]->a, ==, 1.0);
      check_text_on (name, what, texts[t], &theme->background, &worst);

      /* Labels and titles carry a halo that is not quite opaque: over
       * whatever runs under them, the halo's mix must still hold. */
      for (guint i = 0; i < under->len; i++)
        {
          DgColor halo = over (&theme->halo, &g_array_index (under, DgColor, i));
          g_autofree char *on_halo = g_strdup_printf ("%s on its halo over colour %u", text_names[t], i);

          check_text_on (name, on_halo, texts[t], &halo, &worst);
        }

      /* The legend's panel, over the background and over anything. */
      for (guint i = 0; i < under->len; i++)
        {
          DgColor panel = over (&theme->legend_background, &g_array_index (under, DgColor, i));
          g_autofree char *on_legend = g_strdup_printf ("%s on the legend over colour %u", text_names[t], i);

          check_text_on (name, on_legend, texts[t], &panel, &worst);
        }
    }
  g_test_message ("%s: the lowest contrast of its text is %.2f:1", name, worst);
}

/* The high-contrast themes keep 7:1 (AAA) for text on their background. */
static void
test_high_contrast (void)
{
  DgThemeKind kinds[] = { DG_THEME_HIGH_CONTRAST, DG_THEME_HIGH_CONTRAST_DARK };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const DgTheme *theme = dg_theme_get (kinds[i]);

      g_assert_cmpfloat (contrast (&theme->text, &theme->background), >=, 7.0);
      g_assert_cmpfloat (contrast (&theme->text_muted, &theme->background), >=, 7.0);
      g_assert_cmpfloat (contrast (&theme->node_outline, &theme->background), >=, 7.0);
    }
}

static void
test_names (void)
{
  for (DgThemeKind k = 0; k < DG_N_THEMES; k++)
    {
      DgThemeKind back = DG_N_THEMES;

      g_assert_true (dg_theme_kind_from_string (dg_theme_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/theme/wcag-formula", test_formula);
  for (DgThemeKind k = 0; k < DG_N_THEMES; k++)
    {
      g_autofree char *path = g_strdup_printf ("/dealgraph/theme/contrast/%s", dg_theme_kind_to_string (k));

      g_test_add_data_func (path, GUINT_TO_POINTER (k), test_theme);
    }
  g_test_add_func ("/dealgraph/theme/high-contrast", test_high_contrast);
  g_test_add_func ("/dealgraph/theme/names", test_names);

  return g_test_run ();
}
