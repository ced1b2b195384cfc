/* dg-loader.c: reading Dealgraph files, with every problem named and placed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The loader reads the file once, as a stream of tokens from the strict
 * JSON reader (dg-json.c), and builds the model straight from them: no tree
 * of the whole file is ever made, which is what keeps a 50,000-deal file
 * fast to load and small in memory (docs/decisions.md). Every value is
 * checked as it is read, by the rules in dg-validate.c, and every problem
 * gets the line and column of what it is about. Checks that need the whole
 * file (ids a deal names, companies without deals) run at the end.
 *
 * A file either loads completely or is refused: the document is assembled
 * only when no error was found. A file that is not JSON at all gets its
 * one syntax error and nothing else; one that is not a Dealgraph file
 * (wrong "format") or of a version this program cannot read gets that
 * error alone, since anything else said about it would be noise.
 *
 * Members this version does not know are kept as canonical JSON text
 * (numbers exactly as written), so a save gives them back unchanged.
 */
#define G_LOG_DOMAIN "dealgraph-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-company-private.h"
#include "dg-deal-private.h"
#include "dg-deal-state-private.h"
#include "dg-document-private.h"
#include "dg-json.h"
#include "dg-loader.h"
#include "dg-loader-private.h"
#include "dg-resources.h"
#include "dg-validate.h"

#define DEFAULT_DATASET "/io/github/dealgraph/Dealgraph/ai-deals.dealgraph.json"

G_DEFINE_BOXED_TYPE (DgProblem, dg_problem, dg_problem_copy, dg_problem_free)

static gsize max_file_size = DG_MAX_FILE_SIZE;

/**
 * dg_max_file_size:
 *
 * Returns: the largest file Dealgraph reads and writes, in bytes
 *   (%DG_MAX_FILE_SIZE)
 */
gsize
dg_max_file_size (void)
{
  return max_file_size;
}

/* For tests of what happens at the limit, without files of 256 MiB. */
void
_dg_loader_set_max_file_size (gsize size)
{
  max_file_size = size != 0 ? size : DG_MAX_FILE_SIZE;
}

DgProblem *
dg_problem_copy (const DgProblem *problem)
{
  DgProblem *copy = g_new0 (DgProblem, 1);

  *copy = *problem;
  copy->path = g_strdup (problem->path);
  copy->id = g_strdup (problem->id);
  copy->message = g_strdup (problem->message);

  return copy;
}

void
dg_problem_free (DgProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->path);
  g_free (problem->id);
  g_free (problem->message);
  g_free (problem);
}

/**
 * dg_problem_to_string:
 * @filename: (nullable): the file's name as the user gave it
 *
 * Returns: (transfer full): `FILE:LINE:COL: deals[12] ("id"): error: …`,
 *   with the parts that are known
 */
char *
dg_problem_to_string (const DgProblem *problem,
                      const char      *filename)
{
  GString *s = g_string_new (filename ? filename : "");
  const char *severity = problem->severity == DG_SEVERITY_ERROR ? _("error") : _("warning");

  if (problem->line > 0)
    g_string_append_printf (s, ":%u:%u: ", problem->line, problem->column);
  else if (filename != NULL)
    g_string_append (s, ": ");

  if (problem->path != NULL)
    {
      g_string_append (s, problem->path);
      if (problem->id != NULL)
        g_string_append_printf (s, " (\"%s\")", problem->id);
      g_string_append (s, ": ");
    }

  g_string_append_printf (s, "%s: %s", severity, problem->message);

  return g_string_free (s, FALSE);
}

/* ---- the loader's state ------------------------------------------------- */

typedef enum
{
  WHERE_TOP,
  WHERE_COMPANY,
  WHERE_DEAL,
  WHERE_LAYOUT,
  WHERE_POSITIONS,
} Where;

typedef struct
{
  DgJsonPos from;
  DgJsonPos to;
  DgJsonPos replaced_by;   /* where the history's links are (line 0: absent) */
  DgJsonPos part_of;
  DgJsonPos overlaps;
} DealRefs;

typedef struct
{
  char *company;       /* the key */
  DgJsonPos pos;
  double x;
  double y;
  gboolean pinned;
  char *unknown;
} PendingPosition;

typedef struct
{
  DgJsonReader *reader;
  GPtrArray *problems;
  guint n_errors;
  gboolean fatal;            /* not JSON: stop */
  gboolean not_object;       /* the top level is not an object: nothing more to say */

  Where where;
  guint where_index;
  const char *where_id;
  guint object_first_problem; /* problems of the current object start here */

  /* What the file holds so far. */
  char *title;
  char *description;
  char *as_of;
  gboolean has_format;
  gboolean format_ok;
  DgProblem *format_problem;  /* wrong "format" or "version": said alone */
  gboolean has_version;
  gboolean companies_seen;    /* "companies" was there */
  gboolean companies_read;    /* ... and an array */
  gboolean deals_seen;
  gboolean deals_read;
  GPtrArray *companies;       /* DgCompany, or NULL for a refused one */
  GArray *company_pos;        /* DgJsonPos of each company object */
  GPtrArray *deals;           /* DgDeal, or NULL for a refused one */
  GArray *deal_refs;          /* DealRefs by deal */
  GHashTable *company_ids;    /* id -> file index + 1 (ids borrowed) */
  GHashTable *deal_ids;
  GPtrArray *owned_ids;       /* ids of refused objects, kept for the tables */
  GString *unknown;           /* top level's unknown members */
  char *layout_algorithm;
  GString *layout_unknown;
  JsonObject *layout_extra;
  GArray *positions;          /* PendingPosition */
  DgJsonPos top_pos;
} Loader;

static char *
where_path (Loader *L)
{
  switch (L->where)
    {
    case WHERE_COMPANY: return g_strdup_printf ("companies[%u]", L->where_index);
    case WHERE_DEAL: return g_strdup_printf ("deals[%u]", L->where_index);
    case WHERE_LAYOUT: return g_strdup ("layout");
    case WHERE_POSITIONS: return g_strdup ("layout.positions");
    case WHERE_TOP:
    default:
      return NULL;
    }
}

static DgProblem *
problem_new (Loader          *L,
             DgSeverity       severity,
             const char      *code,
             const DgJsonPos *pos,
             char            *message)
{
  DgProblem *problem = g_new0 (DgProblem, 1);

  problem->severity = severity;
  problem->code = code;
  problem->line = pos != NULL ? pos->line : 0;
  problem->column = pos != NULL ? pos->column : 0;
  problem->path = where_path (L);
  problem->id = L->where_id != NULL ? dg_json_escape_for_message (L->where_id, -1, 80) : NULL;
  problem->message = message;
  return problem;
}

static void
add_problem (Loader          *L,
             DgSeverity       severity,
             const char      *code,
             const DgJsonPos *pos,
             char            *message)
{
  g_ptr_array_add (L->problems, problem_new (L, severity, code, pos, message));
  if (severity == DG_SEVERITY_ERROR)
    L->n_errors++;
}

G_GNUC_PRINTF (3, 4)
static void
error_at (Loader          *L,
          const DgJsonPos *pos,
          const char      *format,
          ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  add_problem (L, DG_SEVERITY_ERROR, NULL, pos, message);
}

/* A message from dg-validate.c, whose check said what it is worth. Takes
 * the message by address: the check is an argument, so it has run (and
 * set the message) before this reads it. */
static gboolean
report_check (Loader          *L,
              DgCheck          check,
              const char      *code,
              const DgJsonPos *pos,
              char           **message)
{
  if (check == DG_CHECK_OK)
    return TRUE;
  add_problem (L, check == DG_CHECK_ERROR ? DG_SEVERITY_ERROR : DG_SEVERITY_WARNING, code, pos,
               g_steal_pointer (message));
  return check != DG_CHECK_ERROR;
}

