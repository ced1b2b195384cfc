/* dg-changes.c: what changed in the network between two dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both dates are analysed the way --as-of analyses one (the document copied
 * with every deal in its state then, the deals out of the network masked),
 * and the two are compared: deal by deal for the deal changes, cycle by
 * cycle (as sets of deals) for the cycle changes.
 */
#define G_LOG_DOMAIN "dealgraph-changes"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dg-changes.h"
#include "dg-deal-state.h"
#include "dg-filter.h"
#include "dg-format.h"
#include "dg-story.h"
#include "dg-summary.h"

static const char * const kind_names[] = {
  "added", "ended", "replaced", "stalled", "resized", "cycle-broke", "cycle-formed",
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == DG_N_CHANGE_KINDS);

#define LATEST 99991231
#define CYCLE_TIME_BUDGET 2.0   /* seconds per date searched */

/* The network at one date. */
typedef struct
{
  DgDocument *doc;            /* the copy, every deal in its state then */
  guint8 *mask;               /* the deals in the network then */
  DgAnalysis *analysis;
} Snapshot;

/* What DgChanges keeps besides its public members. */
typedef struct
{
  DgChanges pub;
  gint32 since;               /* as parsed: 20260100 for "2026-01" */
  Snapshot at[2];
} Changes;

/**
 * dg_change_kind_to_string:
 * @kind: a change kind
 *
 * Returns: its name in reports: `added`, `ended`, `replaced`, `stalled`,
 *   `resized`, `cycle-broke` or `cycle-formed`
 */
const char *
dg_change_kind_to_string (DgChangeKind kind)
{
  g_return_val_if_fail ((guint) kind < DG_N_CHANGE_KINDS, NULL);
  return kind_names[kind];
}

/**
 * dg_change_kind_from_string:
 * @str: (nullable): a name from dg_change_kind_to_string()
 * @kind: (out): the kind
 *
 * Returns: %TRUE when @str names a kind
 */
gboolean
dg_change_kind_from_string (const char   *str,
                            DgChangeKind *kind)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (str, kind_names[i]) == 0)
      {
        *kind = (DgChangeKind) i;
        return TRUE;
      }
  return FALSE;
}

static gint32
end_of_previous_month (int year,
                       int month)
{
  return month <= 1 ? (year - 1) * 10000 + 1231 : year * 10000 + (month - 1) * 100 + 31;
}

/**
 * dg_changes_parse_since:
 * @text: "YYYY", "YYYY-MM" or "YYYY-MM-DD", as --since takes it
 * @from: (out): the packed as-of date just before it: "2026-01" gives the
 *   end of December 2025, so that what happened in January counts as a
 *   change since January
 *
 * Returns: %TRUE when @text is such a date
 */
gboolean
dg_changes_parse_since (const char *text,
                        gint32     *from)
{
  gint32 packed = 0;
  int year, month, day;

  g_return_val_if_fail (from != NULL, FALSE);

  if (text == NULL || !dg_date_parse (text, &packed) || packed <= 0)
    return FALSE;
  year = packed / 10000;
  month = packed / 100 % 100;
  day = packed % 100;
  if (month == 0)
    *from = (year - 1) * 10000 + 1231;
  else if (day <= 1)
    *from = end_of_previous_month (year, month);
  else
    *from = packed - 1;
  return TRUE;
}

/* "February 2026" for 20260200, "2026" for 20260000. */
static char *
packed_label (gint32 packed)
{
  g_autofree char *text = NULL;

  if (packed <= 0)
    return NULL;
  if (packed % 10000 == 0)
    text = g_strdup_printf ("%04d", packed / 10000);
  else if (packed % 100 == 0)
    text = g_strdup_printf ("%04d-%02d", packed / 10000, packed / 100 % 100);
  else
    text = g_strdup_printf ("%04d-%02d-%02d", packed / 10000, packed / 100 % 100, packed % 100);
  return dg_format_date_locale (text);
}

