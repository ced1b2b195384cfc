/* dg-theme.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-theme"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dg-theme.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, (alpha) }

/* Paul Tol's "light" scheme, made for areas that text sits next to. The
 * order follows DgCompanyKind. */
#define TOL_LIGHT_FILLS \
  {                     \
    RGB (0xEE8866),     /* ai-lab: orange */ \
    RGB (0x77AADD),     /* cloud: light blue */ \
    RGB (0xBBCC33),     /* chips: pear */ \
    RGB (0x99DDFF),     /* neocloud: light cyan */ \
    RGB (0xEEDD88),     /* investor: light yellow */ \
    RGB (0xFFAABB),     /* retailer: pink */ \
    RGB (0x44BB99),     /* data-centre: mint */ \
    RGB (0xAAAA00),     /* financing-vehicle: olive */ \
    RGB (0xDDDDDD),     /* other: pale grey */ \
  }

#define FONT_FAMILY "Cantarell, Inter, DejaVu Sans, sans-serif"
#define SVG_FONT_FAMILY "Cantarell, Inter, 'DejaVu Sans', sans-serif"

static const DgTheme themes[DG_N_THEMES] = {
  [DG_THEME_LIGHT] = {
    .kind = DG_THEME_LIGHT,
    .background = RGB (0xFFFFFF),
    .text = RGB (0x241F31),
    .text_muted = RGB (0x5E5C64),
    .halo = RGBA (0xFFFFFF, 0.85),
    .node_fill = TOL_LIGHT_FILLS,
    .node_outline = RGB (0x3D3846),
    /* Okabe-Ito blue, reddish purple (darkened for thin lines on white),
     * bluish green, sky blue (darkened), and a neutral grey. */
    .deal = {
      RGB (0x0072B2),
      RGB (0xB8468C),
      RGB (0x009E73),
      RGB (0x3D9AD1),
      RGB (0x77767B),
    },
    .band = RGB (0xF5A300),
    .selection = RGB (0x1C71D8),
    .pin = RGB (0x241F31),
    .legend_background = RGBA (0xFFFFFF, 0.92),
    .legend_border = RGB (0xDEDDDA),
    .band_opacity = 0.40,
    .band_extra = 7.0,
    .dim_opacity = 0.15,
    .faint_opacity = 0.45,
    .range_opacity = 0.30,
    .line_scale = 1.0,
    .outline_width = 1.0,
    .label_size = 13.0,
    .title_size = 22.0,
    .legend_size = 12.0,
    .font_family = FONT_FAMILY,
    .svg_font_family = SVG_FONT_FAMILY,
  },
  [DG_THEME_DARK] = {
    .kind = DG_THEME_DARK,
    .background = RGB (0x1E1E22),
    .text = RGB (0xF6F5F4),
    .text_muted = RGB (0xB3B2B7),
    .halo = RGBA (0x1E1E22, 0.85),
    .node_fill = TOL_LIGHT_FILLS,
    .node_outline = RGB (0x0B0B0D),
    /* Lighter members of the same hues, so thin lines read on dark. */
    .deal = {
      RGB (0x56B4E9),
      RGB (0xE58FC4),
      RGB (0x3CC8A0),
      RGB (0xB4A7FF),
      RGB (0xA8A7AC),
    },
    /* Amber over near-black turns brown unless it is strong and light. */
    .band = RGB (0xFFA51F),
    .selection = RGB (0x78AEED),
    .pin = RGB (0xF6F5F4),
    .legend_background = RGBA (0x28282E, 0.92),
    .legend_border = RGB (0x45454D),
    .band_opacity = 0.62,
    .band_extra = 7.0,
    .dim_opacity = 0.18,
    .faint_opacity = 0.50,
    .range_opacity = 0.32,
    .line_scale = 1.0,
    .outline_width = 1.0,
    .label_size = 13.0,
    .title_size = 22.0,
    .legend_size = 12.0,
    .font_family = FONT_FAMILY,
    .svg_font_family = SVG_FONT_FAMILY,
  },
  /* For a wall and a projector in a lit room: pure black on white, darker
   * and thicker lines, a stronger band, larger text. */
  [DG_THEME_PROJECTOR] = {
    .kind = DG_THEME_PROJECTOR,
    .background = RGB (0xFFFFFF),
    .text = RGB (0x000000),
    .text_muted = RGB (0x303030),
    .halo = RGBA (0xFFFFFF, 0.92),
    .node_fill = TOL_LIGHT_FILLS,
    .node_outline = RGB (0x000000),
    .deal = {
      RGB (0x0058A0),
      RGB (0x9E2F74),
      RGB (0x007A58),
      RGB (0x2B86C4),
      RGB (0x555555),
    },
    .band = RGB (0xFF9A00),
    .selection = RGB (0x0050C0),
    .pin = RGB (0x000000),
    .legend_background = RGBA (0xFFFFFF, 0.95),
    .legend_border = RGB (0x808080),
    .band_opacity = 0.62,
    .band_extra = 8.0,
    .dim_opacity = 0.15,
    .faint_opacity = 0.50,
    .range_opacity = 0.35,
    .line_scale = 1.5,
    .outline_width = 1.8,
    .label_size = 18.0,
    .title_size = 30.0,
    .legend_size = 16.0,
    .font_family = FONT_FAMILY,
    .svg_font_family = SVG_FONT_FAMILY,
  },
  /* For people who asked the desktop for high contrast: black on white,
   * every label and legend line at least 7:1 against what it sits on
   * (tests/test-theme.c checks 4.5:1, WCAG AA, over every colour a label
   * can cross), heavier outlines and lines, a halo that hides what runs
   * under a name. The fills keep Tol's pale scheme: a black outline
   * carries each disc. */
  [DG_THEME_HIGH_CONTRAST] = {
    .kind = DG_THEME_HIGH_CONTRAST,
    .background = RGB (0xFFFFFF),
    .text = RGB (0x000000),
    .text_muted = RGB (0x2E2E2E),
    .halo = RGBA (0xFFFFFF, 0.96),
    .node_fill = TOL_LIGHT_FILLS,
    .node_outline = RGB (0x000000),
    .deal = {
      RGB (0x004C8C),
      RGB (0x8A1F62),
      RGB (0x006246),
      RGB (0x1F6FA8),
      RGB (0x444444),
    },
    .band = RGB (0xFF9A00),
    .selection = RGB (0x0040A8),
    .pin = RGB (0x000000),
    .legend_background = RGBA (0xFFFFFF, 0.97),
    .legend_border = RGB (0x000000),
    .band_opacity = 0.62,
    .band_extra = 8.0,
    .dim_opacity = 0.15,
    .faint_opacity = 0.55,
    .range_opacity = 0.40,
    .line_scale = 1.3,
    .outline_width = 1.6,
    .label_size = 14.0,
    .title_size = 24.0,
    .legend_size = 13.0,
    .font_family = FONT_FAMILY,
    .svg_font_family = SVG_FONT_FAMILY,
  },
  /* High contrast on a dark style: white on black, light lines; the band
   * near opaque, since amber thinned over black turns brown. */
  [DG_THEME_HIGH_CONTRAST_DARK] = {
    .kind = DG_THEME_HIGH_CONTRAST_DARK,
    .background = RGB (0x000000),
    .text = RGB (0xFFFFFF),
    .text_muted = RGB (0xD6D6D6),
    .halo = RGBA (0x000000, 0.96),
    .node_fill = TOL_LIGHT_FILLS,
    .node_outline = RGB (0xFFFFFF),
    .deal = {
      RGB (0x6CC4F5),
      RGB (0xF29BD0),
      RGB (0x4DDBB0),
      RGB (0xC2B8FF),
      RGB (0xC8C8C8),
    },
    .band = RGB (0xFFB020),
    .selection = RGB (0x99CCFF),
    .pin = RGB (0xFFFFFF),
    .legend_background = RGBA (0x000000, 0.97),
    .legend_border = RGB (0xFFFFFF),
    .band_opacity = 0.85,
    .band_extra = 8.0,
    .dim_opacity = 0.20,
    .faint_opacity = 0.55,
    .range_opacity = 0.40,
    .line_scale = 1.3,
    .outline_width = 1.6,
    .label_size = 14.0,
    .title_size = 24.0,
    .legend_size = 13.0,
    .font_family = FONT_FAMILY,
    .svg_font_family = SVG_FONT_FAMILY,
  },
};

