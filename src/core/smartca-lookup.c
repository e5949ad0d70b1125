/* smartca-lookup.c: asking SmartCA about certificates — add and refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are the same walk: ask SmartCA about one ID/Tax number after the
 * other, check every answer in full, and only then write them all in one
 * transaction. Any error or a cancellation before that point leaves the
 * store as it was.
 */

#include "config.h"

#include "smartca-lookup.h"

struct _SmartcaLookup
{
  GObject parent_instance;

  SmartcaContext *context;
  guint           n_running;
};

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaLookup, smartca_lookup, G_TYPE_OBJECT)

/* One add or refresh */
typedef struct
{
  gboolean       refresh; /* only update what is stored already */
  char         **ids;     /* the ID/Tax numbers to ask about */
  char          *serial;  /* add: only this certificate, or NULL */
  guint          next;    /* the next of @ids to ask about */
  SmartcaClient *client;
  GPtrArray     *fresh; /* every certificate SmartCA returned so far */
  guint          n_added;
  guint          n_updated;
} Request;

static void
request_free (Request *request)
{
  g_strfreev (request->ids);
  g_free (request->serial);
  g_clear_object (&request->client);
  g_clear_pointer (&request->fresh, g_ptr_array_unref);
  g_free (request);
}

static void
set_running (SmartcaLookup *self,
             int            delta)
{
  gboolean was_busy = self->n_running > 0;

  self->n_running += delta;
  if (was_busy != (self->n_running > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Every way out of a request goes through here, once. */
static void
request_return (GTask  *task,
                GError *error)
{
  set_running (g_task_get_source_object (task), -1);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void request_next (GTask *task);

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask)     task = user_data;
  Request             *request = g_task_get_task_data (task);
  g_autoptr(GError)    error = NULL;
  g_autoptr(GPtrArray) certificates = NULL;

  certificates = smartca_client_get_certificates_finish (SMARTCA_CLIENT (source), result, &error);
  if (certificates == NULL)
    {
      request_return (task, g_steal_pointer (&error));
      return;
    }

  g_ptr_array_extend_and_steal (request->fresh, g_steal_pointer (&certificates));
  request_next (task);
}

static void
write_answers (GTask *task)
{
  SmartcaLookup       *self = g_task_get_source_object (task);
  Request             *request = g_task_get_task_data (task);
  SmartcaStore        *store = smartca_context_get_store (self->context);
  g_autoptr(GPtrArray) known = NULL;
  GError              *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      set_running (self, -1);
      return;
    }

  if (!request->refresh)
    {
      smartca_store_upsert (store, request->fresh, &request->n_added, &request->n_updated, &error);
      request_return (task, error);
      return;
    }

  /* A certificate the user removed meanwhile is not brought back. */
  known = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < request->fresh->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (request->fresh, i);

      if (smartca_store_lookup (store, smartca_certificate_get_serial_number (certificate)))
        g_ptr_array_add (known, g_object_ref (certificate));
    }
  smartca_store_upsert (store, known, NULL, &request->n_updated, &error);
  request_return (task, error);
}

static void
request_next (GTask *task)
{
  Request    *request = g_task_get_task_data (task);
  const char *user_id = request->ids[request->next];

  if (user_id == NULL)
    {
      write_answers (task);
      return;
    }

  request->next++;
  smartca_client_get_certificates_async (request->client, user_id, request->serial,
                                         g_task_get_cancellable (task), fetched_cb,
                                         g_object_ref (task));
}

static void
client_prepared_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request         *request = g_task_get_task_data (task);
  GError          *error = NULL;

  request->client = smartca_context_prepare_client_finish (SMARTCA_CONTEXT (source), result,
                                                           &error);
  if (request->client == NULL)
    {
      request_return (task, error);
      return;
    }
  request_next (task);
}