/* Problems from the reader that do not stop it: duplicate keys, and values
 * of the trees (tour, filter) that a tree cannot hold. */
static void
reader_problem_cb (const DgJsonPos *pos,
                   const char      *message,
                   gpointer         user_data)
{
  Loader *L = user_data;

  add_problem (L, DG_SEVERITY_ERROR, NULL, pos, g_strdup (message));
}

/* The object being read got its id late: the problems said before name it
 * too. */
static void
name_object_problems (Loader     *L,
                      const char *id)
{
  if (id == NULL)
    return;
  for (guint i = L->object_first_problem; i < L->problems->len; i++)
    {
      DgProblem *p = g_ptr_array_index (L->problems, i);

      if (p->id == NULL && p->path != NULL && g_str_has_prefix (p->path, L->where == WHERE_COMPANY ? "companies[" : "deals["))
        p->id = dg_json_escape_for_message (id, -1, 80);
    }
}

static const char *
token_type_name (DgJsonToken t)
{
  switch (t)
    {
    case DG_JSON_OBJECT_BEGIN: return _("an object");
    case DG_JSON_ARRAY_BEGIN: return _("an array");
    case DG_JSON_STRING: return _("a string");
    case DG_JSON_NUMBER: return _("a number");
    case DG_JSON_TRUE:
    case DG_JSON_FALSE: return _("a boolean");
    case DG_JSON_NULL:
    default:
      return "null";
    }
}

static DgJsonToken
next (Loader *L)
{
  DgJsonToken t;

  if (L->fatal)
    return DG_JSON_ERROR;
  t = dg_json_reader_next (L->reader);
  if (t == DG_JSON_ERROR)
    L->fatal = TRUE;
  return t;
}

/* The rest of the value that began with @t, unread; appended to @canonical
 * when given. */
static void
skip (Loader      *L,
      DgJsonToken  t,
      GString     *canonical)
{
  if (L->fatal)
    return;
  if (!dg_json_reader_skip_value (L->reader, t, canonical))
    L->fatal = TRUE;
}

/* Appends `"key":` of the member just read to an object text being built
 * ("{" when it is the first). */
static void
append_key (GString    **object,
            const char  *key,
            gsize        length)
{
  if (*object == NULL)
    *object = g_string_new ("{");
  else
    g_string_append_c (*object, ',');
  dg_json_append_string (*object, key, (gssize) length);
  g_string_append_c (*object, ':');
}

/* The object text built by append_key(), closed; NULL when empty. */
static char *
close_object (GString *object)
{
  if (object == NULL)
    return NULL;
  g_string_append_c (object, '}');
  return g_string_free (object, FALSE);
}

/* A copy of decoded text (checked for U+0000 already, so no strndup). */
static char *
dup_text (const char *text,
          gsize       length)
{
  char *copy = g_malloc (length + 1);

  memcpy (copy, text, length);
  copy[length] = '\0';
  return copy;
}

/* ---- objects with known fields ------------------------------------------- */

typedef enum
{
  F_TEXT,       /* a string, or null for none */
  F_DATE,
  F_URL,
  F_AMOUNT,     /* a number >= 0, or null */
  F_COORD,      /* a number within +-DG_MAX_COORDINATE */
  F_ZOOM,
  F_BOOL,
  F_SOURCES,    /* a deal's sources: an array of objects, or null */
} FieldType;

#define REQUIRED 1  /* present and not null */
#define NONEMPTY 2  /* not "" */

typedef struct
{
  const char *key;
  guint8 length;
  guint8 type;
  guint8 flags;
} Field;

#define FIELD(key, type, flags) { key, sizeof key - 1, type, flags }
#define MAX_FIELDS 16

/* What one object held, field by field (in the order of its Field table). */
typedef struct
{
  char *s[MAX_FIELDS];
  double d[MAX_FIELDS];
  DgJsonPos pos[MAX_FIELDS];
  guint32 given;        /* present and not null */
  guint32 null;         /* present as null */
  guint32 bad;          /* present but refused */
  DgJsonPos obj_pos;
  GString *unknown;     /* members not in the table, as an object text */
  gboolean keep_all;    /* ... and the known ones too, as written */
  guint in_source;      /* for messages: 1 + N of "sources[N].", 0 for none */
  GPtrArray *sources;   /* F_SOURCES */
  /* Members kept as written that dg-deal-state.c reads (a history): where
   * each value starts, for its messages. NULL-terminated; nullable. */
  const char * const *tracked;
  DgJsonPos tracked_pos[8];
  guint8 tracked_seen;
} Values;

static void
values_clear (Values *v)
{
  for (guint i = 0; i < MAX_FIELDS; i++)
    g_free (v->s[i]);
  if (v->unknown != NULL)
    g_string_free (v->unknown, TRUE);
  g_clear_pointer (&v->sources, g_ptr_array_unref);
}

static int
find_field (const Field *fields,
            guint        n,
            const char  *key,
            gsize        length)
{
  for (guint i = 0; i < n; i++)
    if (fields[i].length == length && memcmp (fields[i].key, key, length) == 0)
      return (int) i;
  return -1;
}

/* The name of a field in messages. */
static char *
field_name (const Values *v,
            const Field  *field)
{
  if (v->in_source != 0)
    return g_strdup_printf ("sources[%u].%s", v->in_source - 1, field->key);
  return g_strdup (field->key);
}

static void read_sources (Loader *L, DgJsonToken t, Values *v, guint i);

static void
refuse_type (Loader      *L,
             Values      *v,
             guint        i,
             const Field *field,
             DgJsonToken  t,
             const char  *wanted)
{
  g_autofree char *name = field_name (v, field);

  /* Translators: "\"amount_usd\" must be a number, not a string" */
  error_at (L, &v->pos[i], _("\"%s\" must be %s, not %s"), name, wanted, token_type_name (t));
  v->bad |= 1u << i;
  skip (L, t, NULL);
}

/* Reads the value of field @i, whose first token is @t. */
static void
read_field (Loader      *L,
            const Field *field,
            guint        i,
            DgJsonToken  t,
            Values      *v)
{
  const char *text = NULL;
  gsize length = 0;
  char *message = NULL;
  DgCheck check = DG_CHECK_OK;

  v->pos[i] = dg_json_reader_get_pos (L->reader);
  g_clear_pointer (&v->s[i], g_free);
  v->given &= ~(1u << i);
  v->null &= ~(1u << i);

  if (t == DG_JSON_NULL && field->type != F_COORD && field->type != F_ZOOM && field->type != F_BOOL)
    {
      v->null |= 1u << i;
      if (v->keep_all)
        g_string_append (v->unknown, "null");
      return;
    }

  switch (field->type)
    {
    case F_TEXT:
    case F_DATE:
    case F_URL:
      if (t != DG_JSON_STRING)
        {
          /* Translators: what a field must be, in "\"%s\" must be %s, not %s" */
          refuse_type (L, v, i, field, t, _("a string"));
          return;
        }
      text = dg_json_reader_get_string (L->reader, &length);
      check = dg_validate_text (field->key, text, length, (field->flags & NONEMPTY) != 0, &message);
      if (check == DG_CHECK_OK)
        {
          v->s[i] = dup_text (text, length);
          if (field->type == F_DATE)
            check = dg_validate_date (field->key, v->s[i], &message);
          else if (field->type == F_URL)
            check = dg_validate_url (field->key, v->s[i], &message);
        }
      break;

    case F_AMOUNT:
    case F_COORD:
    case F_ZOOM:
      if (t != DG_JSON_NUMBER)
        {
          refuse_type (L, v, i, field, t, _("a number"));
          return;
        }
      text = dg_json_reader_get_number (L->reader, &length);
      if (field->type == F_AMOUNT)
        check = dg_validate_amount (field->key, text, length, &v->d[i], &message);
      else if (field->type == F_COORD)
        check = dg_validate_coordinate (field->key, text, length, &v->d[i], &message);
      else
        check = dg_validate_zoom (text, length, &v->d[i], &message);
      if (check == DG_CHECK_OK && v->keep_all)
        g_string_append_len (v->unknown, text, (gssize) length);
      break;

    case F_BOOL:
      if (t != DG_JSON_TRUE && t != DG_JSON_FALSE)
        {
          g_autofree char *name = field_name (v, field);

          error_at (L, &v->pos[i], _("\"%s\" must be true or false"), name);
          v->bad |= 1u << i;
          skip (L, t, NULL);
          return;
        }
      v->d[i] = t == DG_JSON_TRUE;
      if (v->keep_all)
        g_string_append (v->unknown, t == DG_JSON_TRUE ? "true" : "false");
      break;

    case F_SOURCES:
      read_sources (L, t, v, i);
      return;

    default:
      g_assert_not_reached ();
    }

  if (check != DG_CHECK_OK)
    {
      /* Said again with the field's full name when it has a prefix: rare,
       * so names are only built for messages. */
      if (v->in_source != 0)
        {
          g_autofree char *name = field_name (v, field);

          g_clear_pointer (&message, g_free);
          if (v->s[i] == NULL)
            dg_validate_text (name, text, length, (field->flags & NONEMPTY) != 0, &message);
          else if (field->type == F_DATE)
            dg_validate_date (name, v->s[i], &message);
          else if (field->type == F_URL)
            dg_validate_url (name, v->s[i], &message);
          g_assert (message != NULL);
        }
      report_check (L, check, NULL, &v->pos[i], &message);
      g_clear_pointer (&v->s[i], g_free);
      v->bad |= 1u << i;
      return;
    }

  if (v->keep_all && v->s[i] != NULL)
    dg_json_append_string (v->unknown, v->s[i], -1);
  v->given |= 1u << i;
}