/* "in February 2026" or "on March 4, 2026": when something happened. */
static char *
when_phrase (gint32 packed)
{
  g_autofree char *label = packed_label (packed);

  if (label == NULL)
    /* Translators: when a change happened, if its date is unknown */
    return g_strdup (_("at an unknown date"));
  if (packed % 100 != 0)
    /* Translators: when a change happened, a day: "on March 4, 2026" */
    return g_strdup_printf (_("on %s"), label);
  /* Translators: when a change happened, a month or a year: "in February 2026" */
  return g_strdup_printf (_("in %s"), label);
}

/* The label of an as-of date: "December 2025" for 20251231. */
static char *
as_of_label (gint32 as_of)
{
  return as_of > 0 ? dg_filter_format_as_of_label (as_of) : NULL;
}

static double
amount_size (const DgAmount *amount)
{
  switch (amount->kind)
    {
    case DG_AMOUNT_EXACT:
      return isfinite (amount->value) ? amount->value : 0;
    case DG_AMOUNT_RANGE:
      return isfinite (amount->max) ? amount->max : isfinite (amount->min) ? amount->min : 0;
    case DG_AMOUNT_UNDISCLOSED:
    default:
      return 0;
    }
}

/* Two amounts are the same when they span the same figures: "$10B" and a
 * range from $10B to $10B are one amount. */
static gboolean
amount_equal (const DgAmount *a,
              const DgAmount *b)
{
  double a_low, a_high, b_low, b_high;

  if ((a->kind == DG_AMOUNT_UNDISCLOSED) != (b->kind == DG_AMOUNT_UNDISCLOSED))
    return FALSE;
  if (a->kind == DG_AMOUNT_UNDISCLOSED)
    return TRUE;
  a_low = a->kind == DG_AMOUNT_EXACT ? a->value : a->min;
  a_high = a->kind == DG_AMOUNT_EXACT ? a->value : a->max;
  b_low = b->kind == DG_AMOUNT_EXACT ? b->value : b->min;
  b_high = b->kind == DG_AMOUNT_EXACT ? b->value : b->max;
  return a_low == b_low && a_high == b_high;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
snapshot_clear (Snapshot *s)
{
  g_clear_object (&s->doc);
  g_clear_pointer (&s->mask, g_free);
  g_clear_pointer (&s->analysis, dg_analysis_unref);
}

static gboolean
snapshot_init (Snapshot   *s,
               DgDocument *doc,
               gint32      as_of,
               guint       max_length)
{
  DgAnalysisOptions options;

  s->mask = g_new0 (guint8, MAX (dg_document_get_n_deals (doc), 1));
  /* The latest state is the state at a date after every event. */
  s->doc = dg_document_copy_as_of (doc, as_of > 0 ? as_of : LATEST, s->mask);
  if (s->doc == NULL)
    return FALSE;
  dg_analysis_options_init (&options);
  options.flags = DG_ANALYSIS_CYCLES;
  options.max_length = max_length;
  options.max_cycles = 0;
  /* The tour regenerates its words on every timeline step: on a network
   * too large to search in a few seconds, say the comparison is
   * incomplete (DgChanges.complete) rather than block. */
  options.time_budget = CYCLE_TIME_BUDGET;
  options.edge_mask = s->mask;
  s->analysis = dg_analysis_new (dg_document_get_graph (s->doc), &options);
  return TRUE;
}

/* A cycle's key: its deal indices from the smallest on, so the same cycle
 * found from another company has the same key. */
static char *
cycle_key (const guint *deals,
           guint        n)
{
  GString *key = g_string_new (NULL);
  guint start = 0;

  for (guint i = 1; i < n; i++)
    if (deals[i] < deals[start])
      start = i;
  for (guint i = 0; i < n; i++)
    g_string_append_printf (key, "%s%u", i > 0 ? "," : "", deals[(start + i) % n]);
  return g_string_free (key, FALSE);
}

static void
change_free (gpointer data)
{
  DgChange *change = data;

  g_clear_pointer (&change->cycles, g_ptr_array_unref);
  g_clear_pointer (&change->causes, g_array_unref);
  g_free (change);
}

static DgChange *
change_new (DgChangeKind kind,
            guint        deal)
{
  DgChange *change = g_new0 (DgChange, 1);

  change->kind = kind;
  change->deal = deal;
  change->replacement = G_MAXUINT;
  change->before.kind = DG_AMOUNT_UNDISCLOSED;
  change->after.kind = DG_AMOUNT_UNDISCLOSED;
  change->cycles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  change->causes = g_array_new (FALSE, FALSE, sizeof (guint));
  return change;
}

/* The date of the event that gave @deal its state at @as_of. */
static gint32
event_date (DgDeal *deal,
            gint32  as_of)
{
  DgDealState state;

  dg_deal_get_state_at (deal, as_of, &state);
  if (state.event != NULL)
    return state.event->date_packed;
  return MAX (dg_deal_get_announced_packed (deal), 0);
}

static void
deal_changes (Changes    *self,
              DgDocument *doc)
{
  DgChanges *pub = &self->pub;

  for (guint e = 0; e < dg_document_get_n_deals (doc); e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);
      const DgDealTimeline *timeline = dg_deal_get_timeline (deal);
      DgDealState a, b;
      DgChange *change = NULL;

      dg_deal_get_state_at (deal, pub->from, &a);
      dg_deal_get_state_at (deal, pub->to, &b);

      if (!a.in_network && b.in_network)
        {
          change = change_new (DG_CHANGE_ADDED, e);
          change->after = b.amount;
          change->size = amount_size (&b.amount);
        }
      else if (a.in_network && !b.in_network)
        {
          DgDeal *by = timeline->replaced_by != NULL ? dg_document_lookup_deal (doc, timeline->replaced_by) : NULL;

          change = change_new (timeline->replaced_by != NULL ? DG_CHANGE_REPLACED : DG_CHANGE_ENDED, e);
          change->before = a.amount;
          change->size = amount_size (&a.amount);
          if (by != NULL)
            change->replacement = dg_deal_get_index (by);
        }
      else if (a.in_network && b.in_network && b.status == DG_DEAL_STATUS_STALLED
               && a.status != DG_DEAL_STATUS_STALLED)
        {
          change = change_new (DG_CHANGE_STALLED, e);
          change->before = a.amount;
          change->after = b.amount;
          change->size = amount_size (&b.amount);
        }
      else if (a.in_network && b.in_network && !amount_equal (&a.amount, &b.amount))
        {
          change = change_new (DG_CHANGE_RESIZED, e);
          change->before = a.amount;
          change->after = b.amount;
          change->size = fabs (amount_size (&b.amount) - amount_size (&a.amount));
        }

      if (change == NULL)
        continue;
      change->date = event_date (deal, pub->to);
      pub->n_by_kind[change->kind]++;
      g_ptr_array_add (pub->changes, change);
    }
}

