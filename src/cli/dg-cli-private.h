/* dg-cli-private.h: what the command implementations share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "dg-loader.h"

G_BEGIN_DECLS

/* Exit statuses of every command. */
enum {
  DG_EXIT_OK = 0,
  DG_EXIT_FAILED = 1,   /* the file was refused, or the work failed */
  DG_EXIT_USAGE = 2,    /* bad command line */
};

typedef struct
{
  /* Commands */
  gboolean validate;
  gboolean summary;
  gboolean cycles;
  gboolean version;
  char *export_path;
  char *save_layout;
  char *export_tour;    /* OUT.pdf, or a folder or NAME.png for PNGs */
  char *import_csv;     /* OUT.dealgraph.json; FILE is the deals table */

  /* Shared options */
  char *format;         /* text|json|csv for reports; png|svg|pdf for export */
  char *layout;         /* force|circular|flow */
  gint64 seed;
  gboolean seed_given;  /* --seed was on the command line */
  int max_length;
  int max_cycles;
  gboolean max_cycles_given;  /* --max-cycles was on the command line */
  double time_budget;   /* seconds, for cycle enumeration */
  int width;
  int height;
  double scale;
  char *theme;
  gboolean no_legend;
  gboolean transparent;
  gboolean verbose;     /* --validate: every warning, ungrouped */
  char *as_of_text;     /* --as-of as given */
  gint32 as_of;         /* parsed (DgFilter.as_of); 0 when not given */
  char *since_text;     /* --since as given */
  gint32 since_from;    /* the as-of date just before it (dg_changes_parse_since()); 0 when not given */
  char *companies;      /* --import-csv: the companies table */
  char **maps;          /* --import-csv: COLUMN=FIELD */
  char *date_order;     /* --import-csv: dmy or mdy */
  char *separator;      /* --import-csv: , ; or tab */
  gboolean keep_going;  /* --import-csv: write the rows that were read */

  char **files;         /* remaining arguments */
  const char *filename; /* the file given, or NULL for the embedded dataset */
  const char *display_name;
} DgCliOptions;

/* Prints problems to stderr as FILE:LINE:COL: error: ... */
void  dg_cli_print_problems (GPtrArray  *problems,
                             const char *display_name);
/* Pads @text with spaces to @width characters (not bytes). */
char *dg_cli_pad            (const char *text,
                             guint       width);

int   dg_cli_validate       (DgCliOptions *opts);
int   dg_cli_summary        (DgCliOptions *opts,
                             DgDocument   *doc);
int   dg_cli_cycles         (DgCliOptions *opts,
                             DgDocument   *doc);
int   dg_cli_export         (DgCliOptions *opts,
                             DgDocument   *doc);
int   dg_cli_save_layout    (DgCliOptions *opts,
                             DgDocument   *doc);
int   dg_cli_export_tour    (DgCliOptions *opts,
                             DgDocument   *doc);
int   dg_cli_import         (DgCliOptions *opts);

G_END_DECLS