/* Reads an object whose '{' was just read, field by field. */
static void
read_fields (Loader      *L,
             const Field *fields,
             guint        n,
             Values      *v)
{
  g_assert (n <= MAX_FIELDS);

  v->obj_pos = dg_json_reader_get_pos (L->reader);
  for (;;)
    {
      DgJsonToken t = next (L);
      const char *key;
      gsize length;
      int i;

      if (t != DG_JSON_KEY)
        break;  /* the end, or an error */

      key = dg_json_reader_get_string (L->reader, &length);
      i = find_field (fields, n, key, length);
      if (i < 0 || v->keep_all)
        append_key (&v->unknown, key, length);
      if (i < 0 && v->tracked != NULL)
        for (guint k = 0; v->tracked[k] != NULL; k++)
          if (strlen (v->tracked[k]) == length && memcmp (v->tracked[k], key, length) == 0)
            {
              v->tracked_seen |= 1u << k;
              i = -2 - (int) k;
              break;
            }
      t = next (L);
      if (L->fatal)
        return;
      if (i < -1)
        {
          v->tracked_pos[-2 - i] = dg_json_reader_get_pos (L->reader);
          i = -1;
        }
      if (i < 0)
        skip (L, t, v->unknown);
      else
        read_field (L, &fields[i], (guint) i, t, v);
    }
}

/* Every required field is there (unless it was refused already). */
static gboolean
check_required (Loader      *L,
                const Field *fields,
                guint        n,
                Values      *v)
{
  gboolean ok = v->bad == 0;

  for (guint i = 0; i < n; i++)
    if ((fields[i].flags & REQUIRED) && !(v->given & (1u << i)) && !(v->bad & (1u << i)))
      {
        g_autofree char *name = field_name (v, &fields[i]);

        error_at (L, &v->obj_pos, _("missing required field \"%s\""), name);
        ok = FALSE;
      }
  return ok;
}

/* ---- histories ------------------------------------------------------------ */

/* The members of a deal's history (docs/file-format.md, "Deal
 * histories"), kept as written and read by dg-deal-state.c. */
static const char * const deal_history_members[] = {
  "history", "confidence", "figures", "replaced_by", "part_of", "overlaps", NULL
};
static const char * const company_history_members[] = { "valuations", NULL };

/* Where the member named @member was, from the table @members: the object
 * itself when it was not there. */
static const DgJsonPos *
tracked_pos (const Values       *v,
             const char * const *members,
             const char         *member)
{
  for (guint k = 0; members[k] != NULL; k++)
    if (strcmp (members[k], member) == 0 && (v->tracked_seen & (1u << k)))
      return &v->tracked_pos[k];
  return &v->obj_pos;
}

/* Reads the history members of the object just read, whose unknown
 * members are @unknown, and says their problems. FALSE on an error. */
static gboolean
check_history (Loader             *L,
               const Values       *v,
               const char * const *members,
               const char         *unknown,
               guint               n_sources,
               const char         *top_status,
               const DgAmount     *top_amount)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (_dg_state_problem_free);
  g_autoptr(JsonObject) object = NULL;
  gboolean ok = TRUE;

  if (v->tracked_seen == 0 || unknown == NULL)
    return TRUE;
  object = dg_json_object_from_canonical (unknown);
  if (members == deal_history_members)
    _dg_deal_timeline_free (_dg_deal_timeline_parse (object, n_sources, top_status, top_amount, problems));
  else
    {
      GPtrArray *valuations = _dg_valuations_parse (object, problems);

      g_clear_pointer (&valuations, g_ptr_array_unref);
    }
  for (guint i = 0; i < problems->len; i++)
    {
      DgStateProblem *p = g_ptr_array_index (problems, i);

      add_problem (L, p->severity, p->code, tracked_pos (v, members, p->member), g_steal_pointer (&p->message));
      ok &= p->severity != DG_SEVERITY_ERROR;
    }
  return ok;
}

/* ---- companies ------------------------------------------------------------ */

enum { C_ID, C_NAME, C_KIND, C_COUNTRY, C_VALUATION, C_VALUATION_AS_OF, C_VALUATION_NOTE,
       C_DESCRIPTION, C_WEBSITE, C_N };

static const Field company_fields[C_N] = {
  FIELD ("id", F_TEXT, REQUIRED | NONEMPTY),
  FIELD ("name", F_TEXT, REQUIRED | NONEMPTY),
  FIELD ("kind", F_TEXT, 0),
  FIELD ("country", F_TEXT, 0),
  FIELD ("valuation_usd", F_AMOUNT, 0),
  FIELD ("valuation_as_of", F_DATE, 0),
  FIELD ("valuation_note", F_TEXT, 0),
  FIELD ("description", F_TEXT, 0),
  FIELD ("website", F_URL, 0),
};

/* The index (in the file) of the object that took @id first, or -1. */
static int
id_taken (GHashTable *ids,
          const char *id)
{
  gpointer value = g_hash_table_lookup (ids, id);

  return value != NULL ? (int) GPOINTER_TO_UINT (value) - 1 : -1;
}

/* Registers the id in *@id for object @index: the table borrows it from
 * the object that will be built (@ok) or takes it for good. */
static void
register_id (Loader      *L,
             GHashTable  *ids,
             char       **id,
             gboolean     ok,
             guint        index)
{
  g_hash_table_insert (ids, *id, GUINT_TO_POINTER (index + 1));
  if (!ok)
    g_ptr_array_add (L->owned_ids, g_steal_pointer (id));
}