typedef struct
{
  guint cycle;
  double size;
} RankedCycle;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const RankedCycle *x = a, *y = b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->cycle < y->cycle ? -1 : x->cycle > y->cycle;
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const DgChange *x = *(const DgChange * const *) a;
  const DgChange *y = *(const DgChange * const *) b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  if (x->cycles->len != y->cycles->len)
    return x->cycles->len > y->cycles->len ? -1 : 1;
  return x->deal < y->deal ? -1 : x->deal > y->deal;
}

/* The cycles of @mine that @other does not have, grouped by the deals of
 * each that are not in @other's network, largest round trip first. */
static void
cycle_changes (Changes        *self,
               DgChangeKind    kind,
               const Snapshot *mine,
               const Snapshot *other,
               DgDocument     *doc)
{
  DgChanges *pub = &self->pub;
  g_autoptr(GHashTable) other_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autofree RankedCycle *ranked = g_new (RankedCycle, MAX (mine->analysis->n_cycles, 1));
  guint n_ranked = 0;

  for (guint c = 0; c < other->analysis->n_cycles; c++)
    {
      guint n = 0;
      const guint *deals = dg_analysis_get_cycle_deals (other->analysis, c, &n);

      g_hash_table_add (other_keys, cycle_key (deals, n));
    }

  for (guint c = 0; c < mine->analysis->n_cycles; c++)
    {
      guint n = 0;
      const guint *deals = dg_analysis_get_cycle_deals (mine->analysis, c, &n);
      g_autofree char *key = cycle_key (deals, n);

      if (!g_hash_table_contains (other_keys, key))
        ranked[n_ranked++] = (RankedCycle) { c, amount_size (dg_analysis_get_cycle_amount (mine->analysis, c)) };
    }
  qsort (ranked, n_ranked, sizeof (RankedCycle), compare_ranked);

  for (guint i = 0; i < n_ranked; i++)
    {
      guint n = 0;
      const guint *deals = dg_analysis_get_cycle_deals (mine->analysis, ranked[i].cycle, &n);
      g_autoptr(GArray) causes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GString) key = g_string_new (NULL);
      GArray *cycle;
      DgChange *change;

      for (guint k = 0; k < n; k++)
        if (!other->mask[deals[k]])
          g_array_append_val (causes, deals[k]);
      g_array_sort (causes, compare_uint);
      for (guint k = 0; k < causes->len; k++)
        g_string_append_printf (key, "%s%u", k > 0 ? "," : "", g_array_index (causes, guint, k));

      change = g_hash_table_lookup (groups, key->str);
      if (change == NULL)
        {
          change = change_new (kind, causes->len > 0 ? g_array_index (causes, guint, 0) : G_MAXUINT);
          g_array_append_vals (change->causes, causes->data, causes->len);
          change->size = ranked[i].size;
          for (guint k = 0; k < causes->len; k++)
            {
              DgDeal *deal = dg_document_get_deal (doc, g_array_index (causes, guint, k));

              change->date = MAX (change->date, event_date (deal, pub->to));
            }
          g_hash_table_insert (groups, g_strdup (key->str), change);
          g_ptr_array_add (found, change);
        }
      cycle = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
      g_array_append_vals (cycle, deals, n);
      g_ptr_array_add (change->cycles, cycle);
      pub->n_by_kind[kind]++;
    }

  g_ptr_array_sort (found, compare_changes);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (pub->changes, g_ptr_array_index (found, i));
}

