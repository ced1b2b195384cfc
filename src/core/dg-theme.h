/* dg-theme.h: the palettes and sizes of the diagram's three themes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every colour the renderer uses comes from here, so the legend, the screen
 * and the exports agree. Company kinds use Paul Tol's "light" scheme (pale
 * fills that carry a dark outline and sit behind text); deal kinds are
 * grouped into five families drawn in Okabe-Ito colours, all cool or neutral,
 * so that warm means one thing only: the band under a cyclic deal.
 */
#pragma once

#include <glib.h>

#include "dg-types.h"

G_BEGIN_DECLS

typedef enum
{
  DG_THEME_LIGHT,
  DG_THEME_DARK,
  DG_THEME_PROJECTOR,
  DG_THEME_HIGH_CONTRAST,       /* the desktop asks for high contrast (GTK's HighContrast) */
  DG_THEME_HIGH_CONTRAST_DARK,  /* ...on a dark style (HighContrastInverse) */
  DG_N_THEMES
} DgThemeKind;

/* Deal kinds grouped into families a reader can tell apart at a glance. */
typedef enum
{
  DG_DEAL_FAMILY_INVESTMENT,     /* investment, equity warrant, share sale, backstop */
  DG_DEAL_FAMILY_COMPUTE,        /* chip purchase, compute purchase */
  DG_DEAL_FAMILY_CLOUD,          /* cloud lease */
  DG_DEAL_FAMILY_JOINT_VENTURE,  /* joint venture */
  DG_DEAL_FAMILY_OTHER,          /* commerce, licensing, other */
  DG_N_DEAL_FAMILIES
} DgDealFamily;

/* Straight (not premultiplied) RGBA, each 0..1. */
typedef struct
{
  double r;
  double g;
  double b;
  double a;
} DgColor;

typedef struct
{
  DgThemeKind kind;

  DgColor background;
  DgColor text;
  DgColor text_muted;
  DgColor halo;                 /* behind label text, so lines never cross letters */

  DgColor node_fill[DG_N_COMPANY_KINDS];
  DgColor node_outline;
  DgColor deal[DG_N_DEAL_FAMILIES];
  DgColor band;                 /* opaque; the shading layer is drawn at band_opacity */
  DgColor selection;
  DgColor pin;
  DgColor legend_background;
  DgColor legend_border;

  double band_opacity;
  double band_extra;            /* band width beyond the deal's, diagram units */
  double dim_opacity;           /* what is left of a dimmed item */
  double faint_opacity;         /* rumoured and discussed deals */
  double range_opacity;         /* the pale "up to" part of a range */

  double line_scale;            /* deal widths, diagram units */
  double outline_width;         /* disc outline, device px */
  double label_size;            /* px */
  double title_size;            /* px */
  double legend_size;           /* px */
  const char *font_family;      /* a Pango family list */
  const char *svg_font_family;  /* the same as a CSS font-family */
} DgTheme;

const DgTheme *dg_theme_get                (DgThemeKind   kind);
const char    *dg_theme_kind_to_string     (DgThemeKind   kind);
gboolean       dg_theme_kind_from_string   (const char   *str,
                                            DgThemeKind  *kind);

DgDealFamily   dg_deal_family_for_kind     (DgDealKind    kind);
const char    *dg_deal_family_label        (DgDealFamily  family);

G_END_DECLS