static void
read_company (Loader      *L,
              DgJsonToken  t,
              guint        index)
{
  Values v = { { 0 } };
  DgCompanyFields fields;
  gboolean ok;
  int first;

  L->where = WHERE_COMPANY;
  L->where_index = index;
  L->where_id = NULL;
  L->object_first_problem = L->problems->len;

  if (t != DG_JSON_OBJECT_BEGIN)
    {
      DgJsonPos pos = dg_json_reader_get_pos (L->reader);

      error_at (L, &pos, _("a company must be an object, not %s"), token_type_name (t));
      skip (L, t, NULL);
      g_ptr_array_add (L->companies, NULL);
      g_array_append_val (L->company_pos, pos);
      return;
    }

  v.tracked = company_history_members;
  read_fields (L, company_fields, C_N, &v);
  g_array_append_val (L->company_pos, v.obj_pos);
  if (L->fatal)
    {
      g_ptr_array_add (L->companies, NULL);
      values_clear (&v);
      return;
    }

  L->where_id = v.s[C_ID];
  name_object_problems (L, v.s[C_ID]);
  ok = check_required (L, company_fields, C_N, &v);

  first = v.s[C_ID] != NULL ? id_taken (L->company_ids, v.s[C_ID]) : -1;
  if (first >= 0)
    {
      g_autofree char *id = dg_json_escape_for_message (v.s[C_ID], -1, 80);

      error_at (L, &v.pos[C_ID], _("duplicate company id \"%s\" (first used by companies[%u])"), id, (guint) first);
      ok = FALSE;
    }

  if (v.s[C_KIND] != NULL)
    {
      char *message;

      report_check (L, dg_validate_company_kind (v.s[C_KIND], &message), "unknown-company-kind",
                    &v.pos[C_KIND], &message);
    }

  fields.unknown = close_object (g_steal_pointer (&v.unknown));
  if (ok)
    ok = check_history (L, &v, company_history_members, fields.unknown, 0, NULL, NULL);

  L->where_id = NULL;
  /* Even a refused company's id counts, so deals naming it do not add
   * "unknown company" to the one real problem. */
  if (v.s[C_ID] != NULL && first < 0)
    register_id (L, L->company_ids, &v.s[C_ID], ok, index);
  if (!ok)
    {
      g_ptr_array_add (L->companies, NULL);
      g_free (fields.unknown);
      values_clear (&v);
      return;
    }

  fields.id = g_steal_pointer (&v.s[C_ID]);
  fields.name = g_steal_pointer (&v.s[C_NAME]);
  fields.kind = g_steal_pointer (&v.s[C_KIND]);
  fields.country = g_steal_pointer (&v.s[C_COUNTRY]);
  fields.valuation = (v.given & (1u << C_VALUATION)) ? v.d[C_VALUATION] : NAN;
  fields.valuation_as_of = g_steal_pointer (&v.s[C_VALUATION_AS_OF]);
  fields.valuation_note = g_steal_pointer (&v.s[C_VALUATION_NOTE]);
  fields.description = g_steal_pointer (&v.s[C_DESCRIPTION]);
  fields.website = g_steal_pointer (&v.s[C_WEBSITE]);
  g_ptr_array_add (L->companies, _dg_company_new_take (&fields));
  values_clear (&v);
}

/* ---- deals ----------------------------------------------------------------- */

enum { D_ID, D_FROM, D_TO, D_KIND, D_AMOUNT, D_MIN, D_MAX, D_AMOUNT_NOTE, D_ANNOUNCED, D_TERM,
       D_STATUS, D_STATUS_NOTE, D_TITLE, D_DESCRIPTION, D_SOURCES, D_N };

static const Field deal_fields[D_N] = {
  FIELD ("id", F_TEXT, REQUIRED | NONEMPTY),
  FIELD ("from", F_TEXT, REQUIRED | NONEMPTY),
  FIELD ("to", F_TEXT, REQUIRED | NONEMPTY),
  FIELD ("kind", F_TEXT, 0),
  FIELD ("amount_usd", F_AMOUNT, 0),
  FIELD ("amount_min_usd", F_AMOUNT, 0),
  FIELD ("amount_max_usd", F_AMOUNT, 0),
  FIELD ("amount_note", F_TEXT, 0),
  FIELD ("announced", F_DATE, 0),
  FIELD ("term", F_TEXT, 0),
  FIELD ("status", F_TEXT, 0),
  FIELD ("status_note", F_TEXT, 0),
  FIELD ("title", F_TEXT, 0),
  FIELD ("description", F_TEXT, 0),
  FIELD ("sources", F_SOURCES, 0),
};

enum { S_PUBLISHER, S_TITLE, S_DATE, S_URL, S_VIA, S_N };

static const Field source_fields[S_N] = {
  FIELD ("publisher", F_TEXT, REQUIRED),
  FIELD ("title", F_TEXT, 0),
  FIELD ("date", F_DATE, 0),
  FIELD ("url", F_URL, 0),
  FIELD ("via", F_TEXT, 0),
};

static void
read_sources (Loader      *L,
              DgJsonToken  t,
              Values      *v,
              guint        i)
{
  guint index = 0;

  g_clear_pointer (&v->sources, g_ptr_array_unref);
  if (t != DG_JSON_ARRAY_BEGIN)
    {
      refuse_type (L, v, i, &deal_fields[D_SOURCES], t, _("an array"));
      return;
    }
  v->sources = g_ptr_array_new_full (1, (GDestroyNotify) dg_source_free);

  for (;; index++)
    {
      Values s = { { 0 } };
      DgSource *source;

      t = next (L);
      if (t == DG_JSON_ARRAY_END || L->fatal)
        break;

      if (t != DG_JSON_OBJECT_BEGIN)
        {
          DgJsonPos pos = dg_json_reader_get_pos (L->reader);

          error_at (L, &pos, _("sources[%u] must be an object, not %s"), index, token_type_name (t));
          skip (L, t, NULL);
          v->bad |= 1u << i;
          continue;
        }

      /* The name is made only for a message (a formatted string for each
       * of 55,000 sources was a twentieth of loading them). */
      s.in_source = index + 1;
      read_fields (L, source_fields, S_N, &s);
      if (L->fatal || !check_required (L, source_fields, S_N, &s))
        {
          v->bad |= 1u << i;
          values_clear (&s);
          continue;
        }

      source = g_new0 (DgSource, 1);
      source->publisher = g_steal_pointer (&s.s[S_PUBLISHER]);
      source->title = g_steal_pointer (&s.s[S_TITLE]);
      source->date = g_steal_pointer (&s.s[S_DATE]);
      source->url = g_steal_pointer (&s.s[S_URL]);
      source->via = g_steal_pointer (&s.s[S_VIA]);
      source->unknown = close_object (g_steal_pointer (&s.unknown));
      g_ptr_array_add (v->sources, source);
      values_clear (&s);
    }

  if (!(v->bad & (1u << i)))
    v->given |= 1u << i;
}