static const char *theme_names[DG_N_THEMES] = {
  "light", "dark", "projector", "high-contrast", "high-contrast-dark"
};

/**
 * dg_theme_get:
 * @kind: a theme
 *
 * Returns: (transfer none): the theme's palette and sizes; static
 */
const DgTheme *
dg_theme_get (DgThemeKind kind)
{
  g_return_val_if_fail (kind < DG_N_THEMES, &themes[DG_THEME_LIGHT]);
  return &themes[kind];
}

/**
 * dg_theme_kind_to_string:
 *
 * Returns: (transfer none): "light", "dark", "projector", "high-contrast"
 *   or "high-contrast-dark"
 */
const char *
dg_theme_kind_to_string (DgThemeKind kind)
{
  g_return_val_if_fail (kind < DG_N_THEMES, "light");
  return theme_names[kind];
}

/**
 * dg_theme_kind_from_string:
 * @str: (nullable): a theme name
 * @kind: (out): where to store the theme
 *
 * Returns: %TRUE when @str names a theme
 */
gboolean
dg_theme_kind_from_string (const char  *str,
                           DgThemeKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < DG_N_THEMES; i++)
    if (strcmp (str, theme_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * dg_deal_family_for_kind:
 * @kind: a deal kind
 *
 * Returns: the colour family the deal is drawn in
 */
DgDealFamily
dg_deal_family_for_kind (DgDealKind kind)
{
  switch (kind)
    {
    case DG_DEAL_KIND_INVESTMENT:
    case DG_DEAL_KIND_EQUITY_WARRANT:
    case DG_DEAL_KIND_SHARE_SALE:
    case DG_DEAL_KIND_BACKSTOP:
      return DG_DEAL_FAMILY_INVESTMENT;
    case DG_DEAL_KIND_CHIP_PURCHASE:
    case DG_DEAL_KIND_COMPUTE_PURCHASE:
      return DG_DEAL_FAMILY_COMPUTE;
    case DG_DEAL_KIND_CLOUD_LEASE:
      return DG_DEAL_FAMILY_CLOUD;
    case DG_DEAL_KIND_JOINT_VENTURE:
      return DG_DEAL_FAMILY_JOINT_VENTURE;
    case DG_DEAL_KIND_LICENSING:
    case DG_DEAL_KIND_COMMERCE:
    case DG_DEAL_KIND_OTHER:
    case DG_N_DEAL_KINDS:
    default:
      return DG_DEAL_FAMILY_OTHER;
    }
}

/**
 * dg_deal_family_label:
 *
 * Returns: (transfer none): the family's name as the legend shows it
 */
const char *
dg_deal_family_label (DgDealFamily family)
{
  switch (family)
    {
    case DG_DEAL_FAMILY_INVESTMENT: return _("Investment & equity");
    case DG_DEAL_FAMILY_COMPUTE: return _("Chips & compute");
    case DG_DEAL_FAMILY_CLOUD: return _("Cloud capacity");
    case DG_DEAL_FAMILY_JOINT_VENTURE: return _("Joint venture");
    case DG_DEAL_FAMILY_OTHER:
    case DG_N_DEAL_FAMILIES:
    default:
      return _("Commerce, licensing & other");
    }
}