static void
start (SmartcaLookup *self,
       GTask         *task,
       Request       *request)
{
  GError *error = NULL;

  request->fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  set_running (self, +1);

  if (!smartca_context_check_store (self->context, &error))
    {
      request_return (task, error);
      return;
    }
  smartca_context_prepare_client_async (self->context, g_task_get_cancellable (task),
                                        client_prepared_cb, g_object_ref (task));
}

/* GObject */

static void
smartca_lookup_dispose (GObject *object)
{
  SmartcaLookup *self = SMARTCA_LOOKUP (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (smartca_lookup_parent_class)->dispose (object);
}

static void
smartca_lookup_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SmartcaLookup *self = SMARTCA_LOOKUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->n_running > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_lookup_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SmartcaLookup *self = SMARTCA_LOOKUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_lookup_class_init (SmartcaLookupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = smartca_lookup_dispose;
  object_class->get_property = smartca_lookup_get_property;
  object_class->set_property = smartca_lookup_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SMARTCA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SmartcaLookup:busy:
   *
   * Whether an add or a refresh is under way.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
smartca_lookup_init (SmartcaLookup *self)
{
}

/* Public API */

SmartcaLookup *
smartca_lookup_new (SmartcaContext *context)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  return g_object_new (SMARTCA_TYPE_LOOKUP, "context", context, NULL);
}

SmartcaContext *
smartca_lookup_get_context (SmartcaLookup *self)
{
  g_return_val_if_fail (SMARTCA_IS_LOOKUP (self), NULL);
  return self->context;
}

gboolean
smartca_lookup_get_busy (SmartcaLookup *self)
{
  g_return_val_if_fail (SMARTCA_IS_LOOKUP (self), FALSE);
  return self->n_running > 0;
}

/**
 * smartca_lookup_add_async:
 * @user_id: a checked ID/Tax number (smartca_id_number_check())
 * @serial_number: (nullable): only this certificate (manual case 1); %NULL
 *   for every certificate of @user_id (case 2)
 *
 * Adds certificates from SmartCA, or updates the ones already stored.
 * Cancelled before the answer is written, nothing is changed.
 */
void
smartca_lookup_add_async (SmartcaLookup      *self,
                          const char         *user_id,
                          const char         *serial_number,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Request         *request;

  g_return_if_fail (SMARTCA_IS_LOOKUP (self));
  g_return_if_fail (user_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_lookup_add_async);

  request = g_new0 (Request, 1);
  request->ids = g_strdupv ((char *[]){ (char *) user_id, NULL });
  request->serial = serial_number != NULL && serial_number[0] != '\0' ? g_strdup (serial_number)
                                                                      : NULL;
  start (self, task, request);
}

gboolean
smartca_lookup_add_finish (SmartcaLookup *self,
                           GAsyncResult  *result,
                           guint         *n_added,
                           guint         *n_updated,
                           GError       **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  request = g_task_get_task_data (G_TASK (result));
  if (n_added != NULL)
    *n_added = request->n_added;
  if (n_updated != NULL)
    *n_updated = request->n_updated;
  return TRUE;
}

/**
 * smartca_lookup_refresh_async:
 *
 * Asks SmartCA again about every stored ID/Tax number and updates the
 * stored certificates' status and validity. Unless every answer is valid,
 * nothing is changed.
 */
void
smartca_lookup_refresh_async (SmartcaLookup      *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  SmartcaStore    *store;
  Request         *request;

  g_return_if_fail (SMARTCA_IS_LOOKUP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_lookup_refresh_async);

  request = g_new0 (Request, 1);
  request->refresh = TRUE;
  store = smartca_context_get_store (self->context);
  request->ids = store != NULL ? smartca_store_dup_lookup_ids (store) : g_new0 (char *, 1);
  start (self, task, request);
}

gboolean
smartca_lookup_refresh_finish (SmartcaLookup *self,
                               GAsyncResult  *result,
                               guint         *n_updated,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_updated != NULL)
    *n_updated = ((Request *) g_task_get_task_data (G_TASK (result)))->n_updated;
  return TRUE;
}