static void
read_deal (Loader      *L,
           DgJsonToken  t,
           guint        index)
{
  Values v = { { 0 } };
  DgDealFields fields = { 0 };
  DealRefs refs;
  gboolean ok;
  int first;
  double amount, lo, hi;
  char *message;

  L->where = WHERE_DEAL;
  L->where_index = index;
  L->where_id = NULL;
  L->object_first_problem = L->problems->len;
  v.tracked = deal_history_members;
  memset (&refs, 0, sizeof refs);

  if (t != DG_JSON_OBJECT_BEGIN)
    {
      DgJsonPos pos = dg_json_reader_get_pos (L->reader);

      error_at (L, &pos, _("a deal must be an object, not %s"), token_type_name (t));
      skip (L, t, NULL);
      g_ptr_array_add (L->deals, NULL);
      g_array_append_val (L->deal_refs, refs);
      return;
    }

  read_fields (L, deal_fields, D_N, &v);
  refs.from = v.pos[D_FROM];
  refs.to = v.pos[D_TO];
  refs.replaced_by = *tracked_pos (&v, deal_history_members, "replaced_by");
  refs.part_of = *tracked_pos (&v, deal_history_members, "part_of");
  refs.overlaps = *tracked_pos (&v, deal_history_members, "overlaps");
  g_array_append_val (L->deal_refs, refs);
  if (L->fatal)
    {
      g_ptr_array_add (L->deals, NULL);
      values_clear (&v);
      return;
    }

  L->where_id = v.s[D_ID];
  name_object_problems (L, v.s[D_ID]);
  ok = check_required (L, deal_fields, D_N, &v);

  first = v.s[D_ID] != NULL ? id_taken (L->deal_ids, v.s[D_ID]) : -1;
  if (first >= 0)
    {
      g_autofree char *id = dg_json_escape_for_message (v.s[D_ID], -1, 80);

      error_at (L, &v.pos[D_ID], _("duplicate deal id \"%s\" (first used by deals[%u])"), id, (guint) first);
      ok = FALSE;
    }

  if (v.s[D_FROM] != NULL && v.s[D_TO] != NULL && strcmp (v.s[D_FROM], v.s[D_TO]) == 0)
    {
      g_autofree char *id = dg_json_escape_for_message (v.s[D_FROM], -1, 80);

      error_at (L, &v.pos[D_TO], _("a deal cannot run from a company to itself (\"%s\")"), id);
      ok = FALSE;
    }

  amount = (v.given & (1u << D_AMOUNT)) ? v.d[D_AMOUNT] : NAN;
  lo = (v.given & (1u << D_MIN)) ? v.d[D_MIN] : NAN;
  hi = (v.given & (1u << D_MAX)) ? v.d[D_MAX] : NAN;
  if (!(v.bad & ((1u << D_AMOUNT) | (1u << D_MIN) | (1u << D_MAX)))
      && !report_check (L, dg_validate_deal_amounts (amount, lo, hi, &message), NULL,
                        (v.given & (1u << D_MIN)) ? &v.pos[D_MIN]
                        : (v.given & (1u << D_MAX)) ? &v.pos[D_MAX] : &v.obj_pos,
                        &message))
    ok = FALSE;

  if (v.s[D_KIND] != NULL)
    report_check (L, dg_validate_deal_kind (v.s[D_KIND], &message), "unknown-deal-kind", &v.pos[D_KIND], &message);
  if (v.s[D_STATUS] != NULL)
    report_check (L, dg_validate_status (v.s[D_STATUS], &message), "unknown-status", &v.pos[D_STATUS], &message);

  if (ok && (v.sources == NULL || v.sources->len == 0))
    add_problem (L, DG_SEVERITY_WARNING, "no-sources", &v.obj_pos, g_strdup (_("deal has no sources")));

  fields.amount_null = (v.null & (1u << D_AMOUNT)) != 0;
  fields.unknown = close_object (g_steal_pointer (&v.unknown));
  if (ok)
    {
      DgAmount top;

      if (!isnan (lo))
        top = (DgAmount) { DG_AMOUNT_RANGE, isnan (amount) ? hi : amount, lo, hi };
      else if (!isnan (amount))
        top = (DgAmount) { DG_AMOUNT_EXACT, amount, amount, amount };
      else
        top = (DgAmount) { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
      ok = check_history (L, &v, deal_history_members, fields.unknown, v.sources != NULL ? v.sources->len : 0,
                          v.s[D_STATUS], &top);
    }

  L->where_id = NULL;
  if (v.s[D_ID] != NULL && first < 0)
    register_id (L, L->deal_ids, &v.s[D_ID], ok, index);
  if (!ok)
    {
      g_ptr_array_add (L->deals, NULL);
      g_free (fields.unknown);
      values_clear (&v);
      return;
    }

  if (!isnan (lo))
    {
      fields.amount.kind = DG_AMOUNT_RANGE;
      fields.amount.min = lo;
      fields.amount.max = hi;
      fields.amount.value = isnan (amount) ? hi : amount;
    }
  else if (!isnan (amount))
    {
      fields.amount.kind = DG_AMOUNT_EXACT;
      fields.amount.value = fields.amount.min = fields.amount.max = amount;
    }
  else
    {
      fields.amount.kind = DG_AMOUNT_UNDISCLOSED;
      fields.amount.value = fields.amount.min = fields.amount.max = NAN;
    }
  fields.id = g_steal_pointer (&v.s[D_ID]);
  fields.from_id = g_steal_pointer (&v.s[D_FROM]);
  fields.to_id = g_steal_pointer (&v.s[D_TO]);
  fields.kind = g_steal_pointer (&v.s[D_KIND]);
  fields.amount_note = g_steal_pointer (&v.s[D_AMOUNT_NOTE]);
  fields.announced = g_steal_pointer (&v.s[D_ANNOUNCED]);
  fields.term = g_steal_pointer (&v.s[D_TERM]);
  fields.status = g_steal_pointer (&v.s[D_STATUS]);
  fields.status_note = g_steal_pointer (&v.s[D_STATUS_NOTE]);
  fields.title = g_steal_pointer (&v.s[D_TITLE]);
  fields.description = g_steal_pointer (&v.s[D_DESCRIPTION]);
  fields.sources = g_steal_pointer (&v.sources);
  g_ptr_array_add (L->deals, _dg_deal_new_take (&fields));
  values_clear (&v);
}

/* "companies" or "deals": an array of objects. */
static void
read_list (Loader      *L,
           DgJsonToken  t,
           gboolean     companies)
{
  const char *key = companies ? "companies" : "deals";
  guint index = 0;

  L->where = WHERE_TOP;
  L->where_id = NULL;
  if (companies)
    L->companies_seen = TRUE;
  else
    L->deals_seen = TRUE;
  if (t != DG_JSON_ARRAY_BEGIN)
    {
      DgJsonPos pos = dg_json_reader_get_pos (L->reader);

      error_at (L, &pos, _("\"%s\" must be an array, not %s"), key, token_type_name (t));
      skip (L, t, NULL);
      return;
    }
  if (companies)
    L->companies_read = TRUE;
  else
    L->deals_read = TRUE;

  for (;; index++)
    {
      t = next (L);
      if (t == DG_JSON_ARRAY_END || L->fatal)
        break;
      if (companies)
        read_company (L, t, index);
      else
        read_deal (L, t, index);
    }
  L->where = WHERE_TOP;
  L->where_id = NULL;
}

/* ---- layout -------------------------------------------------------------- */

enum { P_X, P_Y, P_PINNED, P_N };

static const Field position_fields[P_N] = {
  FIELD ("x", F_COORD, REQUIRED),
  FIELD ("y", F_COORD, REQUIRED),
  FIELD ("pinned", F_BOOL, 0),
};

enum { V_X, V_Y, V_ZOOM, V_N };

static const Field view_fields[V_N] = {
  FIELD ("x", F_COORD, 0),
  FIELD ("y", F_COORD, 0),
  FIELD ("zoom", F_ZOOM, 0),
};

static void
read_positions (Loader      *L,
                DgJsonToken  t)
{
  L->where = WHERE_POSITIONS;
  if (t == DG_JSON_NULL)
    return;
  if (t != DG_JSON_OBJECT_BEGIN)
    {
      DgJsonPos pos = dg_json_reader_get_pos (L->reader);

      L->where = WHERE_LAYOUT;
      error_at (L, &pos, _("\"positions\" must be an object, not %s"), token_type_name (t));
      skip (L, t, NULL);
      return;
    }

  for (;;)
    {
      Values v = { { 0 } };
      PendingPosition p = { NULL };
      const char *key;
      gsize length;

      /* The last position's name may be gone: nothing names the next key
       * until it is read. */
      L->where_id = NULL;
      t = next (L);
      if (t != DG_JSON_KEY)
        break;
      key = dg_json_reader_get_string (L->reader, &length);
      p.pos = dg_json_reader_get_pos (L->reader);
      /* The key names a company: cut at a U+0000 it would name another
       * one ("a\u0000b" would place "a"), so it is refused like an id. */
      {
        char *message = NULL;

        if (!report_check (L, dg_validate_text ("positions", key, length, FALSE, &message), NULL, &p.pos, &message))
          {
            skip (L, next (L), NULL);
            continue;
          }
      }
      p.company = dup_text (key, length);
      L->where_id = p.company;
      L->object_first_problem = L->problems->len;

      t = next (L);
      if (L->fatal)
        {
          g_free (p.company);
          break;
        }
      if (t != DG_JSON_OBJECT_BEGIN)
        {
          DgJsonPos pos = dg_json_reader_get_pos (L->reader);

          error_at (L, &pos, _("a position must be an object with \"x\" and \"y\", not %s"), token_type_name (t));
          skip (L, t, NULL);
          g_free (p.company);
          continue;
        }
      read_fields (L, position_fields, P_N, &v);
      if (!L->fatal && check_required (L, position_fields, P_N, &v))
        {
          p.x = v.d[P_X];
          p.y = v.d[P_Y];
          p.pinned = (v.given & (1u << P_PINNED)) && v.d[P_PINNED] != 0;
          p.unknown = close_object (g_steal_pointer (&v.unknown));
          g_array_append_val (L->positions, p);
        }
      else
        g_free (p.company);
      values_clear (&v);
    }
  L->where = WHERE_LAYOUT;
  L->where_id = NULL;
}

/* The view, checked, kept as written. */
static void
read_view (Loader      *L,
           DgJsonToken  t,
           GString     *layout_unknown)
{
  Values v = { { 0 } };

  if (t != DG_JSON_OBJECT_BEGIN)
    {
      DgJsonPos pos = dg_json_reader_get_pos (L->reader);

      error_at (L, &pos, _("\"%s\" must be %s, not %s"), "view", _("an object"), token_type_name (t));
      skip (L, t, NULL);
      g_string_append (layout_unknown, "null");
      return;
    }
  v.keep_all = TRUE;
  read_fields (L, view_fields, V_N, &v);
  if (v.unknown == NULL)
    g_string_append (layout_unknown, "{}");
  else
    {
      g_string_append_len (layout_unknown, v.unknown->str, (gssize) v.unknown->len);
      g_string_append_c (layout_unknown, '}');
    }
  values_clear (&v);
}

static void
read_layout (Loader      *L,
             DgJsonToken  t)
{
  GString *unknown = NULL;

  L->where = WHERE_LAYOUT;
  L->where_id = NULL;
  if (t == DG_JSON_NULL)
    {
      L->where = WHERE_TOP;
      return;
    }
  if (t != DG_JSON_OBJECT_BEGIN)
    {
      DgJsonPos pos = dg_json_reader_get_pos (L->reader);

      error_at (L, &pos, _("\"layout\" must be an object, not %s"), token_type_name (t));
      skip (L, t, NULL);
      L->where = WHERE_TOP;
      return;
    }

  for (;;)
    {
      const char *key;
      gsize length;
      DgJsonPos pos;

      t = next (L);
      if (t != DG_JSON_KEY)
        break;
      key = dg_json_reader_get_string (L->reader, &length);

      if (length == 9 && memcmp (key, "algorithm", 9) == 0)
        {
          t = next (L);
          pos = dg_json_reader_get_pos (L->reader);
          g_clear_pointer (&L->layout_algorithm, g_free);
          if (t == DG_JSON_STRING)
            {
              const char *text = dg_json_reader_get_string (L->reader, &length);
              char *message;

              if (report_check (L, dg_validate_text ("algorithm", text, length, FALSE, &message), NULL, &pos, &message))
                L->layout_algorithm = g_strndup (text, length);
            }
          else if (t != DG_JSON_NULL && !L->fatal)
            {
              error_at (L, &pos, _("\"%s\" must be %s, not %s"), "algorithm", _("a string"), token_type_name (t));
              skip (L, t, NULL);
            }
        }
      else if (length == 9 && memcmp (key, "positions", 9) == 0)
        read_positions (L, next (L));
      else if (length == 4 && memcmp (key, "view", 4) == 0)
        {
          append_key (&unknown, key, length);
          read_view (L, next (L), unknown);
        }
      else if (length == 4 && memcmp (key, "seed", 4) == 0)
        {
          append_key (&unknown, key, length);
          t = next (L);
          pos = dg_json_reader_get_pos (L->reader);
          if (t == DG_JSON_NUMBER)
            {
              const char *text = dg_json_reader_get_number (L->reader, &length);
              guint64 seed;
              char *message;

              report_check (L, dg_validate_seed (text, length, &seed, &message), NULL, &pos, &message);
              g_string_append_len (unknown, text, (gssize) length);
            }
          else if (!L->fatal)
            {
              error_at (L, &pos, _("\"%s\" must be %s, not %s"), "seed", _("a whole number"), token_type_name (t));
              skip (L, t, NULL);
              g_string_append (unknown, "null");
            }
        }
      else if ((length == 4 && memcmp (key, "tour", 4) == 0) || (length == 6 && memcmp (key, "filter", 6) == 0))
        {
          /* Read as trees by dg-tour.c and dg-filter.c. */
          g_autofree char *name = g_strndup (key, length);
          JsonNode *node;

          t = next (L);
          if (L->fatal)
            break;
          node = dg_json_reader_read_node (L->reader, t);
          if (node == NULL)
            {
              L->fatal = TRUE;
              break;
            }
          json_object_set_member (L->layout_extra, name, node);
        }
      else
        {
          append_key (&unknown, key, length);
          skip (L, next (L), unknown);
        }
      if (L->fatal)
        break;
    }

  if (L->layout_unknown != NULL)
    g_string_free (L->layout_unknown, TRUE);
  L->layout_unknown = unknown;
  L->where = WHERE_TOP;
  L->where_id = NULL;
}

/* ---- the document ---------------------------------------------------------- */

/* "format" and "version" decide whether the rest means anything. */
static void
set_format_problem (Loader          *L,
                    const DgJsonPos *pos,
                    char            *message)
{
  if (L->format_problem != NULL)
    {
      g_free (message);
      return;
    }
  L->where = WHERE_TOP;
  L->format_problem = problem_new (L, DG_SEVERITY_ERROR, NULL, pos, message);
}

static void
read_top_string (Loader      *L,
                 DgJsonToken  t,
                 const char  *key,
                 gboolean     date,
                 char       **out)
{
  DgJsonPos pos = dg_json_reader_get_pos (L->reader);
  const char *text;
  gsize length;
  char *message;

  g_clear_pointer (out, g_free);
  if (t == DG_JSON_NULL)
    return;
  if (t != DG_JSON_STRING)
    {
      error_at (L, &pos, _("\"%s\" must be %s, not %s"), key, _("a string"), token_type_name (t));
      skip (L, t, NULL);
      return;
    }
  text = dg_json_reader_get_string (L->reader, &length);
  if (!report_check (L, dg_validate_text (key, text, length, FALSE, &message), NULL, &pos, &message))
    return;
  *out = g_strndup (text, length);
  if (date && !report_check (L, dg_validate_date (key, *out, &message), NULL, &pos, &message))
    g_clear_pointer (out, g_free);
}

static void
read_document (Loader *L)
{
  DgJsonToken t = next (L);

  if (L->fatal)
    return;
  L->top_pos = dg_json_reader_get_pos (L->reader);
  if (t != DG_JSON_OBJECT_BEGIN)
    {
      error_at (L, &L->top_pos, _("the top level must be an object, not %s"), token_type_name (t));
      L->not_object = TRUE;
      skip (L, t, NULL);
      next (L);
      return;
    }

  for (;;)
    {
      const char *key;
      gsize length;
      DgJsonPos pos;

      t = next (L);
      if (t != DG_JSON_KEY)
        break;
      key = dg_json_reader_get_string (L->reader, &length);

#define IS(name) (length == sizeof name - 1 && memcmp (key, name, sizeof name - 1) == 0)
      if (IS ("format"))
        {
          t = next (L);
          pos = dg_json_reader_get_pos (L->reader);
          L->has_format = TRUE;
          if (t == DG_JSON_STRING)
            {
              key = dg_json_reader_get_string (L->reader, &length);
              L->format_ok = IS ("dealgraph");
            }
          else
            skip (L, t, NULL);
          if (!L->format_ok && !L->fatal)
            set_format_problem (L, &pos, g_strdup (_("\"format\" must be \"dealgraph\"; this is not a Dealgraph file")));
        }
      else if (IS ("version"))
        {
          t = next (L);
          pos = dg_json_reader_get_pos (L->reader);
          L->has_version = TRUE;
          if (t == DG_JSON_NUMBER)
            {
              const char *text = dg_json_reader_get_number (L->reader, &length);
              char *message = NULL;

              if (dg_validate_version (text, length, &message) != DG_CHECK_OK)
                set_format_problem (L, &pos, message);
            }
          else if (!L->fatal)
            {
              set_format_problem (L, &pos, g_strdup_printf (_("\"version\" must be a whole number, not %s"),
                                                            token_type_name (t)));
              skip (L, t, NULL);
            }
        }
      else if (IS ("title"))
        read_top_string (L, next (L), "title", FALSE, &L->title);
      else if (IS ("description"))
        read_top_string (L, next (L), "description", FALSE, &L->description);
      else if (IS ("as_of"))
        read_top_string (L, next (L), "as_of", TRUE, &L->as_of);
      else if (IS ("companies"))
        read_list (L, next (L), TRUE);
      else if (IS ("deals"))
        read_list (L, next (L), FALSE);
      else if (IS ("layout"))
        read_layout (L, next (L));
      else
        {
          append_key (&L->unknown, key, length);
          skip (L, next (L), L->unknown);
        }
#undef IS
      if (L->fatal)
        return;
    }

  if (t == DG_JSON_OBJECT_END)
    next (L);  /* must be the end of the input */
}

/* A link of a deal's history names a deal of the file (not itself). */
static void
check_link (Loader          *L,
            DgDeal          *deal,
            const char      *key,
            const char      *id,
            const DgJsonPos *pos)
{
  g_autofree char *shown = NULL;

  if (id == NULL)
    return;
  shown = dg_json_escape_for_message (id, -1, 80);
  if (strcmp (id, dg_deal_get_id (deal)) == 0)
    /* Translators: "\"replaced_by\" names the deal itself" */
    error_at (L, pos, _("\"%s\" names the deal itself"), key);
  else if (!g_hash_table_contains (L->deal_ids, id))
    error_at (L, pos, _("\"%s\" names unknown deal \"%s\""), key, shown);
}

static void
check_links (Loader         *L,
             DgDeal         *deal,
             const DealRefs *refs)
{
  const DgDealTimeline *timeline;

  if (_dg_deal_get_unknown (deal) == NULL)
    return;
  timeline = dg_deal_get_timeline (deal);
  check_link (L, deal, "replaced_by", timeline->replaced_by, &refs->replaced_by);
  check_link (L, deal, "part_of", timeline->part_of, &refs->part_of);
  for (guint k = 0; k < timeline->overlaps->len; k++)
    check_link (L, deal, "overlaps", g_ptr_array_index (timeline->overlaps, k), &refs->overlaps);
}

/* Checks that need the whole file; warnings about it. */
static void
check_document (Loader *L)
{
  g_autofree guint *n_deals_of = g_new0 (guint, L->companies->len + 1);

  L->where = WHERE_TOP;
  L->where_id = NULL;
  if (!L->has_format)
    {
      set_format_problem (L, &L->top_pos, g_strdup (_("missing \"format\": \"dealgraph\"; this is not a Dealgraph file")));
      return;
    }
  if (!L->has_version)
    {
      set_format_problem (L, &L->top_pos, g_strdup_printf (_("missing required field \"%s\""), "version"));
      return;
    }
  if (!L->companies_seen)
    error_at (L, &L->top_pos, _("missing required field \"%s\""), "companies");
  if (!L->deals_seen)
    error_at (L, &L->top_pos, _("missing required field \"%s\""), "deals");

  /* The companies each deal names; when the list of companies itself was
   * unusable, every name would be "unknown", which only buries the one
   * real problem. */
  for (guint i = 0; i < L->deals->len; i++)
    {
      DgDeal *deal = g_ptr_array_index (L->deals, i);
      const DealRefs *refs = &g_array_index (L->deal_refs, DealRefs, i);
      gpointer from, to;

      if (deal == NULL || !L->companies_read)
        continue;
      L->where = WHERE_DEAL;
      L->where_index = i;
      L->where_id = dg_deal_get_id (deal);
      from = g_hash_table_lookup (L->company_ids, dg_deal_get_from_id (deal));
      to = g_hash_table_lookup (L->company_ids, dg_deal_get_to_id (deal));
      if (from == NULL)
        {
          g_autofree char *id = dg_json_escape_for_message (dg_deal_get_from_id (deal), -1, 80);

          error_at (L, &refs->from, _("\"from\" names unknown company \"%s\""), id);
        }
      if (to == NULL)
        {
          g_autofree char *id = dg_json_escape_for_message (dg_deal_get_to_id (deal), -1, 80);

          error_at (L, &refs->to, _("\"to\" names unknown company \"%s\""), id);
        }
      if (from != NULL && to != NULL)
        {
          guint f = GPOINTER_TO_UINT (from) - 1, t = GPOINTER_TO_UINT (to) - 1;

          _dg_deal_set_indices (deal, i, f, t);
          n_deals_of[f]++;
          n_deals_of[t]++;
        }
      check_links (L, deal, refs);
    }
  L->where = WHERE_TOP;
  L->where_id = NULL;

  if (L->n_errors > 0)
    return;

  for (guint i = 0; i < L->companies->len; i++)
    if (n_deals_of[i] == 0)
      {
        L->where = WHERE_COMPANY;
        L->where_index = i;
        L->where_id = dg_company_get_id (g_ptr_array_index (L->companies, i));
        add_problem (L, DG_SEVERITY_WARNING, "no-deals", &g_array_index (L->company_pos, DgJsonPos, i),
                     g_strdup (_("company has no deals")));
      }

  L->where = WHERE_POSITIONS;
  for (guint i = 0; i < L->positions->len; i++)
    {
      PendingPosition *p = &g_array_index (L->positions, PendingPosition, i);

      if (!g_hash_table_contains (L->company_ids, p->company))
        {
          g_autofree char *id = dg_json_escape_for_message (p->company, -1, 80);

          L->where_id = p->company;
          add_problem (L, DG_SEVERITY_WARNING, "position-unknown-company", &p->pos,
                       g_strdup_printf (_("position for unknown company \"%s\" dropped"), id));
        }
    }
  L->where = WHERE_TOP;
  L->where_id = NULL;
}

static DgDocument *
build_document (Loader *L)
{
  g_autoptr(DgDocument) doc = dg_document_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  dg_document_set_title (doc, L->title);
  dg_document_set_description (doc, L->description);
  dg_document_set_as_of (doc, L->as_of);
  _dg_document_add_loaded (doc, L->companies, L->deals);

  for (guint i = 0; i < L->positions->len; i++)
    {
      PendingPosition *p = &g_array_index (L->positions, PendingPosition, i);
      gpointer index = g_hash_table_lookup (L->company_ids, p->company);

      if (index == NULL)
        continue;
      dg_document_set_position (doc, GPOINTER_TO_UINT (index) - 1, p->x, p->y, p->pinned);
      _dg_document_take_position_unknown (doc, GPOINTER_TO_UINT (index) - 1, g_steal_pointer (&p->unknown));
    }

  dg_document_set_layout_algorithm (doc, L->layout_algorithm);
  json_object_iter_init_ordered (&iter, L->layout_extra);
  while (json_object_iter_next_ordered (&iter, &key, &member))
    json_object_set_member (dg_document_get_layout_extra (doc), key, json_node_ref (member));
  _dg_document_take_layout_unknown (doc, close_object (g_steal_pointer (&L->layout_unknown)));
  _dg_document_take_unknown (doc, close_object (g_steal_pointer (&L->unknown)));
  dg_document_set_modified (doc, FALSE);

  return g_steal_pointer (&doc);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const DgProblem *p = *(DgProblem * const *) a;
  const DgProblem *q = *(DgProblem * const *) b;

  if (p->line != q->line)
    return p->line < q->line ? -1 : 1;
  if (p->column != q->column)
    return p->column < q->column ? -1 : 1;
  return 0;
}

static void
unref_object (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
pending_position_clear (gpointer data)
{
  PendingPosition *p = data;

  g_free (p->company);
  g_free (p->unknown);
}

/* Reads everything @reader gives; returns the document, or NULL with the
 * problems in @problems (in file order). */
static DgDocument *
load (DgJsonReader  *reader,
      GPtrArray     *problems,
      guint         *n_errors)
{
  Loader L = { 0 };
  DgDocument *doc = NULL;

  L.reader = reader;
  L.problems = problems;
  L.companies = g_ptr_array_new_with_free_func (unref_object);
  L.company_pos = g_array_new (FALSE, FALSE, sizeof (DgJsonPos));
  L.deals = g_ptr_array_new_with_free_func (unref_object);
  L.deal_refs = g_array_new (FALSE, FALSE, sizeof (DealRefs));
  L.company_ids = g_hash_table_new (g_str_hash, g_str_equal);
  L.deal_ids = g_hash_table_new (g_str_hash, g_str_equal);
  L.owned_ids = g_ptr_array_new_with_free_func (g_free);
  L.layout_extra = json_object_new ();
  L.positions = g_array_new (FALSE, FALSE, sizeof (PendingPosition));
  g_array_set_clear_func (L.positions, pending_position_clear);
  dg_json_reader_set_problem_func (reader, reader_problem_cb, &L);

  read_document (&L);

  if (L.fatal)
    {
      DgJsonPos pos;
      const char *message = dg_json_reader_get_error (reader, &pos);

      /* Not JSON: that alone is worth saying. */
      g_ptr_array_set_size (problems, 0);
      L.n_errors = 0;
      L.where = WHERE_TOP;
      L.where_id = NULL;
      add_problem (&L, DG_SEVERITY_ERROR, NULL, dg_json_reader_is_empty (reader) ? NULL : &pos,
                   g_strdup (message != NULL ? message : _("syntax error")));
    }
  else
    {
      if (!L.not_object)
        check_document (&L);
      if (L.format_problem != NULL)
        {
          g_ptr_array_set_size (problems, 0);
          g_ptr_array_add (problems, g_steal_pointer (&L.format_problem));
          L.n_errors = 1;
        }
      else if (L.n_errors == 0)
        doc = build_document (&L);
      g_ptr_array_sort (problems, compare_problems);
    }

  *n_errors = L.n_errors;
  g_clear_pointer (&L.format_problem, dg_problem_free);
  g_free (L.title);
  g_free (L.description);
  g_free (L.as_of);
  g_free (L.layout_algorithm);
  if (L.unknown != NULL)
    g_string_free (L.unknown, TRUE);
  if (L.layout_unknown != NULL)
    g_string_free (L.layout_unknown, TRUE);
  json_object_unref (L.layout_extra);
  g_hash_table_unref (L.company_ids);
  g_hash_table_unref (L.deal_ids);
  g_ptr_array_unref (L.owned_ids);
  g_ptr_array_unref (L.companies);
  g_array_unref (L.company_pos);
  g_ptr_array_unref (L.deals);
  g_array_unref (L.deal_refs);
  g_array_unref (L.positions);

  return doc;
}

static void
set_refused (GError **error,
             guint    n_errors)
{
  g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE,
               g_dngettext (GETTEXT_PACKAGE, "The file has %u error", "The file has %u errors", n_errors),
               n_errors);
}

static void
too_large (GPtrArray *problems)
{
  g_autofree char *size = g_format_size (dg_max_file_size ());
  DgProblem *problem = g_new0 (DgProblem, 1);

  problem->severity = DG_SEVERITY_ERROR;
  problem->message = g_strdup_printf (_("the file is larger than %s"), size);
  g_ptr_array_add (problems, problem);
}

/**
 * dg_document_load_from_data:
 * @data: (array length=length): the file's bytes
 * @problems: (out) (optional) (transfer full) (element-type DgProblem):
 *   every error and warning found, in file order
 *
 * Loads a document, or refuses it with every problem listed. A document is
 * returned only when no error was found; warnings do not refuse a file.
 *
 * Returns: (transfer full) (nullable): the document
 */
DgDocument *
dg_document_load_from_data (const char  *data,
                            gsize        length,
                            GPtrArray  **problems,
                            GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_problem_free);
  DgDocument *doc = NULL;
  guint n_errors = 1;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > dg_max_file_size ())
    too_large (list);
  else
    {
      DgJsonReader *reader = dg_json_reader_new (data, length);

      doc = load (reader, list, &n_errors);
      dg_json_reader_free (reader);
    }

  if (doc == NULL)
    set_refused (error, n_errors);
  if (problems != NULL)
    *problems = g_steal_pointer (&list);
  return doc;
}