/**
 * dg_changes_new:
 * @doc: a document
 * @from: packed as-of date A (see dg_changes_parse_since())
 * @to: packed as-of date B, after @from; 0 for the latest state
 * @max_length: longest cycle to look for, in companies (as --max-length);
 *   0 for no limit
 *
 * Compares the network as of @from with the network as of @to.
 *
 * Returns: (transfer full): the changes; free with dg_changes_free()
 */
DgChanges *
dg_changes_new (DgDocument *doc,
                gint32      from,
                gint32      to,
                guint       max_length)
{
  Changes *self;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (from > 0, NULL);

  self = g_new0 (Changes, 1);
  self->pub.from = from;
  self->pub.to = to;
  self->pub.changes = g_ptr_array_new_with_free_func (change_free);

  if (!snapshot_init (&self->at[0], doc, from, max_length)
      || !snapshot_init (&self->at[1], doc, to, max_length))
    {
      /* Only a bug makes the copy of a valid document fail. */
      self->pub.complete = FALSE;
      return &self->pub;
    }
  self->pub.complete = self->at[0].analysis->cycles_limit == DG_ANALYSIS_LIMIT_NONE
                       && self->at[1].analysis->cycles_limit == DG_ANALYSIS_LIMIT_NONE;

  deal_changes (self, doc);
  cycle_changes (self, DG_CHANGE_CYCLE_BROKE, &self->at[0], &self->at[1], doc);
  cycle_changes (self, DG_CHANGE_CYCLE_FORMED, &self->at[1], &self->at[0], doc);
  return &self->pub;
}

void
dg_changes_free (DgChanges *changes)
{
  Changes *self = (Changes *) changes;

  if (changes == NULL)
    return;
  g_ptr_array_unref (changes->changes);
  snapshot_clear (&self->at[0]);
  snapshot_clear (&self->at[1]);
  g_free (self);
}

static gboolean
is_cycle_change (const DgChange *change)
{
  return change->kind == DG_CHANGE_CYCLE_BROKE || change->kind == DG_CHANGE_CYCLE_FORMED;
}

