/* smartca-deletion.c: deleting certificates, with Undo, from the store and
 * the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deletion is requested (the certificate is marked and hidden; if it was
 * the default, another one becomes the default in the same transaction),
 * then either undone or committed. Committing removes the row and lists
 * its serial number for the keyring in one transaction, then asks the
 * keyring to forget the certificate's business password and secret key,
 * and unlists it once that is done. So the store never waits for the
 * keyring: when the keyring cannot be reached (or the app must quit before
 * it answers), the row is gone all the same and the keyring entries are
 * cleared at the next start (smartca_deletion_complete_all_async()).
 */

#include "config.h"

#include "smartca-deletion.h"

struct _SmartcaDeletion
{
  GObject parent_instance;

  SmartcaContext *context;
};

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaDeletion, smartca_deletion, G_TYPE_OBJECT)

static const SmartcaSecretKind secret_kinds[] = {
  SMARTCA_SECRET_BUSINESS_PASSWORD,
  SMARTCA_SECRET_BUSINESS_KEY,
};

/* One commit: the store part is done when the job starts; the job clears
 * the keyring entries of @serials, one after the other. */
typedef struct
{
  char   **serials;
  guint    next_serial;
  guint    next_kind;
  gboolean keyring_cleared;
  GError  *store_error; /* complete_all: the first certificate that could not go */
} Job;

static void
job_free (Job *job)
{
  g_strfreev (job->serials);
  g_clear_error (&job->store_error);
  g_free (job);
}

static void
job_return (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  if (job->store_error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->store_error));
  else
    g_task_return_boolean (task, TRUE);
}

static void clear_next (GTask *task);

static void
secret_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  SmartcaDeletion  *self = g_task_get_source_object (task);
  Job              *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char       *serial = job->serials[job->next_serial];

  if (!smartca_vault_clear_finish (SMARTCA_VAULT (source), result, &error))
    {
      /* Unreachable (or the app is quitting): the rest stays listed for the
       * next start. Asking again for each would only wait as long again. */
      g_debug ("The keyring entries of %s are left for later: %s", serial, error->message);
      job->keyring_cleared = FALSE;
      job_return (task);
      return;
    }

  if (++job->next_kind == G_N_ELEMENTS (secret_kinds))
    {
      SmartcaStore *store = smartca_context_get_store (self->context);

      if (!smartca_store_forget_keyring_cleanup (store, serial, &error))
        g_debug ("%s stays on the keyring list: %s", serial, error->message);
      job->next_kind = 0;
      job->next_serial++;
    }
  clear_next (task);
}

static void
clear_next (GTask *task)
{
  SmartcaDeletion *self = g_task_get_source_object (task);
  Job             *job = g_task_get_task_data (task);

  if (job->serials[job->next_serial] == NULL)
    {
      job_return (task);
      return;
    }

  smartca_vault_clear_async (smartca_context_get_vault (self->context),
                             secret_kinds[job->next_kind], job->serials[job->next_serial],
                             g_task_get_cancellable (task), secret_cleared_cb,
                             g_object_ref (task));
}

static GTask *
job_new (SmartcaDeletion    *self,
         gpointer            source_tag,
         GCancellable       *cancellable,
         GAsyncReadyCallback callback,
         gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job   *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, source_tag);
  /* Cancelling stops the keyring part only: the store part is done, and
   * that is what the result says. */
  g_task_set_check_cancellable (task, FALSE);
  job->keyring_cleared = TRUE;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  return task;
}