/**
 * dg_document_load_from_file:
 * @cancellable: (nullable): stops the reading
 *
 * Like dg_document_load_from_data(), but reads the file as it goes (it is
 * never held whole), and refuses files over dg_max_file_size() before
 * reading them.
 *
 * Returns: (transfer full) (nullable): the document
 */
DgDocument *
dg_document_load_from_file (GFile       *file,
                            GPtrArray  **problems,
                            GError     **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GPtrArray) list = NULL;
  DgJsonReader *reader;
  DgDocument *doc;
  guint n_errors = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (problems != NULL)
    *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_problem_free);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("It is a folder, not a file"));
      return NULL;
    }
  if (g_file_info_get_size (info) > (goffset) dg_max_file_size ())
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (dg_max_file_size ());

      g_set_error (error, DG_ERROR, DG_ERROR_TOO_LARGE,
                   _("The file is too large (%s; the limit is %s)"), size, limit);
      return NULL;
    }

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_problem_free);
  reader = dg_json_reader_new_for_stream (G_INPUT_STREAM (stream), NULL);
  dg_json_reader_set_max_length (reader, dg_max_file_size ());
  doc = load (reader, list, &n_errors);
  if (doc == NULL && dg_json_reader_get_io_error (reader) != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, "%s", dg_json_reader_get_io_error (reader)->message);
      g_ptr_array_set_size (list, 0);
    }
  else if (doc == NULL)
    set_refused (error, n_errors);
  dg_json_reader_free (reader);

  if (problems != NULL)
    {
      g_ptr_array_unref (*problems);
      *problems = g_steal_pointer (&list);
    }
  return doc;
}

/**
 * dg_document_get_default_bytes:
 *
 * Returns: (transfer full): the embedded AI-deals dataset
 */
GBytes *
dg_document_get_default_bytes (void)
{
  return g_resource_lookup_data (dg_core_get_resource (), DEFAULT_DATASET,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/**
 * dg_document_load_default:
 *
 * Returns: (transfer full) (nullable): the embedded AI-deals dataset
 */
DgDocument *
dg_document_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
  gsize length;
  const char *data;

  if (bytes == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("The embedded dataset is missing"));
      return NULL;
    }

  data = g_bytes_get_data (bytes, &length);
  return dg_document_load_from_data (data, length, NULL, error);
}