static int
compare_by_size (gconstpointer a,
                 gconstpointer b)
{
  const DgChange *x = *(const DgChange * const *) a;
  const DgChange *y = *(const DgChange * const *) b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->deal < y->deal ? -1 : x->deal > y->deal;
}

/**
 * dg_changes_get_biggest:
 * @changes: changes
 * @max_cycle_changes: how many cycle changes at most
 * @max_deal_changes: how many deal changes at most (replacements, ends,
 *   resizes and stalls; additions show as the cycles they form)
 *
 * The changes worth a slide: cycles that broke (largest round trip first),
 * then cycles that formed, then the largest replacements, ends, resizes
 * and stalls. Cycles that broke get half of @max_cycle_changes (rounded
 * up), cycles that formed the rest, either side leaving what it does not
 * use to the other.
 *
 * Returns: (transfer container) (element-type DgChange): borrowed changes
 */
GPtrArray *
dg_changes_get_biggest (DgChanges *changes,
                        guint      max_cycle_changes,
                        guint      max_deal_changes)
{
  GPtrArray *out = g_ptr_array_new ();
  g_autoptr(GPtrArray) deals = g_ptr_array_new ();
  g_autoptr(GPtrArray) broke = g_ptr_array_new ();
  g_autoptr(GPtrArray) formed = g_ptr_array_new ();
  guint n_broke, n_formed;

  g_return_val_if_fail (changes != NULL, out);

  /* Half the cycle slides (rounded up) for cycles that broke, the rest
   * for cycles that formed; a side with fewer leaves its room to the
   * other. Each side is in size order already. */
  for (guint i = 0; i < changes->changes->len; i++)
    {
      DgChange *change = g_ptr_array_index (changes->changes, i);

      if (change->kind == DG_CHANGE_CYCLE_BROKE)
        g_ptr_array_add (broke, change);
      else if (change->kind == DG_CHANGE_CYCLE_FORMED)
        g_ptr_array_add (formed, change);
    }
  n_broke = MIN (broke->len, (max_cycle_changes + 1) / 2);
  n_formed = MIN (formed->len, max_cycle_changes - n_broke);
  n_broke = MIN (broke->len, max_cycle_changes - n_formed);
  for (guint i = 0; i < n_broke; i++)
    g_ptr_array_add (out, g_ptr_array_index (broke, i));
  for (guint i = 0; i < n_formed; i++)
    g_ptr_array_add (out, g_ptr_array_index (formed, i));

  for (guint i = 0; i < changes->changes->len; i++)
    {
      DgChange *change = g_ptr_array_index (changes->changes, i);

      if (!is_cycle_change (change) && change->kind != DG_CHANGE_ADDED)
        g_ptr_array_add (deals, change);
    }
  g_ptr_array_sort (deals, compare_by_size);
  for (guint i = 0; i < deals->len && i < max_deal_changes; i++)
    g_ptr_array_add (out, g_ptr_array_index (deals, i));
  return out;
}

/* "NVIDIA → OpenAI" */
static char *
deal_pair (DgDocument *doc,
           guint       e)
{
  DgDeal *deal = dg_document_get_deal (doc, e);

  return dg_format_deal_direction (dg_summary_company_name (doc, dg_deal_get_from_index (deal)),
                                   dg_summary_company_name (doc, dg_deal_get_to_index (deal)));
}

static char *
cycle_chain (DgDocument   *doc,
             const GArray *cycle)
{
  g_autofree const char **names = g_new (const char *, cycle->len + 1);

  for (guint i = 0; i < cycle->len; i++)
    names[i] = dg_summary_company_name (doc, dg_deal_get_from_index (dg_document_get_deal (doc, g_array_index (cycle, guint, i))));
  return dg_format_chain (names, cycle->len);
}