static gboolean
job_finish (SmartcaDeletion *self,
            GAsyncResult    *result,
            gboolean        *keyring_cleared,
            GError         **error)
{
  Job *job = g_task_get_task_data (G_TASK (result));

  if (keyring_cleared != NULL)
    *keyring_cleared = job->keyring_cleared;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
smartca_deletion_dispose (GObject *object)
{
  SmartcaDeletion *self = SMARTCA_DELETION (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (smartca_deletion_parent_class)->dispose (object);
}

static void
smartca_deletion_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SmartcaDeletion *self = SMARTCA_DELETION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_deletion_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SmartcaDeletion *self = SMARTCA_DELETION (object);

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
smartca_deletion_class_init (SmartcaDeletionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = smartca_deletion_dispose;
  object_class->get_property = smartca_deletion_get_property;
  object_class->set_property = smartca_deletion_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SMARTCA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
smartca_deletion_init (SmartcaDeletion *self)
{
}

/* Public API */

SmartcaDeletion *
smartca_deletion_new (SmartcaContext *context)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  return g_object_new (SMARTCA_TYPE_DELETION, "context", context, NULL);
}

SmartcaContext *
smartca_deletion_get_context (SmartcaDeletion *self)
{
  g_return_val_if_fail (SMARTCA_IS_DELETION (self), NULL);
  return self->context;
}

/**
 * smartca_deletion_request:
 *
 * Starts deleting @certificate: it is marked (and views hide it) until
 * smartca_deletion_undo() or a commit. If it was the default, the best one
 * left becomes the default now, in the same transaction.
 */
gboolean
smartca_deletion_request (SmartcaDeletion    *self,
                          SmartcaCertificate *certificate,
                          GError            **error)
{
  g_return_val_if_fail (SMARTCA_IS_DELETION (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  if (!smartca_context_check_store (self->context, error))
    return FALSE;
  return smartca_store_begin_removal (smartca_context_get_store (self->context), certificate,
                                      error);
}

/**
 * smartca_deletion_undo:
 *
 * Gives @certificate back, and the default with it if it had it.
 */
gboolean
smartca_deletion_undo (SmartcaDeletion    *self,
                       SmartcaCertificate *certificate,
                       GError            **error)
{
  g_return_val_if_fail (SMARTCA_IS_DELETION (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  if (!smartca_context_check_store (self->context, error))
    return FALSE;
  return smartca_store_cancel_removal (smartca_context_get_store (self->context), certificate,
                                       error);
}

gboolean
smartca_deletion_is_pending (SmartcaDeletion    *self,
                             SmartcaCertificate *certificate)
{
  SmartcaStore *store;

  g_return_val_if_fail (SMARTCA_IS_DELETION (self), FALSE);

  store = smartca_context_get_store (self->context);
  return store != NULL && smartca_store_is_removal_pending (store, certificate);
}

/**
 * smartca_deletion_commit_async:
 *
 * Deletes @certificate for good: the store at once (the result is %FALSE
 * only when that failed, and then nothing changed), then its entries in
 * the keyring. @cancellable stops the keyring part only; what it did not
 * clear is cleared at the next start.
 */
void
smartca_deletion_commit_async (SmartcaDeletion    *self,
                               SmartcaCertificate *certificate,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *serial = NULL;
  GError          *error = NULL;
  Job             *job;

  g_return_if_fail (SMARTCA_IS_DELETION (self));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));

  task = job_new (self, smartca_deletion_commit_async, cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  /* The store may hold the last reference to @certificate. */
  serial = g_strdup (smartca_certificate_get_serial_number (certificate));

  if (!smartca_context_check_store (self->context, &error) ||
      !smartca_store_remove (smartca_context_get_store (self->context), certificate, &error))
    {
      job->keyring_cleared = FALSE;
      g_task_return_error (task, error);
      return;
    }

  job->serials = g_strdupv ((char *[]){ serial, NULL });
  clear_next (task);
}

/**
 * smartca_deletion_commit_finish:
 * @keyring_cleared: (out) (optional): whether the keyring forgot it too
 *   (when not, it is cleared at the next start)
 *
 * Returns: whether the certificate is gone from the store
 */
gboolean
smartca_deletion_commit_finish (SmartcaDeletion *self,
                                GAsyncResult    *result,
                                gboolean        *keyring_cleared,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return job_finish (self, result, keyring_cleared, error);
}

/**
 * smartca_deletion_complete_all_async:
 *
 * Commits every deletion still pending in the store — one a run left
 * behind, or all of them when the app quits — and clears the keyring
 * entries of every certificate deleted earlier that the keyring could not
 * forget then.
 */
void
smartca_deletion_complete_all_async (SmartcaDeletion    *self,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr(GTask)     task = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  SmartcaStore        *store;
  GError              *error = NULL;
  Job                 *job;

  g_return_if_fail (SMARTCA_IS_DELETION (self));

  task = job_new (self, smartca_deletion_complete_all_async, cancellable, callback, user_data);
  job = g_task_get_task_data (task);

  if (!smartca_context_check_store (self->context, &error))
    {
      job->keyring_cleared = FALSE;
      g_task_return_error (task, error);
      return;
    }

  store = smartca_context_get_store (self->context);
  pending = smartca_store_dup_pending_removals (store);
  for (guint i = 0; i < pending->len; i++)
    smartca_store_remove (store, g_ptr_array_index (pending, i),
                          job->store_error == NULL ? &job->store_error : NULL);

  job->serials = smartca_store_dup_keyring_cleanup (store);
  clear_next (task);
}

/**
 * smartca_deletion_complete_all_finish:
 * @keyring_cleared: (out) (optional): whether nothing is left for the keyring
 *
 * Returns: whether every pending deletion is done in the store
 */
gboolean
smartca_deletion_complete_all_finish (SmartcaDeletion *self,
                                      GAsyncResult    *result,
                                      gboolean        *keyring_cleared,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return job_finish (self, result, keyring_cleared, error);
}