static void
append_sentence (GString    *text,
                 const char *sentence)
{
  if (sentence == NULL || *sentence == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
}

/**
 * dg_change_describe:
 * @change: a change of @changes
 * @changes: the changes
 * @doc: the document @changes was made from
 * @title: (out) (transfer full): a slide title, plain text
 * @caption: (out) (transfer full): what happened, in plain words
 *
 * Says what @change is, for its slide: which deals, when, and what it did
 * to the money going round.
 */
void
dg_change_describe (const DgChange *change,
                    DgChanges      *changes,
                    DgDocument     *doc,
                    char          **title,
                    char          **caption)
{
  Changes *self = (Changes *) changes;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *when = when_phrase (change->date);
  DgDocument *before_doc, *after_doc;

  g_return_if_fail (change != NULL && changes != NULL && DG_IS_DOCUMENT (doc));

  /* The stories tell each deal as it stood on the side shown. */
  before_doc = self->at[0].doc != NULL ? self->at[0].doc : doc;
  after_doc = self->at[1].doc != NULL ? self->at[1].doc : doc;

  if (is_cycle_change (change))
    {
      const GArray *cycle = g_ptr_array_index (change->cycles, 0);
      g_autofree char *chain = cycle_chain (doc, cycle);
      g_autofree char *story = NULL;
      Snapshot *shown = change->kind == DG_CHANGE_CYCLE_BROKE ? &self->at[0] : &self->at[1];
      DgDocument *shown_doc = shown->doc != NULL ? shown->doc : doc;

      if (change->kind == DG_CHANGE_CYCLE_BROKE)
        {
          g_autofree char *pair = deal_pair (doc, g_array_index (change->causes, guint, 0));
          DgDeal *cause = dg_document_get_deal (doc, g_array_index (change->causes, guint, 0));
          const DgDealTimeline *timeline = dg_deal_get_timeline (cause);

          /* Translators: a slide title; %s is a cycle, "NVIDIA → OpenAI → Oracle → NVIDIA" */
          *title = g_strdup_printf (_("A cycle broke: %s"), chain);
          story = dg_story_for_deals (shown_doc, (const guint *) (gpointer) cycle->data, cycle->len);
          append_sentence (text, story);
          if (change->causes->len == 1)
            {
              g_autofree char *sentence = NULL;

              /* Translators: %1$s is a deal, "NVIDIA → OpenAI", %2$s when, "in February 2026" or "on March 4, 2026" */
              sentence = g_strdup_printf (_("Then %1$s was cancelled %2$s, and the money no longer goes round."),
                                          pair, when);
              append_sentence (text, sentence);
            }
          else
            {
              g_autofree char *sentence = NULL;

              sentence = g_strdup_printf (/* Translators: %s is when, "in February 2026" or "on March 4, 2026" */
                                          ngettext ("Then %u of its deals were cancelled, the last %s, and the money no longer goes round.",
                                                    "Then %u of its deals were cancelled, the last %s, and the money no longer goes round.",
                                                    change->causes->len),
                                          change->causes->len, when);
              append_sentence (text, sentence);
            }
          if (timeline->replaced_by != NULL)
            {
              DgDeal *by = dg_document_lookup_deal (doc, timeline->replaced_by);

              if (by != NULL)
                {
                  g_autofree char *by_story = dg_story_for_deal (after_doc, dg_deal_get_index (by));
                  g_autofree char *sentence = NULL;

                  /* Translators: %s is what replaced a deal, a whole sentence: "NVIDIA invests $30B in OpenAI." */
                  sentence = g_strdup_printf (_("In its place: %s"), by_story);
                  append_sentence (text, sentence);
                }
            }
        }
      else
        {
          const DgAmount *trip = NULL;
          g_autofree char *trip_text = NULL;
          g_autofree char *sentence = NULL;
          g_autofree guint *new_deals = g_new (guint, MAX (change->causes->len, 1));

          for (guint c = 0; c < shown->analysis->n_cycles && trip == NULL; c++)
            {
              guint n = 0;
              const guint *deals = dg_analysis_get_cycle_deals (shown->analysis, c, &n);

              if (n == cycle->len && memcmp (deals, cycle->data, n * sizeof (guint)) == 0)
                trip = dg_analysis_get_cycle_amount (shown->analysis, c);
            }
          /* Translators: a slide title; %s is a cycle, "Anthropic → Amazon / AWS → Anthropic" */
          *title = g_strdup_printf (_("A cycle formed: %s"), chain);
          for (guint k = 0; k < change->causes->len; k++)
            new_deals[k] = g_array_index (change->causes, guint, k);
          story = dg_story_for_deals (shown_doc, new_deals, change->causes->len);
          sentence = g_strdup_printf (/* Translators: %1$s is when, "in March 2026"; %2$s the new deals, a whole sentence */
                                  ngettext ("New %1$s: %2$s", "New %1$s: %2$s", change->causes->len), when, story);
          append_sentence (text, sentence);
          if (trip != NULL)
            {
              g_autofree char *round = NULL;

              trip_text = dg_analysis_format_round_trip (trip);
              /* Translators: %s is an amount, "$10B" or "an unknown amount" */
              round = g_strdup_printf (_("Now %s can go all the way round."), trip_text);
              append_sentence (text, round);
            }
        }

      if (change->cycles->len > 1)
        {
          g_autofree char *more = NULL;

          if (change->kind == DG_CHANGE_CYCLE_BROKE)
            more = g_strdup_printf (ngettext ("The same deals broke %u cycle in all.",
                                              "The same deals broke %u cycles in all.", change->cycles->len),
                                    change->cycles->len);
          else
            more = g_strdup_printf (ngettext ("The same deals closed %u cycle in all.",
                                              "The same deals closed %u cycles in all.", change->cycles->len),
                                    change->cycles->len);
          append_sentence (text, more);
        }
      *caption = g_string_free (g_steal_pointer (&text), FALSE);
      return;
    }

  {
    g_autofree char *pair = deal_pair (doc, change->deal);
    g_autofree char *before_text = dg_amount_format_locale (&change->before);
    g_autofree char *after_text = dg_amount_format_locale (&change->after);
    g_autofree char *sentence = NULL;
    g_autofree char *story = NULL;

    switch (change->kind)
      {
      case DG_CHANGE_ADDED:
        /* Translators: a slide title; %s is a deal, "Meta → AMD" */
        *title = g_strdup_printf (_("New: %s"), pair);
        story = dg_story_for_deal (after_doc, change->deal);
        /* Translators: %s is when, "in March 2026" or "on March 4, 2026" */
        sentence = g_strdup_printf (_("Announced %s."), when);
        append_sentence (text, story);
        append_sentence (text, sentence);
        break;
      case DG_CHANGE_ENDED:
        /* Translators: a slide title; %s is a deal, "Disney → OpenAI" */
        *title = g_strdup_printf (_("Cancelled: %s"), pair);
        story = dg_story_for_deal (before_doc, change->deal);
        /* Translators: %s is when, "in March 2026" or "on March 4, 2026" */
        sentence = g_strdup_printf (_("Cancelled %s: it no longer counts in the cycles or the totals."), when);
        append_sentence (text, story);
        append_sentence (text, sentence);
        break;
      case DG_CHANGE_REPLACED:
        /* Translators: a slide title; %s is a deal, "NVIDIA → OpenAI" */
        *title = g_strdup_printf (_("Replaced: %s"), pair);
        story = dg_story_for_deal (before_doc, change->deal);
        append_sentence (text, story);
        if (change->replacement != G_MAXUINT)
          {
            g_autofree char *by_story = dg_story_for_deal (after_doc, change->replacement);

            /* Translators: %1$s is when, "in February 2026"; %2$s what replaced the deal, a whole sentence */
            sentence = g_strdup_printf (_("Cancelled %1$s; in its place: %2$s"), when, by_story);
          }
        else
          /* Translators: %s is when, "in March 2026" or "on March 4, 2026" */
          sentence = g_strdup_printf (_("Cancelled %s: it no longer counts in the cycles or the totals."), when);
        append_sentence (text, sentence);
        break;
      case DG_CHANGE_STALLED:
        /* Translators: a slide title; %s is a deal, "NVIDIA → OpenAI" */
        *title = g_strdup_printf (_("Stalled: %s"), pair);
        story = dg_story_for_deal (after_doc, change->deal);
        /* Translators: %s is when, "in January 2026" or "on January 30, 2026" */
        sentence = g_strdup_printf (_("Stalled %s; it still counts until it is cancelled."), when);
        append_sentence (text, story);
        append_sentence (text, sentence);
        break;
      case DG_CHANGE_RESIZED:
      default:
        /* Translators: a slide title; %s is a deal, "OpenAI → Amazon / AWS" */
        *title = g_strdup_printf (_("Resized: %s"), pair);
        /* Translators: %1$s and %2$s are amounts, "$38B", "$100B"; %3$s when, "in February 2026" */
        sentence = g_strdup_printf (_("Its amount went from %1$s to %2$s %3$s."), before_text, after_text, when);
        story = dg_story_for_deal (after_doc, change->deal);
        append_sentence (text, sentence);
        append_sentence (text, story);
        break;
      }
    *caption = g_string_free (g_steal_pointer (&text), FALSE);
  }
}

/**
 * dg_changes_overview_text:
 * @changes: changes
 * @doc: the document they were made from
 *
 * What changed, counted in plain words: "Between the end of December
 * 2025 and December 2026: 38 deals added, 2 replaced, 1 cancelled, 1
 * stalled, 4 resized. 3 cycles broke and 149 formed."
 *
 * Returns: (transfer full): the text
 */
char *
dg_changes_overview_text (DgChanges  *changes,
                          DgDocument *doc)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *from = as_of_label (changes->from);
  g_autofree char *to = NULL;
  const guint *n = changes->n_by_kind;
  const char *doc_as_of = dg_document_get_as_of (doc);

  g_return_val_if_fail (changes != NULL, NULL);

  if (changes->to > 0)
    to = as_of_label (changes->to);
  else if (doc_as_of != NULL && *doc_as_of != '\0')
    to = dg_format_date_locale (doc_as_of);

  if (to != NULL)
    /* Translators: the start of the changes overview; %1$s and %2$s are months, "December 2025", "December 2026" */
    g_string_append_printf (text, _("From the end of %1$s to %2$s:"), from, to);
  else
    /* Translators: the start of the changes overview; %s is a month, "December 2025" */
    g_string_append_printf (text, _("Since the end of %s:"), from);

  if (n[DG_CHANGE_ADDED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u deal added", "%u deals added", n[DG_CHANGE_ADDED]),
                                          n[DG_CHANGE_ADDED]));
  if (n[DG_CHANGE_REPLACED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u replaced by another", "%u replaced by others",
                                                    n[DG_CHANGE_REPLACED]),
                                          n[DG_CHANGE_REPLACED]));
  if (n[DG_CHANGE_ENDED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u cancelled", "%u cancelled", n[DG_CHANGE_ENDED]),
                                          n[DG_CHANGE_ENDED]));
  if (n[DG_CHANGE_STALLED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u stalled", "%u stalled", n[DG_CHANGE_STALLED]),
                                          n[DG_CHANGE_STALLED]));
  if (n[DG_CHANGE_RESIZED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u resized", "%u resized", n[DG_CHANGE_RESIZED]),
                                          n[DG_CHANGE_RESIZED]));

  if (parts->len == 0)
    append_sentence (text, _("no deal changed."));
  else
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < parts->len; i++)
        {
          if (i > 0)
            /* Translators: between the counts of the changes overview, "38 deals added, 2 replaced" */
            g_string_append (list, _(", "));
          g_string_append (list, g_ptr_array_index (parts, i));
        }
      /* Translators: a list of counts as a sentence; use your language's full stop */
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("%s."), list->str);
    }

  {
    g_autofree char *broke = g_strdup_printf (ngettext ("%u cycle broke", "%u cycles broke", n[DG_CHANGE_CYCLE_BROKE]),
                                              n[DG_CHANGE_CYCLE_BROKE]);
    g_autofree char *formed = g_strdup_printf (ngettext ("%u formed", "%u formed", n[DG_CHANGE_CYCLE_FORMED]),
                                               n[DG_CHANGE_CYCLE_FORMED]);
    g_autofree char *sentence = NULL;

    /* Translators: "3 cycles broke and 149 formed." */
    sentence = g_strdup_printf (_("%s and %s."), broke, formed);
    append_sentence (text, sentence);
  }
  if (!changes->complete)
    append_sentence (text, _("The cycle search stopped at a limit, so some cycle changes may be missing."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}
